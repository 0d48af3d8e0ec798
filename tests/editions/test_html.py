"""HTML editions: well-formed pages, language and title, switcher, colophon, parallel and index pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.conftest import DAY
from transmgr.languages import format_percent
from transmgr.workflows import Project
from transmgr.workflows.build import build

_VOID = {"meta", "link", "hr", "br", "img", "input"}


class _Tree(HTMLParser):
    """Checks that every element is closed in order, and collects links and attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.links: list[str] = []
        self.html_attrs: dict[str, str | None] = {}
        self.title = ""
        self.current: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.html_attrs = dict(attrs)
        if tag == "a":
            self.links.extend(v or "" for k, v in attrs if k == "href")
        if tag not in _VOID:
            self.stack.append(tag)
        if tag == "span" and ("aria-current", "page") in attrs:
            self.current.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "title":
            self.title += data


def parse(path: Path) -> _Tree:
    tree = _Tree()
    tree.feed(path.read_text(encoding="utf-8"))
    tree.close()
    assert not tree.errors and not tree.stack, (tree.errors, tree.stack)
    return tree


def assert_links_resolve(page: Path, tree: _Tree) -> None:
    for href in tree.links:
        if re.match(r"[a-z]+:", href):
            continue
        target = (page.parent / unquote(href.split("#")[0])).resolve()
        assert target.is_file(), f"{page.name} links to {href}, which does not exist"


@pytest.fixture
def built(fixture_project: Path) -> Path:
    build(Project.load(fixture_project), day=DAY)
    return fixture_project / "build"


@pytest.mark.parametrize("page", [
    "be/structure.html", "uk/structure.html", "en/structure.html", "be/notes.html",
    "structure.parallel.html", "notes.parallel.html", "index.html",
])
def test_pages_are_well_formed_and_their_links_resolve(built: Path, page: str) -> None:
    tree = parse(built / page)
    assert tree.links
    assert_links_resolve(built / page, tree)


def test_language_title_and_switcher(built: Path) -> None:
    tree = parse(built / "be" / "structure.html")
    assert tree.html_attrs["lang"] == "be"
    assert tree.title == "Маленькі даведнік"  # the translated title, markup removed
    page = (built / "be" / "structure.html").read_text(encoding="utf-8")
    assert '<span aria-current="page" lang="be">Беларуская</span>' in page
    assert '<a href="../uk/structure.html" hreflang="uk" lang="uk">Українська</a>' in page
    assert '<a href="../en/structure.html" hreflang="en" lang="en">English</a>' in page


def test_switcher_leaves_out_a_language_below_its_threshold(built: Path) -> None:
    page = (built / "be" / "notes.html").read_text(encoding="utf-8")
    assert "Українська" not in page.split("</nav>")[0]
    assert not (built / "uk" / "notes.html").exists()


def test_colophon_states_shares_in_the_language(built: Path) -> None:
    page = (built / "be" / "structure.html").read_text(encoding="utf-8")
    # structure.md has 60 words of prose (code is not counted): 26 reviewed, 19 translated + 4 stale, 11 fall back.
    shares = [format_percent(n / 60, "be") for n in (26, 23, 11)]
    assert (f"<p>Пераклад: {shares[0]} праверана; {shares[1]} перакладзена, яшчэ не праверана; "
            f"{shares[2]} яшчэ не перакладзена (пададзена мовай арыгінала).</p>") in page
    assert "<p>Мова арыгінала: англійская.</p>" in page


def test_untranslated_title_falls_back_to_the_source_title(translate_project: Callable[..., Path]) -> None:
    root = translate_project("# Source title\n\nText.\n", {"be": {"Text.": "Тэкст."}},
                             extra="[build]\nthreshold = 0\n")
    build(Project.load(root), formats=["html"], day=DAY)
    tree = parse(root / "build" / "be" / "doc.html")
    assert tree.title == "Source title"


def test_right_to_left_languages_get_dir(translate_project: Callable[..., Path]) -> None:
    root = translate_project("# Title\n\nText.\n", {"ar": {"Title": "العنوان", "Text.": "نص."}}, languages=("ar",))
    build(Project.load(root), formats=["html"], day=DAY)
    assert parse(root / "build" / "ar" / "doc.html").html_attrs == {"lang": "ar", "dir": "rtl"}


def test_nested_lists_nest(translate_project: Callable[..., Path]) -> None:
    text = "- a\n  - b\n    - c\n  - d\n- e\n\n3. three\n4. four\n   - inner\n"
    root = translate_project(text, {}, languages=("en",))
    build(Project.load(root), formats=["html"], langs=["en"], day=DAY)
    page = (root / "build" / "en" / "doc.html").read_text(encoding="utf-8")
    body = page.split("<article>\n")[1].split("</article>")[0]
    assert body == (
        "<ul>\n<li>a\n<ul>\n<li>b\n<ul>\n<li>c</li>\n</ul>\n</li>\n<li>d</li>\n</ul>\n</li>\n<li>e</li>\n</ul>\n"
        '<ol start="3">\n<li>three</li>\n<li>four\n<ul>\n<li>inner</li>\n</ul>\n</li>\n</ol>\n'
    )
    parse(root / "build" / "en" / "doc.html")


def test_parallel_edition_has_a_column_per_published_language(built: Path) -> None:
    page = (built / "structure.parallel.html").read_text(encoding="utf-8")
    head = re.search(r'<div class="row head">(.*?)</div>\n', page)
    assert head is not None
    assert re.findall(r'lang="(\w+)"', head.group(1)) == ["en", "be", "uk"]
    assert page.count('<div class="row k-') == 16  # one row per segment
    notes = (built / "notes.parallel.html").read_text(encoding="utf-8")
    assert "Not included (not translated enough yet): Українська." in notes


def test_documents_in_subfolders_link_correctly(translate_project: Callable[..., Path]) -> None:
    root = translate_project("# Title\n\nText.\n", {"be": {"Title": "Назва", "Text.": "Тэкст."}},
                             languages=("be", "en"), name="guides/intro.md")
    build(Project.load(root), day=DAY)
    for page in ("be/guides/intro.html", "en/guides/intro.html", "guides/intro.parallel.html", "index.html"):
        tree = parse(root / "build" / page)
        assert_links_resolve(root / "build" / page, tree)
    assert (root / "build" / "be" / "LC_MESSAGES" / "guides" / "intro.mo").is_file()
