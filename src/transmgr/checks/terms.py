"""Glossary checks: required terms rendered (in any inflected form) and forbidden variants avoided."""

from __future__ import annotations

from collections.abc import Iterator

from transmgr.checks.base import Check, Context, Finding, Item
from transmgr.checks.text import quote, span_words

MAX_LISTED = 5


class GlossaryTerm(Check):
    """Every glossary term of the source rendered with the glossary's term for the language.

    Inflected forms count: Лукашэнка, Лукашэнкі, Лукашэнку and Лукашэнкам all render
    "Lukashenko" in Belarusian; a cell may list alternatives (``палітвязні | палітычныя
    вязні``) and explicit stems (``Ірпен*``). The glossary is ``locales/glossary.csv`` (see
    ``transmgr glossary``).
    """

    check_id = "glossary"
    name = "Glossary terms"
    severity = "warning"

    def relevant(self, lang: str, source_lang: str) -> bool:
        return lang != source_lang

    def run(self, item: Item, context: Context) -> Iterator[Finding]:
        glossary = context.glossary
        if not glossary:
            return
        missing = []
        for concept in glossary.concepts:
            if item.lang not in concept.terms or item.source_lang not in concept.terms:
                continue
            if concept.find(item.source_words, item.source_folded, item.source_lang) is None:
                continue
            if concept.find(item.translation_words, item.translation_folded, item.lang) is None:
                missing.append(f"{quote(concept.label(item.source_lang))} as {quote(concept.preferred(item.lang) or '')}")
        if missing:
            yield self.finding(item, "glossary term not rendered: " + ", ".join(missing[:MAX_LISTED]))


class ForbiddenTerm(Check):
    """Forbidden variants of the glossary avoided, in any inflected form.

    For example «Белоруссия» (and «Белоруссии», «Белоруссию») in Russian, where the glossary
    says «Беларусь»; «Лукашенка» in Belarusian, which writes «Лукашэнка». Forbidden variants
    are the ``forbidden-<lang>`` columns of the glossary.
    """

    check_id = "forbidden-term"
    name = "Forbidden variants"
    severity = "error"

    def run(self, item: Item, context: Context) -> Iterator[Finding]:
        glossary = context.glossary
        if not glossary:
            return
        found = []
        for concept in glossary.concepts:
            if item.lang not in concept.forbidden:
                continue
            hit = concept.find_forbidden(item.translation_words, item.translation_folded, item.lang)
            if hit is not None:
                form, (start, end) = hit
                written = span_words(item.translation, item.translation_words, start, end)
                wanted = concept.preferred(item.lang)
                found.append(f"{quote(written)} ({form.text})" + (f": write {quote(wanted)}" if wanted else ""))
        if found:
            yield self.finding(item, "forbidden variant: " + "; ".join(found[:MAX_LISTED]))
