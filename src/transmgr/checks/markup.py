"""Markup checks: placeholders, links with their URLs, inline code and emphasis kept."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from transmgr.checks.base import Check, Context, Finding, Item
from transmgr.checks.text import MD_LINK, code_spans, placeholders, urls

_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_STAR = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])")
_UNDERSCORE_OPEN = re.compile(r"(?<![_\w])_[^\s_]")
_EM_UNDERSCORE = re.compile(r"(?<![_\w])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![_\w])")


def _counter_diff(source: list[str], target: list[str]) -> tuple[list[str], list[str]]:
    wanted, have = Counter(source), Counter(target)
    return list((wanted - have).elements()), list((have - wanted).elements())


def _listed(values: list[str]) -> str:
    return ", ".join(dict.fromkeys(values))


class Placeholders(Check):
    """Placeholders of the source kept in the translation, none added.

    Brace placeholders (``{}``, ``{0}``, ``{name}``) always; printf placeholders (``%s``,
    ``%(name)s``, ``%1$d``...) in full when the entry is flagged ``c-format`` or
    ``python-format``, otherwise only ``%s``, ``%d`` and ``%(name)s`` (so "50% of" is prose).
    A plural form may leave out a placeholder that the singular source leaves out too.
    """

    check_id = "placeholders"
    name = "Placeholders kept"
    severity = "error"

    def run(self, item: Item, context: Context) -> Iterator[Finding]:
        if "{" not in item.source + item.translation and "%" not in item.source + item.translation:
            return
        source = placeholders(item.source, item.flags)
        target = placeholders(item.translation, item.flags)
        missing, extra = _counter_diff(source, target)
        if missing and item.plural_form is not None and item.entry is not None:
            singular = placeholders(item.entry.msgid, item.flags)
            missing = [p for p in missing if p in singular]
        if missing:
            yield self.finding(item, f"placeholder missing from the translation: {_listed(missing)}")
        if extra:
            yield self.finding(item, f"placeholder not in the source: {_listed(extra)}")


class Links(Check):
    """Links kept with the same URL: Markdown links and images, autolinks and bare URLs.

    The link text is translated; the target must stay exactly as in the source (a translated
    or dropped URL breaks the edition). Reports URLs missing from the translation and URLs
    that the source does not have.
    """

    check_id = "links"
    name = "Links kept"
    severity = "error"

    def run(self, item: Item, context: Context) -> Iterator[Finding]:
        source, target = urls(item.source), urls(item.translation)
        if not source and not target:
            return
        missing, extra = _counter_diff(source, target)
        if missing:
            yield self.finding(item, f"link missing from the translation: {_listed(missing)}")
        if extra:
            yield self.finding(item, f"link not in the source: {_listed(extra)}")
        source_links = len(MD_LINK.findall(item.source))
        target_links = len(MD_LINK.findall(item.translation))
        if not missing and not extra and source_links != target_links:
            yield self.finding(item, f"the source has {source_links} Markdown links, the translation {target_links}")


class InlineCode(Check):
    """Inline code (`` `code` ``) kept exactly: code is not translated.

    Reports code spans of the source missing from the translation (dropped or translated) and
    code spans the source does not have.
    """

    check_id = "inline-code"
    name = "Inline code kept"
    severity = "error"

    def run(self, item: Item, context: Context) -> Iterator[Finding]:
        if "`" not in item.source and "`" not in item.translation:
            return
        source, target = code_spans(item.source), code_spans(item.translation)
        if source == target:
            return
        missing, extra = _counter_diff(source, target)
        if missing:
            yield self.finding(item, "code missing from the translation: " + _listed([f"`{c}`" for c in missing]))
        if extra:
            yield self.finding(item, "code not in the source: " + _listed([f"`{c}`" for c in extra]))


def emphasis_counts(text: str) -> tuple[int, int]:
    """(strong, emphasis) spans of Markdown text whose code and URLs are masked (see mask_markup)."""
    star, underscore = "*" in text, "_" in text and _UNDERSCORE_OPEN.search(text) is not None
    if not star and not underscore:
        return 0, 0
    strong = len(_STRONG.findall(text))
    rest = _STRONG.sub(lambda m: m.group(2), text) if strong else text
    return strong, (len(_EM_STAR.findall(rest)) if star else 0) + (len(_EM_UNDERSCORE.findall(rest)) if underscore else 0)


class Emphasis(Check):
    """Emphasis kept: as many ``**strong**`` and ``*emphasised*`` spans as the source.

    Machine engines often drop the asterisks, or leave one behind; a stray marker then shows
    in the edition.
    """

    check_id = "emphasis"
    name = "Emphasis kept"
    severity = "warning"

    def run(self, item: Item, context: Context) -> Iterator[Finding]:
        if "*" not in item.source + item.translation and "_" not in item.source + item.translation:
            return
        source, target = emphasis_counts(item.source_masked), emphasis_counts(item.translation_masked)
        if source == target:
            return
        parts = []
        for label, wanted, have in (("strong", source[0], target[0]), ("emphasised", source[1], target[1])):
            if wanted != have:
                parts.append(f"{wanted} {label} span(s) in the source, {have} in the translation")
        yield self.finding(item, "emphasis differs: " + "; ".join(parts))
