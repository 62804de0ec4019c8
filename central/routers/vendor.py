"""Browser libraries from npm packages (central.vendor), as static files."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse

from central import vendor

__all__ = ["router"]

router = APIRouter(tags=["static"])


@router.get("/static/vendor/{name}", include_in_schema=False)
def vendor_file(name: str, request: Request) -> FileResponse:
    """One installed library file; 404 when it is not installed."""
    path = vendor.path_of(request.app.state.settings.server.npm_dir, name)
    if path is None:
        raise HTTPException(404, "not installed")
    return FileResponse(path, media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})
