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

    def counting(real: Callable[..., object]) -> Callable[..., object]:
        def count(*args: object, **kwargs: object) -> object:
            nonlocal used
            result = real(*args, **kwargs)
            used += result is not None
            return result
        return count

    tokens = counting(markdown_edition.edition_tokens)
    monkeypatch.setattr(markdown_edition, "edition_tokens", tokens)
    monkeypatch.setattr(markdown_format, "edition_tokens", tokens)
    monkeypatch.setattr(markdown_edition, "_template", counting(markdown_edition._template))
    fast = (MARKDOWN.render_html(edition), MARKDOWN.render_text(edition))
    # The whole parse: no skeleton, no template (an edition filled in from either is what it must equal).
    monkeypatch.setattr(markdown_edition, "edition_tokens", lambda *a, **k: None)
    monkeypatch.setattr(markdown_format, "edition_tokens", lambda *a, **k: None)
    monkeypatch.setattr(markdown_edition, "_template", lambda *a, **k: None)
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


# A document of plain prose in every block a README has, each segment one line standing alone: its
# editions are filled in from a template (the source rendered once with stand-ins), never parsed.
PLAIN = """---
title: A plain page
---

# The title of the page

A first paragraph of plain prose — with a dash, 24 February and 60 000 people.

## A section

- A first item of a list
- A second item, with more words in it

1. An ordered item
2. Another ordered item

> A quoted paragraph of plain prose.

| Name | Value |
| --- | --- |
| First cell | Second cell |

<div class="note">
</div>

    code that stays as it is

Term
: A definition of the term

::: lead
A paragraph inside a fenced div.
:::

The last paragraph, after everything else.
"""


def test_a_plain_document_is_filled_in_from_its_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "plain.md"
    path.write_text(PLAIN, encoding="utf-8")
    document = _document(path)
    assert len(list(document.segments())) >= 12
    translated = {"e": "є", "a": "а", "o": "о"}
    edition = _editions(document, lambda number, text: "".join(translated.get(c, c) for c in text) + " у в і")
    assert markdown_edition.text_from_template(edition) is not None  # the text edition from the template
    filled = []
    real = markdown_edition._from_template
    monkeypatch.setattr(markdown_edition, "_from_template",
                        lambda *args: filled.append(real(*args)) or filled[-1])  # type: ignore[func-returns-value]
    fast, whole, _ = _both_ways(edition, monkeypatch)
    assert filled[0] is not None  # the HTML edition from the template
    assert fast == whole
    assert 'class="draft"' in fast[0] and 'class="fallback"' in fast[0]  # marks placed as a parse places them


def test_a_skeleton_made_from_the_source_parse_is_the_one_a_second_parse_makes(tmp_path: Path) -> None:
    """Where every segment stands alone on one line, the skeleton is made from the parse segmentation
    made; it must be the one parsing the source with stand-ins makes (tokens, source lines, env)."""
    from transmgr.formats.markdown import skeleton as skeletons
    from transmgr.formats.markdown.parser import block_parser, block_tokens

    plain = tmp_path / "plain.md"
    plain.write_text(PLAIN.split("---\n", 2)[2], encoding="utf-8")
    derived_at_all = []
    for path in [*DOCUMENTS, plain]:
        document = _document(path)
        blocks, env = block_tokens(document.render(lambda segment: None))
        derived = skeletons.skeleton_from_blocks(document, block_parser(), blocks, env)
        if derived is None:
            continue
        parsed = skeletons.make_skeleton(document, block_parser(), blocks, env)
        assert parsed is not None, path.name
        assert skeletons._shape(derived.tokens, lines=True) == skeletons._shape(parsed.tokens, lines=True), path.name
        assert skeletons._shape(derived.source, lines=True) == skeletons._shape(parsed.source, lines=True), path.name
        assert (derived.pieces, derived.prefixes, derived.tables) == (parsed.pieces, parsed.prefixes, parsed.tables)
        assert derived.env.get("references") == parsed.env.get("references")
        derived_at_all.append(path.name)
    assert "plain.md" in derived_at_all and "footnotes.md" in derived_at_all
