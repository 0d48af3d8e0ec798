"""Sentence splitting on texts built to be costly: transmgr's split_sentences (pysbd on bounded
windows) at n and 4n characters, and pysbd on the whole text at n (the peer, the same text), alternated,
median of --runs. Linear time makes transmgr's 4n/n ratio about 4; quadratic about 16.

The test suite counts the characters handed to pysbd (tests/segment/test_sentence_scaling.py); the
time is measured here (time limits belong in bench/, not in the tests).

    python bench/sentence_scaling.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from pysbd.languages import Language
from pysbd.processor import Processor

from transmgr.segment.sentences import split_sentences

PATTERNS = [("a. ", 50_000), ("Mr. a ", 50_000), ("x", 50_000), ("a.b.c.d ", 50_000), ("Mr. A b. ", 2_000),
            ("A. ", 2_000), ("1. ", 2_000), ("?! ", 2_000), (". ", 2_000), ("a.B", 2_000), ('"A. (b ', 2_000)]
PEER_LIMIT = 2_000  # pysbd on a whole 50,000-character text of "a. " takes minutes: timed up to this size


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _seconds(call: Callable[[str], object], text: str) -> float:
    start = time.perf_counter()
    call(text)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rules = Language.get_language_code("en")
    print(f"{'pattern':12} {'n':>7} {'transmgr n ms':>14} {'transmgr 4n ms':>15} {'4n/n':>6} {'pysbd n ms':>11}")
    for unit, size in PATTERNS:
        small, large = _repeat(unit, size), _repeat(unit, 4 * size)
        ours, ours_large, peer = [], [], []
        for _ in range(args.runs):  # alternated: the machine's drift falls on both tools alike
            ours.append(_seconds(split_sentences, small))
            ours_large.append(_seconds(split_sentences, large))
            if size <= PEER_LIMIT:
                peer.append(_seconds(lambda text: Processor(text, rules).process(), small))
        a, b = statistics.median(ours), statistics.median(ours_large)
        theirs = f"{1000 * statistics.median(peer):11.1f}" if peer else f"{'-':>11}"
        print(f"{unit!r:12} {size:7} {1000 * a:14.1f} {1000 * b:15.1f} {b / a if a else 0:6.1f} {theirs}")


if __name__ == "__main__":
    main()
