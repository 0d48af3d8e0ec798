"""Sentence splitting with pysbd, hardened for inline markup and a few abbreviations.

pysbd is a maintained rule-based splitter (a port of the Golden Rules suite) that already handles
titles (Dr., Mrs., St.), initials, decimals, times, "U.S." and quotations. Two gaps remain that
matter for documents: it splits inside inline markup (``*word.*``, links, code) and after some
abbreviations such as "approx."; both are repaired here rather than patched into pysbd. What is
markup the caller says, with a masked copy of the text (the document format's syntax hidden).

pysbd is not linear, so it is never given a long text at once; time is linear in the length of
the text (about 0.5 µs a character where no sentence can start, 5-15 µs where pysbd has to run):

* Its ``Segmenter.segment`` looks for every sentence again from the start of the text (quadratic),
  so only its ``Processor`` is called, and its sentences are located by a forward search.
* Its abbreviation pass rewrites the whole line once per *occurrence* of an abbreviation; a
  subclass (:class:`_OncePerVariant`) rewrites once per distinct occurrence: the same text.
* Its other passes (list items, brackets that never close) are still superlinear, so pysbd reads
  windows of about 2 KB (:func:`_piece_starts`) that end where a sentence may start. Starts found
  near a window's end are left to the next window, which starts with the sentence before them, so
  every decision is taken with the text around it, as on the whole text; a window does not stop
  inside a quotation or brackets that close further on, unless they run on for 16 KB.
* Where no sentence may start (:func:`_sentence_starts`), pysbd is not asked at all: a text with
  none, such as "a. b. c.", is one sentence at no cost.

A paragraph under 2 KB (unless it has over 64 brackets, quotes or list items) goes to pysbd whole
and splits as it did with ``Segmenter.segment``, except that the spans now always cover every
character but spaces (its search could skip or overlap sentences in which pysbd had changed its own
stand-in symbols). On longer texts a few pysbd rules look further than a window and may decide
differently: numbers such as "3." taken for list items because a run "2. 3." occurs kilobytes away,
and quotations or brackets left open for more than 16 KB. A sentence longer than a window is not
cut.
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import Any

from pysbd.abbreviation_replacer import AbbreviationReplacer
from pysbd.languages import Language
from pysbd.processor import Processor

_CLOSERS = re.compile(r"^([*_]+|[)\]\"'»”’]+)(?=\s|$)")
_ABBREVIATIONS = ("approx.", "ca.", "cf.", "etc.", "vs.", "vol.", "fig.", "no.", "nos.", "pp.", "p.")

# Where pysbd may end a sentence: its sentence-final marks (with the stand-ins it uses internally),
# closing quotes and brackets, and line breaks; a run of these and of spaces is one "zone", and a
# sentence may start at any mark in it or at the first character after it (if not lower case).
_FINAL = "。．.！!?？ȸȹ☉☈☇☄"
_CLOSING = "*_)]\"'»”’“‘）」"
_ZONE = re.compile(rf"[{re.escape(_FINAL + _CLOSING)}\n\r][{re.escape(_FINAL + _CLOSING)}\s]*")
_MARK = re.compile(r"\S")
# pysbd's list items ("foo 1. bar 2. baz", "(a) ... (b) ...") and numbered references ("word.12 Next")
# start a sentence without a final mark before them.
_LIST_START = re.compile(r"(?<=\s)(?=\d|\S\s*\d)|\(")
_REFERENCE = re.compile(r"(?<=[^\d\s])\.(?:(?:\[[\d,\s-]{0,40}\])+|(?:\d{1,3}\s?)?\d{1,3})\s(?=\S)")
# What makes some pysbd passes superlinear (list items, brackets and quotes it tries to pair).
_COSTLY = re.compile(r"(?<![^\s(\-⁃])(?:[a-z]|[ivxlcdm]{2,5})[.)]|(?<!\d)\d{1,2}[.)]|[(\[«“‘（「]")
# Brackets and quotes pysbd pairs over any distance: a window must not stop between a pair.
_PAIRED = re.compile(r"[\"()\[\]«»“”‘’']")
_OPENERS = {"(": ")", "[": "]", "«": "»", "“": "”", "‘": "’", "'": "'"}
_CLOSERS_OF = {close: open_ for open_, close in _OPENERS.items()}

_WINDOW = 2000          # characters given to pysbd at once (doubled, up to _WINDOW_MAX, when needed)
_WINDOW_MAX = 16000
_STARTS = 128           # places where a sentence may start, per window (doubled like _WINDOW)
_COSTLY_MAX = 64        # list items and brackets per window
_LOOKAHEAD = 32         # a sentence start is kept only if the window goes on this far after it
_CONTEXT = 64           # text read before the place where a window resumes (about)
_SLACK = 256            # how far past the expected place a pysbd sentence is looked for


class _OncePerVariant(AbbreviationReplacer):
    """pysbd's abbreviation pass, applying each replacement once per distinct occurrence.

    pysbd rewrites the whole line once per occurrence of an abbreviation (quadratic); every
    rewrite after the first with the same matched text is a no-op (it only turns the period after
    the abbreviation into a stand-in), so skipping them gives the same text.
    """

    def search_for_abbreviations_in_string(self, text: str) -> str:
        lowered = text.lower()
        for abbr in self.lang.Abbreviation.ABBREVIATIONS:
            stripped = abbr.strip()
            if stripped not in lowered:
                continue
            abbrev_match = re.findall(rf"(?:^|\s|\r|\n){stripped}", text, flags=re.IGNORECASE)
            if not abbrev_match:
                continue
            next_word_start = r"(?<={" + str(re.escape(stripped)) + "} ).{1}"
            char_array = re.findall(next_word_start, text)
            done: set[tuple[str, bool]] = set()
            for ind, match in enumerate(abbrev_match):
                char = char_array[ind] if ind < len(char_array) else ""
                key = (match, str(char).isupper())
                if key not in done:
                    done.add(key)
                    text = self.scan_for_replacements(text, match, ind, char_array)
        return text


@functools.lru_cache(maxsize=8)
def _language(language: str) -> tuple[Any, Any]:
    """pysbd's language rules (English for an unknown code) and processor class for ``language``."""
    try:
        rules = Language.get_language_code(language)
    except ValueError:
        rules = Language.get_language_code("en")
    processor = getattr(rules, "Processor", Processor)
    replacer = getattr(rules, "AbbreviationReplacer", AbbreviationReplacer)
    if all(getattr(replacer, name) is getattr(AbbreviationReplacer, name)
           for name in ("search_for_abbreviations_in_string", "scan_for_replacements")):
        fast = type("OncePerVariant", (_OncePerVariant, replacer), {})
        rules = type(rules.__name__, (rules,), {"AbbreviationReplacer": fast})
    return rules, processor


