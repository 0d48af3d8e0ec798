"""Opening a Word file: its parts read within limits and safely, its styles, its paragraphs in order.

Paragraphs come in a fixed order (the core properties title and subject, the body with its tables
and text boxes, headers and footers, footnotes and endnotes), each with a kind from its style and
place: ``essay.docx:12`` in a PO reference is the 12th line of that list. A paragraph in a code
style, or whose text is all in a monospaced font, is of kind ``code``: it keeps its line and is
never offered. Which styles count as code is the configuration's (``[word] code_styles``).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transmgr.errors import SourceError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
PROPERTIES = ("title", "subject")
_HEADING = re.compile(r"^heading\s*(\d)", re.IGNORECASE)
#: Style names (compared case- and space-insensitively) whose paragraphs or runs are code.
CODE_STYLES = ["Preformatted Text", "HTML Preformatted", "Source Code", "Code", "Code Block", "Macro Text",
               "Plain Text", "Verbatim", "Source Text", "HTML Code", "HTML Keyboard", "HTML Sample",
               "HTML Typewriter", "Code Char", "Verbatim Char", "Inline Code", "Macro Text Char", "Plain Text Char"]
_MONOSPACED = re.compile(r"mono|courier|consolas|menlo|monaco|lucida console|lucida sans typewriter|fixedsys|"
                         r"source code|fira code|cascadia|inconsolata|hack\b|jetbrains|ocr-?a|andale", re.IGNORECASE)


@dataclass
class CodeSettings:
    """What counts as code in a Word file: style names, and fonts (a pattern) besides the monospaced ones."""

    styles: list[str] = field(default_factory=lambda: list(CODE_STYLES))
    monospaced: bool = True  # text in a monospaced font is code too


def _monospaced(font: str | None) -> bool:
    return CODE.monospaced and font is not None and bool(_MONOSPACED.search(font))


CODE = CodeSettings()


def configure_code_styles(styles: list[str] | None, monospaced: bool = True) -> None:
    """Set what is code (from ``[word] code_styles`` and ``monospaced``; None: the default styles)."""
    CODE.styles = list(styles) if styles is not None else list(CODE_STYLES)
    CODE.monospaced = monospaced


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def local(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _squeezed(name: str) -> str:
    return "".join(name.split()).casefold()


@dataclass
class Styles:
    """The styles a reader needs: names by id, which are code, which fonts are monospaced."""

    names: dict[str, str] = field(default_factory=dict)  # style id -> name
    code: set[str] = field(default_factory=set)  # style ids that are code (by name, or a monospaced font)
    numbered: dict[str, str] = field(default_factory=dict)  # style id -> the numId its paragraphs are numbered by
    outline: dict[str, int] = field(default_factory=dict)  # style id -> its outline level (0: a top heading)
    default_mono: bool = False  # the document's default font is monospaced

    def is_code(self, style_id: str | None) -> bool:
        return style_id is not None and style_id in self.code


def read_styles(document: Any) -> Styles:
    """The document's styles, read from styles.xml itself (a document without a styles part has none).
    A style's font, numbering and outline level are its own or those of the style it is based on."""
    styles = Styles()
    wanted = {_squeezed(name) for name in CODE.styles}
    try:
        root = document.styles.element
    except Exception:  # python-docx reads the part lazily: a broken one means no styles
        return styles
    elements = {e.get(w("styleId")) or "": e for e in root.iter(w("style"))}

    def inherited(style: Any, path: str, attribute: str) -> str | None:
        seen = 0
        while style is not None and seen < 20:
            found = style.find(path)
            if found is not None and found.get(w(attribute)) is not None:
                return str(found.get(w(attribute)))
            based = style.find(w("basedOn"))
            style = elements.get(based.get(w("val")) or "") if based is not None else None
            seen += 1
        return None

    for style_id, element in elements.items():
        named = element.find(w("name"))
        name = (named.get(w("val")) if named is not None else None) or style_id
        styles.names[style_id] = name
        font = inherited(element, f"{w('rPr')}/{w('rFonts')}", "ascii")
        if _squeezed(name) in wanted or _monospaced(font):
            styles.code.add(style_id)
        number = inherited(element, f"{w('pPr')}/{w('numPr')}/{w('numId')}", "val")
        if number not in (None, "0"):
            styles.numbered[style_id] = str(number)
        level = inherited(element, f"{w('pPr')}/{w('outlineLvl')}", "val")
        if level is not None and level.isdigit() and int(level) < 9:
            styles.outline[style_id] = int(level)
    defaults = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('rFonts')}")
    if defaults is not None:
        styles.default_mono = _monospaced(defaults.get(w("ascii")))
    return styles


