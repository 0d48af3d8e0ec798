"""Aligning a translated document with its source, segment by segment, when their layouts differ.

The method is Gale and Church's ("A Program for Aligning Sentences in Bilingual Corpora",
Computational Linguistics 19(1), 1993): a dynamic programme over the two sequences of segments
whose steps ("beads") pair one source segment with one translated segment (1–1), leave one out on
either side (1–0, 0–1), or pair two with one (2–1, 1–2); each bead costs the negative log of its
prior times the probability that a translation of that length comes from a source of that
length (a normal model of the length ratio, the ratio estimated from the two whole documents).

Length alone confuses paragraphs of similar length, so, as later aligners do (Simard, Foster and
Isabelle 1992's cognates; Moore 2002's anchors; hunalign), the cost is sharpened by anchors that
survive translation: the numbers in a segment (the article numbers, dates, 60,000), its kind of
block (a heading does not translate a paragraph), a question or exclamation mark at its end, the
project glossary's terms found on both sides, and what translation never changes: the same link
destinations, URLs and code spans on both sides. Instead of only the best path, the forward and
backward sums over every path give each bead of the best path its posterior probability: the
*confidence* reported and recorded (``aligned 97%``), low where another alignment is nearly as
likely.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# Bead types and their prior probabilities (Gale and Church's, with 1-0/0-1 and 2-1/1-2 split evenly).
BEADS: dict[tuple[int, int], float] = {(1, 1): 0.89, (1, 0): 0.01, (0, 1): 0.01, (2, 1): 0.045, (1, 2): 0.045}
VARIANCE = 6.8  # Gale and Church's variance of the length difference per character
# How far a path may stray from the diagonal, beyond the two sides' difference in length: translations
# reorder, merge and split locally; a long stretch added or left out is covered by the difference.
BAND = 25
SKIP_COST = 0.5  # added to a 1-0 or 0-1 bead, whatever the length left out
_NUMBER = re.compile(r"\d+(?:[ ,.\u00a0\u202f]\d{3})*(?:[.,]\d+)?")
_END = re.compile(r"([?!:])\W*$")
_HEADINGS = frozenset({"title", "heading"})


@dataclass(frozen=True)
class Piece:
    """One segment to align: its text (what is measured), its block kind, and the glossary concepts it holds."""

    text: str
    kind: str = "paragraph"
    concepts: frozenset[int] = frozenset()
    marks: frozenset[str] = frozenset()  # link destinations, URLs and code: the same in any language

    @functools.cached_property
    def length(self) -> int:
        return len(self.text)

    @functools.cached_property
    def numbers(self) -> Counter[str]:
        return Counter(re.sub(r"\D", "", m.group(0)) for m in _NUMBER.finditer(self.text))

    @functools.cached_property
    def number_key(self) -> tuple[str, ...]:
        return tuple(sorted(self.numbers.elements()))

    @functools.cached_property
    def end(self) -> str:
        found = _END.search(self.text)
        return found.group(1) if found else ""


@dataclass(frozen=True)
class Bead:
    """One step of an alignment: source segments ``source`` (indices) with translated ``target``, and its confidence."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    confidence: float

    @property
    def kind(self) -> str:
        return f"{len(self.source)}-{len(self.target)}"


