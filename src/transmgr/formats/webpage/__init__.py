"""Web pages (``.html``, ``.htm``): the HTML :class:`Format`.

The page is read with the standard library's HTML parser, a tokenizer that reports where each tag
and each run of text stands in the source. That is what an edition needs to keep the page byte
for byte outside the translated text: lxml and html5lib build a tree and write a normalised page
back (quotes, entities, attribute order, implied tags). Block elements (``p``, ``h1``–``h6``,
``li``, ``td``, ``th``, ``dt``, ``dd``, ``figcaption``, ``blockquote``, ``div``…) separate the page's
text into segments; the inline elements inside one (``a``, ``em``, ``strong``, ``span``, ``br``,
``img``…) become paired codes (:mod:`transmgr.formats.codes`), and ``<code>``, ``<kbd>`` and any
element marked ``translate="no"`` one code holding it whole. ``alt`` and ``title`` attributes,
``<meta name="description">`` and ``<title>`` are segments too; ``<script>``, ``<style>``,
``<pre>``, ``<textarea>``, ``<svg>`` and ``<math>`` give nothing.

The translated page sets ``<html lang>`` and ``<link rel="alternate" hreflang>`` for every edition
published, and is written in the charset the page declares (characters it cannot hold as
character references).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from transmgr.editions.html import PageLinks
from transmgr.editions.model import UNTRANSLATED_ATTRIBUTE, Edition, Status
from transmgr.errors import SourceError
from transmgr.formats.coded import CodedFormat
from transmgr.formats.webpage.coded import coded, render_coded
from transmgr.formats.webpage.reader import SPACE, PageReader, page_charset, read_page
from transmgr.segment.assemble import Builder
from transmgr.segment.model import Segment

_HTML_TAG = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_LANG = re.compile(r"""(\slang\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)


class PageFormat(CodedFormat):
    """Web pages: block elements are segments, inline elements paired codes."""

    name: str = "html"
    edition_suffix: str = ".html"

    def read(self, path: Path) -> str:
        return read_page(path)

    def parse(self, builder: Builder, text: str) -> None:
        reader = PageReader(text)
        try:
            reader.feed(text)
            reader.close()
        except AssertionError as exc:  # html.parser asserts on some broken markup (an unfinished <![CDATA[)
            raise SourceError(f"the page's markup cannot be read ({exc or 'a broken <![ section'})",
                              line=reader.getpos()[0],
                              hint="fix the markup there (an unfinished <![CDATA[ section, say)") from exc
        for kind, start, end, slot in sorted(reader.found, key=lambda item: item[1]):
            if slot == "attribute":
                builder.add_block(kind, [(start, end)], slot="attribute", sentences=False,
                                  text_of=lambda flat: SPACE.sub(" ", html.unescape(flat)).strip())
            else:
                builder.add_block(kind, [(start, end)], slot="html", sentences=False,
                                  text_of=lambda flat: coded(flat).text)

    def render_source(self, edition: Edition, links: PageLinks | None = None) -> bytes:
        pieces = edition.piece_map()

        def translate(segment: Segment) -> str | None:
            piece = pieces[id(segment)]
            if piece.status is Status.FALLBACK and not edition.is_source and segment.slot == "html":
                # A stand-in in the source's language: said so to browsers, screen readers and an import.
                return (f'<span lang="{html.escape(edition.source_lang)}" {UNTRANSLATED_ATTRIBUTE}="">'
                        f"{segment.raw}</span>")
            if piece.status in (Status.FALLBACK, Status.SOURCE) or piece.text == segment.text:
                return None
            if not piece.shown:
                return ""
            if segment.slot == "attribute":
                return html.escape(piece.text.replace("\n", " "), quote=True)
            return render_coded(piece.text, coded(segment.raw))

        page = edition.document.render(translate)
        page = _set_lang(page, edition.lang)
        if links is not None and len(links.languages) > 1:
            page = _alternates(page, links)
        path = edition.document.path
        charset = page_charset(path.read_bytes(), path) if path.is_file() else "utf-8"
        return page.encode(charset, "xmlcharrefreplace")



def _set_lang(page: str, lang: str) -> str:
    tag = _HTML_TAG.search(page)
    if tag is None:
        return page
    text = tag.group(0)
    value = f'"{html.escape(lang)}"'
    updated = _LANG.sub(lambda m: m.group(1) + value, text, count=1) if _LANG.search(text) else \
        text[:5] + f" lang={value}" + text[5:]
    return page[:tag.start()] + updated + page[tag.end():]


def _alternates(page: str, links: PageLinks) -> str:
    end = _HEAD_END.search(page)
    if end is None:
        return page
    # Every edition lists them all, itself included, as search engines ask of hreflang alternates; the
    # page's own entry points at its own file name.
    own = links.own_name
    lines = "".join(f'<link rel="alternate" hreflang="{html.escape(link.lang)}" '
                    f'href="{html.escape(link.href if link.href is not None else own)}">\n'
                    for link in links.languages if link.href is not None or own)
    return page[:end.start()] + lines + page[end.start():]


PAGE = PageFormat()
