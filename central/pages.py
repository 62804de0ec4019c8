"""Server-rendered pages: one way to render a template, with the console's CSRF token."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from central.deps import bearer_token, csrf_token
from central.services import access

__all__ = ["render"]


def render(request: Request, name: str, **context) -> HTMLResponse:
    """``name`` rendered with ``context``; a logged-in page also gets ``csrf``, which its
    scripts send back with every write (deps.get_staff checks it)."""
    token = bearer_token(request)
    if context.get("user") is not None:
        context["roles"] = access.describe(context["user"])
    if token and "user" in context:
        context["csrf"] = csrf_token(request.app.state.settings.security.secret_key, token)
    return request.app.state.templates.TemplateResponse(request, name, context)
