"""Status: segments and words per state, per document and language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from transmgr.catalog import STATES, Catalog, State
from transmgr.catalog.assessment import Assessment, score_of
from transmgr.formats.base import count_words
from transmgr.segment import Document

if TYPE_CHECKING:
    from transmgr.formats import Format
    from transmgr.workflows.project import Project



@dataclass(frozen=True)
class StatusRow:
    """The progress of one language on one document."""

    doc: str
    lang: str
    segments: dict[str, int] = field(default_factory=dict)
    words: dict[str, int] = field(default_factory=dict)
    exists: bool = True
    flagged: dict[str, int] = field(default_factory=dict)  # units a judge found errors in, by the worst severity
    score: float | None = None  # the document's score over its assessed words (None: nothing assessed)
    entries: int = 0  # distinct segments (a PO entry each); a repeated paragraph is one entry, two segments

    @property
    def total_segments(self) -> int:
        return sum(self.segments.values())

    @property
    def total_words(self) -> int:
        return sum(self.words.values())

    @property
    def done_words(self) -> int:
        """Words in entries that count as translated (translated, reviewed or stale)."""
        return sum(self.words[s] for s in ("translated", "reviewed", "stale"))

    @property
    def percent_done(self) -> float:
        """Share of source words translated, as a percentage."""
        return 100.0 * self.done_words / self.total_words if self.total_words else 100.0

    @property
    def percent_reviewed(self) -> float:
        return 100.0 * self.words["reviewed"] / self.total_words if self.total_words else 100.0

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready mapping."""
        return {
            "doc": self.doc, "lang": self.lang, "exists": self.exists,
            "segments": dict(self.segments), "words": dict(self.words),
            "total_segments": self.total_segments, "entries": self.entries, "total_words": self.total_words,
            "percent_done": round(self.percent_done, 2), "percent_reviewed": round(self.percent_reviewed, 2),
            "flagged": dict(self.flagged), "score": self.score,
        }


def catalog_status(catalog: Catalog | None, document: Document, words_of: list[int], lang: str) -> StatusRow:
    """Count the segments of the source as it is now by the state of their entry in ``catalog``.

    Every occurrence counts, as the build's threshold and the colophon count them: a segment that
    the document repeats weighs twice. A segment with no entry (the catalog is missing, or older
    than the source) is untranslated. ``words_of`` holds the words of each segment, in order.
    """
    segments = {s.value: 0 for s in STATES}
    words = {s.value: 0 for s in STATES}
    flagged: dict[str, int] = {}
    judged: list[tuple[Assessment, int]] = []
    keys = set()
    for segment, count in zip(document.segments(), words_of):
        keys.add((segment.context, segment.text))
        entry = catalog.get((segment.context, segment.text)) if catalog is not None else None
        state = entry.state if entry is not None else State.UNTRANSLATED
        segments[state.value] += 1
        words[state.value] += count
        found = entry.assessment if entry is not None else None
        if found is not None and found.current:
            judged.append((found, count))
            if found.flagged and found.worst:
                flagged[found.worst] = flagged.get(found.worst, 0) + 1
    return StatusRow(document.name, lang, segments, words, exists=catalog is not None, flagged=flagged,
                     score=document_score(judged), entries=len(keys))


def document_score(judged: list[tuple[Assessment, int]]) -> float | None:
    """The score of a document from its units' current assessments and their source words: 100
    minus the MQM penalty per 100 assessed words (errors a reviewer overruled do not count)."""
    if not judged:
        return None
    errors = [error for found, _ in judged if found.overruled is None for error in found.errors]
    return score_of(errors, sum(words for _, words in judged))


def status(project: Project, docs: list[str] | None = None, langs: list[str] | None = None) -> list[StatusRow]:
    """Status rows for every selected document and language, in that order.

    Counts are taken against the source documents as they are now, not against the PO files, so
    a source edited since the last ``transmgr update`` shows its new segments as untranslated.
    """
    from transmgr.workflows.segment_cache import segmented

    rows = []
    languages = project.languages(langs)
    for doc in project.documents(docs):
        document, words = segmented(project, doc)
        for lang in languages:
            rows.append(catalog_status(project.load_catalog(lang, doc.name), document, words, lang))
    return rows


def edition_score(resolved: Any, fmt: Format) -> float | None:
    """The score of one language's edition of a document (see :func:`document_score`)."""
    catalog = resolved.catalog
    judged = []
    for segment in resolved.edition.document.segments():
        entry = catalog.get((segment.context, segment.text)) if catalog is not None else None
        found = entry.assessment if entry is not None else None
        if found is not None and found.current:
            judged.append((found, count_words(segment.text, fmt)))
    return document_score(judged)
