"""The Markdown edition: the source document with every segment replaced by its piece of text.

(For a plain-text source it is the same plain text; the text edition reuses it.)

Built on :meth:`Document.render`, so everything that is not a segment (markers, blank lines,
code, tables, front matter) is copied from the source byte for byte, and a segment whose text
equals its msgid keeps its exact source slice: the source-language edition reproduces the source.
"""

from __future__ import annotations

import re

from transmgr.editions.chars import one_line
from transmgr.editions.guard import fit_markdown
from transmgr.editions.model import Edition, Status
from transmgr.segment import Block, Document, Segment

_SETEXT_LINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*(\n|$)")


def render_markdown(edition: Edition) -> str:
    """The Markdown text of ``edition`` (omitted segments and emptied blocks removed)."""
    document = edition.document
    pieces = edition.piece_map()
    dropped = {key for key, piece in pieces.items() if not piece.shown}
    if dropped:
        document = drop_segments(document, dropped)

    markdown = document.fmt == "markdown"

    def translate(segment: Segment) -> str | None:
        piece = pieces[id(segment)]
        if piece.status in (Status.FALLBACK, Status.SOURCE) or piece.text == segment.text:
            return None
        # Plain text has no markup to guard, but a line break there still starts a new paragraph.
        text = fit_markdown(piece.text, segment.text) if markdown else one_line(piece.text).strip()
        return text or None  # nothing left (spaces, control characters): an empty block would vanish

    return document.render(translate)


def drop_segments(document: Document, dropped: set[int]) -> Document:
    """A copy of ``document`` without the segments whose ``id`` is in ``dropped``.

    A block left without segments disappears with its markers (``# ``, ``- ``, ``> ``, a setext
    underline) and one of the blank lines around it; a dropped sentence takes its separator along.
    """
    parts: list[str | Segment | None] = list(document.parts)
    where = {id(part): i for i, part in enumerate(parts) if isinstance(part, Segment)}
    blocks = []
    for block in document.blocks:
        kept = tuple(seg for seg in block.segments if id(seg) not in dropped)
        if len(kept) == len(block.segments):
            blocks.append(block)
            continue
        places = [where[id(seg)] for seg in block.segments]
        if not kept:
            _remove_block(parts, places[0], places[-1])
            continue
        for seg, place in zip(block.segments, places):
            if id(seg) in dropped:
                parts[place] = None
                # The separator after it, or before it when it is the block's last segment.
                side = place + 1 if place != places[-1] else place - 1
                if 0 <= side < len(parts) and isinstance(parts[side], str):
                    parts[side] = None
        separators = tuple(
            sep for sep, seg in zip(block.separators, block.segments[1:]) if id(seg) not in dropped
        )[: len(kept) - 1]
        blocks.append(Block(block.kind, kept[0].line, kept, block.level, block.ordered, block.marker, separators))
    return Document(
        name=document.name, path=document.path, fmt=document.fmt,
        parts=tuple(p for p in parts if p is not None and p != ""), blocks=tuple(blocks),
    )


def _remove_block(parts: list[str | Segment | None], first: int, last: int) -> None:
    for i in range(first, last + 1):
        parts[i] = None
    before = parts[first - 1] if first > 0 else None
    after = parts[last + 1] if last + 1 < len(parts) else None
    blank_before = first == 0
    if isinstance(before, str):
        cut = before.rfind("\n")
        before = before[: cut + 1]
        blank_before = before.endswith("\n\n") or (before == "" and not any(parts[: first - 1]))
        parts[first - 1] = before
    if isinstance(after, str):
        cut = after.find("\n")
        after = "" if cut < 0 else after[cut + 1:]
        setext = _SETEXT_LINE.match(after)
        if setext:
            after = after[setext.end():]
        if blank_before and after.startswith("\n"):
            after = after[1:]
        parts[last + 1] = after
