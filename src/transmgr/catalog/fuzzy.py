"""Fuzzy lookup of the most similar text among many: the index behind update's merge and the memory.

Similarity is rapidfuzz's normalised InDel ratio (the measure family of gettext's ``fstrcmp``).
Scoring every stored text is linear per query, so a run over a large project is quadratic; the
index keeps each query close to constant time:

1. Length: a ratio of at least ``s`` is impossible when the shorter text is under ``s / (2 - s)``
   of the longer, so only the window of lengths that can reach the threshold is considered.
2. Words: texts that similar share most of their words. Each stored text is indexed by its words;
   a query collects the texts that share its distinctive words (those in at most ``RARE`` of the
   texts), weighted by rarity, and only the best ``CANDIDATES`` of them are scored.
3. When the window is small, the query short (a word or two: an edited word shares no word with
   its match, and short texts cost little to score), or the query has no distinctive word, the
   window is scored in full, as before the index existed.

Step 2 trades exactness for speed only where a text shares almost no distinctive word with its
match, which at these thresholds does not happen in prose; ``bench/memory.py`` counts the
matches against scoring everything.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Generic, TypeVar

T = TypeVar("T")

_WORD = re.compile(r"\w+")
# Windows up to this size are scored in full: exact, and cheap enough.
FULL_SCAN = 400
# Queries of up to this many words are scored against their whole window: one edited word is most
# of what they share with their match, so words cannot select it (and short texts cost little to score).
SHORT_QUERY = 3
# Texts scored per query when the word index narrows the window.
CANDIDATES = 64
# The query's rarest words (and word pairs) that select the candidates.
FEATURES = 12


def _words(text: str) -> set[str]:
    """The words of ``text`` and its pairs of adjacent words ("following methods" is rare where
    "following" and "methods" are not, so pairs find texts that share only common words)."""
    words = _WORD.findall(text.lower())
    return {*words, *(f"{a} {b}" for a, b in itertools.pairwise(words))}


def postings_of(texts: Iterable[str]) -> dict[str, list[int]]:
    """Each word (and pair of adjacent words) of ``texts`` with the numbers of the texts holding it,
    ascending: what a query's distinctive words select candidates by."""
    postings: dict[str, list[int]] = defaultdict(list)
    for number, text in enumerate(texts):
        for word in _words(text):
            postings[word].append(number)
    return dict(postings)


class FuzzyIndex(Generic[T]):
    """The most similar stored text (and its payload) for a query, above a threshold."""

    def __init__(self, items: Iterable[tuple[str, T]], threshold: float) -> None:
        ordered = sorted(((text, payload) for text, payload in items if text), key=lambda item: len(item[0]))
        self.texts = [text for text, _ in ordered]
        self.payloads = [payload for _, payload in ordered]
        self.lengths = [len(text) for text in self.texts]
        self.threshold = threshold
        self._bound = threshold / (2 - threshold)
        self._table: dict[str, list[int]] | None = None  # built on the first query that needs it

    def __len__(self) -> int:
        return len(self.texts)

    def _index(self) -> dict[str, list[int]]:
        if self._table is None:
            self._table = postings_of(self.texts)  # ascending numbers = ascending lengths
        return self._table

    def best(self, text: str) -> tuple[T, float] | None:
        """The payload of the most similar stored text with its similarity (0..1), None below the threshold."""
        if not len(self) or not text:
            return None
        n = len(text)
        lo, hi = self._window(int(n * self._bound), int(n / self._bound) + 1)
        if lo >= hi:
            return None
        from rapidfuzz import fuzz, process  # imported by the first lookup: most commands never make one

        short = len(_WORD.findall(text, 0, 200)) <= SHORT_QUERY
        numbers = range(lo, hi) if hi - lo <= FULL_SCAN or short else self._candidates(text, lo, hi)
        choices = self._texts(numbers)
        found = process.extractOne(text, choices, scorer=fuzz.ratio, processor=None,
                                   score_cutoff=self.threshold * 100)
        if found is None:
            return None
        _, score, position = found
        return self._payload(numbers[position]), score / 100

    # What a query reads of the stored texts: numbered in ascending length. A subclass can keep
    # them elsewhere (engines/memory_store.py keeps them on disk) and answer these.

    def _window(self, shortest: int, longest: int) -> tuple[int, int]:
        """The numbers [lo, hi) of the texts at least ``shortest`` and at most ``longest`` long."""
        return bisect.bisect_left(self.lengths, shortest), bisect.bisect_right(self.lengths, longest)

    def _texts(self, numbers: range | list[int]) -> list[str]:
        return [self.texts[number] for number in numbers]

    def _payload(self, number: int) -> T:
        return self.payloads[number]

    def _postings(self, words: set[str]) -> list[list[int]]:
        """For each of ``words`` (words and pairs of words) that some text holds, the numbers of
        the texts that hold it, ascending."""
        index = self._index()
        return [posting for word in words if (posting := index.get(word)) is not None]

    def _rare_count(self) -> int:
        """How many texts a word may be in and still select candidates."""
        return max(32, len(self) // 50)

    def _candidates(self, text: str, lo: int, hi: int) -> range | list[int]:
        """The stored texts in the window [lo, hi) that share the most distinctive words with ``text``."""
        total = len(self)
        found = [(len(posting), posting) for posting in self._postings(_words(text))]
        if not found:
            return range(lo, hi)
        found.sort(key=_first)
        # The rarest features say the most; a few of them find the texts that share many.
        rare = [item for item in found[:FEATURES] if item[0] <= self._rare_count()] or found[:2]
        weights: dict[int, float] = {}
        for count, posting in rare:
            weight = math.log(total / count) + 1.0
            if count > 8:
                posting = posting[bisect.bisect_left(posting, lo):bisect.bisect_left(posting, hi)]
            for number in posting:
                if lo <= number < hi:
                    weights[number] = weights.get(number, 0.0) + weight
        if len(weights) <= CANDIDATES:
            return sorted(weights)
        return heapq.nlargest(CANDIDATES, weights, key=weights.__getitem__)


def _first(item: tuple[int, list[int]]) -> int:
    return item[0]
