"""Sentence splitting takes linear time on any input and always returns well-formed spans."""

from __future__ import annotations

import random
import time  # the fuzz test's time budget only

import pytest
from pysbd.languages import Language
from pysbd.processor import Processor

from transmgr.segment import sentences
from transmgr.segment.sentences import split_sentences


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


# (pattern, size): the size is small where every few characters may end a sentence, so that pysbd
# runs (about 5-15 µs a character); texts where no sentence can start skip pysbd (the large sizes).
# The previous implementation took 1.3 s on 10 KB of "a. " and 22 s on 40 KB.
PATTERNS = [
    ("a. ", 50_000),
    ("Mr. a ", 50_000),
    ("x", 50_000),             # no spaces at all
    ("a.b.c.d ", 50_000),
    ("Mr. A b. ", 2_000),
    ("A. ", 2_000),
    ("1. ", 2_000),
    ("?! ", 2_000),
    (". ", 2_000),             # a long run of ". "
    ("a.B", 2_000),            # no spaces, a possible start after every period
    ('"A. (b ', 2_000),        # quotes and brackets that never close
]


@pytest.mark.parametrize(("unit", "size"), PATTERNS, ids=[repr(unit) for unit, _ in PATTERNS])
def test_the_work_grows_linearly(unit: str, size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """pysbd (the costly part) reads bounded windows whose total grows as the text does: four times the
    text, about four times the characters read, and no window larger. Counted, not timed (the timing
    is bench/sentence_scaling.py's); a text where no sentence can start is never handed to pysbd."""
    windows: list[int] = []
    original = sentences._pysbd_starts

    def counted(masked: str, begin: int, end: int, rules: object, processor: object) -> list[int]:
        windows.append(end - begin)
        return original(masked, begin, end, rules, processor)

    monkeypatch.setattr(sentences, "_pysbd_starts", counted)
    read = []
    for text in (_repeat(unit, size), _repeat(unit, 4 * size)):
        windows.clear()
        assert split_sentences(text)
        read.append((sum(windows), max(windows, default=0)))
    (small, small_widest), (large, large_widest) = read
    # Linear work makes the ratio about 4 (4.04-4.15 measured), quadratic about 16.
    assert large <= 4.5 * small and large_widest <= small_widest, (unit, read)
    if size == 50_000:
        assert large == 0, (unit, read)


def test_a_text_where_no_sentence_can_start_does_not_call_pysbd(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> list[int]:
        raise AssertionError("pysbd called")

    monkeypatch.setattr(sentences, "_pysbd_starts", fail)
    text = "a. b? c! mr. d, e; f: g\n" * 2000
    assert split_sentences(text) == [(0, len(text) - 1)]


def test_a_long_sentence_is_not_cut() -> None:
    text = "It was, " + "and so on and so forth, " * 2000 + "the end. Next."
    assert [text[a:b] for a, b in split_sentences(text)] == [text[:-6], "Next."]


_ALPHABET = [
    *"aAbBzZиИяЯ      .....,,!!??;:\"\"''()[]«»“”‘’`*_—-\n1234",
    "Mr. ", "Dr. ", "e.g. ", "No. ", "U.S. ", "...", " I ", "1. ", "(a) ", "b) ", "`x.y`", "[a. b](u)",
    "http://a.b/c. ", "\n\n", "\t", "  ",
]


def _check(text: str, spans: list[tuple[int, int]]) -> None:
    covered = bytearray(len(text))
    previous = 0
    for start, end in spans:
        assert previous <= start < end <= len(text), (text, spans)
        assert not text[start].isspace() and not text[end - 1].isspace(), (text, spans)
        covered[start:end] = b"\x01" * (end - start)
        previous = end
    uncovered = [i for i, char in enumerate(text) if not covered[i] and not char.isspace()]
    assert not uncovered, (text, spans, uncovered)


def test_fuzz_spans_are_sorted_disjoint_trimmed_and_cover_the_text() -> None:
    rng = random.Random(20260102)
    deadline = time.perf_counter() + 1.5
    tried = 0
    while time.perf_counter() < deadline or tried < 50:
        size = rng.choice([5, 20, 80, 300]) if tried % 40 else rng.randint(3_000, 12_000)
        text = "".join(rng.choice(_ALPHABET) for _ in range(size))
        _check(text, split_sentences(text, rng.choice(["en", "be", "uk", "ru", "xx"])))
        tried += 1


def test_fewer_abbreviation_passes_give_the_same_text_as_pysbd() -> None:
    """The faster abbreviation pass (once per distinct occurrence) changes nothing in pysbd's output."""
    rng = random.Random(7)
    words = ["Mr.", "mr.", "MR.", "Dr.", "p.", "pp.", "No.", "no.", "Art.", "St.", "is", "me", "a", "A", "B.",
             "etc.", "e.g.", "i.e.", "Jan.", "12", "3.", "(see", "p.)", "said", "т.", "е.", "г.", "Иван", "он"]
    for language in ("en", "ru"):
        fast_rules, processor = sentences._language(language)
        stock_rules = Language.get_language_code(language)
        assert fast_rules is not stock_rules
        for _ in range(100):
            text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 40)))
            assert processor(text, fast_rules).process() == Processor(text, stock_rules).process(), text
