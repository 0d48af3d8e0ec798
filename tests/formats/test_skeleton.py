"""HTML and text editions made from the source's skeleton (its blocks parsed once, each edition's texts put
in) are the editions a parse of the whole edition gives, byte for byte; a translation that could change
the blocks is parsed whole.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import transmgr.formats.markdown as markdown_format
from transmgr.editions import Edition, Piece, Status
from transmgr.formats import MARKDOWN, segment_document
from transmgr.formats.markdown import edition as markdown_edition
from transmgr.segment import Document

FIXTURES = Path(__file__).parents[1] / "fixtures"
DOCUMENTS = sorted([*(FIXTURES / "constructs").glob("*.md"), *(FIXTURES / "readmes").glob("*.md")])
DOCUMENTS = [p for p in DOCUMENTS if not p.name.endswith(".be.md")]
STATUSES = (Status.TRANSLATED, Status.DRAFT, Status.FALLBACK, Status.REVIEWED)


def _document(path: Path) -> Document:
    return segment_document(path, name=path.stem, level="paragraph", language="en", fmt=MARKDOWN)


def _editions(document: Document, translate: Callable[[int, str], str]) -> Edition:
    pieces = []
    for number, segment in enumerate(document.segments()):
        status = STATUSES[number % len(STATUSES)]
        text = segment.text if status is Status.FALLBACK else translate(number, segment.text)
        pieces.append(Piece(text, status))
    return Edition(document, "be", "en", tuple(pieces))


def _both_ways(edition: Edition, monkeypatch: pytest.MonkeyPatch) -> tuple[tuple[str, str], tuple[str, str], int]:
    """(html, text) from the skeleton, then from a whole parse; and how many of the first two came from the skeleton."""
    used = 0
    real = markdown_edition.edition_tokens

    def counting(*args: object, **kwargs: object) -> object:
        nonlocal used
        result = real(*args, **kwargs)  # type: ignore[arg-type]
        used += result is not None
        return result

    monkeypatch.setattr(markdown_edition, "edition_tokens", counting)
    monkeypatch.setattr(markdown_format, "edition_tokens", counting)
    fast = (MARKDOWN.render_html(edition), MARKDOWN.render_text(edition))
    monkeypatch.setattr(markdown_edition, "edition_tokens", lambda *a, **k: None)
    monkeypatch.setattr(markdown_format, "edition_tokens", lambda *a, **k: None)
    whole = (MARKDOWN.render_html(edition), MARKDOWN.render_text(edition))
    return fast, whole, used


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_every_construct_renders_the_same_from_the_skeleton(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    document = _document(path)
    edition = _editions(document, lambda number, text: text.replace("e", "є").replace("a", "а"))
    fast, whole, used = _both_ways(edition, monkeypatch)
    assert fast == whole
    if path.stem in ("paragraphs", "lists", "ruff", "markdown-it-py"):
        assert used == 2, "the skeleton was not used for an ordinary document"


# Translations that would change the blocks if put in naively: each must come out as a whole parse gives it.
HOSTILE = [
    "# not a heading", "- not a list", "1. not a list", "2) nor this", "> not a quote", "a | b | c", "trailing  ",
    "  leading", "\u00a0no-break space first", "ends with a no-break space\u00a0", "line one\nline two",
    "<div>raw</div>", "[label]: /not-a-definition", "===", "---", "***", "```", "~~~", ": a definition?",
    "::: a div?", "a hard break\\", "closing hashes #", "[^1]: a footnote?", "+ plus", "tab\tinside", "<!-- open",
    "ends -->", "", "\ue020", "\U000f0001 a stand-in",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_translation_that_could_change_the_blocks_gives_what_a_whole_parse_gives(
        hostile: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    source = tmp_path / "doc.md"
    source.write_text(
        "# Title\n\nA paragraph that is\nwrapped over lines.\n\n- an item\n- another item\n\n"
        "> a quote\n> over two lines\n\n| a | b |\n| - | - |\n| cell | other |\n\nLast paragraph.\n",
        encoding="utf-8")
    document = _document(source)
    count = len(list(document.segments()))
    for target in range(count):
        pieces = tuple(Piece(hostile if n == target else f"пераклад {n}", Status.TRANSLATED) for n in range(count))
        fast, whole, _ = _both_ways(Edition(document, "be", "en", pieces), monkeypatch)
        assert fast == whole, f"segment {target} translated as {hostile!r}"
