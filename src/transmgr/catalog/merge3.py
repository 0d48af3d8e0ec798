"""Three-way merge of PO catalogs, entry by entry: what git's merge driver for PO files runs.

Git merges text line by line, so two people who translate different entries of one PO file
conflict when the entries are near each other, and a careless resolution can attach an old
translation to a changed msgid. Here the unit of merging is the entry, found by its key (msgctxt,
msgid) in the base (the common ancestor), ours and theirs:

- an entry changed on one side only takes that side's version (added, edited, made obsolete);
- changed on both sides the same way: that version;
- changed on both sides differently but with the same translation: the translation, with the
  best state either side gives it (a review stamp survives only where its digest still matches the
  text), and references, extracted comment and previous msgid merged field by field;
- the translation changed on both sides differently: a *conflict*, written as a fuzzy draft
  holding ours as msgstr (its origin and writer kept), and theirs as a suggestion beside it
  (credited to its writer, with its origin) and in a ``# review-note:``, so the file stays valid for
  msgfmt and the entry shows in ``status`` and ``review`` (no conflict markers, ever); a reviewer
  accepts ours or takes theirs, and the chosen side's provenance comes with it;
- a source edit on one side (``update`` made the old entry obsolete, or dropped it, and added the
  new one with ``#|`` previous msgid) and a translation of the old entry on the other: the
  translation is kept on the obsolete entry and carried to the new entry as a fuzzy draft, as
  ``update``'s fuzzy merge would have done;
- the header is the side with the newer PO-Revision-Date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from transmgr.catalog.fuzzy import FuzzyIndex
from transmgr.catalog.merge import FUZZY_THRESHOLD
from transmgr.catalog.model import EDITOR_TAG, Catalog, Header, Key, State, Unit
from transmgr.catalog.state import add_suggestion, set_draft, set_note, set_plural_draft

OTHER_BRANCH = "the other branch"  # who a conflict's suggestion is credited to when its writer is not known

_RANK = {State.REVIEWED: 4, State.TRANSLATED: 3, State.STALE: 2, State.DRAFT: 1, State.UNTRANSLATED: 0}


@dataclass
class MergeReport:
    """What a merge did: entries taken from each side, merged field by field, and conflicts."""

    ours: int = 0
    theirs: int = 0
    merged: int = 0
    carried: int = 0  # translations carried to an edited source's new entry
    conflicts: list[Key] = field(default_factory=list)


def _by_key(catalog: Catalog) -> dict[Key, Unit]:
    found: dict[Key, Unit] = {}
    for unit in catalog:
        if unit.key not in found or (found[unit.key].obsolete and not unit.obsolete):
            found[unit.key] = unit
    return found


def _texts(unit: Unit | None) -> tuple[str, ...] | None:
    if unit is None or not unit.translated_fully:
        return None
    return (unit.msgstr, *unit.msgstr_plural)


def _pick(base: object, ours: object, theirs: object) -> object:
    """Field-level three-way choice: the side that changed it (ours when both did)."""
    return theirs if ours == base else ours


def _merge_same_text(base: Unit | None, ours: Unit, theirs: Unit) -> Unit:
    """Both sides hold the same translation but differ elsewhere: the better state, fields merged."""
    best = ours if _RANK[ours.state] >= _RANK[theirs.state] else theirs
    if base is None:
        return best
    return best.changed(
        references=_pick(base.references, ours.references, theirs.references),
        note=_pick(base.note, ours.note, theirs.note),
        obsolete=ours.obsolete and theirs.obsolete,
    )


def _conflict(ours: Unit, theirs: Unit) -> Unit:
    """Ours as a draft that keeps its provenance (origin, who wrote it), theirs beside it as a suggestion
    credited to whoever wrote it on the other branch, with its origin: a reviewer takes one and its
    provenance comes with it. Plural entries stay fuzzy with theirs in the note."""
    theirs_text = " | ".join(t for t in (theirs.msgstr, *theirs.msgstr_plural) if t).replace("\n", "\\n")
    ours = ours.changed(obsolete=False)
    if ours.translated_partly:
        editor = ours.editor
        origin = ours.origin or "merge-conflict"
        if ours.msgid_plural is not None:
            drafted = set_plural_draft(ours, ours.msgstr_plural, origin)
        else:
            drafted = set_draft(ours, ours.msgstr, origin)
        if editor is not None:
            drafted = drafted.changed(comments=f"{drafted.comments}\n{EDITOR_TAG} {editor.date} {editor.who}")
    else:
        drafted = ours
    note = f"merge conflict: the other branch has «{theirs_text}»" if theirs_text else \
        "merge conflict: the other branch removed this translation"
    drafted = set_note(drafted, note)
    if theirs.msgid_plural is None and theirs.msgstr and theirs.msgstr != ours.msgstr:
        by = theirs.editor.who if theirs.editor else OTHER_BRANCH
        drafted = add_suggestion(drafted, theirs.msgstr, by, origin=theirs.origin)
    return drafted


def _order(ours: Catalog, theirs: Catalog) -> list[Key]:
    """Ours' order, with the keys only theirs has placed after their predecessor in theirs."""
    keys = list(dict.fromkeys(unit.key for unit in ours))
    seen = set(keys)
    previous: Key | None = None
    inserts: dict[Key | None, list[Key]] = {}
    for unit in theirs:
        if unit.key not in seen:
            inserts.setdefault(previous, []).append(unit.key)
            seen.add(unit.key)
        else:
            previous = unit.key
    out = list(inserts.get(None, []))
    for key in keys:
        out.append(key)
        out += inserts.get(key, [])
    return out


