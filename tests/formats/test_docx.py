"""Word documents: what is offered for translation, and translated editions that keep every format.

The translated editions are opened by LibreOffice headless (printed to PDF) and read back with
poppler, as a user would check them; those tests skip when LibreOffice is not installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from tests.conftest import FIXTURES
from tests.formats.docx_builder import rich_document, runs
from tests.office import convert, needs_office
from transmgr.catalog import read_catalog, set_translation, write_catalog
from transmgr.errors import SourceError
from transmgr.formats import codes, segment_document
from transmgr.formats.word.package import open_docx
from transmgr.formats.word.paragraph import read_paragraph, write_paragraph
from transmgr.workflows import Project, update
from transmgr.workflows.build import build

DOCUMENTS = FIXTURES / "documents"

EXPECTED = [
    ("front-matter", "Deeply concerned"),
    ("front-matter", "An essay about concern"),
    ("title", "Deeply concerned"),
    ("heading", "The first part"),
    ("paragraph", "The world is <1>deeply concerned</1> about <2>the news</2> and <3>the statements</3>.<4/>"
                  "A second line, with a footnote.<5/>"),
    ("paragraph", "Read <1>the report</1> online."),
    ("list-item", "First item of the list"),
    ("list-item", "Second item of the list"),
    ("caption", "A map of Minsk"),
    ("table-header", "Country"),
    ("table-header", "Capital"),
    ("table-cell", "Belarus"),
    ("table-cell", "Minsk"),
    ("paragraph", "Text in a box"),
    ("paragraph", "Footer of every page"),
    ("paragraph", "Header of every page"),
    ("footnote", "<1/> The footnote's text."),
]


@pytest.fixture
def rich(tmp_path: Path) -> Path:
    return rich_document(tmp_path / "essay.docx")


def test_every_construct_is_offered_with_its_kind(rich: Path) -> None:
    document = segment_document(rich)
    assert [(s.kind, s.text) for s in document.segments()] == EXPECTED


def test_a_round_trip_in_the_source_language_keeps_text_and_formatting(rich: Path, tmp_path: Path) -> None:
    opened = open_docx(rich)
    for kind, element in opened.paragraphs:
        paragraph = read_paragraph(element, kind)
        if paragraph.text:
            write_paragraph(paragraph, paragraph.text)  # every paragraph rebuilt from its own msgid
    out = tmp_path / "again.docx"
    opened.document.save(str(out))
    for source, again in zip(runs(rich), runs(out)):
        assert [(text.strip(), key) for text, key in again] == [(text.strip(), key) for text, key in source]
    assert [s.text for s in segment_document(out).segments()] == [s.text for s in segment_document(rich).segments()]


def _pseudo(text: str) -> str:
    """A Russian-looking pseudo-translation that keeps the codes: the words between them wrapped."""
    out = []
    for piece in re.split(r"(</?\d+/?>)", text):
        out.append(piece if codes.CODE.fullmatch(piece) or not piece.strip() else f"Ру{piece.strip()}ру"
                   if piece == piece.strip() else f" Ру{piece.strip()}ру ")
    return "".join(out)


def _translated_project(root: Path, source: Path, translate: Callable[[str], str] = _pseudo) -> Path:
    (root / "source").mkdir(parents=True)
    shutil.copy(source, root / "source" / source.name)
    (root / "transmgr.toml").write_text('source_language = "en"\nlanguages = ["ru"]\n', encoding="utf-8")
    project = Project.load(root)
    update(project)
    po = project.po_path("ru", source.stem)
    catalog = read_catalog(po)
    for unit in list(catalog):
        if unit.msgid and not unit.obsolete:
            catalog.put(set_translation(unit, translate(unit.msgid)), replacing=unit)
    write_catalog(catalog, po)
    build(project)
    return root / "build" / "ru" / f"{source.stem}.docx"


def test_the_translated_edition_keeps_styles_lists_tables_images_and_sections(rich: Path, tmp_path: Path) -> None:
    edition = _translated_project(tmp_path / "project", rich)
    source, translated = docx.Document(str(rich)), docx.Document(str(edition))
    assert translated.core_properties.title == "РуDeeply concernedру"
    assert [p.style.name for p in translated.paragraphs] == [p.style.name for p in source.paragraphs]
    body = translated.paragraphs[2]
    formatted = {run.text: (run.bold, run.italic, run.underline) for run in body.runs}
    assert formatted["Руdeeply concernedру"] == (True, None, None)
    assert formatted["Руthe newsру"] == (None, True, None)
    assert formatted["Руthe statementsру"][2] is True
    xml = zipfile.ZipFile(edition).read("word/document.xml").decode()
    original = zipfile.ZipFile(rich).read("word/document.xml").decode()
    for element in ("<w:drawing>", "<w:numPr>", "<w:tblHeader/>", "<w:footnoteReference", "<w:hyperlink", "<w:br/>",
                    "<w:sectPr", "<w:txbxContent>"):
        assert xml.count(element) == original.count(element), element
    assert "https://example.org/report" in zipfile.ZipFile(edition).read("word/_rels/document.xml.rels").decode()
    assert [[c.text for c in row.cells] for row in translated.tables[0].rows] == [
        ["РуCountryру", "РуCapitalру"], ["РуBelarusру", "РуMinskру"]]
    assert translated.sections[0].header.paragraphs[0].text == "РуHeader of every pageру"
    assert "РуThe footnote's text.ру" in zipfile.ZipFile(edition).read("word/footnotes.xml").decode()


@needs_office
@pytest.mark.parametrize("name", ["rich", "cc-by-deed.docx"])
def test_libreoffice_opens_the_edition_as_it_opens_the_source(name: str, rich: Path, tmp_path: Path) -> None:
    source = rich if name == "rich" else DOCUMENTS / name
    edition = _translated_project(tmp_path / "project", source)
    pages, texts = {}, {}
    for label, path in (("source", source), ("edition", edition)):
        pdf = convert(path, "pdf", tmp_path / label)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages[label] = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
        texts[label] = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert pages["edition"] == pages["source"]
    headings = [s.text for s in segment_document(source).segments() if s.kind in ("title", "heading")]
    for heading in headings:
        assert f"Ру{codes.plain(heading)}ру" in " ".join(texts["edition"].split())
    assert "Ру" in texts["edition"] and texts["edition"].count("Ру") >= texts["source"].count("Ру") + len(headings)


def test_real_documents_are_offered_whole(tmp_path: Path) -> None:
    links = [s.text for s in segment_document(DOCUMENTS / "python-docx-hyperlinks.docx").segments()]
    assert links == ["No hyperlinks", "One <1>awesome hyperlink</1>.",
                     "Three hyperlinks: <1>the first one</1> here, the <2>second one</2>, and the <3>third</3>."]
    deed = [(s.kind, s.text) for s in segment_document(DOCUMENTS / "cc-by-deed.docx").segments()]
    assert ("heading", "Attribution 4.0 International") in deed
    assert ("paragraph", "<1>Share</1> — copy and redistribute the material in any medium or format for any "
                         "purpose, even commercially.") in deed


@pytest.mark.parametrize(("data", "words"), [
    (b"PK\x03\x04 this is not a whole zip", "not a readable Word document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "encrypted (password-protected)"),
    (b"", "not a readable Word document"),
])
def test_bad_word_files_are_one_line_errors_and_nothing_is_written(
    data: bytes, words: str, make_project: Callable[..., Path], run_cli: Callable[..., object],
) -> None:
    root = make_project({})
    (root / "source" / "broken.docx").write_bytes(data)
    result = run_cli("update", "--project", root)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    output = result.output  # type: ignore[attr-defined]
    assert words in output and "broken.docx" in output and output.count("\n") == 1
    assert not (root / "locales").exists() or not any((root / "locales").rglob("*.po*"))


def test_a_word_file_without_text_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.docx"
    document = docx.Document()
    document.add_paragraph("   ")
    document.save(str(empty))
    with pytest.raises(SourceError, match="no text to translate"):
        segment_document(empty)


def test_a_translation_with_broken_codes_still_makes_a_document(rich: Path, tmp_path: Path) -> None:
    def broken(text: str) -> str:
        return re.sub(r"</\d+>", "", text) + " <9>extra</9>"  # codes left open, one the source lacks

    edition = _translated_project(tmp_path / "project", rich, broken)
    paragraph = docx.Document(str(edition)).paragraphs[2]
    assert "deeply concerned" in paragraph.text and "extra" in paragraph.text
    assert "<9>" not in paragraph.text and "</" not in paragraph.text
