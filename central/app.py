"""The FastAPI app factory: settings, database, routers, templates, request limits."""

from __future__ import annotations

import importlib
import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.templating import Jinja2Templates

from central import __version__
from central.db import Database
from central.routers import ROUTERS
from central.security import RateLimiter
from central.settings import CentralSettings, load_central_settings

__all__ = ["create_app"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
log = logging.getLogger(__name__)


def create_app(settings: CentralSettings | None = None, db: Database | None = None) -> FastAPI:
    """Build the service; the schema must already be migrated (``central migrate``)."""
    settings = settings or load_central_settings()
    app = FastAPI(title="Hall kiosk central service", version=__version__)
    app.state.settings = settings
    app.state.db = db or Database(settings.database.url, settings.database.echo,
                                  settings.database.pool_size)
    app.state.templates = Jinja2Templates(directory=str(TEMPLATES))
    app.state.login_limiter = RateLimiter(settings.security.login_attempts_per_minute)
    limit = settings.server.max_body_bytes

    @app.middleware("http")
    async def limit_body(request: Request, call_next):
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            return JSONResponse({"detail": "request body too large"}, status_code=413)
        return await call_next(request)

    for name in ROUTERS:
        app.include_router(importlib.import_module(name).router)
    return app
