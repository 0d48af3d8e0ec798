"""Each language's own typography for HTML editions: where a line must not break.

Browsers break lines at any space; a language's typography says where they must not:
before a dash in every language, inside a number written with space-grouped digits, after
the short prepositions and conjunctions of Belarusian, Ukrainian, Russian (the rule of
Russian typesetting manuals: words of one or two letters stay with the next word, and so does
a number with the word it counts or dates: «24 лютага», «60 000 чалавек») and of
Polish, Czech and Slovak (one-letter words), and around French punctuation (a narrow no-break
space before ``; ! ?``, a no-break space before ``:`` and inside « »).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from transmgr.languages import base_language

NBSP = "\u00a0"
NNBSP = "\u202f"


@dataclass(frozen=True)
class Typography:
    """The no-break rules of one language."""

    short_words: int = 0  # bind words of at most this many letters to the next word
    french_punctuation: bool = False
    numero: bool = False  # "№ 5", "§ 5"
    numbers_bind: bool = False  # a number stays with the word it counts or dates: "24 лютага", "8 месяцаў"


_SLAVIC = Typography(short_words=2, numero=True, numbers_bind=True)
# Explicit table: languages without an entry get only the rules every language shares.
RULES: dict[str, Typography] = {
    "be": _SLAVIC, "uk": _SLAVIC, "ru": _SLAVIC, "bg": _SLAVIC, "sr": _SLAVIC, "mk": _SLAVIC,
    "pl": Typography(short_words=1), "cs": Typography(short_words=1), "sk": Typography(short_words=1),
    "fr": Typography(french_punctuation=True),
}

_DIGIT = re.compile(r"\d")
_DASH = re.compile(r"[ \t]+([—–])(?=\s)")
_DIGIT_GROUP = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")
_NUMERO = re.compile(r"([№§]) (?=\d)")
_NUMBER_WORD = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?) (?=[^\W\d_])")
_FR_TIGHT = re.compile(r"(?<=\S)[ \u00a0]?([;!?])")
_FR_COLON = re.compile(r"(?<=[^\s\d])[ \u00a0]?:(?=\s)")
_FR_OPEN = re.compile(r"«[ \u00a0]?")
_FR_CLOSE = re.compile(r"[ \u00a0]?»")
_SHORT = {n: re.compile(rf"(?<![\w\-])([^\W\d_]{{1,{n}}}) (?=\S)") for n in (1, 2, 3)}


@functools.lru_cache(maxsize=64)
def rules_for(lang: str) -> Typography:
    """The rules for a language code such as ``ru`` or ``fr_CA``."""
    return RULES.get(base_language(lang), Typography())


def apply_typography(text: str, lang: str) -> str:
    """``text`` with no-break spaces where ``lang`` needs them (plain text, no markup)."""
    rules = rules_for(lang)
    if "—" in text or "–" in text:  # each rule runs only where what it looks for is present
        text = _DASH.sub(NBSP + r"\1", text)
    digits = _DIGIT.search(text) is not None
    if digits:
        text = _DIGIT_GROUP.sub(NBSP, text)
    if rules.numero and ("№" in text or "§" in text):
        text = _NUMERO.sub(r"\1" + NBSP, text)
    if rules.numbers_bind and digits:
        text = _NUMBER_WORD.sub(r"\1" + NBSP, text)
    if rules.short_words:
        text = _SHORT[rules.short_words].sub(r"\1" + NBSP, text)
    if rules.french_punctuation:
        text = _FR_TIGHT.sub(NNBSP + r"\1", text)
        text = _FR_COLON.sub(NBSP + ":", text)
        text = _FR_OPEN.sub("«" + NBSP, text)
        text = _FR_CLOSE.sub(NBSP + "»", text)
    return text
