"""Languages through Babel's CLDR data: codes, names, plural forms, number and date formats."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from transmgr.errors import LanguageError

if TYPE_CHECKING:
    from babel import Locale

# Babel and its CLDR data are imported on first use: `transmgr --help` and `status` need little of it.


@dataclass(frozen=True)
class Language:
    """What transmgr needs to know about one language."""

    code: str
    english_name: str
    native_name: str
    nplurals: int
    plural_expr: str
    decimal_symbol: str
    group_symbol: str

    @property
    def plural_forms(self) -> str:
        """The PO header value, e.g. ``nplurals=3; plural=(...);``."""
        return f"nplurals={self.nplurals}; plural={self.plural_expr};"


def babel_code(code: str) -> str:
    """``code`` as Babel writes locale identifiers (``pt-BR`` -> ``pt_BR``)."""
    return code.replace("-", "_")


def base_language(code: str) -> str:
    """The language of ``code`` without region, script or variant, lower case (``be_BY@latin`` -> ``be``)."""
    return babel_code(code).split("_")[0].split("@")[0].lower()


@functools.cache
def bcp47(code: str) -> str:
    """The language tag office files want for ``code``, with the region CLDR finds most likely when
    the code has none (``be`` -> ``be-BY``, ``pt_BR`` -> ``pt-BR``): what Word names a proofing language."""
    from babel.core import get_global

    tag = babel_code(code).split("@")[0]
    if "_" not in tag:
        likely = get_global("likely_subtags").get(tag)
        if likely:
            parts = likely.split("_")
            region = next((part for part in parts[1:] if len(part) == 2 and part.isupper()), None)
            if region:
                tag = f"{tag}_{region}"
    return tag.replace("_", "-")


_CODE = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*")


@functools.cache
def get_language(code: str) -> Language:
    """Return the :class:`Language` for a code such as ``be`` or ``pt_BR``.

    Raises :class:`LanguageError` for a code that CLDR does not know.
    """
    if not isinstance(code, str) or not code.strip():
        raise LanguageError(f"invalid language code {code!r}", hint="use a code such as 'be' or 'uk'")
    if not _CODE.fullmatch(code) or code.split("_")[0].split("-")[0] in ("und", "root"):
        raise LanguageError(
            f"unknown language code {code!r}",
            hint="use an ISO 639 code known to CLDR, such as 'be', 'uk', 'ru' or 'en', optionally with a region: pt_BR",
        )
    from babel import Locale, UnknownLocaleError
    from babel.messages.plurals import get_plural

    try:
        locale = Locale.parse(babel_code(code))
    except (UnknownLocaleError, ValueError) as exc:
        raise LanguageError(
            f"unknown language code {code!r}",
            hint="use an ISO 639 code known to CLDR, such as 'be', 'uk', 'ru' or 'en'",
        ) from exc
    given = base_language(code)
    if locale.language != given:
        # CLDR reads ISO 639-2 and retired codes as aliases (rus -> ru); the project must use one code per
        # language, or the same language would get two catalogs and the checks would not know it.
        canonical = code.replace(code.replace("-", "_").split("_")[0], locale.language, 1)
        raise LanguageError(
            f"language code {code!r} stands for {Locale(locale.language).get_display_name('en')}, whose code is "
            f"{locale.language!r}",
            hint=f"use {canonical!r}",
        )
    plural = get_plural(locale)
    symbols = locale.number_symbols.get("latn", locale.number_symbols)
    native = locale.get_display_name(locale) or code
    return Language(
        code=code,
        english_name=locale.get_display_name("en") or code,
        native_name=native[:1].upper() + native[1:],
        nplurals=plural.num_plurals,
        plural_expr=plural.plural_expr,
        decimal_symbol=symbols.get("decimal", "."),
        group_symbol=symbols.get("group", ","),
    )


def check_language(code: str) -> None:
    """Raise :class:`LanguageError` unless CLDR knows ``code``; without loading its data when
    Babel has a locale file of that exact name (configuration checks need no more)."""
    if isinstance(code, str) and _CODE.fullmatch(code) and code.split("_")[0].split("-")[0] not in ("und", "root"):
        from babel import localedata

        if localedata.exists(babel_code(code)):
            return
    get_language(code)  # aliases and the like, or the error


def is_known_language(code: str) -> bool:
    """True when CLDR knows ``code``."""
    try:
        get_language(code)
    except LanguageError:
        return False
    return True


def format_number(value: float | int | Decimal, code: str) -> str:
    """Format a number in the language's notation (``60000`` -> ``60 000`` in ru)."""
    from babel import numbers

    return numbers.format_decimal(value, locale=babel_code(code))


