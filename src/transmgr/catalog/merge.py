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

import copy
import datetime as dt
from dataclasses import dataclass

from transmgr.catalog.fuzzy import FuzzyIndex
from transmgr.catalog.po import Catalog, Entry, new_catalog
from transmgr.catalog.state import clear_state_comments, has_translation, set_draft

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


def _key(entry: Entry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def merge_catalog(
    template: Catalog,
    old: Catalog | None,
    *,
    metadata: dict[str, str],
    fill_source: bool = False,
    threshold: float = FUZZY_THRESHOLD,
    day: dt.date | None = None,
) -> tuple[Catalog, MergeStats]:
    """Merge ``old`` translations into a new catalog shaped like ``template``.

    ``metadata`` is the header to use (the caller keeps the old one current).
    With ``fill_source`` (the source-language catalog) a new or changed segment gets its own
    text as translation, unless the old translation was a copy-edit, which is never overwritten.
    """
    result = new_catalog(metadata)
    if old is not None:
        result.header = old.header
    active: dict[tuple[str | None, str], Entry] = {}
    obsolete: dict[tuple[str | None, str], Entry] = {}
    for entry in old or ():
        (obsolete if entry.obsolete else active)[_key(entry)] = entry
    used: set[tuple[str | None, str]] = set()
    index: FuzzyIndex[Entry] | None = None
    kept = fuzzy = new = revived = 0
    for tmpl in template:
        if tmpl.obsolete:
            continue
        key = _key(tmpl)
        previous = active.get(key) or obsolete.get(key)
        if previous is not None:
            entry = copy.deepcopy(previous)
            entry.obsolete = False
            revived += key not in active
            kept += key in active
            used.add(key)
        else:
            if index is None:
                index = FuzzyIndex(((e.msgid, e) for e in [*active.values(), *obsolete.values()] if has_translation(e)),
                                   threshold)
            entry = _fresh(tmpl)
            match = index.best(tmpl.msgid)
            if match is not None:
                source, score = match
                _fuzzy_from(entry, source, score, fill_source=fill_source, day=day)
                fuzzy += "fuzzy" in entry.flags
                new += "fuzzy" not in entry.flags
            else:
                new += 1
                if fill_source:
                    entry.msgstr = tmpl.msgid
        entry.occurrences = list(tmpl.occurrences)
        entry.comment = tmpl.comment
        entry.msgid_plural = tmpl.msgid_plural
        if fill_source and not has_translation(entry):
            entry.msgstr = entry.msgid
        result.append(entry)
    gone = 0
    for key, entry in list(active.items()) + list(obsolete.items()):
        if key in used:
            continue
        if key in active and not (entry.msgstr or any(entry.msgstr_plural.values())):
            continue  # msgmerge, too, keeps only obsolete entries that carry a translation (even a partial one)
        dead = copy.deepcopy(entry)
        gone += key in active
        dead.obsolete = True
        dead.occurrences = []
        result.append(dead)
    return result, MergeStats(kept, fuzzy, new, gone, revived)


def _fresh(template: Entry) -> Entry:
    entry = copy.deepcopy(template)
    entry.msgstr = ""
    entry.msgstr_plural = {k: "" for k in template.msgstr_plural}
    entry.flags = [f for f in template.flags if f != "fuzzy"]
    entry.tcomment = ""
    return entry


def _fuzzy_from(entry: Entry, source: Entry, score: float, *, fill_source: bool, day: dt.date | None) -> None:
    if fill_source and source.msgstr == source.msgid:
        # The source-language catalog held the source text unedited: take the new text as it is.
        entry.msgstr = entry.msgid
        return
    entry.tcomment = source.tcomment
    clear_state_comments(entry)
    entry.previous_msgid = source.msgid
    entry.previous_msgctxt = source.msgctxt
    entry.previous_msgid_plural = source.msgid_plural or None
    if source.msgid_plural and entry.msgid_plural:
        entry.msgstr_plural = dict(source.msgstr_plural)
    set_draft(entry, source.msgstr, f"fuzzy-merge {round(score * 100)}%", day=day)
