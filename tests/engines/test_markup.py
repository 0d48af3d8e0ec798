"""Markup protection, kept whitespace and splitting of long text."""

from __future__ import annotations

import re

import pytest

from transmgr.engines.markup import Protected, split_long, split_whitespace
from transmgr.engines.markup import has_words as plain_has_words
from transmgr.engines.markup import protect as protect_with
from transmgr.formats import MARKDOWN


def protect(text: str) -> Protected:
    """Protection of a Markdown document's text: its syntax as the Markdown format reads it."""
    return protect_with(text, MARKDOWN.inline(text))


def has_words(text: str) -> bool:
    return plain_has_words(text, MARKDOWN.inline(text))

KEPT = [
    ("`inline code`", "a `x.y()` call"),
    ("link target", "see [the report](https://example.org/r?a=1 \"Title\") now"),
    ("image", "![a chart](img/chart.png) shows it"),
    ("autolink", "write to <mail@example.org> or <https://example.org>"),
    ("bare URL", "read https://example.org/a_b/c. Then stop"),
    ("emphasis", "*one* and **two** and _three_ and ~~four~~"),
    ("HTML", "a <b class=\"x\">bold</b> word<br/>"),
    ("entity", "Tom &amp; Jerry &#8212; again"),
    ("escape", "a \\*literal\\* star"),
    ("placeholders", "Hello {name}, {0} and {{ user }} have %d, %(count)s and %.2f"),
    ("numbers", "60,000 people, 3.14, 12:30 and 1/2"),
    ("footnote", "a claim[^12] here"),
]


@pytest.mark.parametrize(("what", "text"), KEPT, ids=[k for k, _ in KEPT])
def test_protected_syntax_round_trips_and_is_hidden(what: str, text: str) -> None:
    protected = protect(text)
    assert protected.restore(protected.text) == text
    prose = re.sub(r"\[X\d+X\]", " ", protected.text)
    assert protected.pieces and not any(piece in prose for piece in protected.pieces)


def test_prose_stays_visible_to_the_engine() -> None:
    protected = protect('See [the report](https://example.org "Its title") and *this*.')
    assert "the report" in protected.text and "this" in protected.text and "Its title" in protected.text
    assert "https" not in protected.text and "*" not in protected.text


def test_plain_text_has_no_markdown_to_protect() -> None:
    # In a .txt document an asterisk is an asterisk: only placeholders, URLs and numbers are kept aside.
    protected = protect_with("*a* and {name} at https://x.org/a in 2024")
    assert protected.pieces == ("{name}", "https://x.org/a", "2024")


def test_percent_and_words_after_it_are_not_placeholders() -> None:
    assert protect("50% success").text == "[X0X]% success"


@pytest.mark.parametrize("mangled", ["[ X0X ] [X1X]", "[Х0Х][х1х]", "[x0x] [X1X]"])
def test_tokens_damaged_in_usual_ways_are_still_found(mangled: str) -> None:
    protected = protect("*a* b")
    assert protected.pieces == ("*", "*")
    assert protected.restore(mangled) is not None


@pytest.mark.parametrize("answer", ["[X0X] only one", "[X0X][X0X][X1X]", "[X0X][X1X][X2X]", "no tokens"])
def test_lost_doubled_or_invented_tokens_mean_no_draft(answer: str) -> None:
    assert protect("*a* b").restore(answer) is None


@pytest.mark.parametrize(("text", "expected"), [("Words.", True), ("1990.", False), ("—", False),
                                                 ("`code` only", True), ("`code`", False), ("Шлях", True)])
def test_has_words(text: str, expected: bool) -> None:
    assert has_words(text) is expected


def test_split_whitespace() -> None:
    assert split_whitespace("\n  Hello there \t") == ("\n  ", "Hello there", " \t")
    assert split_whitespace("   ") == ("   ", "", "")


def test_split_long_cuts_between_sentences_and_rejoins_exactly() -> None:
    text = "First sentence is here. Second one follows it! Third asks why? " * 10
    text = text.strip()
    pieces = split_long(text, 100)
    assert "".join(chunk + sep for chunk, sep in pieces) == text
    assert all(len(chunk) < 100 for chunk, _ in pieces)
    assert all(chunk.endswith((".", "!", "?")) for chunk, _ in pieces)


def test_split_long_cuts_a_huge_sentence_between_words() -> None:
    text = " ".join(["word"] * 200)
    pieces = split_long(text, 50)
    assert "".join(chunk + sep for chunk, sep in pieces) == text
    assert all(len(chunk) < 50 and not chunk.startswith(" ") for chunk, _ in pieces)


def test_short_text_is_one_piece() -> None:
    assert split_long("Short.", 100) == [("Short.", "")]


def test_spaces_around_tokens_are_removed_only_where_the_source_had_none() -> None:
    protected = protect("See *this* and 60,000 (or 2024) items.")
    answer = protected.text.replace("[X", " [X").replace("X]", "X] ")
    # The emphasis markers are glued to "this" and 2024 to ")"; elsewhere one space stays.
    assert protected.restore(answer) == "See *this* and 60,000 (or 2024) items."
