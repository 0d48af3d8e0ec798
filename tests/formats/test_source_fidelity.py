"""The essay in source/ says exactly what the seed says, word for word."""

from __future__ import annotations

import re
from pathlib import Path

from transmgr.formats import segment_document

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "fixtures" / "seed" / "essay-seed.txt"
ESSAY = ROOT / "source" / "deeply-concerned.md"
LEFTOVERS = {"top of page", "bottom of page"}  # the web page's, not the essay's


def _seed_paragraphs() -> list[str]:
    text = SEED.read_text(encoding="utf-8")
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip() and p.strip() not in LEFTOVERS]


def test_every_seed_paragraph_is_a_segment_in_order() -> None:
    document = segment_document(ESSAY)
    assert [s.text for s in document.segments()] == _seed_paragraphs()


def test_structure_title_lead_caption() -> None:
    kinds = [block.kind for block in segment_document(ESSAY).blocks]
    assert kinds[0] == "title"
    assert kinds[1] == "lead"
    assert kinds.count("caption") == 1
    caption = next(b for b in segment_document(ESSAY).blocks if b.kind == "caption")
    assert caption.segments[0].text.startswith("French President Emmanuel Macron")
    assert len(kinds) == 40


def test_words_are_identical() -> None:
    seed_words = " ".join(_seed_paragraphs()).split()
    essay_words = " ".join(s.text for s in segment_document(ESSAY).segments()).split()
    assert essay_words == seed_words
