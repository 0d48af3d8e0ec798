"""Walk an edition as the HTML and text editions see it: blocks, and the verbatim source between them.

Segments carry the translatable text; what lies between blocks in a Markdown source (code,
tables, thematic breaks, HTML blocks) is untranslated and comes back here as
:class:`Verbatim` items so that the editions keep it where the source has it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from transmgr.editions.model import Edition, Piece
from transmgr.segment import Block, Segment
from transmgr.segment.syntax import CODE_FENCE as _FENCE
from transmgr.segment.syntax import SETEXT_UNDERLINE as _SETEXT
from transmgr.segment.syntax import TABLE_ROW as _TABLE
from transmgr.segment.syntax import THEMATIC_BREAK as _BREAK

_HTML = re.compile(r"^ {0,3}<")
_COMMENT = re.compile(r"^ {0,3}<!--")
_INDENTED = re.compile(r"^(    |\t)")


@dataclass(frozen=True)
class Verbatim:
    """Untranslated source between blocks: ``code``, ``rule``, ``table`` or ``html``."""

    kind: str
    text: str


@dataclass(frozen=True)
class BlockItem:
    """A block with the pieces of its segments."""

    block: Block
    pieces: tuple[Piece, ...]

    @property
    def shown(self) -> tuple[Piece, ...]:
        return tuple(p for p in self.pieces if p.shown)


def walk_edition(edition: Edition) -> Iterator[BlockItem | Verbatim]:
    """Blocks and verbatim items in document order; a block whose pieces are all omitted is skipped."""
    document = edition.document
    block_of = {id(seg): n for n, block in enumerate(document.blocks) for seg in block.segments}
    gaps: list[list[str]] = [[] for _ in range(len(document.blocks) + 1)]
    current = 0  # the gap being collected: the one before block `current`
    parts = document.parts
    for i, part in enumerate(parts):
        if isinstance(part, Segment):
            current = block_of[id(part)] + 1
            continue
        before = parts[i - 1] if i > 0 else None
        after = parts[i + 1] if i + 1 < len(parts) else None
        if isinstance(before, Segment) and isinstance(after, Segment) and block_of[id(before)] == block_of[id(after)]:
            continue  # the separator between two sentences of one block
        gaps[current].append(part)
    pieces = [p for _, p in edition.block_pieces()]
    markdown = document.fmt == "markdown"
    for n, block in enumerate(document.blocks):
        if markdown:
            yield from _verbatim("".join(gaps[n]), first=n == 0, last=False)
        item = BlockItem(block, pieces[n])
        if item.shown:
            yield item
    if markdown:
        yield from _verbatim("".join(gaps[-1]), first=not document.blocks, last=True)


def _verbatim(gap: str, *, first: bool, last: bool) -> Iterator[Verbatim]:
    lines = gap.split("\n")
    # The first piece is the rest of the previous block's line, the last the next block's prefix.
    start = 0 if first else 1
    end = len(lines) if last else len(lines) - 1
    body = lines[start:end]
    i = 0
    if not first and body and _SETEXT.match(body[0]):
        i = 1  # the underline of a setext heading, right under its text
    if first and body and body[0].strip() == "---":
        close = next((j for j in range(1, len(body)) if body[j].strip() in ("---", "...")), None)
        if close is not None:
            i = close + 1
    while i < len(body):
        line = body[i]
        fence = _FENCE.match(line)
        if fence:
            j = i + 1
            while j < len(body) and not body[j].strip().startswith(fence.group(1)):
                j += 1
            yield Verbatim("code", "\n".join(body[i + 1:j]))
            i = j + 1
        elif _BREAK.match(line):
            yield Verbatim("rule", "")
            i += 1
        elif _TABLE.match(line) or (_HTML.match(line) and not _COMMENT.match(line)):
            kind = "table" if _TABLE.match(line) else "html"
            j = i
            while j < len(body) and body[j].strip():
                j += 1
            yield Verbatim(kind, "\n".join(body[i:j]))
            i = j
        elif _COMMENT.match(line):
            while i < len(body) and "-->" not in body[i]:
                i += 1
            i += 1
        elif _INDENTED.match(line) and line.strip():
            j = i
            while j < len(body) and (not body[j].strip() or _INDENTED.match(body[j])):
                j += 1
            text = "\n".join(row[4:] if row.startswith("    ") else row[1:] for row in body[i:j])
            yield Verbatim("code", text.rstrip("\n"))
            i = j
        else:
            i += 1  # blank lines, div fences, setext underlines, quote markers, link definitions
