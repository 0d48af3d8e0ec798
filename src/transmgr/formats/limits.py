"""What a source document may cost: its size, and for a Word file what its parts inflate to.

A document is read whole into memory, parsed and rendered several times over; a file built to
exhaust memory (a 50 MB page, a Word file whose 1 MB zip holds a 1 GiB image part) must be refused
before it is read, with the limit named. The limits come from ``[limits]`` in the configuration
(``source_mb``, ``part_mb``) through :func:`configure_limits`, which loading a project calls.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from transmgr.errors import SourceError

MB = 1024 * 1024


@dataclass
class Limits:
    source_bytes: int = 10 * MB  # a Markdown, text or web page source
    part_bytes: int = 100 * MB  # one part of a Word file, inflated
    parts_bytes: int = 500 * MB  # all the parts of a Word file, inflated
    word_bytes: int = 200 * MB  # a Word file as it is on disk (compressed)


LIMITS = Limits()


def configure_limits(*, source_mb: float | None = None, part_mb: float | None = None) -> None:
    """Set the process's limits (from the configuration's ``[limits]``)."""
    if source_mb is not None:
        LIMITS.source_bytes = int(source_mb * MB)
    if part_mb is not None:
        LIMITS.part_bytes = int(part_mb * MB)
        LIMITS.parts_bytes = max(LIMITS.parts_bytes, 5 * LIMITS.part_bytes)


def _mb(size: int) -> str:
    return f"{size / MB:.0f} MB" if size >= MB else f"{size} bytes"


def read_limited(path: Path, limit: int | None = None, *, what: str = "a source document") -> bytes:
    """The bytes of ``path`` if it is no larger than ``limit`` (default: the source limit); else a
    one-line :class:`SourceError` naming the limit, before anything is read."""
    limit = LIMITS.source_bytes if limit is None else limit
    try:
        size = path.stat().st_size
        if size > limit:
            raise SourceError(f"{_mb(size)}: over the limit of {_mb(limit)} for {what}", path=path,
                              hint="split the document, or raise [limits] source_mb in the configuration")
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except FileNotFoundError as exc:
        raise SourceError("source document not found", path=path) from exc
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", path=path) from exc
    if len(data) > limit:  # grew while being read
        raise SourceError(f"over the limit of {_mb(limit)} for {what}", path=path,
                          hint="split the document, or raise [limits] source_mb in the configuration")
    return data


def check_word_parts(raw: bytes, path: Path) -> None:
    """Refuse a Word file (zip) one of whose parts would inflate past the part limit, or all of them
    past the total, by the sizes its directory declares, before any part is inflated. (A part that
    inflates past its declared size is stopped by zipfile itself.)"""
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError):
        return  # not a zip: the Word reader says so in its own words
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > LIMITS.part_bytes:
            raise SourceError(f"its part {info.filename} inflates to {_mb(info.file_size)}, over the limit of "
                              f"{_mb(LIMITS.part_bytes)}", path=path,
                              hint="make the image or object smaller, or raise [limits] part_mb in the configuration")
    if total > LIMITS.parts_bytes:
        raise SourceError(f"its parts inflate to {_mb(total)}, over the limit of {_mb(LIMITS.parts_bytes)}", path=path,
                          hint="make the images smaller, or raise [limits] part_mb in the configuration")
