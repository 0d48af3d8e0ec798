"""Plain text: paragraphs separated by blank lines, and no syntax at all: the text :class:`Format`."""

from __future__ import annotations

import html
from pathlib import Path

from transmgr.editions.chars import one_line
from transmgr.editions.model import Edition, Piece, Status
from transmgr.formats.base import Inline, marked_piece, read_source, typeset, with_prose_spans
from transmgr.segment.assemble import Builder
from transmgr.segment.model import Document, Segment


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


class TextFormat:
    """Plain text: every paragraph is a segment; placeholders and URLs are its only syntax."""

    name: str = "text"
    edition_suffix: str = ".txt"  # its own edition is its text edition

    def read(self, path: Path) -> str:
        return read_source(path)

    def parse(self, builder: Builder, text: str) -> None:
        parse_text(builder, text)

    def inline(self, text: str) -> Inline:
        return with_prose_spans(text, [])

    def render_source(self, edition: Edition, links: object = None) -> str:
        pieces = edition.piece_map()

        def translate(segment: Segment) -> str | None:
            piece = pieces[id(segment)]
            if not piece.shown:
                return ""
            if piece.status in (Status.FALLBACK, Status.SOURCE) or piece.text == segment.text:
                return None
            # A line break in a translation would start a new paragraph: one line, no control characters.
            return one_line(piece.text).strip() or None

        return edition.document.render(translate)

    def render_html(self, edition: Edition) -> str:
        out = []
        for _, pieces in edition.block_pieces():
            shown = [self.piece_html(p, edition.lang, edition.source_lang) for p in pieces if p.shown]
            if shown:
                out.append(f"<p>{' '.join(shown)}</p>\n")
        return "".join(out)

    def render_text(self, edition: Edition) -> str:
        return self.render_source(edition)

    def plain(self, text: str) -> str:
        return " ".join(text.split())

    def piece_html(self, piece: Piece, lang: str, source_lang: str) -> str:
        text_lang = source_lang if piece.status is Status.FALLBACK else lang
        inner = html.escape(typeset(self.inline(one_line(piece.text)), text_lang), quote=False)
        return marked_piece(inner, piece, lang, source_lang)

    def edition_title(self, edition: Edition) -> str | None:
        return None

    def title(self, document: Document) -> str | None:
        return None


TEXT = TextFormat()
