"""What every edition renders: a document with one resolved piece of text per segment."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from transmgr.segment import Block, Document


class Status(str, enum.Enum):
    """Where the text shown for one segment comes from; values appear in results and CSS classes."""

    REVIEWED = "reviewed"
    TRANSLATED = "translated"
    STALE = "stale"
    DRAFT = "draft"
    SOURCE = "source"  # the source-language edition showing its own text
    FALLBACK = "fallback"  # untranslated: the source text, in the source language
    OMITTED = "omitted"  # untranslated and left out


#: How the Markdown edition marks a segment that shows its source text because it is not translated
#: (``untranslated = "fallback"``): a comment a reader never sees, which ``transmgr import`` knows.
UNTRANSLATED_COMMENT = "<!-- untranslated -->"
#: The attribute a web page edition puts on a stand-in's wrapper.
UNTRANSLATED_ATTRIBUTE = "data-transmgr-untranslated"

#: Statuses whose text is a translation a person made or accepted.
TRANSLATED_STATUSES = (Status.REVIEWED, Status.TRANSLATED, Status.STALE)


@dataclass(frozen=True)
class Piece:
    """The text shown for one segment, in msgid form (inline Markdown kept)."""

    text: str
    status: Status

    @property
    def shown(self) -> bool:
        return self.status is not Status.OMITTED


@dataclass(frozen=True)
class Edition:
    """One document in one language, ready to render.

    ``pieces`` has one entry per segment, in document order; ``words`` counts the source words
    of the segments in each status (the unit of the colophon's shares and of the threshold).
    """

    document: Document
    lang: str
    source_lang: str
    pieces: tuple[Piece, ...]
    words: Mapping[Status, int] = field(default_factory=dict)

    @property
    def is_source(self) -> bool:
        return self.lang == self.source_lang

    @property
    def total_words(self) -> int:
        return sum(self.words.values())

    def share(self, *statuses: Status) -> float:
        """The share (0..1) of source words whose segments have one of ``statuses``."""
        total = self.total_words
        return sum(self.words.get(s, 0) for s in statuses) / total if total else 0.0

    def piece_map(self) -> dict[int, Piece]:
        """``id(segment) -> piece``: segments are looked up by identity, so repeated texts stay apart.
        Made once per edition (every edition format asks for it): callers read it, never change it."""
        made = self.__dict__.get("_piece_map")
        if made is None:
            made = {id(seg): piece for seg, piece in zip(self.document.segments(), self.pieces)}
            object.__setattr__(self, "_piece_map", made)
        return made

    def block_pieces(self) -> Iterator[tuple[Block, tuple[Piece, ...]]]:
        """Every block with the pieces of its segments."""
        pieces = self.piece_map()
        for block in self.document.blocks:
            yield block, tuple(pieces[id(seg)] for seg in block.segments)

    def title(self) -> str | None:
        """The (translated) title in msgid form, or None when the document has none or it is left out."""
        for block, pieces in self.block_pieces():
            if block.kind == "title":
                texts = [p.text for p in pieces if p.shown]
                return block.join(texts) if texts else None
        return None

    @property
    def has_drafts(self) -> bool:
        return any(p.status is Status.DRAFT for p in self.pieces)


def source_edition(document: Document, lang: str, words: Mapping[Status, int] | None = None) -> Edition:
    """The source document as an edition of itself (every segment shows its source text)."""
    pieces = tuple(Piece(seg.text, Status.SOURCE) for seg in document.segments())
    return Edition(document, lang, lang, pieces, dict(words or {}))


