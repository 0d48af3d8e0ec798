"""Word documents (``.docx``): the DOCX :class:`Format`, on python-docx and lxml.

Every paragraph with words is a segment: body paragraphs, headings, list items, table cells, text
boxes, headers and footers, footnotes and endnotes, and the core properties title and subject.
Inside a paragraph, runs formatted otherwise than most of its text (bold, italic, underline,
another style or font), hyperlinks and things that are not text (a line break, an image, a
footnote reference, a field) become paired codes (:mod:`transmgr.formats.codes`): ``The world is
<1>deeply concerned</1>.<2/>``. The translated document is the source with only the text of each
translated paragraph replaced: runs are made again from the translation, each with the formatting
its code stood for, so formatting lands on the translated words; paragraph properties, list
numbering, tables, images, sections, headers and footers stay as they were.

The segments are listed in a flat text, one line per paragraph in a fixed order (core properties,
body, headers and footers, footnotes, endnotes), each line ``<kind>|<text>``: ``essay.docx:12``
in a PO reference is the 12th paragraph of that list. Paragraphs are never split into sentences.
"""

from __future__ import annotations

import copy
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transmgr.editions.model import Edition, Status
from transmgr.errors import SourceError
from transmgr.formats import codes
from transmgr.formats.coded import CodedFormat
from transmgr.segment.assemble import Builder

