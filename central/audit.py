"""The audit log of staff actions: one line per change, written in the same transaction."""

from __future__ import annotations

from sqlalchemy.orm import Session

from central.models.fleet import AuditEntry

__all__ = ["audit"]


def audit(db: Session, user, action: str, target: str = "", detail: str = "") -> None:
    """Add an entry; the caller's commit stores it with the change itself."""
    db.add(AuditEntry(staff_id=getattr(user, "id", None), action=action[:40], target=target[:80],
                      detail=detail[:500]))
