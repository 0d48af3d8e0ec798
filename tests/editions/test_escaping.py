"""Hostile translations: whatever a PO file holds renders as text, never as markup or script."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import DAY
from transmgr.formats import segment_text
from transmgr.workflows import Project
from transmgr.workflows.build import build

SOURCE = """# Title here

First paragraph.

Second paragraph.

Third paragraph.

Fourth paragraph.

Fifth paragraph.

Sixth paragraph.

- An item

> A quote
"""

HOSTILE = {
    "Title here": "</title><script>alert('title')</script>",
    "First paragraph.": "<script>alert(1)</script> and <img src=x onerror=alert(2)>",
    "Second paragraph.": "[click](javascript:alert(3)) [again](JaVaScRiPt:alert(4)) [data](data:text/html,<b>x</b>)",
    "Third paragraph.": '[quote](https://example.org/"onmouseover="alert(5)) [t](https://e.org "x" onclick="y")',
    "Fourth paragraph.": "`</code><script>alert(6)</script>` **<b>bold</b>** &lt;kept&gt; \ue0000\ue001",
    "Fifth paragraph.": "# not a heading\nsecond line",
    "Sixth paragraph.": "1. not a list",
    "An item": "- not a nested item",
    "A quote": "> not a nested quote",
}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.title: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        (self.title if self._in_title else self.text).append(data)


@pytest.fixture
def hostile(translate_project: Callable[..., Path]) -> Path:
    root = translate_project(SOURCE, {"be": HOSTILE})
    build(Project.load(root), day=DAY)
    return root


@pytest.mark.parametrize("page", ["be/doc.html", "doc.parallel.html"])
def test_no_markup_from_a_catalog_survives(hostile: Path, page: str) -> None:
    parsed = _Collector()
    parsed.feed((hostile / "build" / page).read_text(encoding="utf-8"))
    assert not {"script", "img", "b", "iframe"} & set(parsed.tags)
    assert not [name for name, _ in parsed.attrs if name.startswith("on")]
    hrefs = [value or "" for name, value in parsed.attrs if name == "href"]
    assert not [h for h in hrefs if h.lower().replace(" ", "").startswith(("javascript:", "data:"))]
    text = "".join(parsed.text).replace("\u00a0", " ")  # no-break spaces are the language's typography
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(2)>" in text
    # A character reference is Markdown: it shows as the character, as text, never as a tag.
    assert "<kept>" in text and "kept" not in parsed.tags


def test_link_keeps_its_url_escaped_inside_the_attribute(hostile: Path) -> None:
    parsed = _Collector()
    parsed.feed((hostile / "build" / "be" / "doc.html").read_text(encoding="utf-8"))
    hrefs = [value for name, value in parsed.attrs if name == "href"]
    assert "https://example.org/%22onmouseover=%22alert(5)" in hrefs  # the quotes stay inside the URL
    assert not [name for name, _ in parsed.attrs if name.startswith("on")]


def test_title_is_escaped_in_the_head(hostile: Path) -> None:
    parsed = _Collector()
    parsed.feed((hostile / "build" / "be" / "doc.html").read_text(encoding="utf-8"))
    assert "".join(parsed.title) == "</title><script>alert('title')</script>"


def test_markdown_edition_keeps_the_source_structure(hostile: Path) -> None:
    source = segment_text(SOURCE)
    built = segment_text((hostile / "build" / "be" / "doc.md").read_text(encoding="utf-8"))
    assert [(b.kind, b.level) for b in built.blocks] == [(b.kind, b.level) for b in source.blocks]


def test_markdown_edition_escapes_raw_html_the_source_does_not_have(hostile: Path) -> None:
    text = (hostile / "build" / "be" / "doc.md").read_text(encoding="utf-8")
    assert "\\<script>alert(1)\\</script>" in text
    assert "\\<img src=x onerror=alert(2)>" in text
    assert "`</code><script>alert(6)</script>`" in text  # inside a code span "<" is already literal
    assert "<script>" not in text.replace("\\<script>", "").replace("`</code><script>alert(6)</script>`", "")


def test_markdown_edition_keeps_the_tags_of_the_source(translate_project: Callable[..., Path]) -> None:
    root = translate_project("H<sub>2</sub>O is water.\n", {"be": {"H<sub>2</sub>O is water.": "H<sub>2</sub>O — гэта вада <b>x</b>."}})
    build(Project.load(root), formats=["md"], day=DAY)
    assert (root / "build" / "be" / "doc.md").read_text(encoding="utf-8") == "H<sub>2</sub>O — гэта вада \\<b>x\\</b>.\n"


def test_text_edition_has_no_markup_left(hostile: Path) -> None:
    text = (hostile / "build" / "be" / "doc.txt").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" in text
    assert "bold" in text and "**" not in text


def test_a_translation_holding_the_editions_mark_characters_renders_as_text(
        translate_project: Callable[..., Path]) -> None:
    """The HTML edition marks drafts with private-use characters before rendering; a translation
    that holds them (by accident or not) neither breaks the build nor closes or opens a span."""
    source = "# Title\n\nOne.\n\nTwo.\n\nThree.\n"
    root = translate_project(source, {"be": {
        "Title": "Загаловак", "One.": "Адзін \ue0200\ue021\u2e4fзнак.", "Two.": "Два \u2e4f\ue022 знакі.",
        "Three.": ("Тры \ue0207\ue021\u2e4f.", "draft")}})
    result = build(Project.load(root), day=DAY, include_drafts=True)
    assert [e.lang for e in result.built] == ["be"]
    page = (root / "build" / "be" / "doc.html").read_text(encoding="utf-8")
    body = page[page.index("<article"):page.index("</article>")]
    assert body.count("<span") == body.count("</span>") == 1  # the draft's own mark, nothing else
    assert "Адзін 0\u2e4fзнак." in body and "Два \u2e4f знакі." in body  # the private-use ones dropped


def test_translations_that_would_start_a_definition_or_make_a_table_stay_text(
        translate_project: Callable[..., Path]) -> None:
    source = ("# Rich title\n\nIntro line before the table.\n\n| Name | Value |\n| --- | --- |\n| Alpha | One |\n\n"
              "Setext heading\n--------------\n\nLast paragraph.\n")
    root = translate_project(source, {"be": {
        "Rich title": ": Багаты загаловак", "Intro line before the table.": ": Уступ перад табліцай.",
        "Name": "Імя", "Value": "Значэнне", "Alpha": "Альфа", "One": "Адзін",
        "Setext heading": "| Загаловак |", "Last paragraph.": "~ Апошні абзац."}})
    build(Project.load(root), day=DAY)
    page = (root / "build" / "be" / "doc.html").read_text(encoding="utf-8")
    assert "<dl" not in page and "<dd" not in page
    assert page.count("<table") == 1 and "<th>Імя</th>" in page
    assert "<h2" in page and "| Загаловак |</h2>" in page
    assert ": Уступ перад табліцай.</p>" in page and "~ Апошні абзац.</p>" in page
