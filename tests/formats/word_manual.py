"""A software manual as Word documents are written: the golden Word document of the tests.

Made with python-docx and, where it has no API, its XML: a table of contents (a TOC field whose
entries are HYPERLINK fields with PAGEREF page numbers, as Word and LibreOffice write them), code
paragraphs in a "Preformatted Text" style (indentation kept), inline code in a "Source Text"
character style and in a monospaced font, a tab and runs of spaces that align text, a REF field,
a table with a header row, a bulleted list, a picture with an alt text, and a page break.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

from tests.formats.docx_builder import tiny_png

CODE_LINES = ["[build]", '  formats = ["source", "html"]', "  threshold = 80", "", "$ transmgr build --lang be"]
HEADINGS = [("_Toc1", "Getting started", "1"), ("_Toc2", "Checking the results", "2")]


def _run(text: str, rpr: str = "") -> str:
    return f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _field(instruction: str, result: str, rpr: str = "") -> str:
    """A complex field: begin, instruction, separate, its result's runs, end."""
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return (f'<w:r>{props}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{props}<w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
            f'<w:r>{props}<w:fldChar w:fldCharType="separate"/></w:r>{result}'
            f'<w:r>{props}<w:fldChar w:fldCharType="end"/></w:r>')


def _paragraph(document: docx.document.Document, style: str, body: str) -> None:
    document.element.body.insert(len(document.element.body) - 1, parse_xml(
        f'<w:p {nsdecls("w", "r")}><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{body}</w:p>'))


def manual_document(path: Path) -> Path:
    document = docx.Document()
    document.core_properties.title = "The transmgr field manual"
    document.core_properties.subject = "How to build translated editions"
    styles = document.styles
    code = styles.add_style("Preformatted Text", WD_STYLE_TYPE.PARAGRAPH)
    code.base_style = styles["Normal"]
    code.font.name = "Liberation Mono"
    code.font.size = Pt(9)
    source_text = styles.add_style("Source Text", WD_STYLE_TYPE.CHARACTER)
    source_text.font.name = "Liberation Mono"
    for level in (1,):
        toc = styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = styles["Normal"]

    document.add_heading("The transmgr field manual", level=0)
    document.add_paragraph("Contents")
    for index, (mark, title, page) in enumerate(HEADINGS):
        entry = _field(f'HYPERLINK \\l "{mark}"', _run(title) + '<w:r><w:tab/></w:r>'
                       + _field(f"PAGEREF {mark} \\h", _run(page)))
        if index == 0:  # the TOC field opens in the first entry and closes in the last
            entry = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> '
                     'TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                     + entry)
        if index == len(HEADINGS) - 1:
            entry += '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        _paragraph(document, "TOC1", entry)

    heading = document.add_heading("", level=1)
    heading._p.append(parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="1" w:name="_Toc1"/>'))
    heading.add_run("Getting started")
    heading._p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="1"/>'))
    paragraph = document.add_paragraph("Run ")
    paragraph.add_run("transmgr build --lang be").style = "Source Text"
    paragraph.add_run(" to make the editions; the settings live in ")
    paragraph.add_run("transmgr.toml").font.name = "Courier New"
    paragraph.add_run(".")
    for line in CODE_LINES:
        document.add_paragraph(line, style="Preformatted Text")
    document.add_paragraph("Mode:\theap    (the default)")
    document.add_paragraph("Source:  the essay    Editions:  four")
    _paragraph(document, "Normal", _run("The checks are described in ") + _field("REF _Toc2 \\h", _run(
        "Checking the results")) + _run(" on page ") + _field("PAGEREF _Toc2 \\h", _run("2")) + _run("."))
    document.add_paragraph("Every edition keeps the source's structure.", style="List Bullet")
    document.add_paragraph("Untranslated text is marked in its own language.", style="List Bullet")
    picture = document.add_paragraph()
    picture.add_run().add_picture(_png(path), width=Pt(48))
    picture._p.xpath(".//wp:docPr")[0].set("descr", "A diagram of the build")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    heading = document.add_heading("", level=1)
    heading._p.append(parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="2" w:name="_Toc2"/>'))
    heading.add_run("Checking the results")
    heading._p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="2"/>'))
    table = document.add_table(rows=3, cols=2)
    table.style = "Table Grid"
    for row, (left, right) in enumerate([("Check", "What it finds"), ("numbers", "a number changed"),
                                         ("codes", "a code lost or added")]):
        table.cell(row, 0).text, table.cell(row, 1).text = left, right
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    document.add_paragraph("Run the checks before every release.")
    document.save(str(path))
    return path


def _png(path: Path) -> str:
    image = path.with_name("diagram.png")
    image.write_bytes(tiny_png())
    return str(image)
