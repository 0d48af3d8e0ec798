"""One PO file during a draft run: drafts go only into entries still untranslated on disk when saved.

A run can last long; meanwhile a reviewer may accept entries (``transmgr review``) or a translator
edit the file in a PO editor. Before each save the file is compared with what this run last read
or wrote; when it differs it is read again, and the drafts received since the last save are set
only on entries still untranslated there, so the other person's work always wins. The file is
then written atomically. (A change landing in the instant between the last check and the rename
can still be lost: PO editors take no lock that could prevent it.)
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from transmgr.catalog import Entry, State, entry_state, format_catalog, read_catalog, set_draft
from transmgr.engines.base import Draft
from transmgr.errors import CatalogError
from transmgr.files import write_text_atomic

# A file that changes again between our check and our write is merged again, at most this many times.
SAVE_ATTEMPTS = 3
# The pause before reading again a file that does not parse (an editor may be writing it).
RETRY_PAUSE = 0.2

Key = tuple[str | None, str]


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror}", path=path) from exc


class DraftFile:
    """One PO file of a run: its catalog, what this run last read or wrote there, the drafts not saved yet."""

    def __init__(self, doc: str, path: Path) -> None:
        self.doc = doc
        self.path = path
        # Read before parsing: a change in between makes the next save read the file again, no harm.
        self.known = _read_bytes(path)
        self.catalog = read_catalog(path)
        self._index: dict[Key, Entry] | None = None
        self.unsaved: dict[Key, tuple[Draft, str]] = {}
        self.drafted = Counter[str]()
        self.skipped = 0
        self.written = False

    def add(self, key: Key, found: Draft, step: str) -> None:
        """Keep a draft for the entry ``key``; it reaches the file at the next :meth:`save`."""
        self.unsaved[key] = (found, step)

    def _reload(self, data: bytes) -> None:
        # Someone else wrote the file since this run last saw it: their version is the base now.
        self.catalog = read_catalog(self.path)
        self.known, self._index = data, None

    def _apply(self) -> list[str]:
        """Set the unsaved drafts on entries still untranslated in the catalog; the steps of those set."""
        if self._index is None:
            self._index = {(e.msgctxt, e.msgid): e for e in self.catalog if not e.obsolete}
        applied = []
        for key, (found, step) in self.unsaved.items():
            entry = self._index.get(key)
            if entry is not None and not entry.msgid_plural and entry_state(entry) == State.UNTRANSLATED:
                set_draft(entry, found.text, found.origin)
                applied.append(step)
        return applied

    def save(self) -> None:
        """Write the unsaved drafts into the entries still untranslated in the file as it is on disk now.

        A file removed meanwhile is not created again; one that does not parse (saved half-way by
        an editor) is read again after a pause, and is a :class:`CatalogError` if it stays broken.
        """
        if not self.unsaved:
            return
        applied: list[str] = []
        text = None
        for attempt in range(SAVE_ATTEMPTS):
            on_disk = _read_bytes(self.path)
            if on_disk is None:
                break
            if attempt or on_disk != self.known:
                try:
                    self._reload(on_disk)
                except CatalogError:
                    if attempt == SAVE_ATTEMPTS - 1:
                        raise
                    time.sleep(RETRY_PAUSE)
                    continue
            applied = self._apply()
            text = format_catalog(self.catalog)
            # Written again while we merged: start over from the disk (the last attempt writes anyway).
            if attempt == SAVE_ATTEMPTS - 1 or _read_bytes(self.path) == on_disk:
                break
            applied, text = [], None
        if applied and text is not None:
            self.written = write_text_atomic(self.path, text) or self.written
            self.known = text.encode("utf-8")
        self.drafted.update(applied)
        self.skipped += len(self.unsaved) - len(applied)
        self.unsaved.clear()
