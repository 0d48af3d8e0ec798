"""The HTML and text editions of a Word document, made from the document itself (:mod:`.walk`), not
from flat text: lists nested and numbered as Word numbers them, tables with header rows and merged
cells, code as ``pre``, the first page's header and footer, and the notes at the end. The text
edition keeps the same order, with tables as rows of cells separated by `` | `` and code indented.
"""

from __future__ import annotations

import html

from transmgr.editions.model import Edition
from transmgr.formats.word.package import Opened
from transmgr.formats.word.walk import Block, Renderer


def _blocks_html(blocks: list[Block]) -> str:
    out: list[str] = []
    lists: list[tuple[str, int]] = []  # open lists: (tag, level)

    def close_lists(level: int = -1) -> None:
        while lists and lists[-1][1] > level:
            out.append(f"</li></{lists.pop()[0]}>\n")

    for block in blocks:
        anchor = f' id="{html.escape(block.anchor)}"' if block.anchor else ""
        if block.kind == "list-item":
            tag = "ol" if block.numbered else "ul"
            if lists and lists[-1][1] == block.level:
                out.append("</li>\n")
            close_lists(block.level)
            if not lists or lists[-1][1] < block.level:
                lists.append((tag, block.level))
                kind = f' type="{block.numbered}"' if block.numbered not in ("", "1") else ""
                out.append(f"<{tag}{kind}>\n")
            out.append(f"<li{anchor}>{block.html}")
            continue
        close_lists()
        if block.kind in ("title", "heading"):
            level = 1 if block.kind == "title" else min(block.level + 1, 6)
            out.append(f"<h{level}{anchor}>{block.html}</h{level}>\n")
        elif block.kind == "code":
            out.append(f"<pre><code>{html.escape(block.text, quote=False)}</code></pre>\n")
        elif block.kind == "table":
            rows = []
            for row in block.rows:
                cells = []
                for cell in row:
                    tag = "th" if cell.header else "td"
                    span = f' colspan="{cell.span}"' if cell.span > 1 else ""
                    cells.append(f"<{tag}{span}>{_blocks_html(cell.blocks).strip()}</{tag}>")
                rows.append(f"<tr>{''.join(cells)}</tr>")
            out.append('<div class="table-wrap"><table>\n' + "\n".join(rows) + "\n</table></div>\n")
        elif block.kind == "quote":
            out.append(f"<blockquote{anchor}><p>{block.html}</p></blockquote>\n")
        elif block.kind in ("contents", "caption"):
            out.append(f'<p class="{block.kind}"{anchor}>{block.html}</p>\n')
        elif block.kind == "figure":
            out.append(f"<figure{anchor}>{block.html}</figure>\n")
        else:
            out.append(f"<p{anchor}>{block.html}</p>\n")
    close_lists()
    return "".join(out)


def render_word_html(edition: Edition, opened: Opened) -> str:
    """The article's HTML for a Word document's edition."""
    renderer = Renderer(edition, opened)
    header = renderer.running("header")
    body = renderer.walk(opened.document.element.body)
    footer = renderer.running("footer")
    out = []
    if header:
        out.append(f'<div class="running-header">\n{_blocks_html(header)}</div>\n')
    out.append(_blocks_html(body))
    if footer:
        out.append(f'<div class="running-footer">\n{_blocks_html(footer)}</div>\n')
    notes = renderer.footnotes()
    if notes:
        out.append('<section class="footnotes"><hr>\n<ol>\n' + "".join(
            f'<li id="{n.anchor}" value="{i}"><span class="note-mark">{n.mark}</span> {n.html}</li>\n'
            for i, n in enumerate(notes, start=1)) + "</ol></section>\n")
    return "".join(out)


def _line(text: str) -> str:
    """A paragraph on one line of the text edition: its spacing and tabs kept, line breaks as spaces."""
    return " ".join(part.strip() for part in text.split("\n") if part.strip())


def _blocks_text(blocks: list[Block]) -> list[str]:
    out: list[str] = []
    counters: list[int] = []  # the number of each open level of a numbered list
    for block in blocks:
        if block.kind == "list-item":
            del counters[block.level + 1:]
            counters.extend([0] * (block.level + 1 - len(counters)))
            counters[block.level] += 1
        else:
            counters = []
        if block.kind == "code":
            out.append("\n".join("    " + line for line in block.text.split("\n")))
        elif block.kind == "table":
            lines = []
            for row in block.rows:
                cells = [" ".join(" ".join(_blocks_text(cell.blocks)).split()) for cell in row]
                lines.append(" | ".join(cells))
            out.append("\n".join(lines))
        elif block.kind == "list-item":
            mark = f"{counters[block.level]}." if block.numbered else "-"
            out.append("  " * block.level + f"{mark} " + _line(block.text))
        elif block.text.strip():
            out.append(_line(block.text))
    return out


def render_word_text(edition: Edition, opened: Opened) -> str:
    """The plain text of a Word document's edition: its blocks in order, tables as rows of cells."""
    renderer = Renderer(edition, opened)
    out = _blocks_text(renderer.walk(opened.document.element.body))
    notes = renderer.footnotes()
    if notes:
        out.append("\n".join(f"[{n.mark}] {' '.join(n.text.split())}" for n in notes))
    return "\n\n".join(part for part in out if part) + "\n" if out else ""
