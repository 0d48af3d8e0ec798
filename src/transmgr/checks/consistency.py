"""Consistency checks: one source translated one way per language, and languages agreeing on facts."""

from __future__ import annotations

from collections.abc import Iterator

from transmgr.checks.base import Check, Context, Finding, Item
from transmgr.checks.numbers import spelled_out
from transmgr.checks.text import fold, quote, shorten, words
from transmgr.languages import format_number


def variant_key(msgid: str) -> str:
    """How sources are compared for consistency: folded, whitespace collapsed."""
    return " ".join(fold(msgid).split())


class InconsistentTranslation(Check):
    """The same source segment translated differently in the same language.

    Compares every entry of the language across the project's documents and contexts (whitespace
    differences do not count). The finding names the other translation and where it is.
    """

    check_id = "inconsistent-translation"
    name = "Consistent translations"
    severity = "warning"

    def run(self, item: Item, context: Context) -> Iterator[Finding]:
        table = context.variants.get(item.lang)
        seen = table.get(variant_key(item.source)) if table else None
        if not seen:
            return
        mine = " ".join(item.translation.split())
        others = [(text, where) for text, where in seen.items() if text != mine]
        if others:
            text, where = others[0]
            yield self.finding(item, f"translated differently at {where}: {quote(shorten(text, 80))}")


class CrossLanguage(Check):
    """Numbers and glossary names that disagree between the languages of one segment.

    Where the source gives no digits to compare with ("twenty-eight years"), the translations
    are compared with each other: when every other language writes the same numbers and this
    one does not (28 in two languages, 29 in the third), it is reported; a number spelled out
    agrees with its digits. Likewise a glossary name that every other translation has and this
    one lacks, where the source does not name it (a pronoun in the source, a name in the
    translations). Terms sharing a stem with another term (Беларусь, беларусы) are left out.
    """

    check_id = "cross-language"
    name = "Languages agree"
    severity = "warning"

    def run(self, item: Item, context: Context) -> Iterator[Finding]:
        others = {lang: by_key[item.key] for lang, by_key in context.translations.items()
                  if lang != item.lang and lang != item.source_lang and by_key.get(item.key)}
        if not others:
            return
        yield from self._numbers(item, context, others)
        glossary = context.glossary
        if not glossary:
            return
        missing: list[str] = []
        for concept in glossary.concepts:
            langs = (item.lang, *others)
            if any(lang not in concept.terms for lang in langs) or any(
                    glossary.ambiguous(concept, lang) for lang in langs):
                continue
            if concept.find(item.translation_words, item.translation_folded, item.lang) is not None:
                continue
            if concept.find(item.source_words, item.source_folded, item.source_lang) is not None:
                continue  # the glossary check reports a term the source has
            if all(concept.find(words(fold(text)), fold(text), lang) for lang, text in others.items()):
                missing.append(quote(concept.preferred(item.lang) or ""))
        if missing:
            yield self.finding(item, f"{', '.join(missing)} appears in the {', '.join(sorted(others))} "
                                     "translation but not in this one")

    def _numbers(self, item: Item, context: Context, others: dict[str, str]) -> Iterator[Finding]:
        if item.source_numbers:
            return  # the numbers check compares with the source's digits
        theirs = {lang: context.numbers_in(text, lang) for lang, text in others.items()}
        agreed = set(theirs.values())
        if len(agreed) != 1:
            return
        common = next(iter(agreed))
        mine = context.numbers_in(item.translation, item.lang)
        if common == mine:
            return
        # A number spelled out ("восьми" for 8) agrees with its digits.
        lacking = [v for v in common - mine if not spelled_out(v, item.translation_folded, item.lang)]
        added = [v for v in mine - common
                 if not all(spelled_out(v, fold(text), lang) for lang, text in others.items())]
        if lacking or added:
            langs = ", ".join(sorted(others))
            shown = ", ".join(format_number(v, item.lang) for v in sorted(common)) or "none"
            here = ", ".join(format_number(v, item.lang) for v in sorted(mine)) or "none"
            yield self.finding(item, f"numbers differ from {langs}: {here} here, {shown} there")
