"""Word documents for the tests, made with python-docx (and, where it has no API, its XML)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def tiny_png() -> bytes:
    """A 4x4 red PNG."""
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def add_hyperlink(paragraph: object, url: str, text: str) -> None:
    part = paragraph.part  # type: ignore[attr-defined]
    rid = part.relate_to(url, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
                         is_external=True)
    link = parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/>'
                     f'<w:u w:val="single"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:hyperlink>')
    paragraph._p.append(link)  # type: ignore[attr-defined]


def add_textbox(paragraph: object, text: str) -> None:
    run = parse_xml(
        f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape style="width:220pt;height:40pt">'
        f'<v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></v:textbox>'
        f'</v:shape></w:pict></w:r>')
    paragraph._p.append(run)  # type: ignore[attr-defined]


def rich_document(path: Path) -> Path:
    """Every construct the DOCX format reads: core properties, title, headings, formatted runs, a
    hyperlink, a line break, an image, a list, a table with a header row, a text box, header and
    footer, and (added to the package by hand) a footnote."""
    document = docx.Document()
    document.core_properties.title = "Deeply concerned"
    document.core_properties.subject = "An essay about concern"
    document.add_heading("Deeply concerned", level=0)
    document.add_heading("The first part", level=1)
    paragraph = document.add_paragraph("The world is ")
    paragraph.add_run("deeply concerned").bold = True
    paragraph.add_run(" about ")
    paragraph.add_run("the news").italic = True
    paragraph.add_run(" and ")
    underlined = paragraph.add_run("the statements")
    underlined.underline = True
    underlined.font.size = Pt(14)
    paragraph.add_run(".")
    paragraph.add_run().add_break(WD_BREAK.LINE)
    paragraph.add_run("A second line, with a footnote.")
    linked = document.add_paragraph("Read ")
    add_hyperlink(linked, "https://example.org/report", "the report")
    linked.add_run(" online.")
    document.add_paragraph("First item of the list", style="List Bullet")
    document.add_paragraph("Second item of the list", style="List Number")
    document.add_picture(io.BytesIO(tiny_png()))
    document.add_paragraph("A map of Minsk", style="Caption")
    table = document.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    row = table.rows[0]._tr
    row.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    for (r, c), text in {(0, 0): "Country", (0, 1): "Capital", (1, 0): "Belarus", (1, 1): "Minsk"}.items():
        table.cell(r, c).text = text
    box = document.add_paragraph()
    add_textbox(box, "Text in a box")
    section = document.sections[0]
    section.header.paragraphs[0].text = "Header of every page"
    section.footer.paragraphs[0].text = "Footer of every page"
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(with_footnote(buffer.getvalue(), "A second line, with a footnote.", "The footnote's text."))
    return path


_FOOTNOTES = f'''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W}">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {{text}}</w:t></w:r></w:p></w:footnote>
</w:footnotes>'''


def with_footnote(data: bytes, after: str, text: str) -> bytes:
    """The package ``data`` with a footnote whose reference follows the text ``after``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "word/document.xml":
                marker = f"{after}</w:t></w:r>".encode()
                reference = (b'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                             b'<w:footnoteReference w:id="1"/></w:r>')
                content = content.replace(marker, marker + reference, 1)
            elif item.filename == "word/_rels/document.xml.rels":
                content = content.replace(b"</Relationships>", b'<Relationship Id="rIdFootnotes" Type="http://schemas'
                                          b'.openxmlformats.org/officeDocument/2006/relationships/footnotes" '
                                          b'Target="footnotes.xml"/></Relationships>')
            elif item.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType='
                                          b'"application/vnd.openxmlformats-officedocument.wordprocessingml.'
                                          b'footnotes+xml"/></Types>')
            target.writestr(item, content)
        target.writestr("word/footnotes.xml", _FOOTNOTES.replace("{text}", text))
    return out.getvalue()


def runs(path: Path) -> list[list[tuple[str, bytes]]]:
    """Each paragraph of the body, headers, footers and footnotes as (text, run properties) pairs,
    adjacent runs with the same properties joined: what the reader sees and how it is formatted."""
    from lxml import etree

    package = zipfile.ZipFile(path)
    out = []
    for name in sorted(package.namelist()):
        if not name.startswith("word/") or not name.endswith(".xml") or "/_rels/" in name:
            continue
        if not any(part in name for part in ("document", "header", "footer", "footnotes")):
            continue
        root = etree.fromstring(package.read(name))
        for p in root.iter(qn("w:p")):
            pairs: list[tuple[str, bytes]] = []
            for run in p.iter(qn("w:r")):
                if next(a for a in run.iterancestors() if a.tag == qn("w:p")) is not p:
                    continue  # a run of a paragraph inside this one (a text box): that paragraph's
                rpr = run.find(qn("w:rPr"))
                key = etree.tostring(rpr, method="c14n") if rpr is not None else b""
                text = "".join(t.text or "" for t in run.iter(qn("w:t")))
                text += "\t" * len(run.findall(qn("w:tab"))) + "\n" * len(run.findall(qn("w:br")))
                if pairs and pairs[-1][1] == key:
                    pairs[-1] = (pairs[-1][0] + text, key)
                elif text:
                    pairs.append((text, key))
            out.append(pairs)
    return out
