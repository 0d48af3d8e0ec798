"""Text helpers shared by the checks: masking syntax, folding for matching, words, placeholders.

What is syntax in a text (code, link targets, URLs, tags) is the document format's to say
(:meth:`transmgr.formats.Format.inline`); this module adds what the PO entry's flags say
(printf placeholders of a ``c-format`` entry) and the folding used to compare words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from transmgr.formats import Inline

MASK = "\ufffc"  # stands for masked code, URLs, tags and placeholders: not a letter, space or punctuation

# Brace placeholders ({}, {0}, {name}, {name!r:>10}) and the printf forms that cannot be prose.
BRACE_PLACEHOLDER = re.compile(r"\{\}|\{\d+(?:![rsa])?(?::[^{}]*)?\}|\{[A-Za-z_][\w.]*(?:\[\w+\])?(?:![rsa])?(?::[^{}]*)?\}")
PRINTF_STRICT = re.compile(r"%(?:\d+\$)?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcspn%]")
PRINTF_NAMED = re.compile(r"%\([A-Za-z_]\w*\)[-+ #0]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
PRINTF_PLAIN = re.compile(r"(?<![\w%])%[sd](?![A-Za-z])")
FORMAT_FLAGS = frozenset({"c-format", "python-format", "php-format", "perl-format", "sh-format", "objc-format"})

_APOSTROPHES = str.maketrans({"'": "\u02bc", "\u2019": "\u02bc", "\u2018": "\u02bc",
                              "\u2010": "-", "\u2011": "-", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
                              "ё": "е", "Ё": "е"})
_WORD = re.compile(r"\w+(?:[-\u02bc]\w+)*")
_WRITTEN_WORD = re.compile(r"\w+(?:[-\u2010\u2011'\u2019\u2018\u02bc]\w+)*")
LETTERS = re.compile(r"[^\W\d_]+")


def placeholders(text: str, flags: Iterable[str] = ()) -> list[str]:
    """Placeholders in ``text``: brace ones always; printf ones in full when the entry is flagged
    as a format string (``#, c-format``...), otherwise only ``%(name)s``, ``%s`` and ``%d``, so
    that prose such as "50% of" is not read as a placeholder."""
    if "{" not in text and "%" not in text:
        return []
    found = BRACE_PLACEHOLDER.findall(text)
    if "%" in text:
        if FORMAT_FLAGS.intersection(flags):
            found += [p for p in PRINTF_STRICT.findall(text) if p != "%%"]
            found += PRINTF_NAMED.findall(text)
        else:
            found += PRINTF_NAMED.findall(text) + PRINTF_PLAIN.findall(text)
    return found


def mask_markup(inline: Inline, flags: Iterable[str] = ()) -> str:
    """The text of ``inline`` with its code, link targets, URLs, tags and placeholders replaced by
    :data:`MASK` (a link keeps its text), and the printf placeholders its flags declare as well.
    Typography and number checks read this."""
    text = inline.masked(MASK)
    if "%" in text and FORMAT_FLAGS.intersection(flags):
        for found in sorted(set(placeholders(text, flags)), key=len, reverse=True):
            text = text.replace(found, MASK)
    return text


def fold(text: str) -> str:
    """Lowercase, ``ё`` as ``е``, every apostrophe as U+02BC, U+2010/U+2011 as ``-``, odd spaces as
    spaces: the form glossary matching and word comparisons use."""
    return text.translate(_APOSTROPHES).lower()


def words(folded: str) -> list[str]:
    """Words of folded text; hyphenated compounds (``су-25м``) and apostrophes stay inside a word."""
    return _WORD.findall(folded)


def span_words(text: str, folded_words: list[str], start: int, end: int) -> str:
    """Words ``start:end`` of ``text`` as written (folded words when the two tokenisations differ)."""
    written = _WRITTEN_WORD.findall(text)
    chosen = written if len(written) == len(folded_words) else folded_words
    return " ".join(chosen[start:end])


def shorten(text: str, width: int = 120) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def quote(word: str) -> str:
    """A word as messages show it."""
    return f"«{word}»"
