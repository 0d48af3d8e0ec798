"""HTTP for deep-translator's clients: a timeout on every request, pooled connections, what happened.

deep-translator calls ``requests.get``/``requests.post`` at module level with no timeout, so a
stalled connection hangs for ever, and its exceptions hide the HTTP status. Each adapter module
hands its deep-translator module to :func:`install_transport`, which replaces that module's
``requests`` name by a :class:`Transport`. Inside :func:`bound_call` (set per thread by the engine
runner) every request gets the engine's timeout, goes through a per-thread pooled session, and its
status, ``Retry-After`` and network error are recorded for the runner to classify. Outside it the
transport behaves exactly like ``requests``, so other users of deep-translator see no change.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import requests


@dataclass
class CallRecord:
    """What the requests of one engine call did (set in the calling thread only)."""

    timeout: float
    session: requests.Session
    status: int | None = None
    retry_after: float | None = None
    error: BaseException | None = None
    requests: int = 0


_local = threading.local()


def current_call() -> CallRecord | None:
    """The call bound to this thread, if any."""
    return getattr(_local, "call", None)


@contextlib.contextmanager
def bound_call(timeout: float, session: requests.Session) -> Iterator[CallRecord]:
    """Bind a :class:`CallRecord` to this thread for the requests made inside the block."""
    record = CallRecord(timeout=timeout, session=session)
    previous = current_call()
    _local.call = record
    try:
        yield record
    finally:
        _local.call = previous


def new_session() -> requests.Session:
    """A session with keep-alive connections (deep-translator opens a new connection per request)."""
    import requests  # imported when a run first needs HTTP: other commands start faster without it

    return requests.Session()


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: the runner's own backoff applies


class Transport:
    """Stands in for the ``requests`` module inside one deep-translator module."""

    def __init__(self, real: ModuleType) -> None:
        self._real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", url, **kwargs)

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        call = current_call()
        if call is None:
            return self._real.request(method, url, **kwargs)
        kwargs["timeout"] = call.timeout
        call.requests += 1
        call.status = None
        call.retry_after = None
        try:
            response = call.session.request(method, url, **kwargs)
        except self._real.RequestException as exc:
            call.error = exc
            raise
        call.error = None
        call.status = response.status_code
        call.retry_after = _retry_after(response.headers.get("Retry-After"))
        return response


def install_transport(module: ModuleType) -> None:
    """Route the HTTP requests of a deep-translator module through a :class:`Transport`."""
    import requests

    if not isinstance(getattr(module, "requests", None), Transport):
        module.requests = Transport(requests)  # type: ignore[attr-defined]