def _phi(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def _length_cost(l1: int, l2: int, ratio: float) -> float:
    if l1 == 0 and l2 == 0:
        return 0.0
    mean = (l1 + l2 / ratio) / 2.0
    delta = (l2 - l1 * ratio) / math.sqrt(max(mean, 1.0) * VARIANCE * ratio)
    probability = max(2.0 * (1.0 - _phi(abs(delta))), 1e-300)
    return -math.log(probability)


def _numbers_cost(sources: Sequence[Piece], targets: Sequence[Piece]) -> float:
    one = sources[0].number_key if len(sources) == 1 else tuple(x for p in sources for x in p.number_key)
    two = targets[0].number_key if len(targets) == 1 else tuple(x for p in targets for x in p.number_key)
    if not one and not two:
        return 0.0
    if one == two or (len(one) == len(two) and sorted(one) == sorted(two)):
        return -3.0
    rest = list(two)
    shared = 0
    for number in one:
        if number in rest:
            rest.remove(number)
            shared += 1
    missing = len(one) - shared + len(rest)
    return 4.0 if not shared else 1.5 * missing - 1.0 * shared


def _anchor_cost(sources: Sequence[Piece], targets: Sequence[Piece]) -> float:
    cost = _numbers_cost(sources, targets)
    if len(sources) == 1 and len(targets) == 1:
        kind1, kind2 = sources[0].kind, targets[0].kind
        if kind1 == kind2:
            cost -= 0.5
        else:  # a heading for a paragraph is the strongest sign of a wrong pair
            cost += 4.0 if (kind1 in _HEADINGS) != (kind2 in _HEADINGS) else 2.5
    else:
        kinds1 = {piece.kind for piece in sources}
        kinds2 = {piece.kind for piece in targets}
        if kinds1 == kinds2:
            cost -= 0.5
        elif not kinds1 & kinds2:
            cost += 4.0 if bool(kinds1 & _HEADINGS) != bool(kinds2 & _HEADINGS) else 2.5
    end1, end2 = sources[-1].end, targets[-1].end
    end1, end2 = (end1 if end1 in ("?", "!") else ""), (end2 if end2 in ("?", "!") else "")
    if end1 and end1 == end2:
        cost -= 0.5
    elif end1 != end2:
        cost += 1.0
    if any(p.concepts for p in sources) or any(p.concepts for p in targets):
        concepts1 = frozenset().union(*(p.concepts for p in sources))
        concepts2 = frozenset().union(*(p.concepts for p in targets))
        cost -= 1.0 * len(concepts1 & concepts2)
        cost += 0.5 * len(concepts1 ^ concepts2)
    if any(p.marks for p in sources) or any(p.marks for p in targets):
        marks1 = frozenset().union(*(p.marks for p in sources))
        marks2 = frozenset().union(*(p.marks for p in targets))
        cost -= 1.5 * len(marks1 & marks2)
        cost += 2.5 * len(marks1 ^ marks2)  # a link or code on one side only: a strong sign of a wrong pair
    return cost


def _logsumexp(values: list[float]) -> float:
    top = max(values)
    if top == -math.inf:
        return -math.inf
    return top + math.log(sum(math.exp(v - top) for v in values))


def align(source: Sequence[Piece], target: Sequence[Piece], *, band: int | None = None) -> list[Bead]:
    """The most likely alignment of ``target`` with ``source``, each bead with its posterior probability.

    The length ratio of the two languages is first taken from the whole documents, then from the
    one-to-one pairs the first pass is sure of, and the alignment made again: a paragraph left out
    of a short translation would otherwise skew the ratio. ``band`` bounds how far from the
    diagonal a path may go beyond the difference in length of the two sides (default ``BAND``), so
    that long documents align in linear time.
    """
    n, m = len(source), len(target)
    if n == 0 or m == 0:
        return [Bead((i,), (), 1.0) for i in range(n)] + [Bead((), (j,), 1.0) for j in range(m)]
    ratio = max(sum(p.length for p in target), 1) / max(sum(p.length for p in source), 1)
    beads = _align(source, target, ratio, band)
    sure = [b for b in beads if len(b.source) == len(b.target) == 1 and b.confidence >= 0.9]
    if sure:
        better = (max(sum(target[b.target[0]].length for b in sure), 1)
                  / max(sum(source[b.source[0]].length for b in sure), 1))
        if abs(better - ratio) > 0.02 * ratio:
            beads = _align(source, target, better, band)
    return beads


def _align(source: Sequence[Piece], target: Sequence[Piece], ratio: float, band: int | None) -> list[Bead]:
    n, m = len(source), len(target)
    width = (band if band is not None else BAND) + abs(n - m)

    def inside(i: int, j: int) -> bool:
        return abs(i * m / n - j) <= width

    def columns(i: int) -> range:
        centre = i * m / n
        return range(max(0, math.ceil(centre - width)), min(m, math.floor(centre + width)) + 1)

    cache: dict[tuple[int, int, int, int], float] = {}

    def cost(i: int, j: int, di: int, dj: int) -> float:
        """The cost of the bead that ends after source i and target j."""
        key = (i, j, di, dj)
        found = cache.get(key)
        if found is None:
            prior = -math.log(BEADS[(di, dj)])
            if di == 0 or dj == 0:
                found = prior + SKIP_COST
            else:
                sources, targets = source[i - di:i], target[j - dj:j]
                found = (prior + _length_cost(sum(p.length for p in sources), sum(p.length for p in targets), ratio)
                         + _anchor_cost(sources, targets))
            cache[key] = found
        return found

    minus = -math.inf
    forward = [[minus] * (m + 1) for _ in range(n + 1)]
    best = [[math.inf] * (m + 1) for _ in range(n + 1)]
    back: dict[tuple[int, int], tuple[int, int]] = {}
    forward[0][0] = 0.0
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in columns(i):
            if (i, j) == (0, 0):
                continue
            terms = []
            for di, dj in BEADS:
                if i - di < 0 or j - dj < 0 or forward[i - di][j - dj] == minus:
                    continue
                c = cost(i, j, di, dj)
                terms.append(forward[i - di][j - dj] - c)
                total = best[i - di][j - dj] + c
                if total < best[i][j]:
                    best[i][j] = total
                    back[(i, j)] = (di, dj)
            if terms:
                forward[i][j] = _logsumexp(terms)
    backward = [[minus] * (m + 1) for _ in range(n + 1)]
    backward[n][m] = 0.0
    for i in range(n, -1, -1):
        for j in reversed(columns(i)):
            if (i, j) == (n, m):
                continue
            terms = []
            for di, dj in BEADS:
                if i + di > n or j + dj > m or backward[i + di][j + dj] == minus or not inside(i + di, j + dj):
                    continue
                terms.append(backward[i + di][j + dj] - cost(i + di, j + dj, di, dj))
            if terms:
                backward[i][j] = _logsumexp(terms)
    total = forward[n][m]
    beads: list[Bead] = []
    i, j = n, m
    while (i, j) != (0, 0):
        di, dj = back[(i, j)]
        posterior = math.exp(min(0.0, forward[i - di][j - dj] - cost(i, j, di, dj) + backward[i][j] - total))
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j)), posterior))
        i, j = i - di, j - dj
    beads.reverse()
    return beads


def pieces(texts: Sequence[tuple[str, str]], concepts: Callable[[str], frozenset[int]] | None = None,
           marks: Sequence[frozenset[str]] | None = None) -> list[Piece]:
    """:class:`Piece` objects for (text, kind) pairs; ``concepts`` finds the glossary concepts in a text;
    ``marks`` gives each its link destinations, URLs and code."""
    return [Piece(text, kind, concepts(text) if concepts else frozenset(), marks[n] if marks else frozenset())
            for n, (text, kind) in enumerate(texts)]
