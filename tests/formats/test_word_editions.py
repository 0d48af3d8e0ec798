"""Word documents as a translator and a reader meet them: code stays code, the contents are
translated, and every edition (Word, HTML, text) shows what the document shows.

The golden manual (:mod:`tests.formats.word_manual`) is pseudo-translated and built; its POT and
its editions are compared with ``tests/fixtures/word/`` (regenerate after an intended change with
``TRANSMGR_UPDATE_GOLDEN=1``). LibreOffice headless prints the source and the Word edition to PDF
(the same number of pages, the code's text identical), and exports the real Word documents of
``tests/fixtures/documents`` to HTML: the HTML edition shows as many images, tables, headings and
list items. Those tests skip where LibreOffice is not installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from lxml import etree
from lxml import html as lxml_html

from tests.conftest import DAY, FIXTURES
from tests.formats.word_manual import CODE_LINES, manual_document
from tests.office import convert, needs_office
from transmgr.catalog import read_catalog, set_translation, write_catalog
from transmgr.formats import codes
from transmgr.workflows import Project, update
from transmgr.workflows.build import build

GOLDEN = FIXTURES / "word"
DOCUMENTS = FIXTURES / "documents"
UPDATE = bool(os.environ.get("TRANSMGR_UPDATE_GOLDEN"))
_LOOKALIKES = str.maketrans("aceopxyABCEHKMOPTX", "асеорхуАВСЕНКМОРТХ")
_SPAN = re.compile(r"(<c(\d{1,4})>.*?</c\2>|</?c?\d{1,4}/?>)")


def pseudo(text: str) -> str:
    """Latin letters turned into Cyrillic ones that look alike (the length kept, so the pages are
    the same); codes and verbatim spans kept as a translator keeps them."""
    out, position = [], 0
    for match in _SPAN.finditer(text):
        out += [text[position:match.start()].translate(_LOOKALIKES), match.group(0)]
        position = match.end()
    return "".join(out) + text[position:].translate(_LOOKALIKES)


def _project(root: Path, *sources: Path, langs: tuple[str, ...] = ("be",)) -> Project:
    (root / "source").mkdir(parents=True)
    for source in sources:
        shutil.copy(source, root / "source" / source.name)
    (root / "transmgr.toml").write_text(
        f'source_language = "en"\nlanguages = {list(langs)!r}\n[build]\nthreshold = 0\n'.replace("'", '"'),
        encoding="utf-8")
    project = Project.load(root)
    update(project)
    return project


def _translate(project: Project, lang: str, doc: str) -> None:
    po = project.po_path(lang, doc)
    catalog = read_catalog(po)
    for unit in list(catalog):
        if unit.msgid and not unit.obsolete:
            catalog.put(set_translation(unit, pseudo(unit.msgid)), replacing=unit)
    write_catalog(catalog, po)


@pytest.fixture
def manual(tmp_path: Path) -> Path:
    project = _project(tmp_path / "project", manual_document(tmp_path / "manual.docx"))
    _translate(project, "be", "manual")
    build(project, formats=["docx", "html", "txt"], day=DAY)
    return tmp_path / "project"


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


def _document_xml(docx_path: Path) -> str:
    root = etree.fromstring(zipfile.ZipFile(docx_path).read("word/document.xml"))
    return etree.tostring(root, pretty_print=True, encoding="unicode")


def test_the_manual_template_offers_prose_and_contents_not_code(manual: Path) -> None:
    pot = (manual / "locales" / "manual.pot").read_text(encoding="utf-8")
    _golden("manual.pot", re.sub(r'"POT-Creation-Date: [^"]*"', '"POT-Creation-Date: (date)\\\\n"', pot))
    msgids = [unit.msgid for unit in read_catalog(manual / "locales" / "manual.pot")]
    assert not any(line.strip() and line.strip() in codes.plain(m) for m in msgids for line in CODE_LINES[:3])
    assert any("Getting started" in m and m.startswith("<") for m in msgids)  # the table of contents
    assert "Run <c1>transmgr build --lang be</c1> to make the editions; the settings live in " \
           "<c2>transmgr.toml</c2>." in msgids
    assert "Mode:<1/>heap<2/>(the default)" in msgids  # a tab and four spaces kept as codes


def test_the_pseudo_translated_editions_match_their_golden_files(manual: Path) -> None:
    built = manual / "build" / "be"
    _golden("be/manual.document.xml", _document_xml(built / "manual.docx"))
    _golden("be/manual.html", (built / "manual.html").read_text(encoding="utf-8"))
    _golden("be/manual.txt", (built / "manual.txt").read_text(encoding="utf-8"))


def test_the_word_edition_keeps_code_and_declares_its_language(manual: Path) -> None:
    edition = manual / "build" / "be" / "manual.docx"
    package = zipfile.ZipFile(edition)
    document = package.read("word/document.xml").decode()
    for line in CODE_LINES:
        if line.strip():
            assert f">{line}<" in document  # code paragraphs untouched, indentation and all
    assert ">transmgr build --lang be<" in document and ">transmgr.toml<" in document  # inline code too
    assert "Gеttіng" not in document and "Getting started" not in document.split("w:instrText")[0]
    assert "Gеtting stаrtеd" in document  # the contents entry translated
    assert 'w:val="be-BY"' in package.read("word/styles.xml").decode()
    assert "<dc:language>be-BY</dc:language>" in package.read("docProps/core.xml").decode()


def test_the_html_edition_shows_what_the_document_shows(manual: Path) -> None:
    page = lxml_html.parse(str(manual / "build" / "be" / "manual.html")).getroot()
    assert page.get("lang") == "be"
    assert page.findtext(".//title").startswith("Тhе trаnsmgr fiеld mаnuаl")  # the translated core title
    main = page.find(".//main")
    assert [h.text_content() for h in main.iter("h1", "h2")] == [
        "Тhе trаnsmgr fiеld mаnuаl", "Gеtting stаrtеd", "Сhесking thе rеsults"]
    contents = [a for a in main.iter("a") if a.get("href", "").startswith("#_Toc")]
    assert [a.text_content() for a in contents] == ["Gеtting stаrtеd 1", "Сhесking thе rеsults 2"]
    assert {a.get("href") for a in contents} == {f"#{e.get('id')}" for e in main.iter("h2")}  # links that work
    assert [p.text_content() for p in main.iter("pre")] == ["\n".join(CODE_LINES)]
    assert [c.text for c in main.iter("code") if c.getparent().tag != "pre"] == [
        "transmgr build --lang be", "transmgr.toml"]
    assert len(main.findall(".//table")) == 1 and len(main.findall(".//th")) == 2
    assert [i.get("alt") for i in main.iter("img")] == ["A diagram of the build"]
    assert main.find(".//img").get("src").startswith("data:image/png;base64,")
    assert len(main.findall(".//ul/li")) == 2


@needs_office
def test_libreoffice_prints_the_word_edition_as_it_prints_the_source(manual: Path, tmp_path: Path) -> None:
    source, edition = manual / "source" / "manual.docx", manual / "build" / "be" / "manual.docx"
    pages, texts = {}, {}
    for label, path in (("source", source), ("edition", edition)):
        pdf = convert(path, "pdf", tmp_path / label)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages[label] = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
        texts[label] = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                      check=True).stdout
    assert abs(pages["edition"] - pages["source"]) <= max(1, pages["source"] // 10)
    for line in CODE_LINES:
        if line.strip():
            shown = [row.strip() for row in texts["source"].splitlines() if line.strip() in row]
            assert shown and shown == [row.strip() for row in texts["edition"].splitlines() if line.strip() in row]
    assert "Gеtting stаrtеd" in texts["edition"]


# The real Word documents, and what LibreOffice's HTML export counts that an edition does not show:
# pictures a document links as file:// paths (LibreOffice's HTML import leaves them so; a published
# page never links a reader's disk), and drawn shapes (lines), which LibreOffice rasterises.
REAL = {
    "valgrind-dhat.docx": {"img"},
    "docx2python-word-example.docx": set(),
    "docx2python-google-docs.docx": set(),
    "docx2python-google-docs-image.docx": set(),
    "docx2python-libreoffice-windows.docx": {"img"},
}


def _counts(page: Path) -> dict[str, int]:
    root = lxml_html.parse(str(page)).getroot()
    items = [li for li in root.iter("li") if not any(a.get("class") == "footnotes" or a.tag == "nav"
                                                     for a in li.iterancestors())]
    headings = [h for h in root.iter("h1", "h2", "h3", "h4", "h5", "h6") if h.text_content().strip()
                and not any(a.tag in ("header", "nav") and not a.get("class") for a in h.iterancestors())]
    return {"img": len(list(root.iter("img"))), "table": len(list(root.iter("table"))), "li": len(items),
            "headings": len(headings)}


@needs_office
def test_the_html_edition_of_real_documents_matches_libreoffices_export(tmp_path: Path) -> None:
    project = _project(tmp_path / "project", *(DOCUMENTS / name for name in REAL))
    build(project, formats=["html"], day=DAY)
    exported = convert([DOCUMENTS / name for name in REAL], "html", tmp_path / "office")
    for name, unlike in REAL.items():
        stem = name.rsplit(".", 1)[0]
        ours = _counts(tmp_path / "project" / "build" / "be" / f"{stem}.html")
        theirs = _counts(exported.parent / f"{stem}.html")
        for what in ours:
            if what not in unlike:
                assert ours[what] == theirs[what], f"{name}: {what} {ours[what]} here, {theirs[what]} in LibreOffice's"


def test_build_names_the_word_edition_docx_and_the_index_calls_it_word(
        tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    root = tmp_path / "project"
    notes = tmp_path / "notes.md"
    notes.write_text("# Notes\n\nA note.\n", encoding="utf-8")
    _project(root, manual_document(tmp_path / "manual.docx"), notes)
    result = run_cli("build", "--project", root, "--format", "docx")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (root / "build" / "be").iterdir()) == ["manual.docx"]  # not the Markdown one
    result = run_cli("build", "--project", root, "--format", "source,html")
    assert result.exit_code == 0, result.output
    assert {p.name for p in (root / "build" / "be").iterdir()} >= {"manual.docx", "notes.md", "manual.html"}
    index = (root / "build" / "index.html").read_text(encoding="utf-8")
    assert '(HTML · <a href="be/manual.docx">Word</a>)' in index
    assert '(HTML · <a href="be/notes.md">Markdown</a>)' in index


def test_a_word_edition_of_a_package_without_core_properties_is_the_same_every_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Google Docs export has no core properties; python-docx makes them, dated now. The edition dates
    them as the package's members (1980-01-01), so two builds a day apart write the same bytes; a
    package with its own gets no date it did not have."""
    import datetime as dt
    import types

    import docx.opc.parts.coreprops as coreprops

    project = _project(tmp_path / "p", DOCUMENTS / "docx2python-google-docs.docx", DOCUMENTS / "cc-by-deed.docx")
    _translate(project, "be", "docx2python-google-docs")
    editions = []
    for day in (dt.datetime(2026, 12, 7, 9, tzinfo=dt.timezone.utc), dt.datetime(2026, 12, 8, 17, tzinfo=dt.timezone.utc)):
        clock = types.SimpleNamespace(now=lambda tz=None, day=day: day)  # what python-docx asks the time of
        monkeypatch.setattr(coreprops, "dt", types.SimpleNamespace(datetime=clock, timezone=dt.timezone))
        shutil.rmtree(project.root / "build", ignore_errors=True)
        shutil.rmtree(project.root / ".transmgr", ignore_errors=True)
        build(project, day=DAY, formats=["docx"])
        editions.append({name: (project.root / "build" / "be" / f"{name}.docx").read_bytes()
                         for name in ("docx2python-google-docs", "cc-by-deed")})
    assert editions[0] == editions[1]
    with zipfile.ZipFile(project.root / "build" / "be" / "docx2python-google-docs.docx") as package:
        assert b">1980-01-01T00:00:00Z<" in package.read("docProps/core.xml")
    with zipfile.ZipFile(project.root / "build" / "be" / "cc-by-deed.docx") as edition:
        assert b"dcterms:modified" not in edition.read("docProps/core.xml")  # the source's has no date: none added
