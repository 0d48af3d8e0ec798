"""Sentence splitting with pysbd, hardened for Markdown inline markup and a few abbreviations.

pysbd is a maintained rule-based splitter (a port of the Golden Rules suite) that already handles
titles (Dr., Mrs., St.), initials, decimals, times, "U.S." and quotations. Two gaps remain that
matter for documents: it splits inside inline markup (``*word.*``, links, code) and after some
abbreviations such as "approx."; both are repaired here rather than patched into pysbd.
"""

from __future__ import annotations

import functools
import re

import pysbd

_INLINE_SPAN = re.compile(
    r"`+[^`]*`+"                      # inline code
    r"|!?\[[^\]]*\]\([^)]*\)"         # links and images
    r"|<https?://[^>]+>"              # autolinks
    r"|https?://\S+"                  # bare URLs
)
_CLOSERS = re.compile(r"^([*_]+|[)\]\"'»”’]+)(?=\s|$)")
_ABBREVIATIONS = ("approx.", "ca.", "cf.", "etc.", "vs.", "vol.", "fig.", "no.", "nos.", "pp.", "p.")


@functools.lru_cache(maxsize=4)
def _segmenter(language: str) -> pysbd.Segmenter:
    try:
        return pysbd.Segmenter(language=language, clean=False, char_span=True)
    except ValueError:
        return pysbd.Segmenter(language="en", clean=False, char_span=True)


def _mask(text: str) -> str:
    """Hide the punctuation inside inline code, links and URLs from the splitter (same length)."""
    return _INLINE_SPAN.sub(lambda m: "x" * len(m.group(0)), text)


def split_sentences(text: str, language: str = "en") -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences in ``text``, trailing spaces excluded.

    The spans cover the text without gaps except the whitespace between sentences.
    """
    masked = _mask(text)
    spans: list[list[int]] = []
    for piece in _segmenter(language).segment(masked):
        start, end = piece.start, piece.end
        if not masked[start:end].strip():
            continue
        spans.append([start, end])
    merged: list[list[int]] = []
    for span in spans:
        chunk = text[span[0]:span[1]]
        if merged:
            previous = text[merged[-1][0]:merged[-1][1]].rstrip()
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
            elif _continues(previous, chunk):
                merged[-1][1] = span[1]
                continue
        merged.append(span)
    result = []
    for start, end in merged:
        while end > start and text[end - 1].isspace():
            end -= 1
        result.append((start, end))
    return result


def _continues(previous: str, chunk: str) -> bool:
    """True when ``chunk`` cannot start a sentence after ``previous``."""
    first = chunk.lstrip()[:1]
    if first.islower():
        return True
    lowered = previous.lower()
    return first.isdigit() and any(lowered.endswith(" " + a) or lowered == a for a in _ABBREVIATIONS)
