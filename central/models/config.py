"""Remote configuration: overrides for the whole fleet, a hall or one terminal, each change a
new row (who, when, what), so the history is the table itself."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from central.models.base import Base, UTCDateTime, utcnow

__all__ = ["CONFIG_SCOPES", "ConfigLayer"]

CONFIG_SCOPES = ("fleet", "hall", "kiosk")


class ConfigLayer(Base):
    __tablename__ = "config_layers"
    __table_args__ = (Index("ix_config_layers_scope", "scope", "scope_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(8))        # fleet | hall | kiosk
    scope_id: Mapped[int] = mapped_column(Integer, default=0)  # 0 for the fleet
    version: Mapped[int] = mapped_column(Integer, unique=True)  # fleet-wide, only grows
    values: Mapped[dict] = mapped_column(JSON, default=dict)   # flat dotted keys -> values
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
