"""A Word document walked into the blocks its HTML and text editions show (:mod:`.editions`).

The body is walked in order: headings at their level, paragraphs with their formatting (bold,
italic, underline, struck, super- and subscript), links (hyperlinks, HYPERLINK fields, links to
the document's own bookmarks), line breaks and images (embedded in the page, or linked where the
document links them), lists (bulleted or numbered, nested by level), tables (header rows; a table
cell holds paragraphs, lists and tables of its own), code (paragraphs in a code style), text
boxes in place, the first page's running header and footer, and the footnotes and endnotes
referenced. Each paragraph shows its piece of the edition (the translation, or the source where
there is none); a code span shows the source's code.
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
from transmgr.formats.base import safe_url
from transmgr.formats.word.package import Opened, W, heading_level, local, numbering, paragraph_style, w
from transmgr.formats.word.paragraph import Code, read_paragraph

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
V = "urn:schemas-microsoft-com:vml"
_FORMATS = (("b", "strong"), ("i", "em"), ("u", "u"), ("strike", "s"))
_EMU_PER_PIXEL = 9525
_OL_TYPES = {"decimal": "1", "lowerLetter": "a", "upperLetter": "A", "lowerRoman": "i", "upperRoman": "I"}
_ROMAN = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _roman(number: int) -> str:
    out = []
    for value, letters in _ROMAN * 4:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out) or str(number)


@dataclass
class Cell:
    blocks: list[Block]
    header: bool
    span: int = 1


@dataclass
class Block:
    kind: str  # heading, paragraph, list-item, quote, caption, contents, code, table, title, figure
    html: str = ""
    text: str = ""
    level: int = 0
    numbered: str = ""  # a numbered list item's ol type (1, a, A, i, I); empty for a bullet
    anchor: str = ""  # a bookmark in the paragraph: the element's id, for links inside the document
    rows: list[list[Cell]] = field(default_factory=list)


@dataclass
class Note:
    mark: str  # the number a reader sees: 1, 2... for footnotes, i, ii... for endnotes
    anchor: str
    html: str = ""
    text: str = ""


class Renderer:
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
        self.notes: dict[tuple[str, str], Note] = {}  # (footnote or endnote, id) -> the note, in order of reference
        self.rels = self.part.rels

    # -- what a paragraph shows ---------------------------------------------------------------------------

    def paragraph(self, element: Any) -> tuple[str, str]:
        """(HTML, text) of one paragraph: its piece of the edition, or its source text as it stands."""
        kind = self.kinds.get(id(element), "paragraph")
        paragraph = read_paragraph(element, kind, self.opened.styles)
        found = self.pieces.get(id(element))
        base = Code(rpr=paragraph.base)  # the formatting of most of its text (a paragraph all in bold)
        if found is None:
            return (self._wrap(self._inline(paragraph.text, paragraph.codes), base),
                    plain_text(paragraph.text, paragraph.codes))
        segment, piece = found
        if not piece.shown:
            return "", ""
        source = piece.status in (Status.FALLBACK, Status.SOURCE)
        text = segment.text if source else piece.text
        inner = self._wrap(self._inline(text, paragraph.codes), base)
        lang, source_lang = self.edition.lang, self.edition.source_lang
        if piece.status is Status.FALLBACK and lang != source_lang:
            title = html.escape(label(lang, "fallback_title"))
            inner = f'<span class="fallback" {lang_attrs(source_lang)} title="{title}">{inner}</span>'
        elif piece.status is Status.DRAFT:
            inner = f'<span class="draft" title="{html.escape(label(lang, "draft_title"))}">{inner}</span>'
        return inner, plain_text(text, paragraph.codes)

    def _inline(self, text: str, table: dict[int, Code]) -> str:
        out: list[str] = []
        written: set[int] = set()
        fields: list[bool] = []  # the fields open in this paragraph: True for a HYPERLINK written as <a>
        for item in codes.parse(text, set(table)).items:
            if isinstance(item, int):
                out.append(self._object(table[item], fields))
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
        out.extend("</a>" for is_link in fields if is_link)
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
            return _field_href(link.get(w("instr")) or "")
        anchor = link.get(w("anchor"))
        rid = link.get(f"{{{R}}}id")
        target = ""
        if rid and rid in self.rels:
            rel = self.rels[rid]
            target = rel.target_ref if rel.is_external else ""
        href = target + (f"#{anchor}" if anchor else "")
        return href if safe_url(href) else ""

    def _object(self, code: Code, fields: list[bool]) -> str:
        if code.space:
            return html.escape(code.space.replace("\t", " "), quote=False)
        out = []
        instruction: list[str] = []
        for obj in code.objects:
            for element in obj.iter():
                name = local(element)
                if name == "br":
                    out.append("<br>")
                elif name == "tab":
                    out.append(" ")
                elif name == "instrText":
                    instruction.append(element.text or "")
                elif name == "fldChar":
                    kind = element.get(w("fldCharType"))
                    if kind == "begin":
                        fields.append(False)
                        instruction = []
                    elif kind == "separate" and fields:
                        href = _field_href("".join(instruction))
                        if href and not fields[-1]:
                            fields[-1] = True
                            out.append(f'<a href="{html.escape(href)}">')
                    elif kind == "end" and fields and fields.pop():
                        out.append("</a>")
                elif name in ("footnoteReference", "endnoteReference"):
                    out.append(self._note_reference(name[:-9], element.get(w("id")) or ""))
                elif name in ("blip", "imagedata"):
                    out.append(self._image(element, obj))
        return "".join(out)

    def _note_reference(self, kind: str, number: str) -> str:
        key = (kind, number)
        if key not in self.notes:
            count = sum(1 for k in self.notes if k[0] == kind) + 1
            mark = str(count) if kind == "footnote" else _roman(count)
            self.notes[key] = Note(mark, f"{kind[0]}n-{count}")
        note = self.notes[key]
        return f'<sup class="note-ref"><a href="#{note.anchor}">{note.mark}</a></sup>'

    def _image(self, element: Any, holder: Any) -> str:
        rid = element.get(f"{{{R}}}embed") or element.get(f"{{{R}}}id")
        linked = element.get(f"{{{R}}}link")
        described = next((e for e in holder.iter(f"{{{WP}}}docPr")), None)
        alt = (described.get("descr") or described.get("title") or "") if described is not None else ""
        extent = next((e for e in holder.iter(f"{{{WP}}}extent")), None)
        size = ""
        if extent is not None:
            try:
                width = int(extent.get("cx") or 0) // _EMU_PER_PIXEL
            except ValueError:
                width = 0
            size = f' width="{width}"' if width > 0 else ""
        src = ""
        if rid and rid in self.rels:
            try:
                image = self.rels[rid].target_part
                data, kind = image.blob, image.content_type
            except (AttributeError, KeyError, ValueError):
                data, kind = b"", ""
            if kind.startswith("image/") and kind != "image/svg+xml":
                src = f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"
        elif linked and linked in self.rels and self.rels[linked].is_external:
            target = self.rels[linked].target_ref  # a linked picture: where the document itself looks
            src = target if safe_url(target) else ""
        return f'<img src="{html.escape(src)}" alt="{html.escape(alt)}"{size}>' if src else ""

    # -- the body ---------------------------------------------------------------------------------------

    def _numbering(self) -> dict[tuple[str, str], str]:
        """(numId, level) -> how it is numbered: ``1``, ``a``, ``A``, ``i``, ``I`` (an ``ol`` type) or
        empty for a bullet."""
        found: dict[tuple[str, str], str] = {}
        try:
            root = self.part.numbering_part.element
        except (AttributeError, KeyError, NotImplementedError):
            return found
        abstract: dict[str, dict[str, str]] = {}
        for item in root.iter(w("abstractNum")):
            levels = {}
            for level in item.iter(w("lvl")):
                fmt = level.find(w("numFmt"))
                kind = fmt.get(w("val")) if fmt is not None else "bullet"
                levels[level.get(w("ilvl")) or "0"] = "" if kind in ("bullet", "none", None) else _OL_TYPES.get(kind, "1")
            abstract[item.get(w("abstractNumId")) or ""] = levels
        for num in root.iter(w("num")):
            ref = num.find(w("abstractNumId"))
            levels = abstract.get(ref.get(w("val")) if ref is not None else "", {})
            for level, ordered in levels.items():
                found[(num.get(w("numId")) or "", level)] = ordered
        return found

    def walk(self, parent: Any) -> list[Block]:
        """The blocks of a container: the body, a table cell, a header, a content control."""
        out: list[Block] = []
        for child in parent:
            name = local(child)
            if name == "p":
                self._paragraph_block(child, out)
            elif name == "tbl":
                out.append(self._table(child))
            elif name in ("sdt", "sdtContent", "customXml", "ins", "moveTo"):
                out.extend(self.walk(child))
        return out

    def running(self, kind: str) -> list[Block]:
        """The default header or footer of the document's first section (what its first page shows)."""
        body = self.opened.document.element.body
        section = next((p for p in body.iter(w("sectPr"))), None)
        if section is None:
            return []
        for reference in section.iter(w(f"{kind}Reference")):
            rid = reference.get(f"{{{R}}}id")
            if reference.get(w("type")) in (None, "default") and rid in self.part.rels:
                part = self.part.rels[rid].target_part
                root = self._root_of(part)
                return self._in_part(part, lambda root=root: self.walk(root)) if root is not None else []
        return []

    def _in_part(self, part: Any, work: Any) -> Any:
        """``work()`` with the relationships of ``part`` (a header's images are the header's)."""
        before, self.rels = self.rels, part.rels
        try:
            return work()
        finally:
            self.rels = before

    def _root_of(self, part: Any) -> Any:
        for known, root in self.opened.xml_parts:
            if known is part:
                return root
        return getattr(part, "_element", None)

    def footnotes(self) -> list[Note]:
        """The notes referenced in the text, in the order of their first reference."""
        roots = {kind: (part, root) for part, root in self.opened.xml_parts for kind in ("footnote", "endnote")
                 if str(part.partname) == f"/word/{kind}s.xml"}
        for (kind, number), note in list(self.notes.items()):
            if kind not in roots:
                continue
            part, root = roots[kind]
            for element in root.iter(w(kind)):
                if element.get(w("id")) == number:
                    parts = self._in_part(part, lambda element=element: [
                        self.paragraph(p) for p in element.iter(w("p")) if self.kinds.get(id(p)) != "code"])
                    note.html = " ".join(h for h, t in parts if t.strip() or "<img" in h)
                    note.text = " ".join(t for _, t in parts if t.strip())
        return [note for note in self.notes.values() if note.html]

    def _paragraph_block(self, element: Any, out: list[Block]) -> None:
        kind = self.kinds.get(id(element), "paragraph")
        if kind == "code":
            text = "".join("\t" if local(t) == "tab" else "\n" if local(t) in ("br", "cr") else (t.text or "")
                           for t in element.iter(w("t"), w("tab"), w("br"), w("cr")))
            if not self.opened.styles.is_code(paragraph_style(element)):  # code by its font, in a prose style
                out.append(Block("paragraph", f"<code>{html.escape(text, quote=False)}</code>", text))
            elif out and out[-1].kind == "code":
                out[-1].text += "\n" + text
            else:
                out.append(Block("code", text=text))
            return
        rendered, text = self.paragraph(element)
        boxes = [box for box in element.iter(f"{{{W}}}txbxContent") if not any(
            local(a) in ("Fallback", "txbxContent") for a in box.iterancestors() if a is not element)]
        if not text.strip() and "<img" not in rendered:
            for box in boxes:  # a text box anchored to an empty paragraph: its own blocks, in its place
                out.extend(self.walk(box))
            return
        mark = next((b.get(w("name")) for b in element.iter(w("bookmarkStart"))
                     if (b.get(w("name")) or "_GoBack") != "_GoBack"), "")
        block = Block(kind, rendered, text, anchor=mark or "")
        if kind == "heading":
            block.level = heading_level(element, self.opened.styles)
        elif kind == "list-item":
            numbered = numbering(element, self.opened.styles)
            if numbered is not None:
                block.level = numbered[1]
                block.numbered = self.numbering.get((numbered[0], str(numbered[1])), "")
        elif paragraph_style(element) is None and kind == "paragraph" and "<img" in rendered and not text.strip():
            block.kind = "figure"
        out.append(block)
        for box in boxes:
            out.extend(self.walk(box))

    def _table(self, table: Any) -> Block:
        block = Block("table")
        for row in table.iter(w("tr")):
            if row.getparent() is not table:
                continue
            header = row.find(f"{w('trPr')}/{w('tblHeader')}") is not None
            cells = []
            for cell in row.iter(w("tc")):
                if cell.getparent() is not row:
                    continue
                if cell.find(f"{w('tcPr')}/{w('vMerge')}") is not None and \
                        cell.find(f"{w('tcPr')}/{w('vMerge')}").get(w("val")) != "restart":
                    continue  # the rest of a cell merged down: shown once, in its first row
                span = cell.find(f"{w('tcPr')}/{w('gridSpan')}")
                try:
                    columns = max(1, int(span.get(w("val")) or 1)) if span is not None else 1
                except ValueError:
                    columns = 1
                cells.append(Cell(self.walk(cell), header, columns))
            block.rows.append(cells)
        return block


