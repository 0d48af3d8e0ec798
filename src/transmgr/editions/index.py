"""The index page: every document with links to each of its editions and its parallel edition."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from transmgr.editions.labels import label
from transmgr.editions.page import lang_attrs, render_page
from transmgr.languages import get_language

# An edition's label on the index: by its real format. The edition in the source's own format is
# named by the source's type; a web page's own edition is its HTML edition, a text's its text one.
SOURCE_NAMES = {".md": "Markdown", ".docx": "Word", ".html": "Web page", ".txt": "Text"}
KIND_NAMES = {"html": "HTML", "source": "", "txt": "Text", "mo": "MO"}  # in the order listed


def format_label(kind: str, suffix: str) -> str:
    """What the index calls the ``kind`` edition (source, html, txt, mo) of a document of ``suffix``."""
    if kind == "source" or (kind == "html" and suffix == ".html"):
        return SOURCE_NAMES.get(suffix, suffix.lstrip(".").upper())
    return KIND_NAMES[kind]


@dataclass(frozen=True)
class IndexEntry:
    """One document on the index: its title and, per language, ``format -> href`` of existing files."""

    doc: str
    title: str
    editions: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # kind: source, html, txt, mo
    suffix: str = ".md"  # of the edition in the source's own format
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
            shown: dict[str, str] = {}  # href -> label: a text's own edition is its text edition
            for kind in KIND_NAMES:
                if kind in files:
                    shown.setdefault(files[kind], format_label(kind, entry.suffix))
            if not shown:
                continue
            name = html.escape(get_language(code).native_name)
            (main, main_label), *others = shown.items()
            line = f'<li><a href="{main}" {lang_attrs(code)}>{name}</a>'
            if others:
                links = " · ".join(f'<a href="{href}">{html.escape(text)}</a>' for href, text in others)
                line += f' <span class="formats">({html.escape(main_label)} · {links})</span>'
            out.append(line + "</li>\n")
        out.append("</ul>\n")
        if entry.parallel:
            out.append(f'<p><a href="{entry.parallel}">{html.escape(label(lang, "parallel"))}</a></p>\n')
        out.append("</section>\n")
    out.append("</main>\n")
    return render_page(lang=lang, title=label(lang, "editions"), body="".join(out), body_class="index")
