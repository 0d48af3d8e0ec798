"""Review by reference: what awaits review, and the review core's actions on the entries references name.

Every action goes through :class:`~transmgr.workflows.review.core.ReviewCore` (one conflict rule,
recorded in the history) and is written at once, atomically, with the PO header's
Last-Translator and PO-Revision-Date set to the person and the time of the action. Who that is
comes from :mod:`transmgr.workflows.review.identity`, what they see of an entry from
:mod:`transmgr.workflows.review.items`, and what a reference names from
:mod:`transmgr.workflows.review.refs`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transmgr.catalog import State, Unit
from transmgr.errors import ReviewError
from transmgr.workflows.project import Project
from transmgr.workflows.review.core import ReviewCore
from transmgr.workflows.review.identity import resolve_reviewer as resolve_reviewer  # documented here (docs/review.md)
from transmgr.workflows.review.items import ReviewItem, active_entries, queue_key, review_item
from transmgr.workflows.review.journal import Record, history_of
from transmgr.workflows.review.refs import locate_references
from transmgr.workflows.review.requests import Actor, Outcome, Request
from transmgr.workflows.review.store import CatalogStore

#: ``--state`` values: which entries a queue shows.
REVIEW_FILTERS: dict[str, Callable[[Unit], bool]] = {
    "all": lambda u: u.state in (State.DRAFT, State.TRANSLATED, State.STALE),  # awaiting review
    "draft": lambda u: u.state is State.DRAFT,
    "translated": lambda u: u.state is State.TRANSLATED,
    "stale": lambda u: u.state is State.STALE,
    "rejected": lambda u: u.rejected is not None,
    "suggestions": lambda u: bool(u.suggestions),
    "untranslated": lambda u: u.state is State.UNTRANSLATED,
    "reviewed": lambda u: u.state is State.REVIEWED,  # to see who approved what, or to review again
    "any": lambda u: True,
}


def review_filter(state: str) -> Callable[[Unit], bool]:
    """The test a ``--state`` value selects entries with."""
    try:
        return REVIEW_FILTERS[state]
    except KeyError:
        raise ReviewError(f"unknown review state {state!r}", hint=f"use one of {', '.join(REVIEW_FILTERS)}") from None


def list_review(
    project: Project, lang: str, docs: Sequence[str] | None = None, state: str = "all",
    *, store: CatalogStore | None = None,
) -> list[ReviewItem]:
    """The entries of ``lang`` that ``state`` selects (by default those awaiting review), in document
    order, but those a judge found errors in first (:func:`~.items.queue_key`)."""
    wanted = review_filter(state)
    store = store or CatalogStore(project, lang)
    found: list[tuple[tuple[int, float, int], ReviewItem]] = []
    for doc, catalog in store.catalogs(docs):
        for number, entry in enumerate(active_entries(catalog), start=1):
            if wanted(entry):
                found.append((queue_key(entry, len(found)), review_item(doc, lang, number, entry)))
    return [item for _, item in sorted(found, key=lambda pair: pair[0])]


@dataclass(frozen=True)
class ReviewResult:
    """One entry an action was applied to: as it was before, and its state after."""

    action: str
    before: ReviewItem
    after: State
    path: Path

    def as_dict(self, project: Project) -> dict[str, object]:
        return {"action": self.action, "ref": self.before.stable_ref, "id": self.before.uid,
                "number": self.before.number, "where": self.before.where, "before": self.before.state.value,
                "after": self.after.value, "path": project.relative(self.path)}


def _result(lang: str, outcome: Outcome) -> ReviewResult:
    before = review_item(outcome.request.doc, lang, outcome.number, outcome.before)
    return ReviewResult(outcome.request.action, before, outcome.after.state, outcome.path)


def act_on_references(project: Project, lang: str, refs: Sequence[str], action: str, *, actor: Actor | str,
                      docs: Sequence[str] | None = None, **values: Any) -> list[ReviewResult]:
    """Apply ``action`` (with the :class:`Request` fields ``values``) to every entry ``refs`` names:
    all resolved and decided before anything is written, so one bad reference changes nothing."""
    person = actor if isinstance(actor, Actor) else Actor(actor)
    store = CatalogStore(project, lang)
    core = ReviewCore(project, lang, person, store=store)
    with store.transaction():
        located = locate_references(store, refs, docs)
        requests = [Request(loc.doc, loc.entry.uid, action, seen=loc.entry.revision, **values) for loc in located]
        applied = core.apply(requests)
    return [_result(store.lang, outcome) for outcome in applied.outcomes]


def accept_references(project: Project, lang: str, refs: Sequence[str], *, reviewer: str | Actor,
                      docs: Sequence[str] | None = None) -> list[ReviewResult]:
    """Accept the referenced entries."""
    return act_on_references(project, lang, refs, "accept", actor=reviewer, docs=docs)


def reject_references(project: Project, lang: str, refs: Sequence[str], *, reviewer: str | Actor,
                      note: str | None = None, clear: bool = False,
                      docs: Sequence[str] | None = None) -> list[ReviewResult]:
    """Reject the referenced entries: kept as rejected drafts with ``note``, or with ``clear`` untranslated."""
    return act_on_references(project, lang, refs, "reject", actor=reviewer, docs=docs, note=note, clear=clear)


def edit_reference(project: Project, lang: str, ref: str, text: str, *, reviewer: str | Actor,
                   accept: bool = True, docs: Sequence[str] | None = None) -> ReviewResult:
    """Replace the referenced entry's translation with ``text`` (and, with ``accept``, accept it)."""
    return act_on_references(project, lang, [ref], "edit", actor=reviewer, docs=docs, text=text, accept=accept)[0]


def undo_references(project: Project, lang: str, refs: Sequence[str], *, reviewer: str | Actor,
                    docs: Sequence[str] | None = None) -> list[ReviewResult]:
    """Undo the last recorded action on each referenced entry (refused if the entry changed since)."""
    return act_on_references(project, lang, refs, "revert", actor=reviewer, docs=docs)


def reference_history(project: Project, lang: str, ref: str,
                      docs: Sequence[str] | None = None) -> tuple[ReviewItem, list[Record]]:
    """The entry ``ref`` names and its history, oldest first."""
    store = CatalogStore(project, lang)
    located = locate_references(store, [ref], docs)[0]
    core = ReviewCore(project, lang, Actor("-"), store=store)
    return (review_item(located.doc, store.lang, located.number, located.entry),
            history_of(core.journal(located.doc), located.entry.uid))
