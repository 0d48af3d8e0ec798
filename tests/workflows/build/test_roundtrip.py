"""The source-language Markdown edition reproduces the source exactly, whatever the source holds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import DAY
from tests.conftest import EDITION_FIXTURES as FIXTURES
from transmgr.workflows import Project, update
from transmgr.workflows.build import build

TRICKY = {
    "crlf.md": "# Title\r\n\r\nA paragraph\r\non two lines.\r\n\r\n- item\r\n",
    "no-newline.md": "# Title\n\nLast line without a newline",
    "spaces.md": "#   Spaced title   #\n\n   Indented paragraph with trailing spaces   \n\n\n\n> quote\n>\n> more\n",
    "setext.md": "Title\n=====\n\nSub\n---\n\n1) one\n2) two\n\n* star\n+ plus\n",
    "code.md": "# T\n\n```\n# not a heading\n```\n\n    indented code\n\n<div>\nhtml\n</div>\n\n| t |\n|---|\n\n[ref]: https://example.org\n",
    "front.md": "---\ntitle: x\n---\n\nText.\n",
}


def _source_edition(root: Path, name: str) -> bytes:
    """The English edition of source ``name`` in its own format (a text's is its text edition)."""
    return (root / "build" / "en" / name).read_bytes()


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_source_language_edition_is_the_source_byte_for_byte(make_project: Callable[..., Path], name: str) -> None:
    root = make_project({name: TRICKY[name]}, languages=["be", "en"])
    update(Project.load(root))  # fills the English catalog with the source text
    build(Project.load(root), formats=["source"], day=DAY)
    source = (root / "source" / name).read_bytes()
    assert _source_edition(root, name) == source


@pytest.mark.parametrize("name", ["structure.md", "notes.txt"])
def test_fixture_documents_round_trip(fixture_project: Path, name: str) -> None:
    build(Project.load(fixture_project), formats=["source"], day=DAY)
    assert _source_edition(fixture_project, name) == (FIXTURES / "source" / name).read_bytes()


def test_source_language_without_a_catalog_is_the_source(make_project: Callable[..., Path]) -> None:
    text = TRICKY["spaces.md"]
    root = make_project({"doc.md": text}, languages=["be", "en"])
    build(Project.load(root), formats=["source"], langs=["en"], day=DAY)  # no `update`: no catalog at all
    assert _source_edition(root, "doc.md") == text.encode("utf-8")


def test_untranslated_target_with_fallback_is_the_source_too(make_project: Callable[..., Path]) -> None:
    text = TRICKY["setext.md"]
    root = make_project({"doc.md": text}, languages=["be"], extra="[build]\nthreshold = 0\n")
    update(Project.load(root))
    build(Project.load(root), formats=["source"], day=DAY)
    built = (root / "build" / "be" / "doc.md").read_text(encoding="utf-8")
    assert built.replace("<!-- untranslated -->", "") == text  # the source, each stand-in marked
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    assert md.render(built).replace("<!-- untranslated -->", "") == md.render(text)  # read just as the source
