"""Review: what awaits review, and accepting, rejecting or editing the entries references name.

Every action is written at once, atomically, with the PO header's Last-Translator and
PO-Revision-Date set to the reviewer and the time of the action. Who the reviewer is comes from
:mod:`transmgr.workflows.review.identity`, what they see of an entry from
:mod:`transmgr.workflows.review.items`, the catalogs from :mod:`transmgr.workflows.review.store`
and what a reference names from :mod:`transmgr.workflows.review.refs`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from transmgr.catalog import State, Unit, accept, reject, set_translation
from transmgr.errors import ReviewError
from transmgr.workflows.project import Project
from transmgr.workflows.review.identity import one_line
from transmgr.workflows.review.identity import resolve_reviewer as resolve_reviewer  # documented here (docs/review.md)
from transmgr.workflows.review.items import ReviewItem, active_entries, review_item
from transmgr.workflows.review.refs import Located, locate_references
from transmgr.workflows.review.store import CatalogStore

REVIEW_FILTERS: dict[str, tuple[State, ...]] = {
    "draft": (State.DRAFT,),
    "translated": (State.TRANSLATED,),
    "stale": (State.STALE,),
    "all": (State.DRAFT, State.TRANSLATED, State.STALE),
    "reviewed": (State.REVIEWED,),  # not awaiting review: to see who approved what, or to review again
}


def review_states(state: str) -> tuple[State, ...]:
    """The states a ``--state`` value selects."""
    try:
        return REVIEW_FILTERS[state]
    except KeyError:
        raise ReviewError(f"unknown review state {state!r}", hint=f"use one of {', '.join(REVIEW_FILTERS)}") from None


def list_review(
    project: Project, lang: str, docs: Sequence[str] | None = None, state: str = "all",
    *, store: CatalogStore | None = None,
) -> list[ReviewItem]:
    """What awaits review in ``lang``: entries in the states ``state`` selects, in document order."""
    wanted = review_states(state)
    store = store or CatalogStore(project, lang)
    items = []
    for doc, catalog in store.catalogs(docs):
        for number, entry in enumerate(active_entries(catalog), start=1):
            if entry.state in wanted:
                items.append(review_item(doc, lang, number, entry))
    return items


def accept_entry(entry: Unit, who: str, *, day: dt.date | None = None) -> Unit:
    """``entry`` reviewed by ``who``; an untranslated entry is a :class:`ReviewError`."""
    if not entry.translated_fully:
        raise ReviewError("an untranslated entry cannot be accepted", line=entry.line,
                          hint="translate it first, or press e to write the translation")
    return accept(entry, who, day=day)


def reject_entry(entry: Unit, who: str, *, note: str | None = None, keep_draft: bool = False,
                 day: dt.date | None = None) -> Unit:
    """``entry`` sent back to untranslated, or kept as a draft; ``note`` tells the translator why."""
    return reject(entry, keep_as_draft=keep_draft, note=one_line(note) if note else None, who=who, day=day)


def edited_origin(origin: str | None) -> str:
    """The origin recorded for a translation the reviewer edited: ``<old origin> edited``."""
    if not origin:
        return "edited"
    return origin if origin == "edited" or origin.endswith(" edited") else f"{origin} edited"


def edit_entry(entry: Unit, text: str, who: str, *, day: dt.date | None = None) -> Unit:
    """``entry`` with the reviewer's ``text`` as its translation, reviewed by them."""
    if entry.msgid_plural:
        raise ReviewError("plural entries cannot be edited here", line=entry.line,
                          hint="edit it in a PO editor, then accept it")
    if not text.strip():
        raise ReviewError("an empty translation cannot be saved", hint="reject the entry instead (r)")
    return accept(set_translation(entry, text, edited_origin(entry.origin), day=day), who, day=day)


@dataclass(frozen=True)
class ReviewResult:
    """One entry an action was applied to: as it was before, and its state after."""

    action: str
    before: ReviewItem
    after: State
    path: Path

    def as_dict(self, project: Project) -> dict[str, object]:
        return {"action": self.action, "ref": self.before.ref, "where": self.before.where,
                "before": self.before.state.value, "after": self.after.value, "path": project.relative(self.path)}


def _apply(store: CatalogStore, located: list[Located], action: str, who: str,
           apply: Callable[[Unit], Unit]) -> list[ReviewResult]:
    results = []
    changed: dict[str, None] = {}
    for loc in located:
        before = review_item(loc.doc, store.lang, loc.number, loc.entry)
        after = apply(loc.entry)
        if after != loc.entry:
            store.put(loc.doc, after, replacing=loc.entry)
            changed[loc.doc] = None
        results.append(ReviewResult(action, before, after.state, store.path(loc.doc)))
    for doc in changed:  # a no-op (rejecting an untranslated entry) leaves the file and its header alone
        store.save(doc, who)
    return results


def accept_references(project: Project, lang: str, refs: Sequence[str], *, reviewer: str,
                      docs: Sequence[str] | None = None) -> list[ReviewResult]:
    """Accept the referenced entries (all checked before anything is written)."""
    store = CatalogStore(project, lang)
    with store.transaction():
        located = locate_references(store, refs, docs)
        for loc in located:
            if not loc.entry.translated_fully:
                raise ReviewError(f"{loc.ref}: an untranslated entry cannot be accepted", path=store.path(loc.doc),
                                  line=loc.entry.line, hint="translate it first; nothing was changed")
        return _apply(store, located, "accept", reviewer, lambda entry: accept_entry(entry, reviewer))


def reject_references(project: Project, lang: str, refs: Sequence[str], *, reviewer: str, note: str | None = None,
                      keep_draft: bool = False, docs: Sequence[str] | None = None) -> list[ReviewResult]:
    """Reject the referenced entries: back to untranslated, or kept as drafts with ``note``."""
    store = CatalogStore(project, lang)
    with store.transaction():
        located = locate_references(store, refs, docs)
        return _apply(store, located, "reject", reviewer,
                      lambda entry: reject_entry(entry, reviewer, note=note, keep_draft=keep_draft))


def edit_reference(project: Project, lang: str, ref: str, text: str, *, reviewer: str,
                   docs: Sequence[str] | None = None) -> ReviewResult:
    """Replace the referenced entry's translation with ``text``, reviewed by ``reviewer``."""
    store = CatalogStore(project, lang)
    with store.transaction():
        located = locate_references(store, [ref], docs)
        return _apply(store, located, "edit", reviewer, lambda entry: edit_entry(entry, text, reviewer))[0]
