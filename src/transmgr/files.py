"""Atomic, change-only file writes: every file is either as it was or fully written."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from transmgr.errors import TransmgrError


def write_bytes_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    Returns False and leaves the file untouched (mtime included) when it already holds
    exactly ``data``, so tools watching timestamps see no change.
    """
    try:
        if path.is_file() and path.read_bytes() == data:
            return False
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise TransmgrError(
            f"cannot write: {exc.strerror}", path=path, hint="check the folder's permissions"
        ) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise TransmgrError(f"cannot write: {exc.strerror}", path=path) from exc
        raise
    return True


def write_text_atomic(path: Path, text: str) -> bool:
    """Write UTF-8 ``text`` atomically; see :func:`write_bytes_atomic`."""
    return write_bytes_atomic(path, text.encode("utf-8"))
