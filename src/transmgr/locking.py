"""Write locks: one transmgr writer at a time per catalog (document × language), per template and
per build folder.

Every command that writes catalogs (update, extract, draft, review, import, assess, a server's git
sync) holds the locks of the catalogs it reads, changes and replaces
(:meth:`transmgr.workflows.project.Project.writing`); build holds the build lock while it writes
``build/``. The locks are OS file locks (``flock`` on POSIX, ``LockFileEx`` on Windows, through the
``filelock`` package) on files in the project's cache folder (``.transmgr/locks/<lang>/<doc>.lock``),
so a process that dies releases its lock at once, and nothing is left to clean up by hand.

One lock per file, so that a server reviewing be never waits for a draft of ru. A writer takes
every lock it needs at once, always in the same order (templates, then catalogs by language and
document), so two writers whose sets overlap cannot deadlock; writes are short (a long ``draft``
run takes its locks only while it saves). Readers (status, check, build reading catalogs) never
take a lock: every file is replaced by an atomic rename, so a reader sees the old or the new
file, never half of one.

Within one process the locks are re-entrant per thread and exclude other threads, so a web
server's worker threads and the CLI's workflows share them unchanged.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from transmgr.errors import TransmgrError
from transmgr.files import remove_stray_temporaries

if TYPE_CHECKING:
    from filelock import FileLock

# A writer that waits longer than this says so (once) through the policy's ``on_wait``.
NOTICE_AFTER = 1.0


class LockBusy(TransmgrError):
    """Another transmgr process holds the lock and the policy says not to wait."""

    exit_code = 75  # EX_TEMPFAIL: try again later


@dataclass
class LockPolicy:
    """How a writer behaves when another one holds the lock: wait (saying so after a second) or fail."""

    wait: bool = True
    on_wait: Callable[[str], None] | None = None


_policy = LockPolicy()
_local = threading.local()  # a thread's own limit on waiting (a server's worker answers "busy" instead)


def configure_locks(*, wait: bool = True, on_wait: Callable[[str], None] | None = None) -> None:
    """Set the process-wide policy (the CLI does, from ``--no-wait``); workflows need not pass it around."""
    _policy.wait = wait
    _policy.on_wait = on_wait


@contextlib.contextmanager
def waiting_at_most(seconds: float) -> Iterator[None]:
    """Within this block, this thread waits for a lock at most ``seconds``, then :class:`LockBusy`: a
    server answers "busy, try again" rather than keeping a request (and a worker) waiting on a long
    ``update``."""
    outer = getattr(_local, "timeout", None)
    _local.timeout = seconds
    try:
        yield
    finally:
        _local.timeout = outer


@contextlib.contextmanager
def write_lock(lock_file: Path, what: str, *, sweep: Path | None = None) -> Iterator[None]:
    """Hold the lock ``lock_file`` while writing ``what`` (a phrase for messages: "the catalogs of /p").

    ``sweep`` is a folder whose stray temporary files (left by a writer that was killed) are removed
    once the lock is held (not when this thread already held it: its own writes may be under way).
    """
    from filelock import FileLock  # on first use: it takes longer to import than `transmgr --help` to run

    try:
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(lock_file), is_singleton=True)
    except OSError as exc:
        raise TransmgrError(f"cannot create the lock file: {exc.strerror}", path=lock_file,
                            hint="check the folder's permissions") from exc
    # This process's threads queue on a lock of their own first, woken the moment it is released;
    # only its holder asks the OS for the file lock (which is polled), against other processes.
    inner = _thread_lock(lock_file)
    _acquire(lambda timeout: inner.acquire(timeout=-1 if timeout is None else timeout), lock_file, what)
    try:
        _acquire(lambda timeout: _file_acquire(lock, timeout), lock_file, what)
        try:
            if sweep is not None and lock.lock_counter == 1:
                remove_stray_temporaries(sweep)
            yield
        finally:
            lock.release()
    finally:
        inner.release()


_thread_locks: dict[str, threading.RLock] = {}
_thread_locks_guard = threading.Lock()
POLL = 0.005  # seconds between a waiting writer's tries for another process's file lock


def _thread_lock(lock_file: Path) -> threading.RLock:
    with _thread_locks_guard:
        return _thread_locks.setdefault(str(lock_file), threading.RLock())


def _file_acquire(lock: FileLock, timeout: float | None) -> bool:
    from filelock import Timeout

    try:
        lock.acquire(timeout=-1 if timeout is None else timeout, poll_interval=POLL)
    except Timeout:
        return False
    return True


def _acquire(take: Callable[[float | None], bool], lock_file: Path, what: str) -> None:
    """``take(timeout)`` (None: until it is free; 0: no wait) as the thread's limit or the policy says."""
    try:
        limit = getattr(_local, "timeout", None)
        if limit is not None:
            taken = take(limit)
        elif not _policy.wait:
            taken = take(0)
        else:
            taken = take(NOTICE_AFTER)
            if not taken:
                if _policy.on_wait is not None:
                    _policy.on_wait(f"waiting for another transmgr process writing {what} (lock {lock_file})")
                taken = take(None)
    except OSError as exc:
        raise TransmgrError(f"cannot take the lock: {exc.strerror}", path=lock_file,
                            hint="check the folder's permissions") from exc
    if not taken:
        raise LockBusy(
            f"another transmgr process is writing {what}", path=lock_file,
            hint="try again when it has finished, or run without --no-wait to wait for it",
        )
