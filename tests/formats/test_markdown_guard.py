"""A translation in the Markdown and text editions stays inside its segment, checked with a CommonMark parser.

markdown-it-py (a test dependency) reads the built Markdown as any CommonMark renderer would; its own
link filter is switched off so that the edition's guard, not the renderer, is what is tested.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.conftest import DAY
from transmgr.formats import segment_text
from transmgr.formats.base import safe_url
from transmgr.formats.markdown.guard import fit_markdown
from transmgr.workflows import Project
from transmgr.workflows.build import build

MSGID = "A paragraph with <sub>2</sub> and [a link](ftp://example.org/file)."
PARAGRAPH = ["paragraph_open", "inline", "paragraph_close"]
# Where a segment can stand: (Markdown before it, after it, the blocks a parser must find).
PLACES = [
    ("", "\n", PARAGRAPH),
    ("A line before.\n", "\nA line after.\n", PARAGRAPH),  # a sentence on its own line inside a paragraph
    ("- ", "\n", ["bullet_list_open", "list_item_open", *PARAGRAPH, "list_item_close", "bullet_list_close"]),
    ("## ", "\n", ["heading_open", "inline", "heading_close"]),
    ("> ", "\n", ["blockquote_open", *PARAGRAPH, "blockquote_close"]),
]


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    parser.validateLink = lambda url: True  # let every link through: the guard must have stopped them
    return parser


def _problems(markdown: str, blocks: list[str], msgid: str = MSGID) -> list[str]:
    """What a CommonMark parser finds in ``markdown`` that a translation must not bring."""
    tokens = _parser().parse(markdown)
    problems = [] if [t.type for t in tokens] == blocks else [f"blocks {[t.type for t in tokens]}"]
    for token in tokens:
        for child in token.children or []:
            if child.type == "html_inline" and child.content not in msgid:
                problems.append(f"raw HTML {child.content!r}")
            url = str(child.attrs.get("href") or child.attrs.get("src") or "")
            if child.type in ("link_open", "image") and not safe_url(url) and url not in msgid:
                problems.append(f"link to {url!r}")
    return problems


HOSTILE = [
    "Цытата тут.\r\r# Injected heading\r\r[click](javascript:alert(1))",  # the review's case
    "one\r\ntwo\n\nthree\u2028four\u2029five\x85six\x0bseven\x0ceight",
    " # a heading after a space",
    "\t- a list after a tab",
    "```js",
    "~~~",
    "***",
    "_ _ _",
    "| --- | --- |",
    "[ref]: javascript:alert(1)",
    "<div>a block of raw HTML",
    "<script>alert(1)</script>",
    "\\<script>alert(1)\\</script>",  # a backslash before "<" must not end up escaping the guard's backslash
    "<a href='<b>' onclick='alert(1)'>x</a>",  # a quoted attribute hides "<" and ">"
    "<!-- a comment",
    "<javascript:alert(1)>",
    "<VBScript:msgbox(1)>",
    "[x](JavaScript:alert(1))",
    "[x](<javascript:alert 1>)",
    "[x](&#106;avascript:alert(1))",  # a renderer decodes character references
    "[x](java&Tab;script:alert(1))",
    "[x](javascript\\:alert(1))",  # and backslash escapes
    "[x]( data:text/html,<b>x</b> \"t\")",
    "![img](vbscript:x)",
    "[a [b] c](javascript:alert(1))",
    "[`code`](javascript:alert(1))",
    "[a](http://x`) <script>alert(1)</script> `",  # the backtick belongs to the URL, so <script> is not code
    "Escape \x1b[31mred\x1b[0m and NUL\x00 and DEL\x7f",
]


@pytest.mark.parametrize("translation", HOSTILE)
@pytest.mark.parametrize(("before", "after", "blocks"), PLACES)
def test_a_hostile_translation_stays_one_safe_segment(translation: str, before: str, after: str,
                                                      blocks: list[str]) -> None:
    fitted = fit_markdown(translation, MSGID)
    assert fitted
    assert _problems(before + fitted + after, blocks) == []
    assert not any(c in fitted for c in "\r\n\x00\x1b\x7f\u2028")


def test_random_mixtures_of_markup_stay_one_safe_segment() -> None:
    pieces = ["`", "``", "```", "\\", "<", ">", "[", "]", "(", ")", "](", "][", "javascript:alert(1)", "<script>",
              "</script>", "<sub>", "&#106;", "avascript:", "\r", "\u2028", "\x1b", " ", "a", "#", "-", "*", "1.",
              '"t"', "'", "<div>", "<!--", "~~~", "|", ":---", "<javascript:x>", "![i](", "data:x", "\t", "[r]:",
              "&colon;", "<a href='", "'>", "="]
    rng = random.Random(20261118)
    for _ in range(1500):
        translation = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 20)))
        fitted = fit_markdown(translation, MSGID)
        for before, after, blocks in PLACES if fitted else ():
            assert _problems(before + fitted + after, blocks) == [], (translation, fitted)


@pytest.mark.parametrize("translation", [
    "Абзац з <sub>2</sub> і [спасылкай](ftp://example.org/file).",  # the msgid's own tag and link stay
    "Спасылка [сюды](https://example.org/a_(b)?c=1&d=2 \"Назва\") і <https://example.org> і <a@b.org>.",
    "Код `<div>` і `[x](javascript:y)` застаецца кодам.",  # in code "<" and "](" are literal
    "*Націск*, **моцны**, ~~не~~ і \\*зорачка\\*.",
    "3 < 4 і 5 > 2, a&b.",
    "1999 год быў цікавы.",
])
def test_a_well_formed_translation_is_left_as_it_is(translation: str) -> None:
    assert fit_markdown(translation, MSGID) == translation


@pytest.mark.parametrize(("translation", "expected"), [
    ("[click](javascript:alert(1)) тут", "click тут"),  # the text stays, the target goes: as in HTML
    ("![img](data:image/png;base64,xx)", "!img"),
    ("<javascript:alert(1)>", "\\<javascript:alert(1)>"),  # shown as text
    ("[x](<javascript:a b> \"t\")", "x"),
    ("1. not a list", "1\\. not a list"),
    ("<script>x</script>", "\\<script>x\\</script>"),
    ("\\<script>x\\</script>", "\\<script>x\\</script>"),
])
def test_what_the_guard_writes(translation: str, expected: str) -> None:
    assert fit_markdown(translation, MSGID) == expected


def test_a_long_run_of_markup_is_fitted_as_text() -> None:
    # How fast: bench/pathological_markup.py (a back-referencing regex once took minutes on such runs).
    hostile = "`" * 5000 + "[" * 5000 + "<a " * 2000 + "](" * 2000 + "\\" * 5000
    fitted = fit_markdown(hostile, MSGID)
    assert "<a " not in fitted.replace("\\<a ", "")  # every tag the msgid lacks is escaped


SOURCE = "# Title\n\nFirst paragraph.\n\nSecond paragraph.\n\n- An item\n"


def test_line_breaks_in_a_catalog_do_not_reach_the_built_markdown(translate_project: Callable[..., Path]) -> None:
    root = translate_project(SOURCE, {"be": {
        "Title": "Назва\r\r# Injected",
        "First paragraph.": "Цытата тут.\r\r# Injected heading\r\r[click](javascript:alert(1))",
        "Second paragraph.": "Другі\u2028абзац\x1b[2J\x00.",
        "An item": "Пункт\r\n\r\n- injected item",
    }})
    build(Project.load(root), formats=["md", "txt"], day=DAY)
    built = (root / "build" / "be" / "doc.md").read_text(encoding="utf-8")
    source = segment_text(SOURCE)
    assert [(b.kind, b.level) for b in segment_text(built).blocks] == [(b.kind, b.level) for b in source.blocks]
    blocks = ["heading_open", "inline", "heading_close", *PARAGRAPH, *PARAGRAPH,
              "bullet_list_open", "list_item_open", *PARAGRAPH, "list_item_close", "bullet_list_close"]
    assert _problems(built, blocks, msgid="") == []
    assert "Цытата тут.  # Injected heading  click\n" in built
    assert "Другі абзац[2J.\n" in built
    text = (root / "build" / "be" / "doc.txt").read_text(encoding="utf-8")
    assert "\r" not in text and "\x1b" not in text and "\x00" not in text
    assert "Другі абзац[2J." in text.splitlines()


def test_a_plain_text_edition_keeps_its_paragraphs(translate_project: Callable[..., Path]) -> None:
    root = translate_project("First paragraph.\n\nSecond paragraph.\n", {"be": {
        "First paragraph.": "Першы\r\rновы абзац\x1b[0m",
        "Second paragraph.": "Другі\n\nабзац",
    }}, name="doc.txt")
    build(Project.load(root), formats=["txt", "source"], day=DAY)
    assert (root / "build" / "be" / "doc.txt").read_text(encoding="utf-8") == "Першы  новы абзац[0m\n\nДругі  абзац\n"
    assert not (root / "build" / "be" / "doc.md").exists()  # a text's own edition is its text edition
