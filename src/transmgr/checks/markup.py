"""Markup checks: placeholders, links with their URLs, inline code and emphasis kept."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from transmgr.checks.base import Check, Context, Finding, Item
from transmgr.checks.text import placeholders
from transmgr.formats import Inline, Role
from transmgr.formats.codes import parse as parse_codes


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
        if missing and item.plural_form is not None and item.unit is not None:
            singular = placeholders(item.unit.msgid, item.flags)
            missing = [p for p in missing if p in singular]
        if missing:
            yield self.finding(item, f"placeholder missing from the translation: {_listed(missing)}")
        if extra:
            yield self.finding(item, f"placeholder not in the source: {_listed(extra)}")


class FormattingCodes(Check):
    """Formatting codes of Word and web documents kept: every ``<1>…</1>`` and ``<2/>`` of the
    source once in the translation, each pair opened before it is closed and nested inside the
    codes around it. Codes may move and change order with the words they format.

    A code stands for formatting the translated document puts back (bold, a link, a line break,
    an image); a lost or broken code loses it there.
    """

    check_id = "codes"
    name = "Formatting codes kept"
    severity = "error"

    def run(self, item: Item, context: Context) -> Iterator[Finding]:
        if "<" not in item.source and "<" not in item.translation:
            return
        source, target = _code_values(item.source_inline), _code_values(item.translation_inline)
        if not source and not target:
            return
        missing, extra = _counter_diff(source, target)
        if missing:
            yield self.finding(item, "code missing from the translation: " + _listed(_written(missing)))
        if extra:
            yield self.finding(item, "code not in the source: " + _listed(_written(extra)))
        if not missing and not extra and not parse_codes(item.translation).well_formed:
            yield self.finding(item, "codes do not pair up: each <N> must be closed by </N> after it, "
                                     "inside the codes around it")


def _code_values(inline: Inline) -> list[str]:
    return [span.value for span in inline.spans
            if span.role is Role.TAG and span.value.startswith(("open:", "close:", "empty:"))]


def _written(values: list[str]) -> list[str]:
    forms = {"open": "<{}>", "close": "</{}>", "empty": "<{}/>"}
    return [forms[kind].format(number) for kind, number in (value.split(":") for value in values)]


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
        source = item.source_inline.values(Role.TARGET, Role.URL)
        target = item.translation_inline.values(Role.TARGET, Role.URL)
        if not source and not target:
            return
        missing, extra = _counter_diff(source, target)
        if missing:
            yield self.finding(item, f"link missing from the translation: {_listed(missing)}")
        if extra:
            yield self.finding(item, f"link not in the source: {_listed(extra)}")
        source_links, target_links = _links(item.source_inline), _links(item.translation_inline)
        if not missing and not extra and source_links != target_links:
            yield self.finding(item, f"the source has {source_links} links, the translation {target_links}")


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
        source, target = item.source_inline.values(Role.CODE), item.translation_inline.values(Role.CODE)
        if source == target:
            return
        missing, extra = _counter_diff(source, target)
        if missing:
            yield self.finding(item, "code missing from the translation: " + _listed([f"`{c}`" for c in missing]))
        if extra:
            yield self.finding(item, "code not in the source: " + _listed([f"`{c}`" for c in extra]))


def _links(inline: Inline) -> int:
    return sum(1 for span in inline.spans if span.role is Role.MARKER and span.value in ("link_open", "image"))


def emphasis_counts(inline: Inline) -> tuple[int, int]:
    """(strong, emphasis) spans of a text, as its format's parser pairs the markers."""
    markers = [span.value for span in inline.spans if span.role is Role.MARKER]
    return markers.count("strong_open"), markers.count("em_open")


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
        source, target = emphasis_counts(item.source_inline), emphasis_counts(item.translation_inline)
        if source == target:
            return
        parts = []
        for label, wanted, have in (("strong", source[0], target[0]), ("emphasised", source[1], target[1])):
            if wanted != have:
                parts.append(f"{wanted} {label} span(s) in the source, {have} in the translation")
        yield self.finding(item, "emphasis differs: " + "; ".join(parts))
