"""What Word files and web pages share: segments whose formatting is numbered codes (:mod:`codes`), an
HTML and a text edition made of their blocks (the edition in the source's own format keeps the
formatting; these show the words), titles read from the ``title`` block.
"""

from __future__ import annotations

import html

from transmgr.editions.model import Edition, Piece, Status
from transmgr.formats import codes
from transmgr.formats.base import Inline, marked_piece, title_block_text, typeset
from transmgr.segment.model import Document

_HEADINGS = {"title": "h1", "heading": "h2", "list-item": "li", "quote": "blockquote", "table-cell": "p",
             "table-header": "p", "caption": "p", "term": "dt", "definition": "dd", "contents": "p"}


def render_blocks_html(edition: Edition, fmt: CodedFormat) -> str:
    """The article of an edition whose source is not Markdown: one element per block, in order,
    formatting codes left out (the edition in the source's own format keeps the formatting)."""
    out = []
    for block, pieces in edition.block_pieces():
        if block.kind in ("front-matter", "image-alt", "image-title", "label"):
            continue
        shown = [fmt.piece_html(p, edition.lang, edition.source_lang) for p in pieces if p.shown]
        if not shown:
            continue
        tag = _HEADINGS.get(block.kind, "p")
        inner = " ".join(shown)
        out.append(f"<ul><li>{inner}</li></ul>\n" if tag == "li" else f"<{tag}>{inner}</{tag}>\n")
    return "".join(out)


def render_blocks_text(edition: Edition) -> str:
    """The plain text of an edition whose source is not Markdown: a paragraph per block."""
    out = []
    for block, pieces in edition.block_pieces():
        if block.kind in ("image-alt", "image-title", "label"):
            continue
        texts = [" ".join(codes.plain(p.text).split()) for p in pieces if p.shown]
        if any(texts):
            out.append(" ".join(t for t in texts if t))
    return "\n\n".join(out) + "\n" if out else ""



class CodedFormat:
    """The part of a format for documents with numbered codes that does not depend on the file type."""

    def inline(self, text: str) -> Inline:
        return codes.code_inline(text)

    def render_html(self, edition: Edition) -> str:
        return render_blocks_html(edition, self)

    def render_text(self, edition: Edition) -> str:
        return render_blocks_text(edition)

    def plain(self, text: str) -> str:
        return " ".join(codes.plain(text).split())

    def piece_html(self, piece: Piece, lang: str, source_lang: str) -> str:
        text_lang = source_lang if piece.status is Status.FALLBACK else lang
        inner = html.escape(typeset(codes.code_inline(codes.plain(piece.text)), text_lang), quote=False)
        return marked_piece(inner, piece, lang, source_lang)

    def edition_title(self, edition: Edition) -> str | None:
        for block, pieces in edition.block_pieces():
            if block.kind == "title":
                texts = [p.text for p in pieces if p.shown]
                return self.plain(" ".join(texts)) if texts else None
        return None

    def title(self, document: Document) -> str | None:
        return title_block_text(document, self.plain)