if TYPE_CHECKING:
    from transmgr.editions.html import PageLinks

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_LETTERS = re.compile(r"[^\W\d_]{2,}")
_HEADING = re.compile(r"^heading\s*\d", re.IGNORECASE)
# Elements that hold runs: their runs are part of the paragraph's text.
_CONTAINERS = {"smartTag", "ins", "customXml", "sdt", "sdtContent", "moveTo", "dir", "bdo"}
# Paragraph children that only mark a place (kept: bookmarks move to the paragraph's ends).
_MARKS = {"bookmarkStart", "bookmarkEnd", "proofErr", "commentRangeStart", "commentRangeEnd", "permStart",
          "permEnd", "lastRenderedPageBreak"}


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _local(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


# -- reading a paragraph --------------------------------------------------------------------------------

@dataclass
class _Code:
    """What one code stands for: a run format, a hyperlink around runs, or elements kept whole."""

    rpr: Any = None  # the w:rPr element of the runs (None: no properties)
    link: Any = None  # a w:hyperlink element without its runs
    objects: list[Any] = field(default_factory=list)


@dataclass
class Paragraph:
    """One paragraph read: its msgid (with codes), what each code stands for, its base format."""

    element: Any
    kind: str
    text: str
    codes: dict[int, _Code]
    base: Any  # the w:rPr of most of its text


@dataclass
class _Token:
    text: str | None  # None: an object
    rpr: Any = None
    link: Any = None
    objects: list[Any] = field(default_factory=list)


def _key(rpr: Any) -> bytes:
    if rpr is None:
        return b""
    from lxml import etree

    try:
        return etree.tostring(rpr, method="c14n")
    except (etree.C14NError, ValueError):  # C14N refuses a relative namespace URI: the plain form then
        return etree.tostring(rpr)


def _run_tokens(run: Any, link: Any, out: list[_Token]) -> None:
    rpr = run.find(w("rPr"))
    for child in run:
        name = _local(child)
        if name == "rPr" or name == "lastRenderedPageBreak":
            continue
        if name == "t":
            out.append(_Token(child.text or "", rpr, link))
        elif name == "tab":
            out.append(_Token("\t", rpr, link))
        elif name == "softHyphen":
            out.append(_Token("\u00ad", rpr, link))
        elif name == "noBreakHyphen":
            out.append(_Token("\u2011", rpr, link))
        else:  # a break, a drawing, a reference, a symbol, field characters: kept whole in its run
            holder = copy.deepcopy(run)
            for other in list(holder):
                if other.tag != w("rPr"):
                    holder.remove(other)
            holder.append(copy.deepcopy(child))
            out.append(_Token(None, rpr, link, [holder]))


def _tokens(parent: Any, link: Any, out: list[_Token], fields: list[int]) -> None:
    """The paragraph's text and objects in order; a complex field (begin … end) is one object."""
    for child in parent:
        name = _local(child)
        if fields and fields[0] > 0:  # inside a complex field: everything goes into it
            out[-1].objects.append(copy.deepcopy(child))
            for char in child.iter(w("fldChar")):
                kind = char.get(w("fldCharType"))
                fields[0] += 1 if kind == "begin" else -1 if kind == "end" else 0
            continue
        if name == "r":
            begins = [c for c in child.iter(w("fldChar")) if c.get(w("fldCharType")) == "begin"]
            if begins:
                out.append(_Token(None, child.find(w("rPr")), link, [copy.deepcopy(child)]))
                depth = 0
                for char in child.iter(w("fldChar")):
                    kind = char.get(w("fldCharType"))
                    depth += 1 if kind == "begin" else -1 if kind == "end" else 0
                fields[:] = [depth]
                continue
            _run_tokens(child, link, out)
        elif name == "hyperlink":
            holder = copy.deepcopy(child)
            for inner in list(holder):
                holder.remove(inner)
            _tokens(child, holder, out, fields)
        elif name in _CONTAINERS:
            _tokens(child, link, out, fields)
        elif name in _MARKS or name == "pPr":
            continue
        else:  # a simple field, math, a deletion, anything else: kept whole
            out.append(_Token(None, None, link, [copy.deepcopy(child)]))


def read_paragraph(element: Any, kind: str) -> Paragraph:
    """The msgid of one w:p and the table of its codes."""
    tokens: list[_Token] = []
    _tokens(element, None, tokens, [0])
    weights: dict[bytes, int] = {}
    formats: dict[bytes, Any] = {}
    for token in tokens:
        if token.text is not None and token.link is None:
            key = _key(token.rpr)
            weights[key] = weights.get(key, 0) + len(token.text.strip())
            formats.setdefault(key, token.rpr)
    base_key = max(weights, key=lambda k: weights[k]) if weights else b""
    base = formats.get(base_key)
    out: list[str] = []
    table: dict[int, _Code] = {}
    number = 0
    open_link: tuple[Any, int, bytes] | None = None  # (link element, its code, the key of its format)
    open_format: tuple[bytes, int] | None = None  # (key, code) of a format span inside the text

    def close_format() -> None:
        nonlocal open_format
        if open_format is not None:
            out.append(f"</{open_format[1]}>")
            open_format = None

    def close_link() -> None:
        nonlocal open_link
        close_format()
        if open_link is not None:
            out.append(f"</{open_link[1]}>")
            open_link = None

    for token in tokens:
        if open_link is not None and token.link is not open_link[0]:
            close_link()
        if token.link is not None and open_link is None:
            close_format()
            number += 1
            table[number] = _Code(rpr=token.rpr, link=token.link)
            open_link = (token.link, number, _key(token.rpr))
            out.append(f"<{number}>")
        if token.text is None:
            close_format()
            number += 1
            table[number] = _Code(objects=token.objects)
            out.append(f"<{number}/>")
            continue
        key = _key(token.rpr)
        around = open_link[2] if open_link is not None else base_key
        if key == around:
            close_format()
        elif open_format is None or open_format[0] != key:
            close_format()
            number += 1
            table[number] = _Code(rpr=token.rpr)
            open_format = (key, number)
            out.append(f"<{number}>")
        out.append(codes.escape_text(token.text))
    close_link()
    return Paragraph(element, kind, _tidy("".join(out)), table, base)


_INNER_OPEN = re.compile(r"(<\d+>) ")
_INNER_CLOSE = re.compile(r" (</\d+>)")


def _tidy(text: str) -> str:
    """A space just inside a code moves outside it ("<1>Share </1>" reads "<1>Share</1> "), and the
    spaces at a paragraph's ends are not part of its msgid."""
    for _ in range(4):
        text = _INNER_OPEN.sub(r" \1", _INNER_CLOSE.sub(r"\1 ", text))
    return re.sub(" {2,}", " ", text).strip(" ")


# -- the document's paragraphs in order ---------------------------------------------------------------

def _style_kind(element: Any, styles: dict[str, str]) -> str:
    ppr = element.find(w("pPr"))
    style = ""
    if ppr is not None:
        found = ppr.find(w("pStyle"))
        if found is not None:
            style = styles.get(found.get(w("val")) or "", found.get(w("val")) or "")
        if ppr.find(w("numPr")) is not None:
            return "list-item"
    for ancestor in element.iterancestors():
        name = _local(ancestor)
        if name == "tc":
            row = ancestor.getparent()
            header = row is not None and row.find(f"{w('trPr')}/{w('tblHeader')}") is not None
            return "table-header" if header else "table-cell"
        if name == "txbxContent":
            break
    lowered = style.lower()
    if lowered == "title":
        return "title"
    if _HEADING.match(lowered):
        return "heading"
    if lowered.startswith("list"):
        return "list-item"
    if "caption" in lowered:
        return "caption"
    if "quote" in lowered:
        return "quote"
    if "footnote" in lowered or "endnote" in lowered:
        return "footnote"
    return "paragraph"


@dataclass
class Opened:
    """A Word file opened: the python-docx document, the parts read as XML, and every paragraph."""

    document: Any
    xml_parts: list[tuple[Any, Any]]  # (part, root element) of parts python-docx keeps only as bytes
    paragraphs: list[tuple[str, Any]]  # (kind, w:p element), in the order of the flat text
    properties: list[str]  # the core properties that are lines of the flat text


PROPERTIES = ("title", "subject")


def open_docx(path: Path, data: bytes | None = None) -> Opened:
    """Open a Word file; a file that is not one is a one-line :class:`SourceError`."""
    import docx
    from lxml import etree

    from transmgr.formats.limits import LIMITS, check_word_parts, read_limited

    raw = data if data is not None else read_limited(path, LIMITS.word_bytes, what="a Word file")
    if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise SourceError("an encrypted (password-protected) or old binary Word file, not a .docx", path=path,
                          hint="remove the password, or save it as a Word document (.docx), then run again")
    check_word_parts(raw, path)
    if STRICT_NS.encode() in _main_part_head(raw):
        raise SourceError("a Strict Open XML Document, which Word's own tools and transmgr do not read", path=path,
                          hint="save it in Word or LibreOffice as a Word Document (.docx), not 'Strict Open XML'")
    try:
        document = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise SourceError(f"not a readable Word document ({exc.__class__.__name__}: {exc})", path=path,
                          hint="open it in Word or LibreOffice and save it again as .docx") from exc
    except Exception as exc:  # python-docx raises its own errors for broken packages
        raise SourceError(f"not a readable Word document ({exc.__class__.__name__}: {exc})", path=path,
                          hint="open it in Word or LibreOffice and save it again as .docx") from exc
    try:
        for name in PROPERTIES:
            getattr(document.core_properties, name)
    except Exception as exc:  # python-docx reads the part lazily and trusts its root element
        raise SourceError(f"its part docProps/core.xml cannot be read ({exc.__class__.__name__})", path=path,
                          hint="open it in Word or LibreOffice and save it again as .docx") from exc
    styles = {}
    try:
        for style in document.styles:
            styles[style.style_id] = style.name or style.style_id
    except Exception:  # a document without a styles part: kinds come from the names alone
        styles = {}
    paragraphs: list[tuple[str, Any]] = []
    for p in _own_paragraphs(document.element.body):
        paragraphs.append((_style_kind(p, styles), p))
    xml_parts: list[tuple[Any, Any]] = []
    others = sorted((part for part in document.part.package.iter_parts()
                     if str(part.partname).startswith(("/word/header", "/word/footer"))),
                    key=lambda part: str(part.partname))
    notes = [part for name in ("/word/footnotes.xml", "/word/endnotes.xml")
             for part in document.part.package.iter_parts() if str(part.partname) == name]
    for part in others + notes:
        root = getattr(part, "_element", None)
        if root is None:
            try:
                root = etree.fromstring(part.blob, SAFE_PARSER)
            except etree.XMLSyntaxError as exc:
                raise SourceError(f"its part {part.partname} is not well-formed XML ({exc.msg})", path=path,
                                  hint="open it in Word or LibreOffice and save it again as .docx") from exc
            xml_parts.append((part, root))
        kind = "footnote" if "notes" in str(part.partname) else "paragraph"
        for p in _own_paragraphs(root):
            note = next((a for a in p.iterancestors() if _local(a) in ("footnote", "endnote")), None)
            if note is not None and note.get(w("type")) in ("separator", "continuationSeparator",
                                                           "continuationNotice"):
                continue
            paragraphs.append((kind if kind == "footnote" else _style_kind(p, styles), p))
    return Opened(document, xml_parts, paragraphs, list(PROPERTIES))


STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"


def _safe_parser() -> Any:
    from lxml import etree

    # No entities expanded (a billion laughs), no network, libxml2's depth and size limits kept.
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


SAFE_PARSER = _safe_parser()


def _main_part_head(raw: bytes) -> bytes:
    """The first kilobytes of the main document part (where its namespaces are declared)."""
    import zlib

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive, archive.open("word/document.xml") as stream:
            return stream.read(4096)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, zlib.error, EOFError, NotImplementedError):
        return b""  # the Word reader says what is wrong, in its own words


