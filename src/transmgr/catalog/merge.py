"""Update a catalog from a new template, msgmerge-style, with an indexed fuzzy matcher.

Exact matches keep their translation and state; a source segment that was edited gets the old
translation back as a fuzzy draft with the previous msgid (``#|``); entries that left the
template become obsolete (``#~``) and come back, state intact, when their text returns.

Fuzzy matching uses rapidfuzz's normalised InDel similarity (the same family of measure as
gettext's ``fstrcmp``) through :class:`transmgr.catalog.fuzzy.FuzzyIndex`, which pre-selects
candidates by length and by shared words so that a large catalog is not scored in full for
every new entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from transmgr.catalog.fuzzy import FuzzyIndex
from transmgr.catalog.model import Catalog, Header, Key, Unit
from transmgr.catalog.state import clear_state_comments, set_draft, set_plural_draft

FUZZY_THRESHOLD = 0.6  # gettext's msgmerge uses the same cut-off


@dataclass(frozen=True)
class MergeStats:
    """What one merge did, counted in entries."""

    kept: int = 0
    fuzzy: int = 0
    new: int = 0
    obsolete: int = 0
    revived: int = 0

    def __add__(self, other: MergeStats) -> MergeStats:
        return MergeStats(*(a + b for a, b in zip(self.astuple(), other.astuple())))

    def astuple(self) -> tuple[int, int, int, int, int]:
        return (self.kept, self.fuzzy, self.new, self.obsolete, self.revived)


def merge_catalog(
    template: Iterable[Unit],
    old: Catalog | None,
    *,
    metadata: dict[str, str],
    fill_source: bool = False,
    threshold: float = FUZZY_THRESHOLD,
    day: dt.date | None = None,
) -> tuple[Catalog, MergeStats]:
    """Merge ``old`` translations into a new catalog shaped like ``template`` (a catalog, or its
    units as a reader gives them: each is let go once merged).

    ``metadata`` is the header to use (the caller keeps the old one current).
    With ``fill_source`` (the source-language catalog) a new or changed segment gets its own
    text as translation, unless the old translation was a copy-edit, which is never overwritten.
    """
    header = Header(tuple(metadata.items()))
    if old is not None:  # the old header's comments and flags, with the fields the caller made current
        header = old.header.changed(fields=tuple(metadata.items()))
    result = Catalog(header=header)
    # The old units not merged yet, by key: each leaves its table when a template entry takes it
    # (what stays is what the template no longer has).
    active: dict[Key, Unit] = {}
    obsolete: dict[Key, Unit] = {}
    for unit in old or ():
        (obsolete if unit.obsolete else active)[unit.key] = unit
    index: FuzzyIndex[Unit] | None = None
    kept = fuzzy = new = revived = 0
    for tmpl in template:
        if tmpl.obsolete:
            continue
        previous = active.pop(tmpl.key, None)
        if previous is not None:
            kept += 1
        else:
            previous = obsolete.pop(tmpl.key, None)
            revived += previous is not None
        if previous is not None:
            unit = previous
        else:
            if index is None:  # every old unit, taken or not, live ones first, each in file order
                everything = [*(u for u in old or () if not u.obsolete), *(u for u in old or () if u.obsolete)]
                index = FuzzyIndex(((u.msgid, u) for u in everything if u.translated_fully), threshold)
            unit = _fresh(tmpl)
            match = index.best(tmpl.msgid)
            if match is not None:
                source, score = match
                unit = _fuzzy_from(unit, source, score, fill_source=fill_source, day=day)
                fuzzy += unit.fuzzy
                new += not unit.fuzzy
            else:
                new += 1
        unit = unit.changed(obsolete=False, references=tmpl.references, note=tmpl.note, msgid_plural=tmpl.msgid_plural)
        if fill_source and not unit.translated_fully and unit.msgid_plural is None:
            unit = unit.changed(msgstr=unit.msgid)
        if unit == previous:
            unit = previous  # unchanged: the same unit, whose text as read is written back as it was
        result.append(unit)
    gone = 0
    for unit in [*active.values(), *obsolete.values()]:
        if not unit.obsolete and not unit.translated_partly:
            continue  # msgmerge, too, keeps only obsolete entries that carry a translation (even a partial one)
        gone += not unit.obsolete
        dead = unit.changed(obsolete=True, references=())
        result.append(unit if dead == unit else dead)
    return result, MergeStats(kept, fuzzy, new, gone, revived)


def _fresh(template: Unit) -> Unit:
    return template.changed(msgstr="", msgstr_plural=tuple("" for _ in template.msgstr_plural),
                            flags=tuple(f for f in template.flags if f != "fuzzy"), comments="")


def _fuzzy_from(unit: Unit, source: Unit, score: float, *, fill_source: bool, day: dt.date | None) -> Unit:
    if fill_source and source.msgstr == source.msgid:
        # The source-language catalog held the source text unedited: take the new text as it is.
        return unit.changed(msgstr=unit.msgid)
    unit = clear_state_comments(unit.changed(comments=source.comments)).changed(
        previous_msgid=source.msgid, previous_msgctxt=source.msgctxt, previous_msgid_plural=source.msgid_plural,
    )
    origin = f"fuzzy-merge {round(score * 100)}%"
    if source.msgid_plural is not None and unit.msgid_plural is not None:
        return set_plural_draft(unit, source.msgstr_plural, origin, day=day)
    return set_draft(unit, source.msgstr, origin, day=day)
