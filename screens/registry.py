"""Which class draws each screen (data, not code). A screen's module is imported when the
screen is first shown, which keeps the terminal's start-up short."""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["SCREENS", "names", "build"]

SCREENS: dict[str, str] = {
    "attract": "screens.attract:AttractScreen",
    "home": "screens.home:HomeScreen",
    "pin": "screens.maintenance:PinScreen",
    "maintenance": "screens.maintenance:MaintenanceScreen",
    "out_of_service": "screens.maintenance:OutOfServiceScreen",
    "identify": "screens.identify:IdentifyScreen",
    "jobs": "screens.jobs:JobsScreen",
    "job_detail": "screens.job_detail:JobDetailScreen",
    "queue": "screens.queue:QueueScreen",
    "rating": "screens.rating:RatingScreen",
    "progress": "screens.progress:ProgressScreen",
    "quiz": "screens.quiz:QuizScreen",
    "registration": "screens.registration:RegistrationScreen",
    "difficulty": "screens.difficulty:DifficultyScreen",
    "events": "screens.events:EventsScreen",
}


def names() -> set[str]:
    return set(SCREENS)


def build(name: str) -> Any:
    module, cls = SCREENS[name].split(":")
    return getattr(importlib.import_module(module), cls)(name=name)
