"""The audit log of staff actions: one line per change, written in the same transaction.
A change that can weaken a terminal or the service is marked as a security change."""

from __future__ import annotations

from sqlalchemy.orm import Session

from central.models.fleet import AuditEntry

__all__ = ["audit"]


def audit(db: Session, user, action: str, target: str = "", detail: str = "",
          security: bool = False) -> None:
    """Add an entry; the caller's commit stores it with the change itself."""
    db.add(AuditEntry(staff_id=getattr(user, "id", None), action=action[:40], target=target[:80],
                      detail=detail[:500], security=security))
