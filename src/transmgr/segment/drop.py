"""Leaving segments out of a document: the ``omit`` policy of editions that are not complete."""

from __future__ import annotations

from collections.abc import Callable

from transmgr.segment.model import Block, Document, Segment


def drop_segments(document: Document, dropped: set[int], tidy: Callable[[str], str] = str) -> Document:
    """A copy of ``document`` without the segments whose ``id`` is in ``dropped``.

    A block of prose left without segments disappears with the rest of its lines (markers such as
    ``# ``, ``- ``, ``> ``) and one of the blank lines around it; ``tidy`` gets the text after it
    and may remove more (a setext underline). A dropped sentence takes its separator along. A
    segment inside other syntax (a table cell, an alt text, a value) leaves that syntax, empty.
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
            _remove_block(parts, places[0], places[-1], tidy, inline=block.segments[0].slot == "inline")
            continue
        for seg, place in zip(block.segments, places):
            if id(seg) in dropped:
                parts[place] = None
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


def _remove_block(parts: list[str | Segment | None], first: int, last: int, tidy: Callable[[str], str], *,
                  inline: bool) -> None:
    for i in range(first, last + 1):
        parts[i] = None
    if not inline:
        return  # a cell, an alt text, a value: the syntax around it stays, empty
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
        after = tidy("" if cut < 0 else after[cut + 1:])
        if blank_before and after.startswith("\n"):
            after = after[1:]
        parts[last + 1] = after
