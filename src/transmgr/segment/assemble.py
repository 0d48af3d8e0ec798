"""Turn block content ranges into segments, keeping the verbatim text between them."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from transmgr.segment.model import Block, Segment

_NEWLINE = re.compile("\n")


class Builder:
    """Collects blocks of one source text as a parser finds them, in document order.

    A block is given as the character ranges of its content on each line (markers such as
    ``> `` or ``- `` excluded); everything outside those ranges stays verbatim.
    """

    def __init__(self, text: str, *, level: str = "paragraph", language: str = "en",
                 mask: Callable[[str], str] | None = None) -> None:
        self.text = text
        self.level = level
        self.language = language
        self.mask = mask  # hides a block's syntax from the sentence splitter (offsets kept)
        self.parts: list[str | Segment] = []
        self.blocks: list[Block] = []
        self._cursor = 0
        self.context: str | None = None  # msgctxt for the segments added now (set by the parser)
        self._line_starts = [0] + [match.end() for match in _NEWLINE.finditer(text)]

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
        slot: str = "inline",
        hard_breaks: bool = False,
        sentences: bool = True,
        text_of: Callable[[str], str] | None = None,
    ) -> None:
        """Add a block whose content lies in ``ranges`` (each within one line, in order).

        Lines are folded into one with a space between them; with ``hard_breaks`` a line that ends
        in a hard break (two spaces or a backslash, kept in its range) is followed by a newline
        instead. At sentence level the block is split into sentences unless ``sentences`` is False.
        ``text_of`` turns the folded source into the msgid when they differ (a quoted YAML value
        whose escapes the translator should not see).
        """
        ranges = [(a, b) for a, b in ranges if b > a]
        if not ranges:
            return
        # Fold soft line breaks into single spaces, remembering where each folded char came from.
        folded: list[str] = []
        origin: list[int] = []
        line_break = "\n"
        for n, (a, b) in enumerate(ranges):
            if folded:
                previous = folded[-1]
                hard = hard_breaks and (previous.endswith("  ") or previous.endswith("\\"))
                folded.append("\n" if hard else " ")
                origin.append(a - 1)
                if n == 1 or (hard and line_break == "\n"):
                    line_break = "\n" + self.text[self._line_start(a):a]
            folded.append(self.text[a:b])
            origin.extend(range(a, b))
        flat = "".join(folded)
        if self.level == "sentence" and sentences and kind not in ("title", "heading"):
            from transmgr.segment.sentences import split_sentences  # pysbd: only at sentence level

            masked = self.mask(flat) if self.mask is not None else None
            spans = split_sentences(flat, self.language, masked) or [(0, len(flat))]
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
                text=text_of(flat[start:end]) if text_of is not None else flat[start:end],
                raw=self.text[src_start:src_end],
                kind=kind,
                line=self.line_of(src_start),
                context=self.context,
                slot=slot,
                line_break=line_break,
            )
            self.parts.append(segment)
            self._cursor = src_end
            segments.append(segment)
            previous_end = src_end
        self.blocks.append(
            Block(kind, segments[0].line, tuple(segments), level, ordered, marker, tuple(separators))
        )

    def _line_start(self, offset: int) -> int:
        return self._line_starts[self.line_of(offset) - 1]

    def _emit_verbatim(self, upto: int) -> None:
        if upto > self._cursor:
            self.parts.append(self.text[self._cursor:upto])
        self._cursor = max(self._cursor, upto)

    def finish(self) -> tuple[tuple[str | Segment, ...], tuple[Block, ...]]:
        """Close the document: the trailing verbatim text, then parts and blocks."""
        self._emit_verbatim(len(self.text))
        return tuple(self.parts), tuple(self.blocks)
