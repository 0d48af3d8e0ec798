"""Content checks: translations left untranslated or identical to the source, and odd lengths."""

from __future__ import annotations

import re
from collections.abc import Iterator

from transmgr.checks.base import Check, Context, Finding, Item
from transmgr.checks.text import LETTERS, quote, shorten

_LATIN_RUN = re.compile(r"(?:\b[a-z]{2,}\b[ ,]+){2,}\b[a-z]{2,}\b")
MIN_LENGTH = 20  # shorter sources vary too much in length to judge


class Untranslated(Check):
    """Translations identical to the source, or with a run of the source's English left in them.

    A translation equal to a source of two words or more is reported (names, numbers and code
    may stay the same). In Belarusian, Ukrainian and Russian, three or more lowercase Latin
    words that also appear in the source are reported as a fragment left untranslated.
    Not applied to the source language's own catalog, where copies are the norm.
    """

    check_id = "untranslated"
    name = "Untranslated text"
    severity = "warning"

    def relevant(self, lang: str, source_lang: str) -> bool:
        return lang.split("_")[0] != source_lang.split("_")[0]

    def run(self, item: Item, context: Context) -> Iterator[Finding]:
        if item.translation.strip() == item.source.strip():
            if len([w for w in LETTERS.findall(item.source_masked) if len(w) > 1]) >= 2:
                yield self.finding(item, "the translation is identical to the source")
            return
        if not item.profile.cyrillic:
            return
        source_words = set(item.source_words)
        for match in _LATIN_RUN.finditer(item.translation_masked):
            fragment = match.group(0)
            if all(w in source_words for w in LETTERS.findall(fragment)):
                yield self.finding(item, f"English left untranslated: {quote(shorten(fragment, 60))}")
                return


class Length(Check):
    """Translations far shorter or longer than the source.

    The ratio of characters (translation / source, inline code and URLs left out) must lie
    between ``min_length_ratio`` (0.4) and ``max_length_ratio`` (2.5), set in the ``[checks]``
    table. Sources under 20 characters are not judged. A translation far shorter than its
    source has usually lost a sentence.
    """

    check_id = "length"
    name = "Length"
    severity = "warning"

    def run(self, item: Item, context: Context) -> Iterator[Finding]:
        source = len(item.source_masked.strip())
        if source < MIN_LENGTH:
            return
        ratio = len(item.translation_masked.strip()) / source
        if ratio < context.min_length_ratio:
            yield self.finding(item, f"the translation is {ratio:.2f} times as long as the source "
                                     f"(at least {context.min_length_ratio:g} expected): a sentence may be missing")
        elif ratio > context.max_length_ratio:
            yield self.finding(item, f"the translation is {ratio:.2f} times as long as the source "
                                     f"(at most {context.max_length_ratio:g} expected)")
