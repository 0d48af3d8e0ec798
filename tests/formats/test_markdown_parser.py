"""The parsers' inline rule takes a text free of inline syntax as its one text token without running
markdown-it's inline rules: the tokens must be exactly those markdown-it's own rule gives, for every
parser transmgr configures, on made-up texts and on whole real documents.
"""

from __future__ import annotations

import random
import string
from pathlib import Path
from typing import Any

import pytest
from markdown_it.rules_core import inline as markdown_it_inline

from transmgr.formats.markdown import parser

FIXTURES = Path(__file__).parents[1] / "fixtures"
DOCUMENTS = sorted([*(FIXTURES / "constructs").glob("*.md"), *(FIXTURES / "readmes").glob("*.md")])
PARSERS = {
    "block": parser.block_parser,
    "html": parser.html_renderer,
    "piece": parser.piece_renderer,
    "inline": parser._inline_parser,
}


def _with_markdown_its_rule(name: str) -> Any:
    """A fresh parser configured as ``name`` is, with markdown-it's own inline rule back in place."""
    made = PARSERS[name]
    made.cache_clear()
    try:
        md = made()
    finally:
        made.cache_clear()
    md.core.ruler.at("inline", markdown_it_inline)
    return md


def _dump(tokens: list[Any]) -> list[dict[str, Any]]:
    return [token.as_dict() for token in tokens]


def _texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    alphabet = string.ascii_letters + string.digits + string.punctuation + " \t" + "ёЎіїґ—–«»„“\u00a0\u202f\U000f0001"
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(count)]


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_inline_tokens_are_markdown_its_own(name: str) -> None:
    ours, theirs = PARSERS[name](), _with_markdown_its_rule(name)
    texts = _texts(1, 3000)
    plain = [text for text in texts if parser.INLINE_SYNTAX.search(text) is None]
    assert len(plain) > 100  # the shortcut is taken, not only the parse
    for text in texts:
        assert _dump(ours.parseInline(text, {})) == _dump(theirs.parseInline(text, {})), repr(text)


@pytest.mark.parametrize("name", ["block", "html"])
def test_whole_documents_parse_the_same(name: str) -> None:
    ours, theirs = PARSERS[name](), _with_markdown_its_rule(name)
    assert DOCUMENTS
    for path in DOCUMENTS:
        text = path.read_text(encoding="utf-8")
        assert _dump(ours.parse(text, {})) == _dump(theirs.parse(text, {})), path.name
        assert ours.render(text) == theirs.render(text), path.name


def test_a_piece_renders_as_markdown_it_renders_it() -> None:
    theirs = _with_markdown_its_rule("piece")
    texts = [*_texts(2, 3000), "a\0b", "x < y & \"z\"", "плошча Незалежнасці — 24 лютага"]
    for text in texts:
        assert parser.render_piece(text) == theirs.renderInline(text, {}), repr(text)
