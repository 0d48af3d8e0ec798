"""Editions: an edition of one document in one language, rendered as Markdown, HTML, text or MO."""

from typing import TYPE_CHECKING

from transmgr.lazy import exports

if TYPE_CHECKING:
    from transmgr.editions.html import LanguageLink as LanguageLink
    from transmgr.editions.html import PageLinks as PageLinks
    from transmgr.editions.html import render_html as render_html
    from transmgr.editions.index import IndexEntry as IndexEntry
    from transmgr.editions.index import render_index as render_index
    from transmgr.editions.mo import Message as Message
    from transmgr.editions.mo import compile_catalog as compile_catalog
    from transmgr.editions.mo import header_message as header_message
    from transmgr.editions.model import TRANSLATED_STATUSES as TRANSLATED_STATUSES
    from transmgr.editions.model import Edition as Edition
    from transmgr.editions.model import Piece as Piece
    from transmgr.editions.model import Status as Status
    from transmgr.editions.model import source_edition as source_edition
    from transmgr.editions.parallel import render_parallel as render_parallel

__getattr__, __all__ = exports(__name__, {
    "LanguageLink": "transmgr.editions.html",
    "PageLinks": "transmgr.editions.html",
    "render_html": "transmgr.editions.html",
    "IndexEntry": "transmgr.editions.index",
    "render_index": "transmgr.editions.index",
    "Message": "transmgr.editions.mo",
    "compile_catalog": "transmgr.editions.mo",
    "header_message": "transmgr.editions.mo",
    "TRANSLATED_STATUSES": "transmgr.editions.model",
    "Edition": "transmgr.editions.model",
    "Piece": "transmgr.editions.model",
    "Status": "transmgr.editions.model",
    "source_edition": "transmgr.editions.model",
    "render_parallel": "transmgr.editions.parallel",
})