def _own_paragraphs(root: Any) -> Iterator[Any]:
    """Every w:p under ``root`` in document order, except the fallback copies of text boxes (Word
    writes each text box twice: the drawing and an old VML copy under mc:Fallback)."""
    for p in root.iter(w("p")):
        if any(a.tag == f"{{{MC}}}Fallback" for a in p.iterancestors()):
            continue
        yield p


def flat_text(opened: Opened) -> str:
    """The flat text segmentation reads: one ``kind|text`` line per property and paragraph."""
    lines = []
    properties = opened.document.core_properties
    for name in opened.properties:
        value = " ".join((getattr(properties, name) or "").split())
        lines.append(f"front-matter|{codes.escape_text(value)}")
    for kind, element in opened.paragraphs:
        paragraph = read_paragraph(element, kind)
        lines.append(f"{kind}|{paragraph.text}")
    return "\n".join(lines) + "\n"


# -- writing a translated paragraph ----------------------------------------------------------------------

def _text_run(text: str, rpr: Any) -> Any:
    from lxml import etree

    run = etree.Element(w("r"))
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    for index, piece in enumerate(text.split("\t")):
        if index:
            etree.SubElement(run, w("tab"))
        if piece:
            t = etree.SubElement(run, w("t"))
            t.text = piece
            t.set(XML_SPACE, "preserve")
    return run


