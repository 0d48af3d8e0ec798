"""Benchmark: requests per second of the browser review app (``transmgr serve``) on this machine.

What it does: serves a copy of this repository's project (the essay, four catalogs) with
``transmgr serve`` (uvicorn, one process), signs in ``--clients`` reviewers with login links, then
for ``--seconds`` each: (1) every client opens segment pages of the Belarusian catalog in a loop
(the segment view: reading the catalog, the other languages, the checks, rendering); (2) every
client saves and accepts a new text for segments in a loop (each: the revision the form was made
from checked under the catalog's lock, the PO file rewritten atomically, the history appended;
one refused when another reviewer changed the unit first). It reports requests per second and
the latency's median (p50) and 99th percentile (p99) of the POST alone.
There is no peer here: Weblate, the tool reviewers would otherwise use, needs PostgreSQL, Redis
and Celery, which this machine does not run.

Run: ``python bench/serve.py [--clients 20] [--seconds 5]``.
"""

from __future__ import annotations

import argparse
import random
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
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--think", type=float, default=0.0, metavar="S",
                        help="each reviewer pauses a random 0.5-1.5 times S seconds between actions (seeded), as "
                             "people do; 0 (default): none, every client sends its next request at once")
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
            urls: dict[int, str] = {}
            for client, link in zip(clients, links):  # the login page's button posts the token
                token = re.search(r'name="token" value="([^"]*)"', client.get(link.replace(base, "")).text)
                assert token is not None, "no login form"
                client.post("/login", data={"token": token.group(1)})
            for number in range(2, 41):  # the segment pages' addresses (by unit id) from the numbered ones
                found = clients[0].get(f"/l/be/s/{number}/deeply-concerned")
                urls[number] = found.headers.get("location", "").split("?")[0]
            for phase in ("segment view", "save and accept"):
                latencies: list[float] = []
                lock = threading.Lock()
                deadline = time.monotonic() + args.seconds

                def work(client: httpx.Client, offset: int, phase: str = phase, deadline: float = deadline,
                         lock: threading.Lock = lock, latencies: list[float] = latencies) -> None:
                    n = offset
                    pause = random.Random(offset)
                    while time.monotonic() < deadline:
                        if args.think:
                            time.sleep(args.think * pause.uniform(0.5, 1.5))
                        url = urls[2 + n % 39]
                        n += 1
                        if phase == "segment view":
                            started = time.perf_counter()
                            response = client.get(url)
                            wanted = 200
                        else:
                            page = client.get(url).text
                            data = {"csrf": re.search(r'name="csrf" value="([^"]*)"', page).group(1),  # type: ignore[union-attr]
                                    "seen": re.search(r'name="seen" value="([^"]*)"', page).group(1),  # type: ignore[union-attr]
                                    "action": "edit_accept", "state": "all", "text": f"Праўка {offset} {n}."}
                            started = time.perf_counter()
                            response = client.post(url, data=data)
                            wanted = 409 if response.status_code == 409 else 303  # 409: another reviewer was first
                        elapsed = time.perf_counter() - started
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
                cuts = statistics.quantiles(latencies, n=100)
                print(f"{phase}: {len(latencies) / span:.1f} requests/s with {args.clients} clients"
                      + (f" pausing about {args.think:g} s" if args.think else " (no pauses)") + ", "
                      f"p50 {statistics.median(latencies) * 1000:.0f} ms, p99 {cuts[98] * 1000:.0f} ms "
                      f"({len(latencies)} requests)")
        finally:
            server.terminate()  # type: ignore[attr-defined]
            server.wait(timeout=10)  # type: ignore[attr-defined]
    return 0


if __name__ == "__main__":
    sys.exit(main())
