"""Request body size limit as a plain ASGI middleware.

A declared Content-Length over the limit is answered 413 before a byte of the
body is read; a body without one (chunked) is counted as it streams and cut off
with 413 as soon as it passes the limit, so nothing larger is ever buffered.
"""

from __future__ import annotations

from fastapi import HTTPException
from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodyLimit"]


class BodyTooLarge(HTTPException):
    """Raised from ``receive``; FastAPI lets an HTTPException from body reading through."""

    def __init__(self) -> None:
        super().__init__(413, "request body too large")


class BodyLimit:
    """Answer 413 to request bodies larger than ``max_bytes`` (``larger``: path -> its own
    limit, for the one route that takes files, the release upload)."""

    def __init__(self, app: ASGIApp, max_bytes: int, larger: dict[str, int] | None = None):
        self.app, self.max_bytes, self.larger = app, max_bytes, larger or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes = self.larger.get(scope.get("path", ""), self.max_bytes)
        length = Headers(scope=scope).get("content-length")
        if length is not None and (not length.isdigit() or int(length) > max_bytes):
            await _too_large(scope, receive, send)
            return
        received, started = 0, False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > max_bytes:
                raise BodyTooLarge()
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except BodyTooLarge:
            if started:
                raise
            await _too_large(scope, receive, send)


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    response = JSONResponse({"detail": "request body too large"}, status_code=413,
                            headers={"Connection": "close"})
    await response(scope, receive, send)
