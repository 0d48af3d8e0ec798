"""``transmgr serve`` against clients that never finish a request: they are cut off, others are served."""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.conftest import free_port, start_server

pytestmark = pytest.mark.slow


@pytest.fixture
def server(served: Path) -> Iterator[int]:
    port = free_port()
    process: subprocess.Popen[bytes] = start_server(served, port, {"TRANSMGR_SERVE_HEADER_TIMEOUT": "1"})  # type: ignore[assignment]
    try:
        yield port
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
        assert len(stderr) < 2000, stderr[-2000:]  # a flood of bad requests does not flood the log


def _get(port: int, path: str = "/") -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)


def test_half_sent_requests_are_cut_off_and_others_still_served(server: int) -> None:
    port = server
    stalled = []
    for _ in range(50):
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")  # and nothing more, ever
        stalled.append(sock)
    assert _get(port).startswith(b"HTTP/1.1 200")  # served meanwhile
    for sock in stalled:
        assert sock.recv(1024) == b""  # the server closed it once the header deadline passed
        sock.close()
    for _ in range(100):  # garbage, each answered 400 and not logged
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"\x16\x03\x01 not http at all\r\n\r\n")
            sock.recv(1024)
    assert _get(port, "/static/app.css").startswith(b"HTTP/1.1 200")
