"""One router module per resource; ``ROUTERS`` lists them for the app factory (one line each)."""

__all__ = ["ROUTERS"]

ROUTERS = [
    "central.routers.health",
    "central.routers.auth",
    "central.routers.kiosk_api",
    "central.routers.jobs",
    "central.routers.postings",
    "central.routers.services",
    "central.routers.public",
    "central.routers.tickets",
    "central.routers.console",
    "central.routers.fleet",
    "central.routers.announcements",
    "central.routers.progress",
    "central.routers.reports",
    "central.routers.report_pages",
    "central.routers.quiz",
    "central.routers.config",
    "central.routers.terminals",
    "central.routers.releases",
    "central.routers.catalogue",
    "central.routers.counters",
    "central.routers.staff",
    "central.routers.supervisor",
    "central.routers.casework_kiosk",
    "central.routers.casework",
    "central.routers.casework_pages",
    "central.routers.hall_events_kiosk",
    "central.routers.hall_events",
    "central.routers.hall_event_pages",
]
