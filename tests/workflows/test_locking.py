"""The write lock seen from the command line: waiting, --no-wait, and what killed writers leave behind."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock

from transmgr.workflows import Project, update

DOC = "# Title\n\nA paragraph.\n"


def _lock(root: Path, lang: str = "be", doc: str = "doc") -> FileLock:
    """The lock another writer of ``lang``'s catalog of ``doc`` would hold (``lang`` empty: the template)."""
    path = Project.load(root).lock_path(lang, doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(str(path))


def _transmgr(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "transmgr", *args, "--project", str(root)],
                          capture_output=True, text=True, timeout=timeout, env=dict(os.environ))


def test_no_wait_fails_at_once_while_another_writer_holds_the_lock(make_project: Callable[..., Path]) -> None:
    root = make_project({"doc.md": DOC})
    with _lock(root):
        done = _transmgr(root, "update", "--no-wait")
    assert done.returncode == 75
    assert done.stderr.count("\n") == 1 and "another transmgr process is writing the catalogs" in done.stderr
    assert not (root / "locales").exists()  # nothing written


def test_a_second_writer_waits_says_so_and_then_writes(make_project: Callable[..., Path]) -> None:
    root = make_project({"doc.md": DOC})
    lock = _lock(root)
    lock.acquire()
    try:
        process = subprocess.Popen([sys.executable, "-m", "transmgr", "update", "--project", str(root)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        stderr = process.stderr
        assert stderr is not None
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: lines.put(stderr.readline()), daemon=True).start()
        said = lines.get(timeout=60)  # the event: it says it waits
        assert "waiting for another transmgr process writing the catalogs" in said
        assert process.poll() is None  # still waiting
        assert not (root / "locales" / "be").exists()
    finally:
        lock.release()
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, said + err
    assert (root / "locales" / "be" / "LC_MESSAGES" / "doc.po").is_file()


def test_build_takes_its_own_lock_and_readers_never_wait(make_project: Callable[..., Path]) -> None:
    root = make_project({"doc.md": DOC})
    update(Project.load(root))
    with _lock(root), FileLock(str(root / ".transmgr" / "build.lock")):
        assert _transmgr(root, "status", timeout=20).returncode == 0  # a reader
        assert _transmgr(root, "check", timeout=20).returncode in (0, 1)
        busy = _transmgr(root, "build", "--no-wait", timeout=20)
    assert busy.returncode == 75 and "the build folder" in busy.stderr
    assert _transmgr(root, "build").returncode == 0


def test_temporary_files_of_killed_writers_are_removed_and_never_published(make_project: Callable[..., Path]) -> None:
    root = make_project({"doc.md": DOC})
    update(Project.load(root))
    assert _transmgr(root, "build").returncode == 0
    folder = root / "locales" / "be" / "LC_MESSAGES"
    strays = [folder / ".doc.po.k2x9_q1z.transmgr-tmp", root / "locales" / ".doc.pot.abcdefgh.tmp",
              root / "build" / ".index.html.zz99aa11.transmgr-tmp"]
    for stray in strays:
        stray.write_text("half a file", encoding="utf-8")
    keep = folder / ".notes.txt"  # not a name transmgr writes: left alone
    keep.write_text("mine", encoding="utf-8")
    assert _transmgr(root, "update").returncode == 0
    assert not strays[0].exists() and not strays[1].exists() and strays[2].exists() and keep.exists()
    assert _transmgr(root, "build").returncode == 0
    assert not strays[2].exists()


def test_a_slow_writer_on_one_language_does_not_delay_a_writer_on_another(make_project: Callable[..., Path]) -> None:
    root = make_project({"doc.md": DOC}, languages=["be", "ru"])
    update(Project.load(root))
    with _lock(root, "be"):  # a writer of the be catalog that takes its time
        ru = _transmgr(root, "update", "--lang", "ru", "--no-wait", timeout=30)
        assert ru.returncode == 0, ru.stderr  # ru's catalog (and the template, free) taken at once
        be = _transmgr(root, "update", "--lang", "be", "--no-wait", timeout=30)
        assert be.returncode == 75 and "(locales/be/LC_MESSAGES/doc.po)" in be.stderr
    project = Project.load(root)
    held = threading.Event()
    release = threading.Event()

    def slow_be() -> None:
        with project.writing([("be", "doc")]):
            held.set()
            release.wait(30)

    writer = threading.Thread(target=slow_be)
    writer.start()
    assert held.wait(30)
    try:
        other = Project.load(root)
        with other.writing([("ru", "doc")]):  # another thread, another catalog: no wait
            pass
    finally:
        release.set()
        writer.join()