def run_is_code(rpr: Any, styles: Styles) -> bool:
    """True when a run with properties ``rpr`` is in a code character style or a monospaced font."""
    if rpr is None:
        return False
    style = rpr.find(w("rStyle"))
    if style is not None and styles.is_code(style.get(w("val"))):
        return True
    fonts = rpr.find(w("rFonts"))
    if fonts is not None:
        font = fonts.get(w("ascii")) or fonts.get(w("hAnsi")) or ""
        return _monospaced(font)
    return False


def paragraph_style(element: Any) -> str | None:
    found = element.find(f"{w('pPr')}/{w('pStyle')}")
    return found.get(w("val")) if found is not None else None


def is_code_paragraph(element: Any, styles: Styles) -> bool:
    """A paragraph in a code style, or whose every run with text is code (a monospaced font)."""
    if styles.is_code(paragraph_style(element)):
        return True
    texts = [run for run in element.iter(w("r")) if any((t.text or "").strip() for t in run.iter(w("t")))]
    if not texts:
        return False
    return all(run_is_code(run.find(w("rPr")), styles) or (run.find(w("rPr")) is None and styles.default_mono)
               for run in texts)


def numbering(element: Any, styles: Styles) -> tuple[str, int] | None:
    """(numId, level) of a numbered or bulleted paragraph (its own numbering, else its style's); None
    for a paragraph that is not in a list (numId 0 takes a style's numbering away)."""
    numbered = element.find(f"{w('pPr')}/{w('numPr')}")
    number = numbered.find(w("numId")) if numbered is not None else None
    level = numbered.find(w("ilvl")) if numbered is not None else None
    num = number.get(w("val")) if number is not None else styles.numbered.get(paragraph_style(element) or "")
    if num in (None, "0"):
        return None
    try:
        depth = int(level.get(w("val")) or 0) if level is not None else 0
    except ValueError:
        depth = 0
    return str(num), max(0, min(depth, 8))


def outline_level(element: Any, styles: Styles) -> int | None:
    """The outline level of a paragraph's style (0 for a top heading; None for body text), as
    LibreOffice reads a heading: a style with an outline level, whatever its name or language. An
    outline level set on one paragraph alone (for Word's navigation pane) leaves it body text."""
    return styles.outline.get(paragraph_style(element) or "")


def paragraph_kind(element: Any, styles: Styles) -> str:
    """The kind of block a paragraph is, from its style, outline level, numbering and place."""
    if is_code_paragraph(element, styles):
        return "code"
    style = styles.names.get(paragraph_style(element) or "", paragraph_style(element) or "")
    lowered = style.lower()
    if lowered == "title":
        return "title"
    if _HEADING.match(lowered) or outline_level(element, styles) is not None:
        return "heading"
    if numbering(element, styles) is not None:
        return "list-item"
    for ancestor in element.iterancestors():
        name = local(ancestor)
        if name == "tc":
            row = ancestor.getparent()
            header = row is not None and row.find(f"{w('trPr')}/{w('tblHeader')}") is not None
            return "table-header" if header else "table-cell"
        if name == "txbxContent":
            break
    if "caption" in lowered:
        return "caption"
    if "quote" in lowered:
        return "quote"
    if "footnote" in lowered or "endnote" in lowered:
        return "footnote"
    if lowered.startswith(("contents", "toc")):
        return "contents"
    return "paragraph"


def heading_level(element: Any, styles: Styles) -> int:
    """The level of a heading paragraph: its outline level, else its style's number (Heading 2), else 1."""
    outline = outline_level(element, styles)
    if outline is not None:
        return outline + 1
    style = styles.names.get(paragraph_style(element) or "", "")
    found = _HEADING.match(style)
    return int(found.group(1)) if found else 1


