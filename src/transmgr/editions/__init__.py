"""Editions: an edition of one document in one language, rendered as Markdown, HTML, text or MO."""

from transmgr.editions.html import LanguageLink, PageLinks, page_title, render_html
from transmgr.editions.index import IndexEntry, render_index
from transmgr.editions.markdown import drop_segments, render_markdown
from transmgr.editions.mo import Message, compile_mo, header_message
from transmgr.editions.model import TRANSLATED_STATUSES, Edition, Piece, Status, source_edition
from transmgr.editions.parallel import render_parallel
from transmgr.editions.text import render_text

__all__ = [
    "TRANSLATED_STATUSES", "Edition", "IndexEntry", "LanguageLink", "Message", "PageLinks", "Piece", "Status",
    "compile_mo", "drop_segments", "header_message", "page_title", "render_html", "render_index",
    "render_markdown", "render_parallel", "render_text", "source_edition",
]
