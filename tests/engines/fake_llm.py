"""A fake OpenAI-compatible chat-completions server on 127.0.0.1 that records each request and answers
from a script.

The default script reads the segments JSON that ends the last user message and answers every id
with the fake services' "translation" (Latin letters made Cyrillic, tokens kept), as
``{"translations": [...]}`` in the message content. A test replaces ``script`` with a function of
the request body returning ``(status, headers, content)``: content is the message content to wrap
in a chat completion (a str), or raw bytes to send as the whole body.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.engines.fake_services import fake_translate

Script = Callable[[dict[str, Any]], tuple[int, dict[str, str], "str | bytes"]]


def segments_of(body: dict[str, Any]) -> list[dict[str, str]]:
    """The segments a request asks for: the JSON object that ends its last user message."""
    content = [m for m in body["messages"] if m["role"] == "user"][-1]["content"]
    start = content.rindex('{"segments"')
    return list(json.loads(content[start:])["segments"])


def translations(body: dict[str, Any], translate: Callable[[str], str] = fake_translate) -> str:
    """The message content answering every segment of ``body`` with ``translate``."""
    return json.dumps({"translations": [{"id": s["id"], "text": translate(s["text"])} for s in segments_of(body)]},
                      ensure_ascii=False)


def answer(body: dict[str, Any]) -> tuple[int, dict[str, str], str | bytes]:
    return 200, {}, translations(body)


class FakeChat:
    """The server; use as a context manager. ``requests`` holds every request body and its headers."""

    def __init__(self, script: Script = answer, *, delay: float = 0.0) -> None:
        self.script = script
        self.delay = delay
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> FakeChat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length).decode("utf-8"))
                with server._lock:
                    server.requests.append(body)
                    server.headers.append(dict(self.headers.items()))
                if self.path.rstrip("/") != "/v1/chat/completions":
                    self._send(404, {}, b'{"error": "not found"}')
                    return
                if server.delay:
                    time.sleep(server.delay)
                status, headers, content = server.script(body)
                if isinstance(content, str):
                    data = json.dumps({"id": "x", "object": "chat.completion", "model": body.get("model"),
                                       "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                                                    "finish_reason": "stop"}],
                                       "usage": {"prompt_tokens": 100, "completion_tokens": 50}},
                                      ensure_ascii=False).encode("utf-8")
                else:
                    data = content
                self._send(status, headers, data)

            def _send(self, status: int, headers: dict[str, str], data: bytes) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

        return Handler
