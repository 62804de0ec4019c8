"""The FastAPI app factory: settings, database, routers, templates, request limits."""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from central import __version__
from central.db import Database
from central.limits import BodyLimit
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
    app.state.db_admission = asyncio.Semaphore(app.state.db.connections)   # see deps.get_db
    app.state.templates = Jinja2Templates(directory=str(TEMPLATES))
    app.state.login_limiter = RateLimiter(settings.security.login_attempts_per_minute)
    app.add_middleware(BodyLimit, max_bytes=settings.server.max_body_bytes,
                       larger={"/api/releases": settings.releases.max_wheel_bytes})
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    for name in ROUTERS:
        app.include_router(importlib.import_module(name).router)
    return app


async def _http_error(request: Request, exc: HTTPException):
    """A 422 raised by hand keeps the documented shape (HTTPValidationError): a list of errors."""
    if exc.status_code == 422 and isinstance(exc.detail, str):
        return JSONResponse({"detail": [{"type": "value_error", "loc": [], "msg": exc.detail}]},
                            status_code=422, headers=exc.headers)
    return await http_exception_handler(request, exc)


async def _invalid_request(request: Request, exc: RequestValidationError) -> Response:
    """FastAPI's 422 without echoing the input: it may hold ID numbers, NaN or lone surrogates
    (which no JSON encoder of ours writes), and ASCII-escaped for surrogates in field names."""
    errors = [{k: v for k, v in e.items() if k != "input"} for e in jsonable_encoder(exc.errors())]
    return Response(json.dumps({"detail": errors}, ensure_ascii=True), status_code=422,
                    media_type="application/json")
