"""Server-rendered pages: one way to render a template, with the console's CSRF token."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from central.deps import bearer_token, csrf_token
from central.i18n import ROLE_LABELS, catalogue, language_of
from central.services import access, staff

__all__ = ["render"]


def render(request: Request, name: str, **context) -> HTMLResponse:
    """``name`` rendered with ``context``, in the staff member's language (``_`` translates,
    ``lang`` names it); a logged-in page also gets ``csrf``, which its scripts send back
    with every write (deps.get_staff checks it)."""
    token = bearer_token(request)
    language = language_of(request)
    context.setdefault("_", catalogue(language).gettext)
    context.setdefault("lang", language)
    if context.get("user") is not None:
        # the supervisor's and the back office's entries of the navigation bar are for those
        # who manage a hall
        context["manages"] = access.halls(context["user"], "hall_manager") != frozenset()
        # the Halls page is for admins (city-wide)
        context["is_admin_nav"] = access.top_role(context["user"]) == "admin"
        context["roles"] = [(ROLE_LABELS.get(role, role), hall) for role, hall in
                            staff.roles_in_words(context["user"], language.startswith("en"))]
    if token and "user" in context:
        context["csrf"] = csrf_token(request.app.state.settings.security.secret_key, token)
    return request.app.state.templates.TemplateResponse(request, name, context)
