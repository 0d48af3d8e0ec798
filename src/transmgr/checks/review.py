"""The stale-review check: a review stamp that no longer matches the entry."""

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
