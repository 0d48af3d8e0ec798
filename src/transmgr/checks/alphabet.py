"""Alphabet checks: letters the target language never uses, and Latin and Cyrillic mixed in one word."""

from __future__ import annotations

import re
from collections.abc import Iterator

from transmgr.checks.base import Check, Context, Finding, Item
from transmgr.checks.text import LETTERS, quote
from transmgr.languages.profiles import profile_for

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_UPPER = "A-ZА-ЯЁІЇЄҐЎ"
# A code: a number with letters attached (Су-25М, 25M, F-16) or spaced capital letters around it
# (217 A (III)): the letters of one code belong to one script.
_CODE = re.compile(
    rf"(?<![\w-])(?:[^\W\d_]{{1,4}}[-\u2010]|[{_UPPER}]{{1,4}}[ \u00a0])?\d+"
    rf"(?:[-\u2010]?[^\W\d_]{{1,4}}(?![\w])|[ \u00a0][{_UPPER}]{{1,3}}(?![\w]))?"
    r"(?:[ \u00a0]\([IVXLCDM]+\))?"
)
_NAMES = {"be": "Belarusian", "uk": "Ukrainian", "ru": "Russian"}
MAX_LISTED = 5


class WrongLanguage(Check):
    """Letters the target language never uses: usually a neighbouring language leaking into a draft.

    Belarusian has ў and і and never и, щ, ъ (nor Ukrainian ї, є, ґ); Ukrainian has і, ї, є, ґ
    and never ы, э, ъ, ё, ў; Russian has none of і, ї, є, ґ, ў. A word written the same in the
    source (a quoted name) is not reported. Example: «политзаключённые» in a Belarusian
    translation (и) is Russian; write «палітвязні».
    """

    check_id = "wrong-language"
    name = "Letters of another language"
    severity = "error"

    def relevant(self, lang: str, source_lang: str) -> bool:
        return bool(profile_for(lang).foreign_letters)

    def run(self, item: Item, context: Context) -> Iterator[Finding]:
        foreign = item.profile.foreign_letters
        lowered = item.translation_masked.lower()
        if not any(letter in lowered for letter in foreign):
            return
        source_words = set(item.source_words)
        offenders: dict[str, str] = {}
        for word in LETTERS.findall(item.translation_masked):
            low = word.lower()
            letters = "".join(sorted({c for c in low if c in foreign}, key=foreign.index))
            if letters and low.replace("ё", "е") not in source_words:
                offenders.setdefault(word, letters)
        if not offenders:
            return
        listed = ", ".join(f"{quote(w)} ({', '.join(ls)})" for w, ls in list(offenders.items())[:MAX_LISTED])
        more = f" and {len(offenders) - MAX_LISTED} more" if len(offenders) > MAX_LISTED else ""
        language = _NAMES.get(item.profile.code, item.lang)
        yield self.finding(item, f"letters {language} does not use: {listed}{more}")


class MixedScript(Check):
    """Latin and Cyrillic letters mixed in one word or one code.

    Look-alike letters are invisible to a reader but break search, spelling and sorting:
    «Беларусi» with a Latin i, «Су-25M» with a Latin M, or «217 А (III)» with a Cyrillic А
    among Latin letters. Applies to every language.
    """

    check_id = "mixed-script"
    name = "Latin and Cyrillic mixed"
    severity = "error"

    def run(self, item: Item, context: Context) -> Iterator[Finding]:
        text = item.translation_masked
        if not _CYRILLIC.search(text) or not _LATIN.search(text):
            return
        reported = []
        for word in LETTERS.findall(text):
            if _CYRILLIC.search(word) and _LATIN.search(word):
                reported.append(f"{quote(word)} (Latin {', '.join(sorted(set(_LATIN.findall(word))))})")
        for match in _CODE.finditer(text):
            code = match.group(0)
            if _CYRILLIC.search(code) and _LATIN.search(code) and not any(quote(code) in r for r in reported):
                cyrillic = ", ".join(sorted(set(_CYRILLIC.findall(code))))
                latin = ", ".join(sorted(set(_LATIN.findall(code))))
                reported.append(f"{quote(code)} (Cyrillic {cyrillic} with Latin {latin})")
        if reported:
            yield self.finding(item, "Latin and Cyrillic letters mixed: " + "; ".join(reported[:MAX_LISTED]))
