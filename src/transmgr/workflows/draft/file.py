"""One PO file during a draft run: drafts go only into entries still untranslated on disk when saved.

A run can last long; meanwhile a reviewer may accept entries (``transmgr review``) or a translator
edit the file in a PO editor. Drafts are saved through the review core
(:class:`~transmgr.workflows.review.core.ReviewCore`, action ``draft``), which reads the file
again under the catalogs' lock and sets a draft only on an entry that is still untranslated (or
a rejected draft, or with ``--redraft-merged`` a draft carried over from an edited source), so
the other person's work always wins; each draft set is recorded in the history. A PO editor
takes no lock: a save of its made meanwhile is read and the drafts decided again on it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from transmgr.catalog import Catalog, State, Unit
from transmgr.catalog.model import Key
from transmgr.catalog.store import CatalogFile, redo_on_change
from transmgr.engines.base import Draft
from transmgr.errors import CatalogError
from transmgr.formats import Format
from transmgr.workflows.review.core import ReviewCore
from transmgr.workflows.review.requests import Request

# The pause before reading again a file that does not parse (an editor may be writing it).
RETRY_PAUSE = 0.2
ATTEMPTS = 3



class DraftFile:
    """One PO file of a run: its catalog as last read or saved, and the drafts not saved yet."""

    def __init__(self, doc: str, path: Path, fmt: Format) -> None:
        self.doc = doc
        self.path = path
        self.fmt = fmt  # the document's format: its syntax is protected when drafting
        file = CatalogFile.read(path)
        if file.catalog is None:
            raise CatalogError("catalog not found", path=path, hint="run 'transmgr update' to create it")
        self.catalog: Catalog = file.catalog
        self.unsaved: dict[Key, tuple[Draft, str]] = {}
        self.drafted = Counter[str]()
        self.skipped = 0
        self.written = False
        self.redraft = False  # also replace the drafts update carried over from an edited source

    def add(self, key: Key, found: Draft, step: str) -> None:
        """Keep a draft for the entry ``key``; it reaches the file at the next :meth:`save`."""
        self.unsaved[key] = (found, step)

    def save(self, core: ReviewCore) -> None:
        """Write the unsaved drafts, through the review ``core`` of this file's language, into the
        entries that still want one on disk now (call it holding the catalogs' lock).

        A file that does not parse (saved half-way by an editor that takes no lock) is read again
        after a pause, and is a :class:`CatalogError` if it stays broken.
        """
        if not self.unsaved:
            return
        steps = {}
        requests = []
        for key, (found, step) in self.unsaved.items():
            uid = Unit(key[1], msgctxt=key[0]).uid
            steps[uid] = step
            requests.append(Request(self.doc, uid, "draft", text=found.text, origin=found.origin,
                                    state=State.TRANSLATED if found.final else State.DRAFT,
                                    previous=found.previous, redraft=self.redraft, tokens=found.tokens))
        # A catalog a PO editor is saving right now may not parse: read again, a moment later.
        applied = redo_on_change(lambda: core.apply(requests, all_or_nothing=False), retry_on=(CatalogError,),
                                 again=lambda: core.store.forget(self.doc), pause=RETRY_PAUSE)
        changed = applied.changed
        self.drafted.update(steps[outcome.request.uid] for outcome in changed)
        self.written = self.written or bool(changed)
        self.skipped += len(requests) - len(changed)
        current = core.store.get(self.doc)
        if current is not None:
            self.catalog = current
        self.unsaved.clear()
