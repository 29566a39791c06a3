"""uvicorn's httptools protocol with a request-head timeout, which uvicorn itself lacks.

uvicorn arms its keep-alive timer only after a response, so a connection that opens and never
sends a request (or sends half a head and stalls) is held forever: slowloris. Here a timer runs
from the moment a connection opens, and again from the first byte of each later request, until
the head is complete; when it fires the connection is closed (with a 408 if a request had
begun). uvicorn's `http=` takes this class.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from core.settings import get_settings

TIMEOUT_BODY = json.dumps(
    {
        "detail": [
            {
                "loc": ["headers"],
                "msg": "the request head did not arrive in time",
                "type": "header_timeout",
            }
        ]
    }
).encode()
TIMEOUT_RESPONSE = (
    b"HTTP/1.1 408 Request Timeout\r\n"
    b"content-type: application/json\r\n"
    b"content-length: " + str(len(TIMEOUT_BODY)).encode() + b"\r\n"
    b"connection: close\r\n\r\n" + TIMEOUT_BODY
)


class HeadTimeoutProtocol(HttpToolsProtocol):
    """Close a connection whose request head is not complete within header_timeout_s."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.header_timeout_s = get_settings().header_timeout_s
        self.head_timer: asyncio.TimerHandle | None = None
        self.head_begun = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Start the clock for the first request's head as the connection opens."""
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        """Stop the clock with the connection."""
        self._disarm()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        """Start the clock at a later request's first byte (the first one's runs already)."""
        super().on_message_begin()
        self.head_begun = True
        if self.head_timer is None:
            self._arm()

    def on_headers_complete(self) -> None:
        """The head is in: stop the clock (the body has its own timeout in the app)."""
        self._disarm()
        self.head_begun = False
        super().on_headers_complete()

    def _arm(self) -> None:
        self.head_timer = self.loop.call_later(self.header_timeout_s, self._timed_out)

    def _disarm(self) -> None:
        if self.head_timer is not None:
            self.head_timer.cancel()
            self.head_timer = None

    def _timed_out(self) -> None:
        """Close the stalled connection; a response in flight finishes first, then it closes."""
        self.head_timer = None
        if self.transport.is_closing():
            return
        if self.cycle is not None and not self.cycle.response_complete:
            # A pipelined head stalled while the previous request is being answered.
            self.cycle.keep_alive = False
            return
        if self.head_begun:
            self.transport.write(TIMEOUT_RESPONSE)
        self.transport.close()
