"""Checks of what review left in the PO file: a stale review stamp, a judge's current errors."""

from __future__ import annotations

from collections.abc import Iterator

from transmgr.catalog import State
from transmgr.checks.base import Check, Context, Finding, Item


class StaleReview(Check):
    """A review that no longer holds: the source or the translation changed after it was reviewed.

    The review stamp (``# reviewed: <date> <digest> <who>``) carries a digest of msgctxt,
    msgid and msgstr; when they change (an edit in any PO editor, a source change merged by
    ``transmgr update``) the entry needs reviewing again (``transmgr review``).
    """

    check_id = "stale-review"
    name = "Stale review"
    severity = "warning"

    def run(self, item: Item, context: Context) -> Iterator[Finding]:
        unit = item.unit
        if unit is None or item.plural_form not in (None, 0) or unit.state is not State.STALE:
            return
        stamp = unit.stamp
        who = f" by {stamp.who} on {stamp.date}" if stamp else ""
        yield self.finding(item, f"reviewed{who}, but the source or the translation changed since: review it again")


class JudgeErrors(Check):
    """Errors a language-model judge found in the translation (``transmgr assess``), while its
    assessment is current: critical and major errors are errors, minor ones warnings. Each names
    the span, the MQM category and the judge's note. An assessment goes stale as soon as the
    source or the translation changes; a reviewer who accepts the translation as it is overrules
    it (``# assess-overruled:``), and it is no longer reported.
    """

    check_id = "assessment"
    name = "Judge's errors"
    severity = "error"

    def run(self, item: Item, context: Context) -> Iterator[Finding]:
        unit = item.unit
        if unit is None or item.plural_form is not None:
            return
        found = unit.assessment
        if found is None or not found.flagged:
            return
        for error in found.errors:
            yield self.finding(item, f"{error.severity} {error.category} error in «{error.span}» ({found.judge}): "
                                     f"{error.note or 'no note'}",
                               "warning" if error.severity == "minor" else "error")
