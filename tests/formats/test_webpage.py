"""Web pages: what is offered for translation, and translated pages identical outside their text."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.office import convert, needs_office
from transmgr.catalog import read_catalog, set_translation, write_catalog
from transmgr.errors import SourceError
from transmgr.formats import codes, segment_document
from transmgr.segment.model import Segment
from transmgr.workflows import Project, update
from transmgr.workflows.build import build

DEED = FIXTURES / "documents" / "cc-by-deed.html"
PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Deeply concerned &mdash; an essay</title>
<meta name="description" content="An essay about &quot;deep concern&quot;.">
<script>var x = "<p>not text</p>";</script>
<style>p { color: red; }</style>
</head>
<body>
<h1>Deeply <em>concerned</em></h1>
<p>The world is <strong>deeply concerned</strong> about <a href="https://example.org/x?a=1&amp;b=2">the news</a>.<br>
A second line with <code>x &lt; 3</code> and <span translate="no">Lukashenka</span>.</p>
<figure><img src="a.png" alt="A map of Belarus"><figcaption>Figure 1: the <b>map</b></figcaption></figure>
<ul><li>One item</li><li>Two <i>items</i></li></ul>
<table><tr><th>Name</th><td>Value here</td></tr></table>
<pre>not translated</pre>
<p>Literal &lt;1&gt; text and 5 &lt; 6.</p>
<!-- a comment -->
</body>
</html>
"""
EXPECTED = [
    ("front-matter", "Deeply concerned — an essay"),
    ("front-matter", 'An essay about "deep concern".'),
    ("title", "Deeply <1>concerned</1>"),
    ("paragraph", "The world is <1>deeply concerned</1> about <2>the news</2>.<3/> A second line with <c4>x < 3</c4> and <c5>Lukashenka</c5>."),
    ("image-alt", "A map of Belarus"),
    ("caption", "Figure 1: the <1>map</1>"),
    ("list-item", "One item"),
    ("list-item", "Two <1>items</1>"),
    ("table-header", "Name"),
    ("table-cell", "Value here"),
    ("paragraph", "Literal &lt;1> text and 5 < 6."),
]


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_every_construct_is_offered_and_the_rest_is_not(tmp_path: Path) -> None:
    document = segment_document(_write(tmp_path / "page.html", PAGE))
    assert [(s.kind, s.text) for s in document.segments()] == EXPECTED
    assert document.render(lambda segment: None) == PAGE


def _pseudo(text: str) -> str:
    return "".join(piece if codes.CODE.fullmatch(piece) or not piece.strip() else f"Ру{piece}ру"
                   for piece in re.split(r"(</?\d+/?>)", text))


def _project(root: Path, page: Path, langs: tuple[str, ...] = ("ru",),
             translate: Callable[[str], str] = _pseudo) -> Project:
    (root / "source").mkdir(parents=True)
    shutil.copy(page, root / "source" / page.name)
    languages = ", ".join(f'"{lang}"' for lang in langs)
    (root / "transmgr.toml").write_text(f'source_language = "en"\nlanguages = [{languages}]\n', encoding="utf-8")
    project = Project.load(root)
    update(project)
    for lang in langs:
        po = project.po_path(lang, page.stem)
        catalog = read_catalog(po)
        for unit in list(catalog):
            if unit.msgid and not unit.obsolete:
                catalog.put(set_translation(unit, translate(unit.msgid)), replacing=unit)
        write_catalog(catalog, po)
    return project


def _outside_text(page: str) -> list[str]:
    """What the page holds outside its segments: the verbatim parts between them."""
    from transmgr.formats.webpage import PAGE as FORMAT
    from transmgr.segment.assemble import Builder

    builder = Builder(page)
    FORMAT.parse(builder, page)
    return [part for part in builder.finish()[0] if not isinstance(part, Segment)]


@pytest.mark.parametrize("source", ["constructs", "deed"])
def test_the_translated_page_is_the_source_outside_the_translated_text(source: str, tmp_path: Path) -> None:
    page = DEED if source == "deed" else _write(tmp_path / "page.html", PAGE)
    project = _project(tmp_path / "project", page)
    build(project)
    edition = (project.root / "build" / "ru" / f"{page.stem}.html").read_text(encoding="utf-8")
    original = page.read_text(encoding="utf-8")
    expected = [part.replace('lang="en"', 'lang="ru"', 1) for part in _outside_text(original)]
    assert _outside_text(edition) == expected
    translated = [s.text for s in segment_document(project.root / "build" / "ru" / f"{page.stem}.html").segments()]
    assert translated == [_pseudo(s.text) for s in segment_document(page).segments()]


