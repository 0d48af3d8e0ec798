"""Real READMEs (tests/fixtures/readmes, written by others): their editions keep their structure.

For each: the source-language edition is the source byte for byte; its HTML has the same tables,
cells, images, quotes, code, headings, links and breaks as markdown-it-py's own rendering of the
source; every ``#anchor`` resolves, in the source language and in a translation (ids stay the
source's slugs); a translated table cell, alt text and footnote land in the element they belong
to; and headless Chromium reads the translated page with the same structure.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from tests.formats.test_constructs import pseudo
from transmgr.editions import Edition, Piece, Status
from transmgr.formats import MARKDOWN, segment_text
from transmgr.formats.markdown.parser import html_renderer
from transmgr.segment import Document

FOLDER = Path(__file__).parents[1] / "fixtures" / "readmes"
READMES = sorted(p for p in FOLDER.glob("*.md") if p.name != "README.md")
_STRUCTURE = re.compile(r"<(table|thead|tbody|tr|th|td|img|blockquote|pre|code|h[1-6]|a|br|ul|ol|li|s|hr|dl)\b")


def _document(path: Path) -> Document:
    return segment_text(path.read_text(encoding="utf-8"), name=path.stem)


def _source(document: Document) -> Edition:
    return Edition(document, "en", "en", tuple(Piece(s.text, Status.SOURCE) for s in document.segments()))


def _translated(document: Document) -> Edition:
    return Edition(document, "be", "en", tuple(Piece(pseudo(s.text), Status.TRANSLATED) for s in document.segments()))


def _anchors_resolve(page: str) -> list[str]:
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    return [href for href in re.findall(r'href="#([^"]*)"', page) if href not in ids]


@pytest.mark.parametrize("readme", READMES, ids=lambda p: p.stem)
def test_source_edition_is_the_readme_and_renders_as_markdown_it_renders_it(readme: Path) -> None:
    text = readme.read_text(encoding="utf-8")
    edition = _source(_document(readme))
    assert MARKDOWN.render_source(edition) == text
    ours = MARKDOWN.render_html(edition)
    theirs = html_renderer().render(text)
    assert Counter(_STRUCTURE.findall(ours)) == Counter(_STRUCTURE.findall(theirs))
    assert _anchors_resolve(ours) == []


@pytest.mark.parametrize("readme", READMES, ids=lambda p: p.stem)
def test_translation_keeps_the_structure_and_every_anchor(readme: Path) -> None:
    document = _document(readme)
    source_page = MARKDOWN.render_html(_source(document))
    page = MARKDOWN.render_html(_translated(document))
    assert Counter(_STRUCTURE.findall(page)) == Counter(_STRUCTURE.findall(source_page))
    assert re.findall(r"<h[1-6] id=\"([^\"]+)\"", page) == re.findall(r"<h[1-6] id=\"([^\"]+)\"", source_page)
    assert _anchors_resolve(page) == []


def test_translated_cell_alt_text_and_footnote_land_where_they_belong() -> None:
    document = _document(FOLDER / "charset-normalizer.md")
    marks = {"table-cell": "CELLMARK", "image-alt": "ALTMARK", "footnote": "NOTEMARK"}
    seen: set[str] = set()
    pieces = []
    for segment in document.segments():
        mark = marks.get(segment.kind)
        if mark and mark not in seen:
            seen.add(mark)
            pieces.append(Piece(f"{mark} {segment.text}", Status.TRANSLATED))
        else:
            pieces.append(Piece(segment.text, Status.SOURCE))
    assert seen == set(marks.values())
    page = MARKDOWN.render_html(Edition(document, "be", "en", tuple(pieces)))
    assert re.search(r"<td[^>]*>CELLMARK ", page)
    assert re.search(r'<img [^>]*alt="ALTMARK ', page)
    assert re.search(r'<li id="fn\d+" class="footnote-item"><p>NOTEMARK ', page)


@pytest.mark.slow
def test_chromium_reads_the_translated_page_with_the_same_structure(tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium; .ci/setup installs it)")
    body = MARKDOWN.render_html(_translated(_document(FOLDER / "ruff.md")))
    page = tmp_path / "ruff.be.html"
    page.write_text(f'<!DOCTYPE html><html lang="be"><head><meta charset="utf-8"><title>ruff</title></head>'
                    f"<body>{body}</body></html>", encoding="utf-8")
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'p'}"]
    dom = subprocess.run([*flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    wanted = Counter(t for t in _STRUCTURE.findall(body) if t not in ("thead", "tbody"))
    parsed = Counter(t for t in _STRUCTURE.findall(dom.stdout) if t not in ("thead", "tbody"))
    assert parsed == wanted  # the browser built the elements the edition wrote: none lost, none invented
    shot = subprocess.run([*flags, "--window-size=1280,2000", f"--screenshot={tmp_path / 'ruff.be.png'}",
                           page.as_uri()], capture_output=True, text=True, timeout=120)
    assert shot.returncode == 0 and (tmp_path / "ruff.be.png").stat().st_size > 10_000
