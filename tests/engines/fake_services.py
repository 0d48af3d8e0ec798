"""Local HTTP servers on 127.0.0.1 speaking the protocols of the services deep-translator calls.

One :class:`FakeService` answers every protocol under its own path prefix (``/google/m``,
``/libre/translate``, ``/mymemory/get``, ``/deepl/v2/translate``, ``/microsoft/translate``,
``/yandex/api/v1.5/tr.json/translate``), plus Google's ``/m`` and LibreTranslate's ``/translate``
at the root. Its mode can be changed while it runs:

ok       translate (see :func:`fake_translate`)      echo     answer the input unchanged
slow     answer after one second                     hang     never answer (until stopped)
429      too many requests (with Retry-After: 0)     500      server error
403      refuse the key                              garbage  an answer that does not parse
empty    an empty translation                        spaced   translate, with spaces around tokens

``failures = N`` applies the mode to the next N requests only, then answers normally.
"""

from __future__ import annotations

import html
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Protocol:
    """What a fake of one service needs: where a request carries the key, how an error looks, and the
    answer around a translation (adding an engine adds one entry to :data:`PROTOCOLS`)."""

    answer: Callable[[str, dict[str, str]], Any]  # (translation, request parameters) -> the JSON answer
    key_param: str = ""  # the request parameter holding the key
    key_header: str = ""  # or the header holding it
    json_errors: bool = False  # errors as JSON (else an HTML page)
    html: bool = False  # the answer is a web page (Google's mobile page)


PROTOCOLS: dict[str, Protocol] = {
    "google": Protocol(lambda out, params: out, html=True),
    "mymemory": Protocol(lambda out, params: {"responseData": {"translatedText": out},
                                              "matches": [{"translation": out}]}),
    "libre": Protocol(lambda out, params: {"translatedText": out}, key_param="api_key"),
    "deepl": Protocol(lambda out, params: {"translations": [{"text": out}]}, key_param="auth_key"),
    "microsoft": Protocol(lambda out, params: [{"translations": [{"text": out, "to": params.get("to", "")}]}],
                          key_header="Ocp-Apim-Subscription-Key", json_errors=True),
    "yandex": Protocol(lambda out, params: {"code": 200, "lang": params.get("lang", ""), "text": [out]},
                       key_param="key", json_errors=True),
}
_LATIN = "abcdefghijklmnopqrstuvwyz"
_CYRILLIC = "абцдефгхіжклмнопкрстувшыз"
_TO_CYRILLIC = str.maketrans(_LATIN, _CYRILLIC)
_RU_TO_BE = str.maketrans({"и": "і", "о": "а", "щ": "шч"})


def fake_translate(text: str) -> str:
    """The fake services' "translation": what real engines do to text, made deterministic.

    Lowercase Latin letters become Cyrillic ones (uppercase letters and ``[X0X]`` tokens stay),
    Russian и, о, щ become Belarusian-looking і, а, шч (so that a pivot visibly changes the text);
    digit groups are reformatted ("60,000" -> "60 000"); a space is put into ``](`` and after
    ``*``, as engines damage Markdown that is sent to them unprotected.
    """
    text = text.translate(_RU_TO_BE).translate(_TO_CYRILLIC)
    text = re.sub(r"(\d),(\d{3})", r"\1 \2", text)
    return text.replace("](", "] (").replace("*", "* ")


@dataclass
class Seen:
    """One request the service received."""

    protocol: str
    path: str
    params: dict[str, str]
    headers: dict[str, str] = field(default_factory=dict)


class FakeService:
    """A threaded HTTP server on a free 127.0.0.1 port; use as a context manager."""

    def __init__(self, mode: str = "ok", *, delay: float = 0.0, key: str | None = None) -> None:
        self.mode = mode
        self.delay = delay
        self.key = key
        self.failures: int | None = None
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def root(self, protocol: str) -> str:
        """The service root to configure as ``url`` of an engine speaking ``protocol``."""
        return f"{self.url}/{protocol}/"

    def set(self, mode: str, *, failures: int | None = None, delay: float | None = None) -> None:
        with self._lock:
            self.mode = mode
            self.failures = failures
            if delay is not None:
                self.delay = delay

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.seen)

    def start(self) -> FakeService:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeService:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- request handling ---------------------------------------------------------------------

    def _mode_for_request(self) -> str:
        with self._lock:
            if self.failures is None:
                return self.mode
            if self.failures > 0:
                self.failures -= 1
                return self.mode
            return "ok"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # One write per answer and no Nagle delay: otherwise headers and body leave in two
            # packets and a keep-alive client waits ~40 ms for a delayed ACK on every request.
            wbufsize = 1 << 16
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                service._answer(self, b"")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                service._answer(self, self.rfile.read(length) if length else b"")

        return Handler

    def _answer(self, handler: BaseHTTPRequestHandler, body: bytes) -> None:
        parts = urlsplit(handler.path)
        params = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        content_type = handler.headers.get("Content-Type", "")
        if body and "json" in content_type:
            payload = json.loads(body)
            if isinstance(payload, list) and payload:
                params["text"] = payload[0].get("text", "")
        elif body:
            params.update({k: v[-1] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()})
        segments = [s for s in parts.path.split("/") if s]
        protocol = segments[0] if segments and segments[0] in PROTOCOLS else (
            "google" if parts.path == "/m" else "libre")
        with self._lock:
            self.seen.append(Seen(protocol, parts.path, params, dict(handler.headers.items())))
        mode = self._mode_for_request()
        if self.delay:
            time.sleep(self.delay)
        if mode == "hang":
            self._stopping.wait(60)
            return
        if mode == "slow":
            time.sleep(1.0)
        if self.key is not None and self._key_of(protocol, params, handler) != self.key:
            mode = "403"
        status, reply, kind = self._reply(protocol, params, mode)
        data = reply.encode("utf-8")
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", kind)
            handler.send_header("Content-Length", str(len(data)))
            if status == 429:
                handler.send_header("Retry-After", "0")
            handler.end_headers()
            handler.wfile.write(data)
        except OSError:
            pass  # the client gave up (a timeout test)

    @staticmethod
    def _key_of(protocol: str, params: dict[str, str], handler: BaseHTTPRequestHandler) -> str | None:
        found = PROTOCOLS[protocol]
        return handler.headers.get(found.key_header) if found.key_header else params.get(found.key_param)

    @staticmethod
    def _reply(protocol: str, params: dict[str, str], mode: str) -> tuple[int, str, str]:
        text = params.get("q", params.get("text", ""))
        found = PROTOCOLS[protocol]
        if mode in ("429", "500", "403"):
            status = int(mode)
            if found.json_errors:
                return status, json.dumps({"code": status, "error": {"code": status}, "message": "no"}), "application/json"
            return status, "<html>error</html>", "text/html"
        if mode == "garbage":
            return 200, "<html><body>Our systems have detected unusual traffic{", "text/html"
        out = {"echo": text, "empty": ""}.get(mode, fake_translate(text))
        if mode == "spaced":
            out = re.sub(r"\[X(\d+)X\]", r" [X\1X] ", out)
        if found.html:
            page = f'<html><body><div class="result-container">{html.escape(out)}</div></body></html>'
            return 200, page, "text/html; charset=utf-8"
        return 200, json.dumps(found.answer(out, params), ensure_ascii=False), "application/json"
