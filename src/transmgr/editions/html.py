"""The HTML edition: one standalone page per document and language, with switcher and colophon."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from dataclasses import dataclass

from transmgr.editions.labels import label
from transmgr.editions.model import Edition, Status
from transmgr.editions.page import html_lang, lang_attrs, render_page
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
    own_name: str = ""  # the page's own file name (its language's entry has no href: it is this page)


def render_html(edition: Edition, body: str, title: str, links: PageLinks, day: dt.date) -> str:
    """The HTML page of ``edition`` around ``body`` (the article, rendered by the document's format);
    ``title`` is the page's plain-text title, ``day`` the build date printed in the colophon."""
    lang = edition.lang
    parts = [render_switcher(lang, links.languages), "<main>\n<article>\n"]
    if edition.has_drafts:
        parts.append(f'<p class="notice">{html.escape(label(lang, "draft_notice"))}</p>\n')
    parts.append(body)
    parts.append("</article>\n</main>\n")
    parts.append(render_colophon(edition, links, day))
    return render_page(lang=lang, title=title, body="".join(parts), head=_alternates(links))


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
