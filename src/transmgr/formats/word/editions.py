"""The HTML and text editions of a Word document, made from the document itself, not from flat text.

The body is walked in order: headings at their level, paragraphs with their formatting (bold,
italic, underline, struck, super- and subscript), links, line breaks and images (embedded in the
page), lists (bulleted or numbered, nested by level), tables (header rows as ``th``), code (a
paragraph in a code style: ``pre``), the table of contents, and the footnotes and endnotes at
the end. Each paragraph shows its piece of the edition (the translation, or the source where
there is none); a code span shows the source's code. The text edition keeps the same order, with
tables as rows of cells separated by `` | `` and code indented.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field
from typing import Any

from transmgr.editions.labels import label
from transmgr.editions.model import Edition, Piece, Status
from transmgr.editions.page import lang_attrs
from transmgr.formats import codes
from transmgr.formats.word.package import Opened, heading_level, local, paragraph_style, w
from transmgr.formats.word.paragraph import Code, read_paragraph

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_FORMATS = (("b", "strong"), ("i", "em"), ("u", "u"), ("strike", "s"))


@dataclass
class _Block:
    kind: str  # heading, paragraph, list-item, quote, caption, contents, code, table, footnote, title
    html: str = ""
    text: str = ""
    level: int = 0
    ordered: bool = False
    rows: list[list[tuple[str, str, bool]]] = field(default_factory=list)  # (html, text, header)


class _Renderer:
    """One edition's walk of the document."""

    def __init__(self, edition: Edition, opened: Opened) -> None:
        self.edition = edition
        self.opened = opened
        pieces = edition.piece_map()
        offset = len(opened.properties)
        by_line = {segment.line: (segment, pieces[id(segment)]) for segment in edition.document.segments()}
        self.pieces: dict[int, tuple[Any, Piece]] = {}
        self.kinds: dict[int, str] = {}
        for index, (kind, element) in enumerate(opened.paragraphs):
            self.kinds[id(element)] = kind
            found = by_line.get(offset + index + 1)
            if found is not None:
                self.pieces[id(element)] = found
        self.part = opened.document.part
        self.numbering = self._numbering()
        self.notes: list[tuple[str, str]] = []

    # -- what a paragraph shows ---------------------------------------------------------------------------

    def paragraph(self, element: Any) -> tuple[str, str]:
        """(HTML, text) of one paragraph: its piece of the edition, or its source text as it stands."""
        kind = self.kinds.get(id(element), "paragraph")
        paragraph = read_paragraph(element, kind, self.opened.styles)
        found = self.pieces.get(id(element))
        if found is None:
            return self._inline(paragraph.text, paragraph.codes), codes.plain(paragraph.text)
        segment, piece = found
        if not piece.shown:
            return "", ""
        source = piece.status in (Status.FALLBACK, Status.SOURCE)
        text = segment.text if source else piece.text
        inner = self._inline(text, paragraph.codes)
        lang, source_lang = self.edition.lang, self.edition.source_lang
        if piece.status is Status.FALLBACK and lang != source_lang:
            title = html.escape(label(lang, "fallback_title"))
            inner = f'<span class="fallback" {lang_attrs(source_lang)} title="{title}">{inner}</span>'
        elif piece.status is Status.DRAFT:
            inner = f'<span class="draft" title="{html.escape(label(lang, "draft_title"))}">{inner}</span>'
        return inner, codes.plain(text)

    def _inline(self, text: str, table: dict[int, Code]) -> str:
        out: list[str] = []
        written: set[int] = set()
        for item in codes.parse(text, set(table)).items:
            if isinstance(item, int):
                out.append(self._object(table[item]))
                continue
            verbatim = next((c for c in item.codes if table.get(c, Code()).verbatim is not None), None)
            if verbatim is not None:
                if verbatim not in written:
                    written.add(verbatim)
                    out.append(f"<code>{html.escape(table[verbatim].verbatim or '', quote=False)}</code>")
                continue
            piece = html.escape(item.text, quote=False)
            for code in reversed(item.codes):
                piece = self._wrap(piece, table.get(code))
            out.append(piece)
        return "".join(out)

    def _wrap(self, inner: str, code: Code | None) -> str:
        if code is None:
            return inner
        if code.link is not None:
            href = self._href(code.link)
            inner = f'<a href="{html.escape(href)}">{inner}</a>' if href else inner
        rpr = code.rpr
        if rpr is not None:
            for tag, element in _FORMATS:
                found = rpr.find(w(tag))
                if found is not None and found.get(w("val")) not in ("0", "false", "none"):
                    inner = f"<{element}>{inner}</{element}>"
            align = rpr.find(w("vertAlign"))
            if align is not None and align.get(w("val")) in ("superscript", "subscript"):
                tag = "sup" if align.get(w("val")) == "superscript" else "sub"
                inner = f"<{tag}>{inner}</{tag}>"
        return inner

    def _href(self, link: Any) -> str:
        if local(link) == "fldSimple":
            instruction = (link.get(w("instr")) or "").split()
            return instruction[1].strip('"') if len(instruction) > 1 and instruction[0] == "HYPERLINK" else ""
        anchor = link.get(w("anchor"))
        rid = link.get(f"{{{R}}}id")
        target = ""
        if rid and rid in self.part.rels:
            rel = self.part.rels[rid]
            target = rel.target_ref if rel.is_external else ""
        from transmgr.formats.base import safe_url

        href = target + (f"#{anchor}" if anchor else "")
        return href if safe_url(href) else ""

    def _object(self, code: Code) -> str:
        if code.space:
            return html.escape(code.space.replace("\t", " "), quote=False)
        out = []
        for obj in code.objects:
            for element in obj.iter():
                name = local(element)
                if name == "br":
                    out.append("<br>")
                elif name == "tab":
                    out.append(" ")
                elif name in ("footnoteReference", "endnoteReference"):
                    number = element.get(w("id")) or ""
                    out.append(f'<sup class="note-ref">{html.escape(number)}</sup>')
                elif name == "blip":
                    out.append(self._image(element, obj))
        return "".join(out)

    def _image(self, blip: Any, holder: Any) -> str:
        rid = blip.get(f"{{{R}}}embed")
        if not rid or rid not in self.part.rels:
            return ""
        try:
            image = self.part.rels[rid].target_part
            data, kind = image.blob, image.content_type
        except (AttributeError, KeyError, ValueError):
            return ""
        described = next((e for e in holder.iter(f"{{{WP}}}docPr")), None)
        alt = (described.get("descr") or described.get("title") or "") if described is not None else ""
        if not kind.startswith("image/") or kind == "image/svg+xml":
            return ""
        encoded = base64.b64encode(data).decode("ascii")
        return f'<img src="data:{kind};base64,{encoded}" alt="{html.escape(alt)}">'

    # -- the body ---------------------------------------------------------------------------------------

    def _numbering(self) -> dict[tuple[str, str], bool]:
        """(numId, level) -> ordered (a decimal, letter or roman number, not a bullet)."""
        found: dict[tuple[str, str], bool] = {}
        try:
            root = self.part.numbering_part.element
        except (AttributeError, KeyError, NotImplementedError):
            return found
        abstract: dict[str, dict[str, bool]] = {}
        for item in root.iter(w("abstractNum")):
            levels = {}
            for level in item.iter(w("lvl")):
                fmt = level.find(w("numFmt"))
                levels[level.get(w("ilvl")) or "0"] = fmt is not None and fmt.get(w("val")) not in ("bullet", "none")
            abstract[item.get(w("abstractNumId")) or ""] = levels
        for num in root.iter(w("num")):
            ref = num.find(w("abstractNumId"))
            levels = abstract.get(ref.get(w("val")) if ref is not None else "", {})
            for level, ordered in levels.items():
                found[(num.get(w("numId")) or "", level)] = ordered
        return found

    def blocks(self) -> list[_Block]:
        out: list[_Block] = []
        self._walk(self.opened.document.element.body, out)
        for root in self._note_roots():
            for element in root.iter(w("p")):
                if id(element) in self.kinds and self.kinds[id(element)] != "code":
                    rendered, text = self.paragraph(element)
                    if text.strip():
                        out.append(_Block("footnote", rendered, text))
        return out

    def _note_roots(self) -> list[Any]:
        return [root for part, root in self.opened.xml_parts if "notes" in str(part.partname)]

    def _walk(self, parent: Any, out: list[_Block]) -> None:
        for child in parent:
            name = local(child)
            if name == "p":
                self._paragraph_block(child, out)
            elif name == "tbl":
                out.append(self._table(child))
            elif name in ("sdt", "sdtContent", "customXml"):
                self._walk(child, out)

    def _paragraph_block(self, element: Any, out: list[_Block]) -> None:
        kind = self.kinds.get(id(element), "paragraph")
        if kind == "code":
            text = "".join("\t" if local(t) == "tab" else (t.text or "") for t in element.iter(w("t"), w("tab")))
            if out and out[-1].kind == "code":
                out[-1].text += "\n" + text
            else:
                out.append(_Block("code", text=text))
            return
        rendered, text = self.paragraph(element)
        if not text.strip() and "<img" not in rendered:
            return
        block = _Block(kind, rendered, text)
        if kind == "heading":
            block.level = heading_level(element, self.opened.styles)
        elif kind == "list-item":
            numbering = element.find(f"{w('pPr')}/{w('numPr')}")
            level = numbering.find(w("ilvl")) if numbering is not None else None
            num = numbering.find(w("numId")) if numbering is not None else None
            block.level = int(level.get(w("val")) or 0) if level is not None else 0
            key = ((num.get(w("val")) or "") if num is not None else "", str(block.level))
            block.ordered = self.numbering.get(key, False)
        elif paragraph_style(element) is None and kind == "paragraph" and "<img" in rendered and not text.strip():
            block.kind = "figure"
        out.append(block)

    def _table(self, table: Any) -> _Block:
        block = _Block("table")
        for row in table.iter(w("tr")):
            if row.getparent() is not table:
                continue
            header = row.find(f"{w('trPr')}/{w('tblHeader')}") is not None
            cells = []
            for cell in row.iter(w("tc")):
                if cell.getparent() is not row:
                    continue
                parts = [self.paragraph(p) for p in cell.iter(w("p")) if p.getparent() is cell]
                cells.append(("<br>".join(h for h, _ in parts if h), " ".join(t for _, t in parts if t), header))
            block.rows.append(cells)
        return block


