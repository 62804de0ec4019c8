"""The FastAPI app factory: settings, database, routers, templates, static files, request
limits, and how a service's refusal or a missing console login is answered."""

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
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware

from central import __version__
from central.db import Database
from central.deps import LoginRequired
from central.limits import BodyLimit
from central.routers import ROUTERS
from central.schemas.jobs import MAX_UPLOAD_BYTES
from central.services.board import BoardHub, hall_calls
from central.services.supervisor import hall_views
from central.services.errors import ServiceError
from central.settings import CentralSettings, load_central_settings

__all__ = ["create_app"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"   # the console's scripts and styles
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
    app.state.board = BoardHub(hall_calls(app.state.db), settings.server.max_board_streams)
    # supervisors are few: the board's cap bounds their streams too, in a hub of their own
    app.state.supervisor = BoardHub(hall_views(app.state.db), settings.server.max_board_streams,
                                    event="hall")
    app.add_middleware(BodyLimit, max_bytes=settings.server.max_body_bytes,
                       larger={"/api/releases": settings.releases.max_wheel_bytes,
                               "/api/postings/import": MAX_UPLOAD_BYTES})
    # The job feed is about 1 KB a posting as JSON and 0.1 KB gzipped (bench/feed.py): a
    # terminal's first sync of 100,000 postings is 10 MB instead of 100. Level 6 compresses a
    # 500-posting page in 9 ms, level 9 takes twice that for 5 % less. HTML stays as it is:
    # console pages hold a CSRF token next to text others can put there (BREACH); event
    # streams are excluded by Starlette, so live updates are not held back in a buffer.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6,
                       exclude_content_types=(*DEFAULT_EXCLUDED_CONTENT_TYPES, "text/html"))
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(ServiceError, _refused)
    app.add_exception_handler(LoginRequired, _to_login)
    for name in ROUTERS:
        app.include_router(importlib.import_module(name).router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    return app


async def _refused(request: Request, exc: ServiceError):
    """A service's refusal as the HTTP answer its status says (a 401 names the scheme)."""
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return await _http_error(request, HTTPException(exc.status, str(exc), headers=headers))


async def _to_login(request: Request, exc: LoginRequired) -> Response:
    """A console page without a login: to the login form (with a one-time password: to the
    page where the person sets their own)."""
    return RedirectResponse(exc.target, status_code=303)


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
