"""An entry as the reviewer sees it (:class:`ReviewItem`), and how entries are numbered for review."""

from __future__ import annotations

from dataclasses import dataclass

from transmgr.catalog import Catalog, State, Unit
from transmgr.catalog.assessment import Assessment
from transmgr.catalog.model import Key, Suggestion


@dataclass(frozen=True)
class ReviewItem:
    """One entry as the reviewer sees it: where it is, its text, state and history."""

    doc: str
    lang: str
    number: int
    references: tuple[str, ...]
    kind: str
    msgctxt: str | None
    msgid: str
    msgstr: str
    state: State
    origin: str | None
    previous_msgid: str | None
    note: str | None
    reviewed_by: str | None
    reviewed_on: str | None
    line: int | None = None
    uid: str = ""
    revision: str = ""
    suggestions: tuple[Suggestion, ...] = ()
    rejected_by: str | None = None
    editor: str | None = None
    assessment: Assessment | None = None  # the judge's current verdict, if it found errors nobody overruled

    @property
    def ref(self) -> str:
        """``doc#number``: a reference valid whatever documents are in scope, until the catalog changes."""
        return f"{self.doc}#{self.number}"

    @property
    def stable_ref(self) -> str:
        """``doc#<unit id>``: a reference that stays valid when other units move."""
        return f"{self.doc}#{self.uid}"

    @property
    def key(self) -> Key:
        return (self.msgctxt, self.msgid)

    @property
    def where(self) -> str:
        """The first ``#:`` reference (file:line), or :attr:`ref` when the entry has none."""
        return self.references[0] if self.references else self.ref

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready mapping."""
        return {
            "ref": self.stable_ref, "id": self.uid, "revision": self.revision, "doc": self.doc, "lang": self.lang,
            "number": self.number,
            "references": list(self.references), "kind": self.kind, "state": self.state.value,
            "origin": self.origin, "msgctxt": self.msgctxt, "msgid": self.msgid, "msgstr": self.msgstr,
            "previous_msgid": self.previous_msgid, "note": self.note,
            "reviewed_by": self.reviewed_by, "reviewed_on": self.reviewed_on, "rejected_by": self.rejected_by,
            "translator": self.editor,
            "suggestions": [{"by": s.by, "date": s.date, "text": s.text} for s in self.suggestions],
            "assessment": None if self.assessment is None else {
                "judge": self.assessment.judge, "score": self.assessment.score,
                "errors": [{"severity": e.severity, "category": e.category, "span": e.span, "note": e.note}
                           for e in self.assessment.errors]},
        }


def active_entries(catalog: Catalog) -> list[Unit]:
    """The entries that are not obsolete, in file (= document) order; entry numbers count these."""
    return [entry for entry in catalog if not entry.obsolete]


_RANK = {"critical": 0, "major": 1}


def queue_key(entry: Unit, position: int) -> tuple[int, float, int]:
    """Where ``entry`` (the ``position``-th of its document) stands in a review queue: units a judge
    found critical errors in first, then major ones, then by the judge's score (lowest first; an
    unassessed unit counts as 100), in document order otherwise."""
    found = entry.assessment
    if found is None or not found.current:
        return (2, 100.0, position)
    rank = _RANK.get(found.worst or "", 2) if found.flagged else 2
    return (rank, found.score if found.overruled is None else 100.0, position)


def review_item(doc: str, lang: str, number: int, entry: Unit) -> ReviewItem:
    """The :class:`ReviewItem` of ``entry``, the ``number``-th active entry of ``doc``'s catalog."""
    stamp = entry.stamp
    return ReviewItem(
        doc=doc, lang=lang, number=number,
        references=tuple(f"{path}:{line}" if line else path for path, line in entry.references),
        kind=entry.note, msgctxt=entry.msgctxt, msgid=entry.msgid, msgstr=entry.msgstr,
        state=entry.state, origin=entry.origin, previous_msgid=entry.previous_msgid or None,
        note=entry.review_note, reviewed_by=stamp.who if stamp else None,
        reviewed_on=stamp.date if stamp else None, line=entry.line, uid=entry.uid, revision=entry.revision,
        suggestions=entry.suggestions, rejected_by=entry.rejected.who if entry.rejected else None,
        editor=entry.editor.who if entry.editor else None,
        assessment=entry.assessment if entry.assessment is not None and entry.assessment.flagged else None,
    )