def write_paragraph(paragraph: Paragraph, translation: str) -> None:
    """Replace the text of ``paragraph`` with ``translation``, each run formatted as its code says."""
    element = paragraph.element
    starts = [copy.deepcopy(c) for c in element if _local(c) == "bookmarkStart"]
    ends = [copy.deepcopy(c) for c in element if _local(c) == "bookmarkEnd"]
    for child in list(element):
        if _local(child) != "pPr":
            element.remove(child)
    for mark in starts:
        element.append(mark)
    pieces = codes.parse(translation, set(paragraph.codes))
    link_code: int | None = None
    link_element: Any = None
    for item in pieces.items:
        if isinstance(item, int):
            link_code, link_element = None, None
            for obj in paragraph.codes[item].objects:
                element.append(copy.deepcopy(obj))
            continue
        if not item.text:
            continue
        rpr = paragraph.base
        link = None
        for code in item.codes:
            info = paragraph.codes.get(code)
            if info is None:
                continue
            if info.link is not None and link is None:
                link = code
            if info.rpr is not None or info.link is not None:
                rpr = info.rpr
        run = _text_run(item.text, rpr)
        if link is None:
            link_code, link_element = None, None
            element.append(run)
            continue
        if link != link_code:
            link_element = copy.deepcopy(paragraph.codes[link].link)
            element.append(link_element)
            link_code = link
        link_element.append(run)
    for mark in ends:
        element.append(mark)


def _clear_fallbacks(root: Any) -> None:
    """Drop the old VML copies of text boxes: the drawing, translated, is what Word shows."""
    for fallback in list(root.iter(f"{{{MC}}}Fallback")):
        parent = fallback.getparent()
        if parent is not None and parent.find(f"{{{MC}}}Choice") is not None:
            parent.remove(fallback)


class DocxFormat(CodedFormat):
    """Word documents: paragraphs are segments, run formats and objects paired codes."""

    name: str = "docx"
    suffixes: tuple[str, ...] = (".docx",)
    edition_suffix: str = ".docx"

    def read(self, path: Path) -> str:
        opened = open_docx(path)
        text = flat_text(opened)
        if not any(_LETTERS.search(codes.plain(line.split("|", 1)[-1])) for line in text.splitlines()):
            raise SourceError("no text to translate in this Word document", path=path,
                              hint="check that the text is not all in images or fields")
        return text

    def parse(self, builder: Builder, text: str) -> None:
        offset = 0
        for line in text.split("\n"):
            kind, _, body = line.partition("|")
            start = offset + len(kind) + 1
            if body.strip() and _LETTERS.search(codes.plain(body)):
                builder.add_block(kind, [(start, start + len(body))], slot="docx", sentences=False)
            offset += len(line) + 1

    def render_source(self, edition: Edition, links: PageLinks | None = None) -> bytes:
        path = edition.document.path
        opened = open_docx(path)
        pieces = edition.piece_map()
        properties = opened.document.core_properties
        count = len(opened.properties)
        # Last paragraph first: a text box's paragraphs are translated before the paragraph holding it.
        for segment in sorted(edition.document.segments(), key=lambda s: -s.line):
            piece = pieces[id(segment)]
            if piece.status in (Status.FALLBACK, Status.SOURCE) or piece.text == segment.text:
                continue
            text = piece.text if piece.shown else ""
            index = segment.line - 1
            if index < count:
                setattr(properties, opened.properties[index], codes.plain(text))
                continue
            kind, element = opened.paragraphs[index - count]
            write_paragraph(read_paragraph(element, kind), text)
        _clear_fallbacks(opened.document.element.body)
        for part, root in opened.xml_parts:
            from lxml import etree

            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        out = io.BytesIO()
        try:
            with warnings.catch_warnings():  # a package naming a part twice is written as read, without a word
                warnings.simplefilter("ignore", UserWarning)
                opened.document.save(out)
        except Exception as exc:  # python-docx writes back what it read: a broken package fails here
            raise SourceError(f"the Word file cannot be written back ({exc.__class__.__name__}: {exc})", path=path,
                              hint="open it in Word or LibreOffice and save it again as .docx") from exc
        return out.getvalue()



DOCX = DocxFormat()
