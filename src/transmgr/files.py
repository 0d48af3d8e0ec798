"""Atomic, change-only file writes: every file is either as it was or fully written.

A write goes to a temporary file beside the target (``.<name>.<random>.transmgr-tmp``) that is
renamed over it. A process killed between the two leaves that temporary file behind; the next
writer of the folder removes it (:func:`remove_stray_temporaries`, called under the write lock).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import re
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from transmgr.errors import TransmgrError

TEMP_SUFFIX = ".transmgr-tmp"
# mkstemp's random part is 8 characters of [a-z0-9_]; ".tmp" is what transmgr 0.1 used.
_STRAY = re.compile(r"^\..+\.[a-z0-9_]{8}(?:\.transmgr-tmp|\.tmp)$")


class FileChanged(TransmgrError):
    """A file changed on disk between the moment it was read and the moment it was to be replaced."""


def remove_stray_temporaries(folder: Path, *, idle: float = 0.0) -> list[Path]:
    """Remove the temporary files that killed writers left anywhere under ``folder`` (or, for a file,
    those of that file only); those removed.

    Call it only while holding the folder's (or the file's) write lock: another writer's temporary
    file is then never in flight. A file outside any lock (a PO file given by path) passes ``idle``:
    only temporary files nobody has written for that many seconds are taken for a killed writer's.
    """
    if not folder.is_dir():
        own = re.compile(rf"^\.{re.escape(folder.name)}\.[a-z0-9_]{{8}}(?:\.transmgr-tmp|\.tmp)$")
        found = []
        now = time.time()
        try:
            with os.scandir(folder.parent) as listing:
                found = [Path(item.path) for item in listing if own.match(item.name)
                         and item.is_file(follow_symlinks=False)
                         and (not idle or now - item.stat(follow_symlinks=False).st_mtime > idle)]
        except OSError:
            return []
        for path in found:
            with contextlib.suppress(OSError):
                path.unlink()
        return found
    removed: list[Path] = []
    pending = [folder]
    while pending:
        try:
            with os.scandir(pending.pop()) as listing:
                for item in listing:
                    if item.is_dir(follow_symlinks=False):
                        pending.append(Path(item.path))
                    elif _STRAY.match(item.name) and item.is_file(follow_symlinks=False):
                        with contextlib.suppress(OSError):
                            os.unlink(item.path)
                            removed.append(Path(item.path))
        except OSError:
            continue  # a folder that is not there (yet) holds nothing stray
    return removed


def read_bytes_or_none(path: Path) -> bytes | None:
    """The bytes of ``path``, or None when it does not exist; other OS errors propagate."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def fingerprint(data: bytes | None) -> str | None:
    """What a file held, to tell later whether it still holds it (None: there was no file)."""
    return None if data is None else f"{len(data)}:{hashlib.sha256(data).hexdigest()}"


def replace_if_unchanged(path: Path, expected: bytes | None, data: bytes) -> bool:
    """Write ``data`` atomically, but only if ``path`` still holds ``expected`` (None: does not exist).

    Raises :class:`FileChanged` otherwise, so the caller reads the file again and redoes its change
    instead of overwriting someone else's. Returns False when the file already holds ``data``.
    """
    return replace_if_fingerprint(path, fingerprint(expected), data)


_CHUNK = 1 << 20


def file_fingerprint(path: Path) -> str | None:
    """:func:`fingerprint` of the file at ``path``, read a megabyte at a time (None: no file)."""
    digest = hashlib.sha256()
    size = 0
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise TransmgrError(f"cannot read: {exc.strerror}", path=path) from exc
    return f"{size}:{digest.hexdigest()}"


def stream_if_fingerprint(path: Path, expected: str | None, chunks: Iterable[bytes]) -> tuple[bool, str]:
    """:func:`replace_if_fingerprint` for data given in ``chunks``, never all in memory at once (a
    large catalog written as it is formatted): (whether the file changed, the new fingerprint).

    The file is checked against ``expected`` first (:class:`FileChanged` if someone else wrote it),
    then the chunks go to a temporary file beside it, which replaces it, flushed to the disk, only
    when its bytes differ from the file's.
    """
    current = file_fingerprint(path)
    if current != expected:
        raise FileChanged("the file changed on disk while this run was changing it", path=path,
                          hint="run the command again")
    named = path
    try:
        if path.is_symlink():
            path = path.resolve()  # the file the link names is changed, and the link stays (as msgmerge -U does)
        if current is not None and not path.stat().st_mode & 0o222:
            raise TransmgrError("the file is read-only", path=named, hint="make it writable (chmod u+w) first")
    except OSError as exc:
        raise TransmgrError(f"cannot write: {exc.strerror}", path=named) from exc
    digest = hashlib.sha256()
    size = 0
    written = ""

    def fill(handle: BinaryIO) -> bool:
        nonlocal size, written
        for chunk in chunks:
            handle.write(chunk)
            digest.update(chunk)
            size += len(chunk)
        written = f"{size}:{digest.hexdigest()}"
        return written != current

    return _replace(path, fill, durable=True), written


