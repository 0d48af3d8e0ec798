"""Editions: an edition of one document in one language, rendered as Markdown, HTML, text or MO."""

from transmgr.editions.html import LanguageLink, PageLinks, render_html
from transmgr.editions.index import IndexEntry, render_index
from transmgr.editions.mo import Message, compile_mo, header_message
from transmgr.editions.model import TRANSLATED_STATUSES, Edition, Piece, Status, source_edition
from transmgr.editions.parallel import render_parallel

__all__ = [
    "TRANSLATED_STATUSES", "Edition", "IndexEntry", "LanguageLink", "Message", "PageLinks", "Piece", "Status",
    "compile_mo", "header_message", "render_html", "render_index", "render_parallel", "source_edition",
]
