"""Languages through Babel's CLDR data: codes, names, plural forms, number and date formats."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError, dates, numbers
from babel.messages.plurals import get_plural

from transmgr.errors import LanguageError


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


@functools.cache
def get_language(code: str) -> Language:
    """Return the :class:`Language` for a code such as ``be`` or ``pt_BR``.

    Raises :class:`LanguageError` for a code that CLDR does not know.
    """
    if not isinstance(code, str) or not code.strip():
        raise LanguageError(f"invalid language code {code!r}", hint="use a code such as 'be' or 'uk'")
    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise LanguageError(
            f"unknown language code {code!r}",
            hint="use an ISO 639 code known to CLDR, such as 'be', 'uk', 'ru' or 'en'",
        ) from exc
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


def is_known_language(code: str) -> bool:
    """True when CLDR knows ``code``."""
    try:
        get_language(code)
    except LanguageError:
        return False
    return True


def format_number(value: float | int, code: str) -> str:
    """Format a number in the language's notation (``60000`` -> ``60 000`` in ru)."""
    return numbers.format_decimal(value, locale=code.replace("-", "_"))


def format_long_date(day: dt.date, code: str) -> str:
    """Format a date the long way the language writes it (``25 ноября 2026 г.``)."""
    return dates.format_date(day, format="long", locale=code.replace("-", "_"))


def language_name_in(code: str, in_code: str) -> str:
    """The name of language ``code`` written in language ``in_code``."""
    locale = Locale.parse(code.replace("-", "_"))
    return locale.get_display_name(Locale.parse(in_code.replace("-", "_"))) or code


def format_percent(share: float, code: str) -> str:
    """Format a share (0..1) as the language writes percentages, with at most one decimal (``80,5 %`` in ru)."""
    locale = Locale.parse(code.replace("-", "_"))
    pattern = locale.percent_formats[None].pattern.replace("0", "0.#", 1)
    return numbers.format_percent(share, format=pattern, locale=locale)


def text_direction(code: str) -> str:
    """``rtl`` for languages written right to left (Arabic, Hebrew...), else ``ltr``."""
    order = Locale.parse(code.replace("-", "_")).character_order
    return "rtl" if order == "right-to-left" else "ltr"
