"""Word documents (``.docx``): the DOCX :class:`Format`, on python-docx and lxml.

Every paragraph with words is a segment: body paragraphs, headings, list items, table cells, text
boxes, the table of contents, headers and footers, footnotes and endnotes, and the core properties
title and subject; code (a code style, a monospaced font) is never offered (:mod:`.package`). A
paragraph's formatting, fields, code runs and whitespace are codes (:mod:`.paragraph`). The
translated document is the source with only the text of each translated paragraph replaced, and
declares its language wherever Word looks (the default run language, every style's, and the
document's ``dc:language``). The HTML and text editions are made from the document itself
(:mod:`.editions`).

The segments are listed in a flat text, one line per paragraph in a fixed order (core properties,
body, headers and footers, footnotes, endnotes), each line ``<kind>|<text>``: ``essay.docx:12``
in a PO reference is the 12th paragraph of that list. Paragraphs are never split into sentences.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transmgr.editions.model import Edition, Status
from transmgr.errors import SourceError
from transmgr.formats import codes
from transmgr.formats.coded import CodedFormat
from transmgr.formats.word.package import CODE, Opened, clear_fallbacks, open_docx, w
from transmgr.formats.word.paragraph import read_paragraph, write_paragraph
from transmgr.languages import bcp47
from transmgr.segment.assemble import Builder

if TYPE_CHECKING:
    from transmgr.editions.html import PageLinks

_LETTERS = re.compile(r"[^\W\d_]{2,}")
DC = "http://purl.org/dc/elements/1.1/"


def flat_text(opened: Opened) -> str:
    """The flat text segmentation reads: one ``kind|text`` line per property and paragraph."""
    lines = []
    properties = opened.document.core_properties
    for name in opened.properties:
        value = " ".join((getattr(properties, name) or "").split())
        lines.append(f"front-matter|{codes.escape_text(value)}")
    for kind, element in opened.paragraphs:
        paragraph = read_paragraph(element, kind, opened.styles)
        lines.append(f"{kind}|{' '.join(paragraph.text.split(chr(10)))}")
    return "\n".join(lines) + "\n"


def declare_language(opened: Opened, lang: str) -> None:
    """Say ``lang`` wherever Word looks for a document's language: the default run properties, every
    style that names a language, and the core properties' ``dc:language`` (so that Word spell-checks
    the translation in its own language)."""
    from lxml import etree

    tag = bcp47(lang)
    root = opened.document.styles.element
    defaults = root.find(w("docDefaults"))
    if defaults is None:
        defaults = etree.SubElement(root, w("docDefaults"))
        root.insert(0, defaults)
    rpr_default = defaults.find(w("rPrDefault"))
    if rpr_default is None:
        rpr_default = etree.SubElement(defaults, w("rPrDefault"))
    rpr = rpr_default.find(w("rPr"))
    if rpr is None:
        rpr = etree.SubElement(rpr_default, w("rPr"))
    for holder in [rpr, *root.iter(w("rPr"))]:
        language = holder.find(w("lang"))
        if language is None and holder is rpr:
            language = etree.SubElement(holder, w("lang"))
        if language is not None:
            for attribute in ("val", "eastAsia", "bidi"):
                if attribute == "val" or language.get(w(attribute)) is not None:
                    language.set(w(attribute), tag)
    opened.document.core_properties.language = tag


def _model(path: Path) -> Opened:
    """The source document as the HTML and text editions read it (read once per file state)."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size, tuple(CODE.styles), CODE.monospaced)
    if _MODELS.get("key") != key:
        _MODELS.clear()
        _MODELS.update(key=key, opened=open_docx(path))
    return _MODELS["opened"]  # type: ignore[no-any-return]


_MODELS: dict[str, Any] = {}


class DocxFormat(CodedFormat):
    """Word documents: paragraphs are segments, run formats and objects paired codes."""

    name: str = "docx"
    edition_suffix: str = ".docx"

    def read(self, path: Path) -> str:
        opened = open_docx(path)
        text = flat_text(opened)
        if not any(_LETTERS.search(codes.plain(line.split("|", 1)[-1])) for line in text.splitlines()
                   if not line.startswith("code|")):
            raise SourceError("no text to translate in this Word document", path=path,
                              hint="check that the text is not all in images, fields or code")
        return text

    def parse(self, builder: Builder, text: str) -> None:
        offset = 0
        for line in text.split("\n"):
            kind, _, body = line.partition("|")
            start = offset + len(kind) + 1
            if kind != "code" and body.strip() and _LETTERS.search(codes.plain(body)):
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
                if piece.status is Status.FALLBACK and not edition.is_source and segment.line > count:
                    _mark_stand_in(opened.paragraphs[segment.line - 1 - count][1], edition.source_lang)
                continue
            text = piece.text if piece.shown else ""
            index = segment.line - 1
            if index < count:
                setattr(properties, opened.properties[index], codes.plain(text))
                continue
            kind, element = opened.paragraphs[index - count]
            write_paragraph(read_paragraph(element, kind, opened.styles), text)
        clear_fallbacks(opened.document.element.body)
        if not edition.is_source:
            declare_language(opened, edition.lang)
        if opened.made_up_properties:  # dated now by python-docx: dated as the package's members instead
            properties.modified = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)
        from lxml import etree

        for part, root in opened.xml_parts:
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        out = io.BytesIO()
        try:
            with warnings.catch_warnings():  # a package naming a part twice is written as read, without a word
                warnings.simplefilter("ignore", UserWarning)
                opened.document.save(out)
        except Exception as exc:  # python-docx writes back what it read: a broken package fails here
            raise SourceError(f"the Word file cannot be written back ({exc.__class__.__name__}: {exc})", path=path,
                              hint="open it in Word or LibreOffice and save it again as .docx") from exc
        return _reproducible(out.getvalue())

    def render_html(self, edition: Edition) -> str:
        from transmgr.formats.word.editions import render_word_html

        return render_word_html(edition, _model(edition.document.path))

    def render_text(self, edition: Edition) -> str:
        from transmgr.formats.word.editions import render_word_text

        return render_word_text(edition, _model(edition.document.path))

    def edition_title(self, edition: Edition) -> str | None:
        """The document's own title (its core property, translated), else its Title paragraph."""
        for segment, piece in zip(edition.document.segments(), edition.pieces):
            if segment.line == 1 and piece.shown:
                return self.plain(segment.text if piece.status is Status.FALLBACK else piece.text)
        return super().edition_title(edition)


def _reproducible(package: bytes) -> bytes:
    """The package with every member dated 1980-01-01 (python-docx dates them now): building the same
    edition twice gives the same bytes, as every other edition does."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, source.read(info))
    return out.getvalue()


def _mark_stand_in(element: Any, source_lang: str) -> None:
    """A paragraph left in the source's language says so in its runs' language: Word spell-checks it
    as such, and a reader's tools (and an import) know it is not a translation."""
    from lxml import etree

    tag = bcp47(source_lang)
    for run in element.iter(w("r")):
        rpr = run.find(w("rPr"))
        if rpr is None:
            rpr = etree.Element(w("rPr"))
            run.insert(0, rpr)
        language = rpr.find(w("lang"))
        if language is None:
            language = etree.SubElement(rpr, w("lang"))
        language.set(w("val"), tag)


DOCX = DocxFormat()
