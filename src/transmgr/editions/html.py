"""The HTML edition: one standalone page per document and language, with switcher and colophon."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from dataclasses import dataclass

from transmgr.editions.inline import inline_to_text
from transmgr.editions.labels import label
from transmgr.editions.model import Edition, Status
from transmgr.editions.page import html_lang, lang_attrs, render_page, render_piece
from transmgr.editions.walk import BlockItem, Verbatim, walk_edition
from transmgr.languages import format_long_date, format_percent, get_language, language_name_in


@dataclass(frozen=True)
class LanguageLink:
    """One entry of the language switcher; ``href`` is None for the page's own language."""

    lang: str
    href: str | None


@dataclass(frozen=True)
class PageLinks:
    """Where an HTML edition links to, relative to the page."""

    languages: tuple[LanguageLink, ...] = ()
    parallel: str | None = None
    index: str | None = None


def page_title(edition: Edition) -> str:
    """The plain-text title of the edition: its translated title, else the document name."""
    title = edition.title()
    return inline_to_text(title, urls=False).strip() if title else edition.document.name


def render_html(edition: Edition, links: PageLinks, day: dt.date) -> str:
    """The HTML page of ``edition``; ``day`` is the build date printed in the colophon."""
    lang = edition.lang
    parts = [render_switcher(lang, links.languages), "<main>\n<article>\n"]
    if edition.has_drafts:
        parts.append(f'<p class="notice">{html.escape(label(lang, "draft_notice"))}</p>\n')
    parts.append(render_body(walk_edition(edition), lang, edition.source_lang))
    parts.append("</article>\n</main>\n")
    parts.append(render_colophon(edition, links, day))
    return render_page(lang=lang, title=page_title(edition), body="".join(parts), head=_alternates(links))


def _alternates(links: PageLinks) -> str:
    return "".join(
        f'<link rel="alternate" hreflang="{html.escape(html_lang(link.lang))}" href="{link.href}">\n'
        for link in links.languages if link.href is not None
    )


def render_switcher(lang: str, languages: Iterable[LanguageLink]) -> str:
    """The language switcher: every edition under its own name in its own language."""
    items = []
    for link in languages:
        name = html.escape(get_language(link.lang).native_name)
        if link.href is None:
            items.append(f'<li><span aria-current="page" {lang_attrs(link.lang)}>{name}</span></li>')
        else:
            items.append(
                f'<li><a href="{link.href}" hreflang="{html.escape(html_lang(link.lang))}" '
                f'{lang_attrs(link.lang)}>{name}</a></li>'
            )
    if len(items) < 2:
        return ""
    aria = html.escape(label(lang, "languages"))
    return f'<nav class="switcher" aria-label="{aria}">\n<ul>\n' + "\n".join(items) + "\n</ul>\n</nav>\n"


def render_body(items: Iterable[BlockItem | Verbatim], lang: str, source_lang: str) -> str:
    """The article's HTML: blocks grouped into lists and quotes, verbatim code and rules kept."""
    out: list[str] = []
    lists: list[tuple[int, str]] = []  # open lists: (level, tag)
    in_quote = False
    for item in items:
        is_item = isinstance(item, BlockItem) and item.block.kind == "list-item"
        is_quote = isinstance(item, BlockItem) and item.block.kind == "quote"
        if lists and not is_item:
            _close_lists(out, lists, -1)
        if in_quote and not is_quote:
            out.append("</blockquote>\n")
            in_quote = False
        if isinstance(item, Verbatim):
            out.append(render_verbatim(item))
            continue
        inner = " ".join(render_piece(p, lang, source_lang) for p in item.shown)
        block = item.block
        if is_item:
            _open_item(out, lists, block.level, "ol" if block.ordered else "ul", block.marker)
            out.append(f"<li>{inner}")
        elif is_quote:
            if not in_quote:
                out.append("<blockquote>\n")
                in_quote = True
            out.append(f"<p>{inner}</p>\n")
        elif block.kind == "title":
            out.append(f"<h1>{inner}</h1>\n")
        elif block.kind == "heading":
            level = min(max(block.level, 1), 6)
            out.append(f"<h{level}>{inner}</h{level}>\n")
        elif block.kind in ("lead", "caption"):
            out.append(f'<p class="{block.kind}">{inner}</p>\n')
        else:
            out.append(f"<p>{inner}</p>\n")
    if lists:
        _close_lists(out, lists, -1)
    if in_quote:
        out.append("</blockquote>\n")
    return "".join(out)


def _open_item(out: list[str], lists: list[tuple[int, str]], level: int, tag: str, marker: str) -> None:
    _close_lists(out, lists, level)
    if lists and lists[-1][0] == level:
        if lists[-1][1] == tag:
            out.append("</li>\n")
            return
        _close_lists(out, lists, level - 1)
    start = ""
    if tag == "ol" and marker[:-1].isdigit() and int(marker[:-1]) != 1:
        start = f' start="{int(marker[:-1])}"'
    out.append(f"\n<{tag}{start}>\n" if lists else f"<{tag}{start}>\n")
    lists.append((level, tag))


def _close_lists(out: list[str], lists: list[tuple[int, str]], level: int) -> None:
    """Close every open list deeper than ``level`` (-1: all of them)."""
    while lists and lists[-1][0] > level:
        out.append(f"</li>\n</{lists.pop()[1]}>\n")


def render_verbatim(item: Verbatim) -> str:
    """Untranslated source between blocks: code as preformatted text, a rule, a table as text."""
    if item.kind == "rule":
        return "<hr>\n"
    if item.kind == "html":
        return item.text + "\n"  # the source document's own HTML, as any Markdown renderer keeps it
    return f"<pre><code>{html.escape(item.text, quote=False)}</code></pre>\n"


def render_colophon(edition: Edition, links: PageLinks, day: dt.date) -> str:
    """The colophon: translation state by share of source words, original language, build date, links."""
    lang = edition.lang
    rows = []
    if edition.is_source:
        rows.append(label(lang, "source_note"))
    else:
        shares = [
            ("reviewed", (Status.REVIEWED,)), ("translated", (Status.TRANSLATED, Status.STALE)),
            ("draft", (Status.DRAFT,)), ("fallback", (Status.FALLBACK,)), ("omitted", (Status.OMITTED,)),
        ]
        stated = [
            label(lang, key, share=format_percent(edition.share(*statuses), lang))
            for key, statuses in shares
            if key in ("reviewed", "translated") or edition.share(*statuses) > 0
        ]
        rows.append(f"{label(lang, 'translation')}: {'; '.join(stated)}.")
        rows.append(label(lang, "original", language=language_name_in(edition.source_lang, lang)))
    built = label(lang, "built", date=format_long_date(day, lang))
    rows.append(built[:-1] if built.endswith("..") else built)  # "25 лістапада 2026 г." ends with its own dot
    out = ['<footer class="colophon">\n'] + [f"<p>{html.escape(row, quote=False)}</p>\n" for row in rows]
    nav = []
    if links.parallel:
        nav.append(f'<a href="{links.parallel}">{html.escape(label(lang, "parallel"))}</a>')
    if links.index:
        nav.append(f'<a href="{links.index}">{html.escape(label(lang, "index"))}</a>')
    if nav:
        out.append(f"<p>{' · '.join(nav)}</p>\n")
    out.append("</footer>\n")
    return "".join(out)