def _newer(ours: Header, theirs: Header) -> Header:
    return theirs if (theirs.get("PO-Revision-Date") or "") > (ours.get("PO-Revision-Date") or "") else ours


def merge_catalogs(base: Catalog, ours: Catalog, theirs: Catalog) -> tuple[Catalog, MergeReport]:
    """The merge of ``ours`` and ``theirs``, descended from ``base``, and what was done."""
    report = MergeReport()
    old, mine, other = _by_key(base), _by_key(ours), _by_key(theirs)
    result: dict[Key, Unit | None] = {}
    left_source: dict[Key, Unit] = {}  # entries one side dropped or obsoleted while the other translated them
    for key in _order(ours, theirs):
        o, a, b = old.get(key), mine.get(key), other.get(key)
        if a == b:
            result[key] = a
        elif a == o:
            result[key] = b
            report.theirs += 1
        elif b == o:
            result[key] = a
            report.ours += 1
        elif a is None or b is None:
            # One side dropped the entry (its update: the source no longer has it), the other changed it.
            kept = a if a is not None else b
            assert kept is not None
            if _texts(kept):
                result[key] = kept.changed(obsolete=True, references=())
                left_source[key] = kept
            else:
                result[key] = None
            report.merged += 1
        else:
            gone = (a.obsolete and not b.obsolete) or (b.obsolete and not a.obsolete)
            if _texts(a) == _texts(b):
                result[key] = _merge_same_text(o, a, b)
                report.merged += 1
            elif gone:
                # One side's update made the entry obsolete, the other translated it: keep the translation
                # on the obsolete entry (the memory reads it) and carry it to the new entry below.
                active, dead = (a, b) if not a.obsolete else (b, a)
                if _texts(active) != _texts(o) and _texts(active):
                    result[key] = active.changed(obsolete=True, references=())
                    left_source[key] = active
                else:
                    result[key] = dead
                report.merged += 1
            elif _texts(a) == _texts(o):
                result[key] = b if _texts(b) else a.changed(msgstr="", msgstr_plural=b.msgstr_plural)
                report.theirs += 1
            elif _texts(b) == _texts(o):
                result[key] = a
                report.ours += 1
            else:
                result[key] = _conflict(a, b)
                report.conflicts.append(key)
    merged = Catalog([u for u in result.values() if u is not None], _newer(ours.header, theirs.header), ours.path)
    if left_source:
        report.carried = _carry(merged, left_source)
    for unit, problem in gettext_problems(merged):
        # A result msgfmt -c would refuse (one side changed Plural-Forms, the other translated the old
        # number of forms): the entry becomes a draft saying why, and the merge reports a conflict.
        merged.put(set_note(_as_draft(unit), f"merge conflict: {problem}"), replacing=unit)
        report.conflicts.append(unit.key)
    return merged, report


_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


def gettext_problems(catalog: Catalog) -> list[tuple[Unit, str]]:
    """The live, translated, non-fuzzy entries that ``msgfmt -c`` would refuse in ``catalog``: a
    plural entry with another number of forms than the header's ``nplurals``, a translation that
    begins or ends with a newline where its source does not (or the reverse)."""
    found = _NPLURALS.search(catalog.header.get("Plural-Forms") or "")
    nplurals = int(found.group(1)) if found else None
    problems = []
    for unit in catalog:
        if unit.obsolete or unit.fuzzy or not unit.translated_partly or not unit.msgid:
            continue
        if unit.msgid_plural is not None and nplurals is not None and len(unit.msgstr_plural) != nplurals:
            problems.append((unit, f"the header says nplurals={nplurals}, this entry has "
                                   f"{len(unit.msgstr_plural)} plural forms"))
            continue
        for text in unit.translations:
            if text and (text.startswith("\n") != unit.msgid.startswith("\n")
                         or text.endswith("\n") != unit.msgid.endswith("\n")):
                problems.append((unit, "the translation and its source do not both begin and end with a newline"))
                break
    return problems


def _as_draft(unit: Unit) -> Unit:
    origin = unit.origin or "merge-conflict"
    if unit.msgid_plural is not None:
        return set_plural_draft(unit, unit.msgstr_plural, origin)
    return set_draft(unit, unit.msgstr, origin)


def _carry(catalog: Catalog, translated: dict[Key, Unit]) -> int:
    """Give each new entry of an edited source the translation the other side made of the old entry, as
    a draft: the entry whose ``#|`` previous msgid names it, else (the old entry was untranslated, so
    update made no link) the most similar one, as update's fuzzy merge would."""
    carried = 0
    index = FuzzyIndex(((unit.msgid, unit) for unit in translated.values()), FUZZY_THRESHOLD)
    for unit in list(catalog.active()):
        if unit.state not in (State.UNTRANSLATED, State.DRAFT) or unit.msgid_plural:
            continue
        if unit.previous_msgid is not None:
            source = translated.get((unit.previous_msgctxt, unit.previous_msgid))
            score = None
        elif unit.state == State.UNTRANSLATED:
            found = index.best(unit.msgid)
            source, score = (found[0], found[1]) if found else (None, None)
        else:
            continue
        if source is None or not source.msgstr or (unit.state == State.DRAFT and unit.msgstr == source.msgstr):
            continue
        origin = "fuzzy-merge (merged branch)" if score is None else f"fuzzy-merge {round(score * 100)}% (merged branch)"
        drafted = set_draft(unit, source.msgstr, origin)
        catalog.put(drafted.changed(previous_msgid=source.msgid, previous_msgctxt=source.msgctxt), replacing=unit)
        carried += 1
    return carried
