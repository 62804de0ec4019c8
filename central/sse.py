"""A server-sent event response over one subscription to a hub (central.services.board):
however the stream ends (the reader gone, the server stopping, a login ended, or never
started), the subscription ends with it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi.responses import StreamingResponse

from central.services.board import BoardHub

__all__ = ["HubStream", "STREAM_RESPONSES"]

STREAM_RESPONSES = {200: {"content": {"text/event-stream": {}}, "description": "events"},
                    503: {"description": "too many streams open"}}


class HubStream(StreamingResponse):
    """``hub``'s events for ``queue`` (subscribed to ``hall_id``), ended by ``alive``."""

    def __init__(self, hub: BoardHub, hall_id: int, queue,
                 alive: Callable[[], Awaitable[bool]] | None = None):
        super().__init__(hub.events(queue, alive), media_type="text/event-stream",
                         headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
        self.hub, self.hall_id, self.queue = hub, hall_id, queue

    async def __call__(self, scope, receive, send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self.hub.unsubscribe(self.hall_id, self.queue)
