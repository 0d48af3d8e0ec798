"""Segment plain text: paragraphs are separated by blank lines; nothing else is markup."""

from __future__ import annotations

from transmgr.segment.assemble import Builder


def parse_text(builder: Builder, text: str) -> None:
    """Feed the paragraphs of plain ``text`` to ``builder``."""
    ranges: list[tuple[int, int]] = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        if body.strip():
            lead = len(body) - len(body.lstrip())
            ranges.append((offset + lead, offset + len(body.rstrip())))
        elif ranges:
            builder.add_block("paragraph", ranges)
            ranges = []
        offset += len(raw)
    if ranges:
        builder.add_block("paragraph", ranges)
