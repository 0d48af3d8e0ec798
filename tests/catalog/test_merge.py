"""The fuzzy update (merge_catalog): what happens to entries that leave the template."""

from __future__ import annotations

from transmgr.catalog import merge_catalog, new_catalog, new_entry


def _plural(msgid: str, forms: dict[int, str]) -> object:
    entry = new_entry(msgid)
    entry.msgid_plural = msgid + "s"
    entry.msgstr_plural = dict(forms)
    return entry


def test_partly_translated_plural_entry_that_left_the_source_is_kept_obsolete() -> None:
    # msgmerge keeps such an entry as #~; dropping it lost two of its three forms (issue 10).
    old = new_catalog({})
    old.append(_plural("%d file", {0: "%d файл", 1: "%d файлы", 2: ""}))
    old.append(_plural("%d dog", {0: "", 1: "", 2: ""}))
    template = new_catalog({})
    template.append(new_entry("Something else"))
    merged, stats = merge_catalog(template, old, metadata={})
    gone = [e for e in merged if e.obsolete]
    assert [e.msgid for e in gone] == ["%d file"]  # the empty one goes, as with msgmerge
    assert gone[0].msgstr_plural == {0: "%d файл", 1: "%d файлы", 2: ""}
    assert stats.obsolete == 1
