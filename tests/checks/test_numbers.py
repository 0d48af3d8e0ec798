"""Numbers read in each language's notation (languages.parse_numbers) and the numbers check's edge cases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.checks.conftest import run_checks
from transmgr.formats import MARKDOWN
from transmgr.languages import parse_numbers


@pytest.mark.parametrize(("text", "lang", "values"), [
    ("more than 60,000 people", "en", ["60000"]),
    ("больш за 60\u00a0000 чалавек", "be", ["60000"]),
    ("більше 60 000 людей", "uk", ["60000"]),
    ("более 60\u202f000 человек", "ru", ["60000"]),
    ("3.5 and 1,234,567.25", "en", ["3.5", "1234567.25"]),
    ("3,5 и 1 234 567,25", "ru", ["3.5", "1234567.25"]),
    ("60,000 по-английски", "ru", ["60.000"]),  # reads as 60 in Russian notation
    ("24th of February 2022", "en", ["24", "2022"]),
    ("24-га лютага 2022 года", "be", ["24", "2022"]),
    ("Су-25М и F-16", "ru", ["25", "16"]),
    ("1 2022", "ru", ["1", "2022"]),  # a year after a number is not a digit group
    ("60\u202f000 et 3,5", "fr", ["60000", "3.5"]),
    ("1.000,5", "de", ["1000.5"]),
])
def test_numbers_are_read_in_the_language_notation(text: str, lang: str, values: list[str]) -> None:
    assert [n.value for n in parse_numbers(text, lang)] == [Decimal(v) for v in values]


@pytest.mark.parametrize(("source", "translation", "lang"), [
    ("Python 3.13 is out.", "Python 3.13 выйшаў.", "be"),  # a version kept as written
    ("He was born on the 1st of May.", "Ён нарадзіўся першага мая.", "be"),  # an ordinal spelled out
    ("It lasted 8 months.", "Гэта доўжылася восем месяцаў.", "be"),
    ("It lasted 8 months.", "Це тривало вісім місяців.", "uk"),
    ("Adopted on 10 December 1948.", "Принята 10 декабря 1948 года.", "ru"),
    ("In the 1990s.", "У 1990-я гады.", "be"),
])
def test_numbers_written_differently_but_kept(source: str, translation: str, lang: str) -> None:
    assert [f for f in run_checks(source, translation, lang) if f.check_id == "numbers"] == []


def test_plural_forms_may_add_their_number() -> None:
    from transmgr.checks import CHECKS, Context, Item

    item = Item(source="{} minutes", translation="{} хвіліна, 21 раз", lang="be", source_lang="en", plural_form=0,
                fmt=MARKDOWN)
    numbers = next(c for c in CHECKS if c.check_id == "numbers")
    assert list(numbers.run(item, Context(fmt=MARKDOWN))) == []
