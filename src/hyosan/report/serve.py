"""Serving the dashboard: uvicorn's h11 protocol with a deadline for receiving a request.

uvicorn times a connection out only between requests (``timeout_keep_alive``), and resets even
that on every byte received, so a client that sends half a request, or one byte at a time,
holds a connection open for ever. Here each request (its line, headers and body) must arrive
whole within REQUEST_SECONDS of its first byte (of the connection, for the first request);
otherwise the connection is closed. Responses, however long, are not limited.
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

REQUEST_SECONDS = 10.0
"""Longest a request may take to arrive: a dashboard's requests are small and local."""


class RequestDeadline(H11Protocol):
    """h11 that closes a connection whose request has not arrived whole in time."""

    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self._deadline is None and self.conn.their_state is h11.IDLE:
            self._arm()  # the first byte of the next request on a kept-alive connection
        super().data_received(data)
        if self.conn.their_state in (h11.DONE, h11.MUST_CLOSE, h11.CLOSED):
            self._disarm()  # the request has arrived whole

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(REQUEST_SECONDS, self._expire)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()


def serve(application: Any, host: str, sock: socket.socket) -> None:
    """Run the dashboard ``application`` with uvicorn on ``sock`` (already bound to ``host``,
    so the port printed before is the one served) until interrupted."""
    import uvicorn

    port = int(sock.getsockname()[1])
    config = uvicorn.Config(
        application, host=host, port=port, log_level="warning", http=RequestDeadline
    )
    uvicorn.Server(config).run(sockets=[sock])
