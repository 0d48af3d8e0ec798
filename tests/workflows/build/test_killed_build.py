"""A build killed while its worker processes render leaves no process behind."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from transmgr.workflows import Project, update

pytestmark = pytest.mark.skipif(not hasattr(os, "pidfd_open") or (os.cpu_count() or 1) < 2,
                                reason="needs Linux's pidfd_open and two processors (workers start from two)")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def test_workers_end_with_a_killed_build(make_project: Callable[..., Path]) -> None:
    paragraph = "A paragraph of a long document, one of many that the build renders. " * 4
    docs = {f"doc{n}.md": f"# Document {n}\n\n" + f"{paragraph}\n\n" * 1500 for n in range(12)}
    root = make_project(docs, languages=["be", "ru"], extra="[build]\nthreshold = 0\n")
    update(Project.load(root))
    build = subprocess.Popen([sys.executable, "-m", "transmgr", "build", "--project", str(root)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while not workers and build.poll() is None and time.monotonic() < deadline:
        workers = _children(build.pid)  # the pool's processes, once it has started them
    if not workers:
        build.wait(60)
        pytest.skip("the build finished before its workers could be seen")
    handles = []
    for pid in workers:
        try:
            handles.append(os.pidfd_open(pid))
        except ProcessLookupError:
            continue
    build.send_signal(signal.SIGKILL)
    build.wait(10)
    for fd in handles:
        ready, _, _ = select.select([fd], [], [], 15)  # readable when that process has ended
        os.close(fd)
        assert ready, "a worker outlived the build that was killed"
