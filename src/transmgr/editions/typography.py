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

# Each pattern matches only the spaces it replaces, so a substitution is a plain string (a template
# with a group ran a Python function for each match: a tenth of the HTML editions' typesetting).
_DASH = re.compile(r"[ \t]+(?=[—–]\s)")
_DIGIT_GROUP = re.compile(r" (?<=\d )(?=\d{3}(?!\d))")
_NUMERO = re.compile(r" (?<=[№§] )(?=\d)")
_NUMBER_SPACE = re.compile(r" (?<=\d )(?=[^\W\d_])")  # where _NUMBER_WORD may match: found in a fifth of its time
_NUMBER_WORD = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?) (?=[^\W\d_])")
_FR_TIGHT = re.compile(r"(?<=\S)[ \u00a0]?([;!?])")
_FR_COLON = re.compile(r"(?<=[^\s\d])[ \u00a0]?:(?=\s)")
_FR_OPEN = re.compile(r"«[ \u00a0]?")
_FR_CLOSE = re.compile(r"[ \u00a0]?»")


def _after_short_word(longest: int) -> re.Pattern[str]:
    """The space after a word of at most ``longest`` letters standing alone (after the text's start or
    a character that is neither a word's nor a hyphen), before something that is not a space: the
    space first (the engine then tries only at spaces), then one fixed-width look-behind for each
    length, as Python's look-behinds must be."""
    letter = r"[^\W\d_]"
    behind = "|".join(rf"(?<=^{letter * n} )|(?<=[^\w\-]{letter * n} )" for n in range(1, longest + 1))
    return re.compile(rf" (?:{behind})(?=\S)")


_SHORT = {n: _after_short_word(n) for n in (1, 2, 3)}


@functools.lru_cache(maxsize=64)
def rules_for(lang: str) -> Typography:
    """The rules for a language code such as ``ru`` or ``fr_CA``."""
    return RULES.get(base_language(lang), Typography())


def apply_typography(text: str, lang: str) -> str:
    """``text`` with no-break spaces where ``lang`` needs them (plain text, no markup)."""
    rules = rules_for(lang)
    if "—" in text or "–" in text:  # each rule runs only where what it looks for is present
        text = _DASH.sub(NBSP, text)
    text = _DIGIT_GROUP.sub(NBSP, text)
    if rules.numero and ("№" in text or "§" in text):
        text = _NUMERO.sub(NBSP, text)
    if rules.numbers_bind and _NUMBER_SPACE.search(text):
        text = _NUMBER_WORD.sub(r"\1" + NBSP, text)
    if rules.short_words:
        text = _SHORT[rules.short_words].sub(NBSP, text)
    if rules.french_punctuation:
        text = _FR_TIGHT.sub(NNBSP + r"\1", text)
        text = _FR_COLON.sub(NBSP + ":", text)
        text = _FR_OPEN.sub("«" + NBSP, text)
        text = _FR_CLOSE.sub(NBSP + "»", text)
    return text