def format_long_date(day: dt.date, code: str) -> str:
    """Format a date the long way the language writes it (``25 ноября 2026 г.``)."""
    from babel import dates

    return dates.format_date(day, format="long", locale=babel_code(code))


def _locale(code: str) -> Locale:
    from babel import Locale

    return Locale.parse(babel_code(code))


def language_name_in(code: str, in_code: str) -> str:
    """The name of language ``code`` written in language ``in_code``."""
    from babel import Locale

    locale = Locale.parse(babel_code(code))
    return locale.get_display_name(Locale.parse(babel_code(in_code))) or code


def format_percent(share: float, code: str) -> str:
    """Format a share (0..1) as the language writes percentages, with at most one decimal (``80,5 %`` in ru)."""
    from babel import numbers

    locale = _locale(code)
    pattern = locale.percent_formats[None].pattern.replace("0", "0.#", 1)
    return numbers.format_percent(share, format=pattern, locale=locale)


# Scripts written right to left (Unicode's script codes). A language's direction is its script's:
# this table and CLDR's likely scripts give what each locale's own data says (tested against every
# locale of a sample), without loading that data (a tenth of a second for a rebuild's four languages).
_RTL_SCRIPTS = frozenset(["Adlm", "Arab", "Armi", "Avst", "Chrs", "Cprt", "Elym", "Hatr", "Hebr", "Hung", "Khar",
                          "Lydi", "Mand", "Mani", "Mend", "Merc", "Mero", "Narb", "Nbat", "Nkoo", "Orkh", "Ougr",
                          "Palm", "Phli", "Phnx", "Prti", "Rohg", "Samr", "Sarb", "Sogo", "Syrc", "Thaa", "Yezi"])


@functools.cache
def text_direction(code: str) -> str:
    """``rtl`` for languages written right to left (Arabic, Hebrew...), else ``ltr``."""
    from babel import Locale
    from babel.core import get_global

    locale = Locale.parse(babel_code(code))
    script = locale.script
    if not script:
        likely = get_global("likely_subtags")
        found = likely.get(f"{locale.language}_{locale.territory}" if locale.territory else locale.language) \
            or likely.get(locale.language) or ""
        script = next((part for part in found.split("_")[1:] if len(part) == 4), None)
    if script is None:
        return "rtl" if locale.character_order == "right-to-left" else "ltr"
    return "rtl" if script in _RTL_SCRIPTS else "ltr"


# Characters people type for a space-like group separator: space, no-break space, narrow no-break
# space and thin space. CLDR says U+00A0 for be/uk/ru and U+202F for fr; writers use any of them.
_SPACE_GROUPS = " \u00a0\u202f\u2009"
_NOT_DIGIT = re.compile(r"\D")


class NumberToken(NamedTuple):
    """A number written in a text: its characters, its value, and where it is."""

    text: str
    value: Decimal
    start: int
    end: int


@functools.cache
def _number_pattern(code: str) -> re.Pattern[str]:
    language = get_language(code)
    group, decimal = language.group_symbol, language.decimal_symbol
    if group in _SPACE_GROUPS or group.isspace():
        group_class = "[" + _SPACE_GROUPS + "]"
    elif group in "'\u2019":
        group_class = "['\u2019]"
    else:
        group_class = re.escape(group)
    return re.compile(
        rf"(?<!\d)(?P<int>\d{{1,3}}(?:{group_class}\d{{3}})+(?!\d)|\d+)(?:{re.escape(decimal)}(?P<frac>\d+))?"
    )


def parse_numbers(text: str, code: str) -> list[NumberToken]:
    """The numbers in ``text`` read in the notation of language ``code`` (CLDR symbols through Babel).

    ``60,000`` and ``3.5`` are 60000 and 3.5 in English; ``60 000`` (any space as the group
    separator) and ``3,5`` are the same numbers in Russian, where ``60,000`` reads as 60.
    Signs are not read: a hyphen before a digit is more often a dash or part of a name (Su-25).
    """
    found = []
    for match in _number_pattern(code).finditer(text):
        digits = _NOT_DIGIT.sub("", match.group("int"))
        frac = match.group("frac")
        value = Decimal(f"{digits}.{frac}") if frac else Decimal(digits)
        found.append(NumberToken(match.group(0), value, match.start(), match.end()))
    return found


def number_symbols(code: str) -> tuple[str, str]:
    """The decimal symbol and the group separator of language ``code`` (``(",", "\u00a0")`` in ru)."""
    language = get_language(code)
    return language.decimal_symbol, language.group_symbol
