"""The fuzzy index: the same best match as scoring every text, without scoring every text."""

from __future__ import annotations

import random
from pathlib import Path

from rapidfuzz import fuzz, process

from transmgr.catalog.fuzzy import FULL_SCAN, FuzzyIndex

WORDS = ["state", "council", "people", "court", "law", "freedom", "person", "right", "country", "member", "nation", "shall", "every", "equal", "protection", "against", "discrimination", "dignity", "reason", "conscience", "brotherhood", "spirit", "act", "article", "assembly", "association", "belief", "birth", "charter", "child", "citizen"]


def _sentences(rng: random.Random, count: int) -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 18))).capitalize() + "." for _ in range(count)]


def _edit(rng: random.Random, text: str) -> str:
    words = text.rstrip(".").split()
    for _ in range(rng.randint(1, 2)):
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    return " ".join(words) + "."


def test_large_index_finds_what_scoring_everything_finds() -> None:
    rng = random.Random(7)
    stored = list(dict.fromkeys(_sentences(rng, 3 * FULL_SCAN)))
    index = FuzzyIndex(((text, n) for n, text in enumerate(stored)), threshold=0.75)
    queries = [_edit(rng, rng.choice(stored)) for _ in range(300)]
    matched = same = 0
    for query in queries:
        brute = process.extractOne(query, stored, scorer=fuzz.ratio, processor=None, score_cutoff=75)
        found = index.best(query)
        if brute is None:
            assert found is None  # nothing above the threshold exists, so the index cannot find one
            continue
        matched += 1
        same += found is not None and round(found[1] * 100, 6) == round(brute[1], 6)
    assert matched > 250 and same >= matched * 0.99

def test_small_window_is_scored_in_full_and_payload_comes_back() -> None:
    index = FuzzyIndex([("The quick brown fox jumps.", "A"), ("Something else entirely here.", "B")], threshold=0.6)
    assert index.best("The quick brown fox jumped.") == ("A", fuzz.ratio("The quick brown fox jumped.",
                                                                         "The quick brown fox jumps.") / 100)
    assert index.best("Nothing like it at all, no.") is None
    assert index.best("") is None


def _char_edit(rng: random.Random, text: str) -> str:
    """One letter changed, dropped or doubled: 'were' -> 'where', 'packagers' -> 'packager'."""
    spot = rng.randrange(len(text))
    kind = rng.randrange(3)
    if kind == 0:
        return text[:spot] + rng.choice("aeioustrn") + text[spot + 1:]
    return text[:spot] + text[spot + 1:] if kind == 1 else text[:spot] + text[spot] + text[spot:]


def _same_as_brute_force(stored: list[str], queries: list[str]) -> tuple[int, int]:
    index = FuzzyIndex(((text, n) for n, text in enumerate(stored)), threshold=0.75)
    matched = same = 0
    for query in queries:
        brute = process.extractOne(query, stored, scorer=fuzz.ratio, processor=None, score_cutoff=75)
        found = index.best(query)
        if brute is None:
            assert found is None
            continue
        matched += 1
        assert found is not None and round(found[1] * 100, 6) == round(brute[1], 6), query
        same += 1
    return matched, same


def test_a_short_query_finds_its_edited_word_among_thousands() -> None:
    # One-word msgids ("were", "packagers") share no word with their edited form, so words cannot
    # select them: a short query is scored against its whole window.
    rng = random.Random(11)
    letters = "abcdefghiklmnoprstuw"
    stored = list(dict.fromkeys("".join(rng.choice(letters) for _ in range(rng.randint(3, 14)))
                                for _ in range(6 * FULL_SCAN)))
    queries = [_char_edit(rng, rng.choice(stored)) for _ in range(400)]
    matched, same = _same_as_brute_force(stored, queries)
    assert matched > 200 and same == matched


def test_the_memory_finds_every_match_brute_force_finds_in_a_real_corpus() -> None:
    import pytest

    from transmgr.catalog import read_catalog

    corpus = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "python-docs-fr"
    if not corpus.is_dir():
        pytest.skip(f"needs {corpus} (../shared is not part of a clone)")
    stored: dict[str, None] = {}
    for path in sorted(corpus.rglob("*.po"))[::4]:
        for entry in read_catalog(path):
            if entry.msgid and not entry.msgid_plural:
                stored[" ".join(entry.msgid.split())] = None
    texts = list(stored)
    rng = random.Random(5)
    queries = []
    for n in range(1200):
        text = rng.choice(texts)
        words = text.split()
        if n % 3 == 0:
            queries.append(_char_edit(rng, text))  # a typo fixed, a word's form changed
        elif n % 3 == 1 and len(words) > 1:
            spot = rng.randrange(len(words))
            queries.append(" ".join([*words[:spot], "revised", *words[spot + 1:]]))
        else:
            queries.append(" ".join(words[: max(1, len(words) * 4 // 5)]))
    matched, same = _same_as_brute_force(texts, queries)
    assert matched > 600 and same == matched