@dataclass
class Opened:
    """A Word file opened: the python-docx document, the parts read as XML, and every paragraph."""

    document: Any
    xml_parts: list[tuple[Any, Any]]  # (part, root element) of parts python-docx keeps only as bytes
    paragraphs: list[tuple[str, Any]]  # (kind, w:p element), in the order of the flat text
    properties: list[str]  # the core properties that are lines of the flat text
    styles: Styles = field(default_factory=Styles)
    # The package had no core properties (a Google Docs export): python-docx made them up when asked,
    # dated now; an edition dates them as its package's members, so every build writes the same bytes.
    made_up_properties: bool = False


def safe_parser() -> Any:
    from lxml import etree

    # No entities expanded (a billion laughs), no network, libxml2's depth and size limits kept.
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _main_part_head(raw: bytes) -> bytes:
    """The first kilobytes of the main document part (where its namespaces are declared)."""
    import zlib

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive, archive.open("word/document.xml") as stream:
            return stream.read(4096)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, zlib.error, EOFError, NotImplementedError):
        return b""  # the Word reader says what is wrong, in its own words


def has_core_properties(document: Any) -> bool:
    """Whether the package has its core properties part (asked for them, python-docx makes one up)."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    try:
        document.part.package.part_related_by(RELATIONSHIP_TYPE.CORE_PROPERTIES)
    except KeyError:
        return False
    return True


def open_docx(path: Path, data: bytes | None = None) -> Opened:
    """Open a Word file; a file that is not one (or one over the limits) is a one-line :class:`SourceError`."""
    import docx
    from lxml import etree

    from transmgr.formats.limits import LIMITS, check_word_parts, read_limited

    hint = "open it in Word or LibreOffice and save it again as .docx"
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
    except Exception as exc:  # python-docx raises zip, XML and its own errors for broken packages
        raise SourceError(f"not a readable Word document ({exc.__class__.__name__}: {exc})", path=path,
                          hint=hint) from exc
    made_up = not has_core_properties(document)
    try:
        for name in PROPERTIES:
            getattr(document.core_properties, name)
    except Exception as exc:  # python-docx reads the part lazily and trusts its root element
        raise SourceError(f"its part docProps/core.xml cannot be read ({exc.__class__.__name__})", path=path,
                          hint=hint) from exc
    styles = read_styles(document)
    paragraphs: list[tuple[str, Any]] = [(paragraph_kind(p, styles), p) for p in own_paragraphs(document.element.body)]
    xml_parts: list[tuple[Any, Any]] = []
    package = document.part.package
    others = sorted((part for part in package.iter_parts() if str(part.partname).startswith(("/word/header",
                                                                                              "/word/footer"))),
                    key=lambda part: str(part.partname))
    notes = [part for name in ("/word/footnotes.xml", "/word/endnotes.xml")
             for part in package.iter_parts() if str(part.partname) == name]
    for part in others + notes:
        root = getattr(part, "_element", None)
        if root is None:
            try:
                root = etree.fromstring(part.blob, safe_parser())
            except etree.XMLSyntaxError as exc:
                raise SourceError(f"its part {part.partname} is not well-formed XML ({exc.msg})", path=path,
                                  hint=hint) from exc
            xml_parts.append((part, root))
        notes_part = "notes" in str(part.partname)
        for p in own_paragraphs(root):
            note = next((a for a in p.iterancestors() if local(a) in ("footnote", "endnote")), None)
            if note is not None and note.get(w("type")) in ("separator", "continuationSeparator",
                                                           "continuationNotice"):
                continue
            kind = paragraph_kind(p, styles)
            paragraphs.append(("footnote" if notes_part and kind != "code" else kind, p))
    return Opened(document, xml_parts, paragraphs, list(PROPERTIES), styles, made_up)


def own_paragraphs(root: Any) -> Iterator[Any]:
    """Every w:p under ``root`` in document order, except the fallback copies of text boxes (Word
    writes each text box twice: the drawing and an old VML copy under mc:Fallback)."""
    for p in root.iter(w("p")):
        if any(a.tag == f"{{{MC}}}Fallback" for a in p.iterancestors()):
            continue
        yield p


def clear_fallbacks(root: Any) -> None:
    """Drop the old VML copies of text boxes: the drawing, translated, is what Word shows."""
    for fallback in list(root.iter(f"{{{MC}}}Fallback")):
        parent = fallback.getparent()
        if parent is not None and parent.find(f"{{{MC}}}Choice") is not None:
            parent.remove(fallback)
