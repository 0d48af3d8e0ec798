"""The numbers check: every number of the source in the translation, compared as numbers."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from decimal import Decimal

from transmgr.checks.base import Check, Context, Finding, Item
from transmgr.languages import format_number, parse_numbers

# Small numbers a translator may spell out ("2 years ago" -> «два гады таму»): the word forms of
# 0..12 and the stems of the ordinals 1..10. Only used to accept a missing number, never to report.
_NUMBER_WORDS: dict[str, dict[int, str]] = {
    "ru": {
        0: "ноль нуль", 1: "один одна одно одного одной одному одну одним одном", 2: "два две двух двум двумя двое",
        3: "три трех трем тремя трое", 4: "четыре четырех четырем четырьмя", 5: "пять пяти пятью",
        6: "шесть шести шестью", 7: "семь семи семью", 8: "восемь восьми восемью восьмью", 9: "девять девяти девятью",
        10: "десять десяти десятью", 11: "одиннадцать одиннадцати", 12: "двенадцать двенадцати",
    },
    "uk": {
        0: "нуль", 1: "один одна одне одного одної одному одній одну одним одною", 2: "два дві двох двом двома двоє",
        3: "три трьох трьом трьома троє", 4: "чотири чотирьох чотирьом чотирма", 5: "пʼять пʼяти пʼятьох пʼятьма",
        6: "шість шести шістьох шістьма", 7: "сім семи сімох сьома", 8: "вісім восьми вісьмох вісьма",
        9: "девʼять девʼяти девʼятьох", 10: "десять десяти десятьох", 11: "одинадцять одинадцяти",
        12: "дванадцять дванадцяти",
    },
    "be": {
        0: "нуль", 1: "адзін адна адно аднаго адной адну адным", 2: "два дзве двух двум двума двое",
        3: "тры трох тром трыма трое", 4: "чатыры чатырох чатыром чатырма", 5: "пяць пяці пяццю",
        6: "шэсць шасці шасцю", 7: "сем сямі сямю", 8: "восем васьмі восьмі васьмю", 9: "дзевяць дзевяці",
        10: "дзесяць дзесяці", 11: "адзінаццаць адзінаццаці", 12: "дванаццаць дванаццаці",
    },
    "en": {
        0: "zero", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
        9: "nine", 10: "ten", 11: "eleven", 12: "twelve",
    },
}
_ORDINAL_STEMS: dict[str, dict[int, str]] = {
    "ru": {1: "перв", 2: "втор", 3: "трет", 4: "четверт", 5: "пят", 6: "шест", 7: "седьм", 8: "восьм",
           9: "девят", 10: "десят"},
    "uk": {1: "перш", 2: "друг", 3: "трет", 4: "четверт", 5: "пʼят", 6: "шост", 7: "сьом", 8: "восьм",
           9: "девʼят", 10: "десят"},
    "be": {1: "перш", 2: "друг", 3: "трэц", 4: "чацверт", 5: "пят", 6: "шост", 7: "сём", 8: "восьм",
           9: "дзявят", 10: "дзясят"},
    "en": {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh", 8: "eighth",
           9: "ninth", 10: "tenth"},
}


@functools.cache
def _word_pattern(lang: str, value: int) -> re.Pattern[str] | None:
    base = lang.split("_")[0]
    forms = _NUMBER_WORDS.get(base, {}).get(value, "").replace("ё", "е").split()
    stem = _ORDINAL_STEMS.get(base, {}).get(value)
    parts = [re.escape(f) for f in forms] + ([re.escape(stem.replace("ё", "е")) + r"\w*"] if stem else [])
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)") if parts else None


def spelled_out(value: Decimal, folded: str, lang: str) -> bool:
    """Whether small whole number ``value`` is written as a word in folded text of ``lang``."""
    if value != value.to_integral_value() or not 0 <= value <= 12:
        return False
    pattern = _word_pattern(lang, int(value))
    return bool(pattern and pattern.search(folded))


def _literal_in(literal: str, text: str) -> bool:
    """``literal`` written in ``text`` with no digit touching it (3.13 in «Python 3.13»)."""
    start = text.find(literal)
    while start != -1:
        end = start + len(literal)
        if (start == 0 or not text[start - 1].isdigit()) and (end == len(text) or not text[end].isdigit()):
            return True
        start = text.find(literal, start + 1)
    return False


class Numbers(Check):
    """Every number of the source appears in the translation, compared as a number.

    Numbers are read in each language's own notation through Babel (CLDR): the source's
    ``60,000`` is the translation's ``60 000`` (any space as the group separator) and ``3.5`` is
    ``3,5``; years, ordinals (24th = 24-га) and numbers inside names (Su-25M = Су-25М) count.
    A number written the same in both texts (a version such as 3.13) always matches.
    Reported as errors: a source number missing from the translation, or written in the source's
    notation where it means something else (``60,000`` reads as 60 in Russian). A small number
    (up to 12) spelled out as a word in the translation is accepted. Reported as a warning: a
    number in the translation that is not in the source (``1 минута`` for "One minute").
    """

    check_id = "numbers"
    name = "Numbers kept"
    severity = "error"

    def run(self, item: Item, context: Context) -> Iterator[Finding]:
        source_numbers = item.source_numbers
        target_numbers = item.translation_numbers
        if not source_numbers and not target_numbers:
            return
        target_values = {n.value for n in target_numbers}
        source_values = {n.value for n in source_numbers}
        missing, notation = [], []
        for number in source_numbers:
            if number.value in target_values:
                continue
            if _literal_in(number.text, item.translation_masked):
                read = parse_numbers(number.text, item.lang)
                if len(read) == 1 and read[0].text == number.text and read[0].value != number.value:
                    notation.append(f"{number.text} reads as {format_number(read[0].value, item.lang)} in "
                                    f"{item.lang}; write {format_number(number.value, item.lang)}")
                continue
            if spelled_out(number.value, item.translation_folded, item.lang):
                continue
            missing.append(number)
        if notation:
            yield self.finding(item, "number in the source's notation: " + "; ".join(dict.fromkeys(notation)))
        extra = [n.text for n in target_numbers
                 if n.value not in source_values and not _literal_in(n.text, item.source_masked)]
        if missing:
            shown = ", ".join(dict.fromkeys(_shown(n.text, n.value, item.lang) for n in missing))
            instead = f"; the translation has {', '.join(dict.fromkeys(extra))} instead" if extra else ""
            yield self.finding(item, f"number missing from the translation: {shown}{instead}")
        elif extra and item.plural_form is None:
            yield self.finding(item, f"number not in the source: {', '.join(dict.fromkeys(extra))}", "warning")


def _shown(text: str, value: Decimal, lang: str) -> str:
    local = format_number(value, lang)
    return text if local.replace("\u00a0", " ") == text.replace("\u00a0", " ") else f"{text} (in {lang}: {local})"

