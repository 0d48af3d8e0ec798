"""Language data from CLDR (through Babel): codes, names, numbers and dates written each
language's way, and the writing profiles the checks and the language model share."""

from __future__ import annotations

import datetime as dt

import pytest

from transmgr.errors import LanguageError
from transmgr.languages import (
    bcp47,
    check_language,
    format_long_date,
    format_number,
    get_language,
    is_known_language,
    parse_numbers,
    text_direction,
)
from transmgr.languages.profiles import profile_for


def test_codes_names_and_tags() -> None:
    assert get_language("be").native_name == "Беларуская"
    assert get_language("uk").native_name == "Українська"
    assert bcp47("be") == "be-BY" and bcp47("pt_BR") == "pt-BR"
    assert is_known_language("ru") and not is_known_language("xx")
    assert text_direction("ar") == "rtl" and text_direction("be") == "ltr"
    with pytest.raises(LanguageError):
        check_language("xx")


def test_numbers_and_dates_are_written_and_read_the_languages_way() -> None:
    assert format_number(60000, "be") == "60\u00a0000"
    assert format_number(1234.5, "en") == "1,234.5"
    assert format_long_date(dt.date(2026, 12, 7), "ru").startswith("7 декабря 2026")
    assert [token.value for token in parse_numbers("60 000 і 3,5", "be")] == [60000, 3.5]


def test_writing_profiles_know_each_alphabet() -> None:
    assert "и" in profile_for("be").foreign_letters and "і" not in profile_for("be").foreign_letters
    assert "ы" in profile_for("uk").foreign_letters
    assert profile_for("ru").quotes == ("«", "»")


def test_the_direction_of_text_is_what_each_locales_own_data_says() -> None:
    """text_direction reads the direction from the language's script; CLDR's own character order of
    each locale must agree (the project's languages, the right-to-left ones and a seeded sample)."""
    import random

    from babel import Locale, localedata

    every = localedata.locale_identifiers()
    sample = ["be", "uk", "ru", "en", "ar", "he", "fa", "ur", "ps", "yi", "dv", "ckb", "sd", "ug", "ks_Arab",
              "pa_Arab", "uz_Arab", "az_Cyrl", "sr_Latn", "ha_Arab", "osa", "syr", "nqo", "ff_Adlm", "rhg",
              *random.Random(1).sample(every, 60)]
    for code in sample:
        expected = "rtl" if Locale.parse(code).character_order == "right-to-left" else "ltr"
        assert text_direction(code) == expected, code
