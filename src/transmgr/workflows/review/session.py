"""An interactive review session without the terminal: a queue of entries, a position, saved actions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from transmgr.catalog import Unit
from transmgr.errors import ReviewError
from transmgr.workflows.project import Project
from transmgr.workflows.review.actions import accept_entry, edit_entry, list_review, reject_entry
from transmgr.workflows.review.context import ContextBuilder, ReviewContext
from transmgr.workflows.review.items import Key, ReviewItem, review_item
from transmgr.workflows.review.store import CatalogStore

ACTIONS = ("accepted", "edited", "rejected", "skipped")


class ReviewSession:
    """The entries that awaited review when the session began, reviewed one at a time.

    Every action re-reads the PO file if it changed on disk, refuses to act when the translation
    is no longer the one the reviewer was shown, and writes the file at once (atomically).
    """

    def __init__(self, project: Project, lang: str, *, reviewer: str, docs: Sequence[str] | None = None,
                 state: str = "all") -> None:
        self.project = project
        self.lang = lang
        self.reviewer = reviewer
        self.store = CatalogStore(project, lang)
        self.queue: list[tuple[str, Key]] = [(i.doc, i.key) for i in list_review(project, lang, docs, state,
                                                                                  store=self.store)]
        self.position = 0
        self.outcomes: dict[tuple[str, Key], str] = {}
        self.saved: dict[Path, None] = {}
        self._context = ContextBuilder(project, lang)

    def __len__(self) -> int:
        return len(self.queue)

    @property
    def finished(self) -> bool:
        return self.position >= len(self.queue)

    def current(self) -> ReviewItem | None:
        """The entry at the current position as it is on disk now; None when the queue is done.

        An entry that left its catalog meanwhile (e.g. ``transmgr update`` ran) leaves the queue.
        """
        while not self.finished:
            doc, key = self.queue[self.position]
            found = self.store.find(doc, key)
            if found is not None:
                return review_item(doc, self.lang, found[0], found[1])
            del self.queue[self.position]
        return None

    def context(self, item: ReviewItem) -> ReviewContext:
        """Source diff, other languages, neighbours and check findings for ``item``."""
        catalog = self.store.get(item.doc)
        if catalog is None:
            raise ReviewError("the catalog disappeared", path=self.store.path(item.doc),
                              hint="run 'transmgr update' and start the review again")
        return self._context.build(item, catalog, self.store.versions.get(item.doc))

    def outcome(self, item: ReviewItem) -> str | None:
        """What this session did to ``item`` so far (accepted, edited, rejected, skipped) or None."""
        return self.outcomes.get((item.doc, item.key))

    def _act(self, seen: ReviewItem, outcome: str, change: Callable[[Unit], Unit]) -> ReviewItem:
        with self.store.transaction():
            return self._act_locked(seen, outcome, change)

    def _act_locked(self, seen: ReviewItem, outcome: str, change: Callable[[Unit], Unit]) -> ReviewItem:
        found = self.store.find(seen.doc, seen.key)
        path = self.store.path(seen.doc)
        if found is None:
            raise ReviewError("the entry is no longer in the catalog", path=path,
                              hint="it was removed by an update; nothing was changed")
        number, entry = found
        if entry.msgstr != seen.msgstr:
            raise ReviewError("the translation changed on disk since it was shown", path=path, line=entry.line,
                              hint="review the new text; nothing was changed")
        try:
            after = change(entry)
        except ReviewError as exc:
            raise ReviewError(exc.message, path=path, line=entry.line, hint=exc.hint) from exc
        self.store.put(seen.doc, after, replacing=entry)
        self.saved[self.store.save(seen.doc, self.reviewer)] = None
        self.outcomes[(seen.doc, seen.key)] = outcome
        self.position += 1
        return review_item(seen.doc, self.lang, number, after)

    def accept(self, seen: ReviewItem) -> ReviewItem:
        """Mark the shown entry reviewed, save, and move on."""
        return self._act(seen, "accepted", lambda entry: accept_entry(entry, self.reviewer))

    def edit(self, seen: ReviewItem, text: str) -> ReviewItem:
        """Save the reviewer's ``text`` as the reviewed translation, and move on."""
        return self._act(seen, "edited", lambda entry: edit_entry(entry, text, self.reviewer))

    def reject(self, seen: ReviewItem, *, note: str | None = None, keep_draft: bool = False) -> ReviewItem:
        """Send the shown entry back (untranslated, or a draft with ``note``), save, and move on."""
        return self._act(seen, "rejected",
                         lambda entry: reject_entry(entry, self.reviewer, note=note, keep_draft=keep_draft))

    def skip(self, seen: ReviewItem) -> None:
        """Leave the entry as it is and move on."""
        self.outcomes.setdefault((seen.doc, seen.key), "skipped")
        self.position += 1

    def back(self) -> bool:
        """Go back one entry; False when already at the first."""
        if self.position == 0:
            return False
        self.position -= 1
        return True

    def tally(self) -> dict[str, int]:
        """How many entries were accepted, edited, rejected and skipped (the last action counts)."""
        counts = Counter(self.outcomes.values())
        return {action: counts.get(action, 0) for action in ACTIONS}
