"""Catalog files on disk: read together with the bytes they came from, replaced only if still those bytes.

Writers hold the project's lock (:meth:`transmgr.workflows.Project.writing`), so another transmgr
process cannot interleave; the byte comparison before every replacement also catches a PO editor
or a script that saved the file meanwhile, which takes no lock. Whoever changed the file first
wins: the caller reads it again and redoes its change on top (:func:`modify_catalog` does).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from transmgr.catalog.po import Catalog, catalog_chunks, catalog_from_bytes
from transmgr.errors import CatalogError
from transmgr.files import FileChanged, fingerprint, read_bytes_or_none, stream_if_fingerprint

T = TypeVar("T")

# A file that keeps changing under a writer is read again this many times before giving up.
ATTEMPTS = 3


def read_disk(path: Path) -> bytes | None:
    """The bytes of ``path`` (None when there is no file), unreadable files as a :class:`CatalogError`."""
    try:
        return read_bytes_or_none(path)
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror}", path=path) from exc


@dataclass
class CatalogFile:
    """A PO or POT file as this process last read or wrote it."""

    path: Path
    held: str | None  # the fingerprint of the bytes read or written (None: there was no file)
    catalog: Catalog | None

    @classmethod
    def read(cls, path: Path) -> CatalogFile:
        """Read ``path`` (which need not exist: then ``catalog`` is None)."""
        data = read_disk(path)  # read once: the catalog is what these bytes hold
        return cls(path, fingerprint(data), catalog_from_bytes(data, path) if data is not None else None)

    def changed(self) -> bool:
        """True when the file on disk is no longer what this process read or wrote."""
        return fingerprint(read_disk(self.path)) != self.held

    def save(self, catalog: Catalog) -> bool:
        """Replace the file with ``catalog`` if it still holds what was read; True if the bytes changed.

        Raises :class:`transmgr.files.FileChanged` when someone else wrote the file meanwhile.
        """
        written, self.held = stream_if_fingerprint(self.path, self.held, catalog_chunks(catalog))
        self.catalog = catalog
        return written


def redo_on_change(work: Callable[[], T], *, again: Callable[[], None] | None = None,
                   retry_on: tuple[type[Exception], ...] = (FileChanged,), pause: float = 0.0) -> T:
    """``work()``, done again (after ``again()``, and ``pause`` seconds) when it fails because someone
    else wrote the catalog meanwhile (:class:`~transmgr.files.FileChanged`, or what ``retry_on``
    names), at most :data:`ATTEMPTS` times: every writer of catalogs keeps the other's work so."""
    for attempt in range(ATTEMPTS):
        try:
            return work()
        except retry_on:
            if attempt == ATTEMPTS - 1:
                raise
            if again is not None:
                again()
            if pause:
                time.sleep(pause)
    raise AssertionError("unreachable")


def modify_catalog(path: Path, change: Callable[[Catalog], T]) -> tuple[T, bool]:
    """Read ``path``, apply ``change`` to its catalog and save it; (what ``change`` returned, written).

    Call it while holding the project's lock. When the file changes between reading and saving,
    it is read again and ``change`` applied again, so the other writer's work is kept.
    """
    def once() -> tuple[T, bool]:
        file = CatalogFile.read(path)
        if file.catalog is None:
            raise CatalogError("catalog not found", path=path, hint="run 'transmgr update' to create it")
        result = change(file.catalog)
        return result, file.save(file.catalog)

    return redo_on_change(once)