def test_translations_are_escaped_and_codes_put_back(tmp_path: Path) -> None:
    hostile = {"Two <1>items</1>": "<script>alert(1)</script> <1>два</1>",
               "A map of Belarus": 'x" onerror="alert(1)'}
    project = _project(tmp_path / "project", _write(tmp_path / "page.html", PAGE),
                       translate=lambda text: hostile.get(text, text))
    build(project)
    edition = (project.root / "build" / "ru" / "page.html").read_text(encoding="utf-8")
    assert "<script>alert" not in edition and "&lt;script&gt;alert(1)&lt;/script&gt; <i>два</i>" in edition
    assert 'alt="x&quot; onerror=&quot;alert(1)"' in edition


def test_languages_link_each_other(tmp_path: Path) -> None:
    project = _project(tmp_path / "project", _write(tmp_path / "page.html", PAGE), langs=("be", "ru"))
    build(project)
    edition = (project.root / "build" / "be" / "page.html").read_text(encoding="utf-8")
    assert '<html lang="be">' in edition
    assert '<link rel="alternate" hreflang="ru" href="../ru/page.html">' in edition
    assert '<link rel="alternate" hreflang="be" href="page.html">' in edition  # itself too, as hreflang asks
    assert not (project.root / "build" / "be" / "page.md").exists()  # a page's own edition is its HTML one


def test_a_legacy_charset_is_read_and_kept(tmp_path: Path) -> None:
    page = _write(tmp_path / "page.html", PAGE.replace('charset="utf-8"', 'charset="windows-1251"')
                  .replace("One item", "Адзін пункт"), "cp1251")
    assert ("list-item", "Адзін пункт") in [(s.kind, s.text) for s in segment_document(page).segments()]
    project = _project(tmp_path / "project", page, translate=lambda t: "Один пункт, ≈" if t == "Адзін пункт" else t)
    build(project)
    data = (project.root / "build" / "ru" / "page.html").read_bytes()
    assert "Один пункт, &#8776;".encode("cp1251") in data  # ≈ is not in windows-1251: a character reference


def test_a_page_that_is_not_utf8_and_declares_no_charset_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(b"<html><body>\n<p>Caf\xe9 society</p></body></html>")
    with pytest.raises(SourceError) as caught:
        segment_document(page)
    assert "not UTF-8" in str(caught.value) and ":2:" in str(caught.value)


@needs_office
def test_libreoffice_prints_the_translated_deed_like_the_source(tmp_path: Path) -> None:
    project = _project(tmp_path / "project", DEED)
    build(project)
    edition = project.root / "build" / "ru" / "cc-by-deed.html"
    counts = {}
    for label, path in (("source", DEED), ("edition", edition)):
        pdf = convert(path, "pdf", tmp_path / label)
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        counts[label] = (int(re.search(r"Pages:\s+(\d+)", info).group(1)), text)  # type: ignore[union-attr]
    assert counts["edition"][0] == counts["source"][0]
    flat = " ".join(counts["edition"][1].split())
    assert "РуAttribution 4.0 Internationalру" in flat and "РуYou are free to:ру" in flat


BOOK_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Introduction - The Book</title></head>
<body>
<div id="menu-bar" class="menu-bar">
<h1 class="menu-title">The Book</h1>
<input type="search" id="searchbar" placeholder="Search this book ..." aria-label="Search this book">
<button id="theme-toggle" aria-label="Change the theme"></button>
</div>
<main>
<h1 id="introduction">Introduction</h1>
<p>Welcome to the book.</p>
</main>
</body>
</html>
"""


def test_a_book_page_offers_its_labels_and_is_titled_by_its_own_heading(tmp_path: Path) -> None:
    page = _write(tmp_path / "intro.html", BOOK_PAGE)
    assert [(s.kind, s.text) for s in segment_document(page).segments()] == [
        ("front-matter", "Introduction - The Book"), ("heading", "The Book"), ("label", "Search this book ..."),
        ("label", "Search this book"), ("label", "Change the theme"), ("title", "Introduction"),
        ("paragraph", "Welcome to the book.")]
    project = _project(tmp_path / "project", page)
    build(project, formats=["html", "txt"])
    edition = (project.root / "build" / "ru" / "intro.html").read_text(encoding="utf-8")
    assert 'placeholder="РуSearch this book ...ру" aria-label="РуSearch this bookру"' in edition
    assert 'aria-label="РуChange the themeру"' in edition
    index = (project.root / "build" / "index.html").read_text(encoding="utf-8")
    assert "<h2>Introduction</h2>" in index and "<h2>The Book</h2>" not in index
    assert '(Web page · <a href="ru/intro.txt">Text</a>)' in index  # each edition labelled by what it is