def render_word_html(edition: Edition, opened: Opened) -> str:
    """The article's HTML for a Word document's edition."""
    renderer = _Renderer(edition, opened)
    out: list[str] = []
    lists: list[tuple[str, int]] = []  # open lists: (tag, level)

    def close_lists(level: int = -1) -> None:
        while lists and lists[-1][1] > level:
            out.append(f"</li></{lists.pop()[0]}>\n")

    notes = []
    for block in renderer.blocks():
        if block.kind == "footnote":
            notes.append(block)
            continue
        if block.kind == "list-item":
            tag = "ol" if block.ordered else "ul"
            if lists and lists[-1][1] == block.level:
                out.append("</li>\n")
            close_lists(block.level)
            if not lists or lists[-1][1] < block.level:
                lists.append((tag, block.level))
                out.append(f"<{tag}>\n")
            out.append(f"<li>{block.html}")
            continue
        close_lists()
        if block.kind in ("title", "heading"):
            level = 1 if block.kind == "title" else min(block.level + 1, 6)
            out.append(f"<h{level}>{block.html}</h{level}>\n")
        elif block.kind == "code":
            out.append(f"<pre><code>{html.escape(block.text, quote=False)}</code></pre>\n")
        elif block.kind == "table":
            rows = []
            for row in block.rows:
                cells = "".join(f"<th>{c}</th>" if header else f"<td>{c}</td>" for c, _, header in row)
                rows.append(f"<tr>{cells}</tr>")
            out.append('<div class="table-wrap"><table>\n' + "\n".join(rows) + "\n</table></div>\n")
        elif block.kind == "quote":
            out.append(f"<blockquote><p>{block.html}</p></blockquote>\n")
        elif block.kind == "contents":
            out.append(f'<p class="contents">{block.html}</p>\n')
        elif block.kind == "caption":
            out.append(f'<p class="caption">{block.html}</p>\n')
        elif block.kind == "figure":
            out.append(f"<figure>{block.html}</figure>\n")
        else:
            out.append(f"<p>{block.html}</p>\n")
    close_lists()
    if notes:
        out.append('<section class="footnotes"><hr>\n<ol>\n' + "".join(f"<li>{n.html}</li>\n" for n in notes)
                   + "</ol></section>\n")
    return "".join(out)


def render_word_text(edition: Edition, opened: Opened) -> str:
    """The plain text of a Word document's edition: its blocks in order, tables as rows of cells."""
    out: list[str] = []
    notes = []
    for block in _Renderer(edition, opened).blocks():
        if block.kind == "footnote":
            notes.append(block.text)
        elif block.kind == "code":
            out.append("\n".join("    " + line for line in block.text.split("\n")))
        elif block.kind == "table":
            out.append("\n".join(" | ".join(" ".join(text.split()) for _, text, _ in row) for row in block.rows))
        elif block.kind == "list-item":
            mark = "1." if block.ordered else "-"
            out.append("  " * block.level + f"{mark} " + " ".join(block.text.split()))
        elif block.text.strip():
            out.append(" ".join(block.text.split()))
    if notes:
        out.append("\n".join(f"[{n}] {' '.join(text.split())}" for n, text in enumerate(notes, start=1)))
    return "\n\n".join(part for part in out if part) + "\n" if out else ""