def replace_if_fingerprint(path: Path, expected: str | None, data: bytes) -> bool:
    """:func:`replace_if_unchanged` given the :func:`fingerprint` of what the file should hold (a large
    catalog's bytes need not stay in memory between reading it and saving it)."""
    try:
        current = read_bytes_or_none(path)
    except OSError as exc:
        raise TransmgrError(f"cannot read: {exc.strerror}", path=path) from exc
    if fingerprint(current) != expected:
        raise FileChanged("the file changed on disk while this run was changing it", path=path,
                          hint="run the command again")
    if current == data:
        return False
    del current
    return write_bytes_atomic(path, data, known_different=True)


def write_bytes_atomic(path: Path, data: bytes, *, durable: bool = True, known_different: bool = False) -> bool:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    Returns False and leaves the file untouched (mtime included) when it already holds
    exactly ``data``, so tools watching timestamps see no change. ``durable`` (the default) also
    flushes the data to the disk before the rename, so that not even a power cut leaves an empty
    file; outputs that can be made again (editions) skip it: it was a third of a build's time.
    ``known_different``: the caller compared the file with ``data`` already.
    """
    return write_bytes_status(path, data, durable=durable, known_different=known_different)[0]


def write_bytes_status(path: Path, data: bytes, *, durable: bool = True, known_different: bool = False,
                       ) -> tuple[bool, os.stat_result]:
    """:func:`write_bytes_atomic`, with the file's status after (its size and modification time, for
    a record of what was written, without asking the system once more)."""
    try:
        before: os.stat_result | None = os.stat(path)
    except OSError:
        before = None
    try:  # read the file only when it has the size of the new bytes
        if before is not None and not known_different and before.st_size == len(data) and path.read_bytes() == data:
            return False, before
    except OSError:
        pass
    after: list[os.stat_result] = []

    def fill(handle: BinaryIO) -> bool:
        handle.write(data)
        handle.flush()
        after.append(os.fstat(handle.fileno()))
        return True

    _replace(path, fill, durable=durable, before=before)
    return True, after[0]


_NAME_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"
_names: tuple[int, random.Random] | None = None


def _temporary_name(path: Path) -> str:
    """A name for a temporary file beside ``path`` (``.<name>.<8 random characters>.transmgr-tmp``);
    the random source is seeded again in a forked process, so two workers never draw the same names."""
    global _names
    if _names is None or _names[0] != os.getpid():
        _names = (os.getpid(), random.Random())
    return f"{path.parent}{os.sep}.{path.name}.{''.join(_names[1].choices(_NAME_CHARACTERS, k=8))}{TEMP_SUFFIX}"


def _cannot_write(path: Path, exc: OSError) -> TransmgrError:
    """The one-line error for a temporary file that cannot be made beside ``path``."""
    hint = "a file stands where its folder should be: move it away" if isinstance(exc, NotADirectoryError) \
        else "check the folder's permissions"
    return TransmgrError(f"cannot write: {exc.strerror}", path=path, hint=hint)


def _replace(path: Path, fill: Callable[[BinaryIO], bool], *, durable: bool, before: os.stat_result | None = None,
             ) -> bool:
    """Replace ``path`` with what ``fill`` writes to a temporary file beside it (the file's mode kept,
    ``before`` its status when the caller has it), unless ``fill`` answers False (the temporary file is
    then removed); True if replaced. ``durable``: the bytes reach the disk before the rename."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    fd = -1
    for attempt in range(100):
        tmp = _temporary_name(path)
        try:
            fd = os.open(tmp, flags, 0o600)
            break
        except FileExistsError:
            continue  # another writer drew the same name: draw again
        except FileNotFoundError as exc:
            if attempt or path.parent.is_dir():
                raise _cannot_write(path, exc) from exc
            try:  # the folder is not there yet: made once
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise _cannot_write(path, error) from error
        except OSError as exc:
            raise _cannot_write(path, exc) from exc
    if fd < 0:
        raise TransmgrError("cannot write: no free name for a temporary file", path=path.parent,
                            hint=f"remove the *{TEMP_SUFFIX} files there")
    try:
        with os.fdopen(fd, "wb") as handle:
            if not fill(handle):
                os.unlink(tmp)
                return False
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
            if before is None and path.exists():
                with contextlib.suppress(OSError):
                    before = path.stat()
            os.fchmod(handle.fileno(), before.st_mode & 0o7777 if before is not None else 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise TransmgrError(f"cannot write: {exc.strerror}", path=path) from exc
        raise
    return True


def write_text_atomic(path: Path, text: str, *, durable: bool = True) -> bool:
    """Write UTF-8 ``text`` atomically; see :func:`write_bytes_atomic`."""
    return write_bytes_atomic(path, text.encode("utf-8"), durable=durable)
