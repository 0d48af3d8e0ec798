"""Markdown as GitHub and CommonMark render it, on markdown-it-py: the Markdown :class:`Format`."""

from __future__ import annotations

import functools
import html
from collections.abc import Sequence
from pathlib import Path

from transmgr.editions.model import Edition, Piece, Status
from transmgr.formats.base import Inline, marked_piece, read_source, title_block_text
from transmgr.formats.markdown.blocks import parse_markdown
from transmgr.formats.markdown.edition import (
    edition_tokens,
    fit_translation,
    plain_text,
    render_html_body,
    render_markdown,
    text_from_template,
    typeset_markdown,
)
from transmgr.formats.markdown.front_matter import declare_language
from transmgr.formats.markdown.inline import markdown_inline
from transmgr.formats.markdown.parser import block_parser, inline_tokens, render_piece
from transmgr.formats.markdown.text_edition import markdown_to_text, tokens_to_text
from transmgr.lazy import Recent
from transmgr.segment.assemble import Builder
from transmgr.segment.model import Document

FRONT_MATTER_KEYS = ("title", "description", "summary")


class MarkdownFormat:
    """CommonMark + GFM (tables, strikethrough, task lists, footnotes), front matter, definition
    lists and Pandoc fenced divs."""

    name: str = "markdown"
    edition_suffix: str = ".md"

    def __init__(self, front_matter_keys: Sequence[str] = FRONT_MATTER_KEYS) -> None:
        self.front_matter_keys = tuple(front_matter_keys)

    def read(self, path: Path) -> str:
        return read_source(path)

    def parse(self, builder: Builder, text: str) -> None:
        parse_markdown(builder, text, self.front_matter_keys)

    def inline(self, text: str) -> Inline:
        return markdown_inline(text)

    def render_source(self, edition: Edition, links: object = None) -> str:
        text = render_markdown(edition, stand_ins=True)
        return text if edition.is_source else declare_language(text, edition.lang)

    def render_html(self, edition: Edition) -> str:
        return render_html_body(edition)

    def render_text(self, edition: Edition) -> str:
        filled = text_from_template(edition)  # the source's text with this edition's texts in
        if filled is not None:
            return filled
        parsed = edition_tokens(edition, block_parser())  # the source's blocks, this edition's texts
        return tokens_to_text(parsed[0]) if parsed is not None else markdown_to_text(_markdown_of(edition))

    def plain(self, text: str) -> str:
        """What a reader reads of one segment's text (a title for the page's ``<title>``)."""
        return " ".join(plain_text(inline_tokens(text)).split())

    def piece_html(self, piece: Piece, lang: str, source_lang: str) -> str:
        """One segment's text as HTML on its own (the parallel edition's cells)."""
        inner = _piece_html(piece.text, source_lang if piece.status is Status.FALLBACK else lang)
        return marked_piece(inner, piece, lang, source_lang)

    def edition_title(self, edition: Edition) -> str | None:
        for block, pieces in edition.block_pieces():
            if block.kind == "title":
                texts = [segment.text if piece.status in (Status.FALLBACK, Status.SOURCE) or piece.text == segment.text
                         else fit_translation(piece.text, segment)
                         for segment, piece in zip(block.segments, pieces) if piece.shown]
                return self.plain(" ".join(texts)) if texts else None
        return None

    def title(self, document: Document) -> str | None:
        return title_block_text(document, self.plain)


_RENDERED: Recent[str] = Recent(4)


def _markdown_of(edition: Edition) -> str:
    """The Markdown edition, made once for the Markdown and the text editions of the same edition."""
    return _RENDERED.get(edition, lambda: render_markdown(edition))


@functools.lru_cache(maxsize=2048)
def _piece_html(text: str, lang: str) -> str:
    rendered = render_piece(typeset_markdown(text, lang))
    return rendered if rendered.strip() else html.escape(text)


MARKDOWN = MarkdownFormat()
