"""The edition formats: each function makes one edition's bytes from a document resolved in one
language (None: nothing to write, as an MO file without a catalog). They are named in
:data:`transmgr.workflows.build.model.EDITIONS`, with where each edition goes and its label.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from transmgr.catalog.lean import Lookup
from transmgr.editions import LanguageLink, PageLinks, compile_catalog, render_html
from transmgr.editions.mo import compile_scanned
from transmgr.editions.page import relative_href
from transmgr.workflows.build.model import INDEX_PATH, Resolved, parallel_path
from transmgr.workflows.project import SourceDocument

if TYPE_CHECKING:
    from transmgr.workflows.build.builder import Builder


def source_edition(builder: Builder, doc: SourceDocument, resolved: Resolved, published: list[str],
                   rel: str) -> str | bytes:
    """The edition in the source's own format (a Markdown file, a Word document, a web page)."""
    return builder.project.format_of(doc).render_source(resolved.edition)


def text_edition(builder: Builder, doc: SourceDocument, resolved: Resolved, published: list[str], rel: str) -> str:
    """The plain text edition."""
    return builder.project.format_of(doc).render_text(resolved.edition)


def html_edition(builder: Builder, doc: SourceDocument, resolved: Resolved, published: list[str],
                 rel: str) -> str | bytes:
    """The HTML page: the document's article in transmgr's page, linking the other languages."""
    edition, source = resolved.edition, builder.project.format_of(doc)
    links = PageLinks(
        languages=tuple(LanguageLink(other, None if other == edition.lang else
                                     relative_href(rel, f"{other}/{doc.name}.html"))
                        for other in published),
        parallel=relative_href(rel, parallel_path(doc.name)),
        index=relative_href(rel, INDEX_PATH),
        own_name=rel.rsplit("/", 1)[-1],
    )
    if source.edition_suffix == ".html":  # a web page: its own edition is the HTML one
        return source.render_source(edition, links)
    heading = source.edition_title(edition) or builder.titles.get(doc.name) or doc.name
    return render_html(edition, source.render_html(edition), heading, links, builder.day)


def mo_edition(builder: Builder, doc: SourceDocument, resolved: Resolved, published: list[str],
               rel: str) -> bytes | None:
    """The compiled catalog, as msgfmt writes it."""
    catalog = resolved.catalog
    if isinstance(catalog, Lookup):  # read by the lean read: the same bytes (tests/catalog/test_lean.py)
        return compile_scanned(catalog.scanned)[0]
    return compile_catalog(catalog)[0] if catalog is not None else None
