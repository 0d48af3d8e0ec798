"""An interactive review session without the terminal: a queue of entries, a position, saved actions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from transmgr.errors import ReviewError
from transmgr.workflows.project import Project
from transmgr.workflows.review.actions import list_review
from transmgr.workflows.review.context import ContextBuilder, ReviewContext
from transmgr.workflows.review.core import ReviewCore
from transmgr.workflows.review.items import Key, ReviewItem, review_item
from transmgr.workflows.review.requests import Actor, Request
from transmgr.workflows.review.store import CatalogStore

ACTIONS = ("accepted", "edited", "rejected", "skipped")


class ReviewSession:
    """The entries that awaited review when the session began, reviewed one at a time.

    Every action goes through the review core: it refuses to act when the entry is no longer the
    one the reviewer was shown (changed on disk, or gone), and writes the file at once (atomically).
    """

    def __init__(self, project: Project, lang: str, *, reviewer: str, docs: Sequence[str] | None = None,
                 state: str = "all") -> None:
        self.project = project
        self.lang = lang
        self.reviewer = reviewer
        self.store = CatalogStore(project, lang)
        self.core = ReviewCore(project, lang, Actor(reviewer, via="terminal"), store=self.store)
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

    def _act(self, seen: ReviewItem, outcome: str, request: Request) -> ReviewItem:
        done = self.core.apply([request]).outcomes[0]
        if done.changed:
            self.saved[done.path] = None
        self.outcomes[(seen.doc, seen.key)] = outcome
        self.position += 1
        return review_item(seen.doc, self.lang, done.number, done.after)

    def accept(self, seen: ReviewItem) -> ReviewItem:
        """Mark the shown entry reviewed, save, and move on."""
        return self._act(seen, "accepted", Request(seen.doc, seen.uid, "accept", seen=seen.revision))

    def edit(self, seen: ReviewItem, text: str, *, accept: bool = True) -> ReviewItem:
        """Save the reviewer's ``text`` as the translation (accepted, unless ``accept`` is False), and move on."""
        return self._act(seen, "edited", Request(seen.doc, seen.uid, "edit", seen=seen.revision, text=text,
                                                 accept=accept))

    def reject(self, seen: ReviewItem, *, note: str | None = None, clear: bool = False) -> ReviewItem:
        """Send the shown entry back (a rejected draft with ``note``, or with ``clear`` untranslated), save, and move on."""
        return self._act(seen, "rejected", Request(seen.doc, seen.uid, "reject", seen=seen.revision, note=note,
                                                   clear=clear))

    def undo(self, seen: ReviewItem) -> ReviewItem:
        """Undo the last recorded action on the shown entry (it stays the current one)."""
        done = self.core.apply([Request(seen.doc, seen.uid, "revert", seen=seen.revision)]).outcomes[0]
        if done.changed:
            self.saved[done.path] = None
        self.outcomes.pop((seen.doc, seen.key), None)
        return review_item(seen.doc, self.lang, done.number, done.after)

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
