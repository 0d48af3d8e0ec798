"""The fuzzy index: the same best match as scoring every text, without scoring every text."""

from __future__ import annotations

import random

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