def split_sentences(text: str, language: str = "en", masked: str | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences in ``text``, trailing spaces excluded.

    The spans cover the text without gaps except the whitespace between sentences. ``masked`` is
    ``text`` with its syntax hidden, offsets kept (see :func:`transmgr.formats.base.sentence_mask`).
    """
    masked = text if masked is None or len(masked) != len(text) else masked
    first = _MARK.search(masked)
    if first is None:
        return []
    flags, starts = _sentence_starts(masked, text)
    pieces = [first.start(), *_piece_starts(masked, flags, starts, language, first.start())]
    return _repair(text, pieces)


def _sentence_starts(masked: str, text: str) -> tuple[bytearray, list[int]]:
    """Where pysbd may start a sentence (flags), and those of them that :func:`_repair` would keep.

    pysbd starts sentences after a final mark (possibly followed by closing quotes), after a line
    break, at list items and after numbered references. A piece starting with a lower-case letter
    is merged back by :func:`_repair`, unless a closing mark split off before it (and that mark is
    itself a kept start), so with no kept start the whole text is one sentence.
    """
    length = len(masked)
    flags = bytearray(length + 1)
    for zone in _ZONE.finditer(masked):
        begin, end = zone.span()
        if end - begin > 1 and len(zone.group().rstrip()) > 1:
            for mark in _MARK.finditer(masked, begin + 1, end):
                flags[mark.start()] = 1
        flags[end] = 1
    for found in _LIST_START.finditer(masked):
        flags[found.start()] = 1
    for found in _REFERENCE.finditer(masked):
        flags[found.end()] = 1
    marked = (m.start() for m in re.finditer(b"\x01", flags))
    starts = [p for p in marked if p < length and not text[p].isspace() and not text[p].islower()]
    return flags, starts


def _piece_starts(masked: str, flags: bytearray, starts: list[int], language: str, first: int) -> list[int]:
    """Where pysbd starts its sentences after ``first``, reading ``masked`` window by window."""
    if not starts or starts[-1] <= first:
        return []
    rules, processor = _language(language)
    costly = [m.start() for m in _COSTLY.finditer(masked)]
    last_close = {close: masked.rfind(close) for close in [*_CLOSERS_OF, '"']}
    length = len(masked)
    result: list[int] = []
    begin, floor = 0, first   # pysbd reads from ``begin``; sentences may start only after ``floor``
    width, count = _WINDOW, _STARTS
    while True:
        index = bisect.bisect_right(starts, floor)
        if index == len(starts):
            return result
        following = starts[index]
        end = _window_end(starts, costly, begin, width, count, length)
        need = min(length, following + _LOOKAHEAD + 1)
        if end < need:
            if following - begin > 2 * _CONTEXT:
                # Nothing may start before ``following``: read on from a little before it.
                begin = _context_start(masked, following - _CONTEXT, floor)
                floor = following - 1
                continue
            end = need
        found = [p for p in _pysbd_starts(masked, begin, end, rules, processor) if p > floor and flags[p]]
        if end == length:
            result.extend(found)
            return result
        kept = [p for p in found if p <= end - _LOOKAHEAD]
        safe = _balanced(masked, begin, kept, last_close)
        if kept and not safe and width < _WINDOW_MAX and _window_end(
            starts, costly, begin, width * 2, count * 2, length
        ) > end:
            # A quotation or bracket is open at every place the window could stop: read further.
            width, count = width * 2, count * 2
            continue
        width, count = _WINDOW, _STARTS
        if kept:
            restart = (safe or kept)[-1]
            result.extend(p for p in kept if p <= restart)
            # Read the next window with the sentence before it, as pysbd saw it in the whole text.
            before = result[-2] if len(result) > 1 else first
            begin = before if restart - before <= 4 * _CONTEXT else _context_start(masked, restart - _CONTEXT, before)
            floor = restart
        else:
            # One long sentence so far: go on reading it from a little before the window's end.
            floor = end - _LOOKAHEAD
            begin = _context_start(masked, floor - _CONTEXT, begin)


def _window_end(starts: list[int], costly: list[int], begin: int, width: int, count: int, length: int) -> int:
    """The end of a window from ``begin`` within the budgets: a sentence start, or the text's end."""
    limit = begin + width
    index = bisect.bisect_right(starts, begin) + count
    if index < len(starts):
        limit = min(limit, starts[index])
    index = bisect.bisect_left(costly, begin) + _COSTLY_MAX
    if index < len(costly):
        limit = min(limit, costly[index])
    if limit >= length:
        return length
    index = bisect.bisect_right(starts, limit) - 1
    return starts[index] if index >= 0 and starts[index] > begin else limit


def _context_start(masked: str, position: int, lowest: int) -> int:
    """A word start shortly before ``position`` (never before ``lowest``)."""
    position = max(position, lowest)
    for back in range(position, max(lowest, position - _CONTEXT), -1):
        if masked[back - 1].isspace():
            return back
    return position


def _pysbd_starts(masked: str, begin: int, end: int, rules: Any, processor: Any) -> list[int]:
    """Where pysbd's sentences in ``masked[begin:end]`` start, except the first (absolute)."""
    window = masked[begin:end]
    result: list[int] = []
    position = 0
    for sentence in processor(window, rules, char_span=False).process():
        body = sentence.strip()
        mark = _MARK.search(window, position)
        if not body or mark is None:
            continue
        at = window.find(body, mark.start(), mark.start() + len(body) + _SLACK)
        if at < 0:
            continue  # pysbd changed the text (its own stand-in symbols in the input): skip it
        result.append(begin + at)
        position = at + len(body)
    return result[1:]


def _balanced(masked: str, begin: int, positions: list[int], last_close: dict[str, int]) -> list[int]:
    """The ``positions`` before which no quotation or bracket opened since ``begin`` is still open.

    pysbd pairs quotes and brackets over any distance and ignores the sentence marks between
    them, so a window must not end between an opening mark and its closing one.
    """
    result: list[int] = []
    if not positions:
        return result
    straight = 0
    pending: dict[str, bool] = {}
    marks = _PAIRED.finditer(masked, begin, positions[-1])
    mark = next(marks, None)
    for position in positions:
        while mark is not None and mark.start() < position:
            char, at = mark.group(), mark.start()
            if char == '"':
                straight ^= 1
            elif char in ("'", "‘") and (at == begin or masked[at - 1].isspace()):
                pending[char] = True
            elif char in _CLOSERS_OF:
                # An apostrophe inside a word ("don't") closes nothing.
                if char not in ("'", "’") or not (at + 1 < len(masked) and masked[at + 1].isalpha()):
                    pending[_CLOSERS_OF[char]] = False
            elif char in _OPENERS and char not in ("'", "‘"):
                pending[char] = True
            mark = next(marks, None)
        if not (straight and last_close['"'] >= position) and not any(
            is_open and last_close[_OPENERS[char]] >= position for char, is_open in pending.items()
        ):
            result.append(position)
    return result


def _repair(text: str, pieces: list[int]) -> list[tuple[int, int]]:
    """Merge pysbd's pieces (given by their starts) where inline markup or an abbreviation split them."""
    bounds = [*pieces, len(text)]
    merged: list[list[int]] = []
    for number, start in enumerate(pieces):
        span = [start, bounds[number + 1]]
        chunk = text[span[0]:span[1]]
        if merged:
            closer = _CLOSERS.match(chunk)
            if closer:
                # A closing '*' or quote split off the sentence it ends: give it back.
                merged[-1][1] = span[0] + closer.end()
                rest = span[0] + closer.end()
                while rest < span[1] and text[rest].isspace():
                    rest += 1
                if rest >= span[1]:
                    continue
                span = [rest, span[1]]
                chunk = text[rest:span[1]]
            elif _continues(_tail(text, *merged[-1]), chunk):
                merged[-1][1] = span[1]
                continue
        merged.append(span)
    result = []
    for start, end in merged:
        while end > start and text[end - 1].isspace():
            end -= 1
        result.append((start, end))
    return result


def _tail(text: str, start: int, end: int) -> str:
    """The end of the sentence ``text[start:end]``, trailing spaces excluded: enough for :func:`_continues`."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return text[max(start, end - 16):end]


def _continues(previous: str, chunk: str) -> bool:
    """True when ``chunk`` cannot start a sentence after ``previous`` (or after its last 16 characters)."""
    first = chunk.lstrip()[:1]
    if first.islower():
        return True
    lowered = previous.lower()
    return first.isdigit() and any(lowered.endswith(" " + a) or lowered == a for a in _ABBREVIATIONS)
