"""Benchmark: requests per second of the browser review app (``transmgr serve``) on this machine.

What it does: serves a copy of this repository's project (the essay, four catalogs) with
``transmgr serve`` (uvicorn, one process), signs in ``--clients`` reviewers with login links, then
for ``--seconds`` each: (1) every client opens segment pages of the Belarusian catalog in a loop
(the segment view: reading the catalog, the other languages, the checks, rendering); (2) every
client accepts segments in a loop (each accept: the form's digest checked, the PO file rewritten
atomically under the project lock). It reports requests per second and the median latency.
There is no peer here: Weblate, the tool reviewers would otherwise use, needs PostgreSQL, Redis
and Celery, which this machine does not run.

Run: ``python bench/serve.py [--clients 8] [--seconds 5]``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the server helpers live with the tests

from tests.web.conftest import free_port, invite, start_server  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "essay"
        shutil.copytree(ROOT / "source", root / "source")
        shutil.copytree(ROOT / "locales", root / "locales")
        names = [f"Bench Reviewer {n}" for n in range(args.clients)]
        reviewers = "".join(f'"{name}" = ["be"]\n' for name in names)
        (root / "transmgr.toml").write_text('source_language = "en"\nlanguages = ["be", "uk", "ru", "en"]\n'
                                            f"[serve.reviewers]\n{reviewers}", encoding="utf-8")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        links = [invite(root, port, name) for name in names]
        server = start_server(root, port)
        try:
            clients = [httpx.Client(base_url=base, timeout=60) for _ in names]
            for client, link in zip(clients, links):
                client.get(link.replace(base, ""))
            for phase in ("segment view", "accept"):
                latencies: list[float] = []
                lock = threading.Lock()
                deadline = time.monotonic() + args.seconds

                def work(client: httpx.Client, offset: int, phase: str = phase, deadline: float = deadline,
                         lock: threading.Lock = lock, latencies: list[float] = latencies) -> None:
                    n = offset
                    while time.monotonic() < deadline:
                        number = 2 + n % 39
                        n += 1
                        if phase == "segment view":
                            started = time.perf_counter()
                            response = client.get(f"/l/be/s/{number}/deeply-concerned")
                        else:
                            page = client.get(f"/l/be/s/{number}/deeply-concerned").text
                            data = {"csrf": re.search(r'name="csrf" value="([^"]*)"', page).group(1),  # type: ignore[union-attr]
                                    "seen": re.search(r'name="seen" value="([^"]*)"', page).group(1),  # type: ignore[union-attr]
                                    "action": "accept", "state": "all"}
                            started = time.perf_counter()
                            response = client.post(f"/l/be/s/{number}/deeply-concerned", data=data)
                        elapsed = time.perf_counter() - started
                        wanted = 200 if phase == "segment view" else 303
                        assert response.status_code == wanted, (phase, response.status_code)
                        with lock:
                            latencies.append(elapsed)

                started = time.monotonic()
                threads = [threading.Thread(target=work, args=(c, i * 5)) for i, c in enumerate(clients)]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                span = time.monotonic() - started
                print(f"{phase}: {len(latencies) / span:.1f} requests/s with {args.clients} clients, "
                      f"median {statistics.median(latencies) * 1000:.0f} ms ({len(latencies)} requests)")
        finally:
            server.terminate()  # type: ignore[attr-defined]
            server.wait(timeout=10)  # type: ignore[attr-defined]
    return 0


if __name__ == "__main__":
    sys.exit(main())
