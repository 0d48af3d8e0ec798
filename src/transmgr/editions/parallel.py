"""The parallel edition: one page with every language side by side, segment by segment.

For readers comparing languages and for reviewers: one row per segment, one column per
language (the source first). On a narrow screen the columns stack and each cell names its
language.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence

from transmgr.editions.labels import label
from transmgr.editions.model import Edition, Piece
from transmgr.editions.page import lang_attrs, render_page
from transmgr.languages import format_long_date, get_language

PieceRenderer = Callable[[Piece, str, str], str]


def render_parallel(
    editions: Sequence[Edition], day: dt.date, *, title: str, render_piece: PieceRenderer,
    index_href: str | None = None, not_included: Sequence[str] = (),
) -> str:
    """The parallel page of one document; ``editions`` share it, the source-language one first.

    ``title`` is the document's plain-text title; ``render_piece(piece, lang, source_lang)`` gives
    one segment's HTML (the document's format knows its inline syntax)."""
    if not editions:
        raise ValueError("a parallel edition needs at least one edition")
    first = editions[0]
    lang = first.source_lang
    names = [html.escape(get_language(e.lang).native_name) for e in editions]
    out = []
    if index_href:
        out.append(f'<nav class="switcher"><ul><li><a href="{index_href}">{html.escape(label(lang, "index"))}'
                   "</a></li></ul></nav>\n")
    out.append(f'<main style="--columns:{len(editions)}">\n')
    out.append(f"<h1>{html.escape(title, quote=False)}</h1>\n")
    out.append('<div class="row head">')
    out.extend(f'<div class="cell" {lang_attrs(e.lang)}>{name}</div>' for e, name in zip(editions, names))
    out.append("</div>\n")
    maps = [e.piece_map() for e in editions]
    number = 0
    for block in first.document.blocks:
        for position, segment in enumerate(block.segments):
            number += 1
            pieces = [m[id(segment)] for m in maps]
            klass = f"row k-{block.kind}" + (" more" if position else "")
            style = f' style="--level:{block.level}"' if block.kind == "list-item" and block.level else ""
            out.append(f'<div class="{klass}" id="s{number}"{style}>')
            for edition, name, piece in zip(editions, names, pieces):
                marker = block.marker if block.kind == "list-item" and not position else ""
                out.append(_cell(edition, name, piece, marker, block.ordered, render_piece))
            out.append("</div>\n")
    out.append("</main>\n<footer>\n")
    if not_included:
        languages = ", ".join(get_language(code).native_name for code in not_included)
        out.append(f"<p>{html.escape(label(lang, 'not_included', languages=languages), quote=False)}</p>\n")
    built = label(lang, "built", date=format_long_date(day, lang))
    built = built[:-1] if built.endswith("..") else built
    out.append(f"<p>{html.escape(built, quote=False)}</p>\n")
    out.append("</footer>\n")
    heading = f"{title} — {label(lang, 'parallel')}"
    return render_page(lang=lang, title=heading, body="".join(out), body_class="parallel")


def _cell(edition: Edition, name: str, piece: Piece, marker: str, ordered: bool, render_piece: PieceRenderer) -> str:
    tag = f'<span class="tag">{name}</span>'
    if not piece.shown:
        return f'<div class="cell" {lang_attrs(edition.lang)}>{tag}</div>'
    bullet = ""
    if marker:
        bullet = html.escape(marker if ordered else "•") + " "
    text = render_piece(piece, edition.lang, edition.source_lang)
    return f'<div class="cell" {lang_attrs(edition.lang)}>{tag}<p>{bullet}{text}</p></div>'
