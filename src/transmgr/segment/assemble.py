"""Turn block content ranges into segments, keeping the verbatim text between them."""

from __future__ import annotations

import bisect

from transmgr.segment.model import Block, Segment
from transmgr.segment.sentences import split_sentences


class Builder:
    """Collects blocks of one source text as a parser finds them, in document order.

    A block is given as the character ranges of its content on each line (markers such as
    ``> `` or ``- `` excluded); everything outside those ranges stays verbatim.
    """

    def __init__(self, text: str, *, level: str = "paragraph", language: str = "en") -> None:
        self.text = text
        self.level = level
        self.language = language
        self.parts: list[str | Segment] = []
        self.blocks: list[Block] = []
        self._cursor = 0
        self.context: str | None = None  # msgctxt for the segments added now (set by the parser)
        self._line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset."""
        return bisect.bisect_right(self._line_starts, offset)

    def add_block(
        self,
        kind: str,
        ranges: list[tuple[int, int]],
        *,
        level: int = 0,
        ordered: bool = False,
        marker: str = "",
    ) -> None:
        """Add a block whose content lies in ``ranges`` (each within one line, in order)."""
        ranges = [(a, b) for a, b in ranges if b > a]
        if not ranges:
            return
        # Fold soft line breaks into single spaces, remembering where each folded char came from.
        folded: list[str] = []
        origin: list[int] = []
        for a, b in ranges:
            if folded:
                folded.append(" ")
                origin.append(a - 1)
            folded.append(self.text[a:b])
            origin.extend(range(a, b))
        flat = "".join(folded)
        if self.level == "sentence" and kind not in ("title", "heading"):
            spans = split_sentences(flat, self.language) or [(0, len(flat))]
        else:
            spans = [(0, len(flat))]
        segments: list[Segment] = []
        separators: list[str] = []
        previous_end: int | None = None
        for start, end in spans:
            src_start, src_end = origin[start], origin[end - 1] + 1
            if previous_end is not None:
                separators.append(self.text[previous_end:src_start])
            self._emit_verbatim(src_start)
            segment = Segment(
                text=flat[start:end],
                raw=self.text[src_start:src_end],
                kind=kind,
                line=self.line_of(src_start),
                context=self.context,
            )
            self.parts.append(segment)
            self._cursor = src_end
            segments.append(segment)
            previous_end = src_end
        self.blocks.append(
            Block(kind, segments[0].line, tuple(segments), level, ordered, marker, tuple(separators))
        )

    def _emit_verbatim(self, upto: int) -> None:
        if upto > self._cursor:
            self.parts.append(self.text[self._cursor:upto])
        self._cursor = max(self._cursor, upto)

    def finish(self) -> tuple[tuple[str | Segment, ...], tuple[Block, ...]]:
        """Close the document: the trailing verbatim text, then parts and blocks."""
        self._emit_verbatim(len(self.text))
        return tuple(self.parts), tuple(self.blocks)