def plain_text(text: str, table: dict[int, Code]) -> str:
    """What a reader reads of a paragraph's text: whitespace codes as the whitespace they keep, a
    line break as a space, a verbatim span as the source's code."""
    out: list[str] = []
    written: set[int] = set()
    for item in codes.parse(text, set(table)).items:
        if isinstance(item, int):
            code = table[item]
            breaks = any(local(e) == "br" for obj in code.objects for e in obj.iter())
            out.append(code.space or (" " if breaks else ""))
            continue
        verbatim = next((c for c in item.codes if table.get(c, Code()).verbatim is not None), None)
        if verbatim is None:
            out.append(item.text)
        elif verbatim not in written:
            written.add(verbatim)
            out.append(table[verbatim].verbatim or "")
    return "".join(out)


def _field_href(instruction: str) -> str:
    """Where a HYPERLINK field instruction points (``HYPERLINK "url" \\l "anchor"``), if it is safe."""
    import shlex

    try:
        words = shlex.split(instruction.replace("\\", "\\\\"), posix=True)
    except ValueError:
        words = instruction.split()
    if not words or words[0].upper() != "HYPERLINK":
        return ""
    target, anchor, rest = "", "", words[1:]
    index = 0
    while index < len(rest):
        word = rest[index].replace("\\\\", "\\")
        if word.lower() == "\\l" and index + 1 < len(rest):
            anchor = rest[index + 1]
            index += 2
            continue
        if not word.startswith("\\") and not target:
            target = word
        index += 1
    href = target + (f"#{anchor}" if anchor else "")
    return href if href and safe_url(href) else ""
