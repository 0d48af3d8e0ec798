"""The index page: every document with links to each of its editions and its parallel edition."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from transmgr.editions.labels import label
from transmgr.editions.page import lang_attrs, render_page
from transmgr.languages import get_language


@dataclass(frozen=True)
class IndexEntry:
    """One document on the index: its title and, per language, its editions' files as ``(label,
    href)``, the main one (the language's name links it) first."""

    doc: str
    title: str
    editions: Mapping[str, Sequence[tuple[str, str]]] = field(default_factory=dict)
    parallel: str | None = None


def render_index(entries: Sequence[IndexEntry], lang: str) -> str:
    """The index page, labelled in ``lang`` (the source language); language names in their own languages."""
    out = ['<main class="index">\n', f"<h1>{html.escape(label(lang, 'editions'))}</h1>\n"]
    for entry in entries:
        if not entry.editions and not entry.parallel:
            continue
        out.append(f'<section id="{html.escape(entry.doc)}">\n<h2>{html.escape(entry.title, quote=False)}</h2>\n')
        out.append("<ul>\n")
        for code, files in entry.editions.items():
            if not files:
                continue
            name = html.escape(get_language(code).native_name)
            (main_label, main), *others = files
            line = f'<li><a href="{main}" {lang_attrs(code)}>{name}</a>'
            if others:
                links = " · ".join(f'<a href="{href}">{html.escape(text)}</a>' for text, href in others)
                line += f' <span class="formats">({html.escape(main_label)} · {links})</span>'
            out.append(line + "</li>\n")
        out.append("</ul>\n")
        if entry.parallel:
            out.append(f'<p><a href="{entry.parallel}">{html.escape(label(lang, "parallel"))}</a></p>\n')
        out.append("</section>\n")
    out.append("</main>\n")
    return render_page(lang=lang, title=label(lang, "editions"), body="".join(out), body_class="index")
