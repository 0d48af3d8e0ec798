"""Running the review app with uvicorn, with the limits a server facing the internet needs.

uvicorn times out an idle connection only after its first response: a client that opens
connections and sends half a request keeps them forever, and a thousand of them exhaust the
process's files. Here a connection must deliver its request line and headers within
``HEADER_TIMEOUT`` seconds (:class:`GuardedH11Protocol`), a request body must arrive within
``BODY_TIMEOUT`` (:class:`~transmgr.web.app.BodyTimeout`), headers are at most 16 KiB, at most
``MAX_CONNECTIONS`` connections are served at once (more are answered 503), and malformed requests
are not logged one line each (uvicorn logs them as warnings: a flood of them filled 76 MB in 30 s).
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

# Seconds for a connection's request line and headers (TRANSMGR_SERVE_HEADER_TIMEOUT: for the tests).
HEADER_TIMEOUT = float(os.environ.get("TRANSMGR_SERVE_HEADER_TIMEOUT", "10"))
KEEP_ALIVE = 5  # seconds an idle connection is kept between requests
MAX_CONNECTIONS = 200  # served at once; more are answered 503 (a reverse proxy in front queues them)
MAX_HEADERS = 16 * 1024  # bytes of request line and headers


class GuardedH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a deadline for the first request's headers, as for later ones."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._answered: object = None  # the request last answered: the next one is due within the deadline
        self._headers_due: asyncio.TimerHandle | None = self.loop.call_later(HEADER_TIMEOUT, self._headers_late)

    def handle_events(self) -> None:
        super().handle_events()
        if self._headers_due is not None and self.cycle is not None and self.cycle is not self._answered:
            self._headers_due.cancel()  # a request arrived whole
            self._headers_due = None

    def on_response_complete(self) -> None:
        self._answered = self.cycle
        super().on_response_complete()
        if self._headers_due is None and not self.transport.is_closing():
            self._headers_due = self.loop.call_later(HEADER_TIMEOUT, self._headers_late)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._headers_due is not None:
            self._headers_due.cancel()
            self._headers_due = None
        super().connection_lost(exc)

    def _headers_late(self) -> None:
        self._headers_due = None
        if (self.cycle is None or self.cycle is self._answered) and not self.transport.is_closing():
            self.transport.close()


def server_options() -> dict[str, Any]:
    """uvicorn's options for ``transmgr serve`` (also what the deployment notes state)."""
    return {"http": GuardedH11Protocol, "timeout_keep_alive": KEEP_ALIVE, "limit_concurrency": MAX_CONNECTIONS,
            "h11_max_incomplete_event_size": MAX_HEADERS, "log_level": "error", "proxy_headers": True,
            "server_header": False, "timeout_graceful_shutdown": 5}


def run(app: Any, host: str, port: int) -> None:
    """Serve ``app`` on ``host``:``port`` until interrupted."""
    import uvicorn

    uvicorn.run(app, host=host, port=port, **server_options())
