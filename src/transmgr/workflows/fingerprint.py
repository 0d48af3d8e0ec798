"""A fingerprint of transmgr's own code, for what is kept between runs (built editions, segmented
documents): a new transmgr, or an edited module, must not reuse what the old code made."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from transmgr import __version__

_PACKAGE = Path(__file__).resolve().parents[1]


@functools.cache
def code_fingerprint(*folders: str) -> str:
    """transmgr's version and the size and modification time of every module under ``folders``
    of the package (all of it when none is given)."""
    parts = [__version__]
    for folder in folders or (".",):
        for path in sorted((_PACKAGE / folder).rglob("*.py")):
            stat = path.stat()
            parts.append(f"{path.relative_to(_PACKAGE)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
