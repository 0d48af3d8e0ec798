"""Text helpers shared by the checks: masking markup, folding for matching, words, links, placeholders."""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "\ufffc"  # stands for masked code, URLs, tags and placeholders: not a letter, space or punctuation

CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
MD_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)")
AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^<>\s]+)>")
BARE_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>()\[\]«»\"“”„`]+")
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
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


def mask_markup(text: str, flags: Iterable[str] = ()) -> str:
    """``text`` with inline code, link targets, URLs, HTML tags and placeholders replaced by
    :data:`MASK`; a Markdown link keeps its text. Typography and number checks read this."""
    if "`" in text:
        text = CODE_SPAN.sub(MASK, text)
    if "](" in text:
        text = MD_LINK.sub(lambda m: m.group(2) + MASK, text)
    if "://" in text or "mailto:" in text:
        text = AUTOLINK.sub(MASK, text)
        text = BARE_URL.sub(MASK, text)
    if "<" in text:
        text = HTML_TAG.sub(MASK, text)
    if "{" in text or "%" in text:
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


def urls(text: str) -> list[str]:
    """Every link target and URL in ``text``: Markdown links and images, autolinks, bare URLs."""
    if "](" not in text and "://" not in text and "mailto:" not in text:
        return []
    found = [m.group(3) for m in MD_LINK.finditer(text)]
    rest = MD_LINK.sub(" ", text)
    found += AUTOLINK.findall(rest)
    rest = AUTOLINK.sub(" ", rest)
    found += [u.rstrip(".,;:!?") for u in BARE_URL.findall(rest)]
    return found


def code_spans(text: str) -> list[str]:
    """The contents of inline code spans (`` `code` ``), trimmed as CommonMark trims them."""
    if "`" not in text:
        return []
    return [m.group(2).strip() for m in CODE_SPAN.finditer(text)]


def shorten(text: str, width: int = 120) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def quote(word: str) -> str:
    """A word as messages show it."""
    return f"«{word}»"
