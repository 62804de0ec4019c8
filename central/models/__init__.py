"""All models; importing this package registers every table on ``Base.metadata``.

A new area adds its module to ``MODULES``: one line.
"""

from __future__ import annotations

import importlib

from central.models.base import Base, Sequence, UTCDateTime, current_value, next_value, utcnow
from central.models.hall import Counter, Hall, Service
from central.models.jobs import Job, Occupation
from central.models.kiosk import Kiosk, KioskEvent
from central.models.staff import ROLES, StaffRole, StaffToken, StaffUser

MODULES: list[str] = ["central.models.queue", "central.models.fleet", "central.models.quiz",
                     "central.models.config", "central.models.health", "central.models.identity",
                     "central.models.release", "central.models.casework",
                     "central.models.help",
                     "central.models.events"]  # further areas: one line each
for _name in MODULES:
    importlib.import_module(_name)

__all__ = ["Base", "Sequence", "UTCDateTime", "current_value", "next_value", "utcnow",
           "Counter", "Hall", "Service", "Job", "Occupation", "Kiosk", "KioskEvent",
           "ROLES", "StaffRole", "StaffToken", "StaffUser"]
