"""Per-language rules the checks rely on: alphabet, quotation marks, apostrophe, dashes, inflection."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from transmgr.languages import base_language


@dataclass(frozen=True)
class Profile:
    """What the checks know about writing one language.

    ``foreign_letters`` are letters the language never uses (lowercase); ``quotes`` and
    ``inner_quotes`` are its (opening, closing) quotation marks; ``apostrophe`` is the one
    apostrophe character words are written with (None: not enforced); ``spaced_em_dash`` says the
    language writes a spaced em dash between words; ``endings`` are inflectional endings a glossary
    term may take (the empty string included), ``stem_endings`` the dictionary-form endings
    stripped to find a term's stem, longest first.
    """

    code: str
    script: str = "latin"
    foreign_letters: str = ""
    quotes: tuple[str, str] | None = None
    inner_quotes: tuple[str, str] | None = None
    apostrophe: str | None = None
    spaced_em_dash: bool = False
    endings: frozenset[str] = frozenset({""})
    stem_endings: tuple[str, ...] = ()

    @property
    def cyrillic(self) -> bool:
        return self.script == "cyrillic"


MODIFIER_APOSTROPHE = "\u02bc"

_RU_ENDINGS = (
    "а я о е ы и у ю ь й ой ей ою ею ом ем ам ям ами ями ах ях ов ев ый ий ая яя ое ее ую юю ые ие ых их "
    "ым им ыми ими ого его ому ему ия ии ию ие ием иях иями ья ье ьи ью ьей ьям ью"
)
_BE_ENDINGS = (
    "а я о е ы і у ю ь й ой ай эй ёй ою ёю ом ем ам ям амі ямі ах ях оў аў еў ёў ая яя ае яе ое ую юю "
    "ыя ія ых іх ым ім ымі імі ага яга аму яму ай ей ыі ьмі яй яю яў ямі сю"
)
_UK_ENDINGS = (
    "а я о е є и і ї у ю ь й ою ею єю ом ем єм ам ям ами ями ах ях ів їв ей ий ій ого його ому йому "
    "ої еї ій их іх им ім ими іми ів ові еві єві сю"
)
_EN_ENDINGS = "s es 's s'"


def _endings(spaced: str) -> frozenset[str]:
    return frozenset({"", *(e.replace("'", MODIFIER_APOSTROPHE) for e in spaced.split())})


PROFILES: dict[str, Profile] = {
    "be": Profile(
        code="be", script="cyrillic", foreign_letters="ищъїєґ",
        quotes=("«", "»"), inner_quotes=("„", "“"), apostrophe=MODIFIER_APOSTROPHE, spaced_em_dash=True,
        endings=_endings(_BE_ENDINGS), stem_endings=("ая", "яя", "ае", "яе", "ое", "ыя"),
    ),
    "uk": Profile(
        code="uk", script="cyrillic", foreign_letters="ыэъёў",
        quotes=("«", "»"), inner_quotes=("„", "“"), apostrophe=MODIFIER_APOSTROPHE, spaced_em_dash=True,
        endings=_endings(_UK_ENDINGS), stem_endings=("ий", "ій"),
    ),
    "ru": Profile(
        code="ru", script="cyrillic", foreign_letters="іїєґў",
        quotes=("«", "»"), inner_quotes=("„", "“"), apostrophe=None, spaced_em_dash=True,
        endings=_endings(_RU_ENDINGS), stem_endings=("ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие"),
    ),
    "en": Profile(code="en", endings=_endings(_EN_ENDINGS)),
}

# Vowels and soft/short signs: a glossary word ending in one of these loses it to form its stem.
STEM_LETTERS = frozenset("аеёиоуыэюяіїєўьй")


@functools.cache
def profile_for(code: str) -> Profile:
    """The profile of ``code`` (``be_BY`` uses ``be``); languages without one get only generic rules."""
    base = base_language(code)
    return PROFILES.get(base, Profile(code=base))
