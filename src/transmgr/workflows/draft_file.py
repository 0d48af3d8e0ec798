"""One PO file during a draft run: drafts go only into entries still untranslated on disk when saved.

A run can last long; meanwhile a reviewer may accept entries (``transmgr review``) or a translator
edit the file in a PO editor. Before each save the file is compared with what this run last read
or wrote; when it differs it is read again, and the drafts received since the last save are set
only on entries still untranslated there, so the other person's work always wins. Saves happen
under the project's lock, so no other transmgr process writes in between, and the file is
replaced atomically only if it still holds what was compared (a PO editor takes no lock; its
save is then read and merged again).
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from transmgr.catalog import Catalog, State, Unit, set_draft, set_translation
from transmgr.catalog.store import ATTEMPTS, CatalogFile
from transmgr.engines.base import Draft
from transmgr.errors import CatalogError
from transmgr.files import FileChanged
from transmgr.formats import Format

# The pause before reading again a file that does not parse (an editor may be writing it).
RETRY_PAUSE = 0.2

Key = tuple[str | None, str]


def carried_over(entry: Unit) -> bool:
    """A draft ``update`` carried over from an edited source (the old translation, not yet revised)."""
    return entry.state == State.DRAFT and (entry.draft_origin or "").startswith("fuzzy-merge")


class DraftFile:
    """One PO file of a run: its catalog, what this run last read or wrote there, the drafts not saved yet."""

    def __init__(self, doc: str, path: Path, fmt: Format) -> None:
        self.doc = doc
        self.path = path
        self.fmt = fmt  # the document's format: its syntax is protected when drafting
        self.file = CatalogFile.read(path)
        if self.file.catalog is None:
            raise CatalogError("catalog not found", path=path, hint="run 'transmgr update' to create it")
        self.catalog: Catalog = self.file.catalog
        self._index: dict[Key, Unit] | None = None
        self.unsaved: dict[Key, tuple[Draft, str]] = {}
        self.drafted = Counter[str]()
        self.skipped = 0
        self.written = False
        self.redraft = False  # also replace the drafts update carried over from an edited source

    def add(self, key: Key, found: Draft, step: str) -> None:
        """Keep a draft for the entry ``key``; it reaches the file at the next :meth:`save`."""
        self.unsaved[key] = (found, step)

    def _apply(self) -> list[str]:
        """Set the unsaved drafts on entries still untranslated in the catalog; the steps of those set."""
        if self._index is None:
            self._index = {e.key: e for e in self.catalog.active()}
        applied = []
        for key, (found, step) in self.unsaved.items():
            entry = self._index.get(key)
            if entry is not None and not entry.msgid_plural and (
                    entry.state == State.UNTRANSLATED or (self.redraft and carried_over(entry))):
                if found.final:
                    drafted = set_translation(entry, found.text, origin=found.origin)
                else:
                    drafted = set_draft(entry, found.text, found.origin)
                    if found.previous is not None:
                        drafted = drafted.changed(previous_msgid=found.previous, previous_msgctxt=None)
                self.catalog.put(drafted, replacing=entry)
                self._index[key] = drafted
                applied.append(step)
        return applied

    def save(self) -> None:
        """Write the unsaved drafts into the entries still untranslated in the file as it is on disk now.

        Call it while holding the project's lock. A file removed meanwhile is not created again; one
        that does not parse (saved half-way by an editor that takes no lock) is read again after a
        pause, and is a :class:`CatalogError` if it stays broken.
        """
        if not self.unsaved:
            return
        applied: list[str] = []
        for attempt in range(ATTEMPTS):
            if attempt or self.file.changed():
                # Someone else wrote the file since this run last saw it: their version is the base now.
                try:
                    self.file = CatalogFile.read(self.path)
                except CatalogError:
                    if attempt == ATTEMPTS - 1:
                        raise
                    time.sleep(RETRY_PAUSE)
                    continue
                if self.file.catalog is None:
                    break
                self.catalog, self._index = self.file.catalog, None
            applied = self._apply()
            try:
                self.written = self.file.save(self.catalog) or self.written
                break
            except FileChanged:
                applied = []
        self.drafted.update(applied)
        self.skipped += len(self.unsaved) - len(applied)
        self.unsaved.clear()
