"""The fuzzy update (merge_catalog): what happens to entries that leave the template."""

from __future__ import annotations

from transmgr.catalog import Unit, merge_catalog, new_catalog, new_entry


def _plural(msgid: str, forms: tuple[str, ...]) -> Unit:
    return new_entry(msgid).changed(msgid_plural=msgid + "s", msgstr_plural=forms)


def test_partly_translated_plural_entry_that_left_the_source_is_kept_obsolete() -> None:
    # msgmerge keeps such an entry as #~; dropping it lost two of its three forms (issue 10).
    old = new_catalog({})
    old.append(_plural("%d file", ("%d файл", "%d файлы", "")))
    old.append(_plural("%d dog", ("", "", "")))
    template = new_catalog({})
    template.append(new_entry("Something else"))
    merged, stats = merge_catalog(template, old, metadata={})
    gone = [e for e in merged if e.obsolete]
    assert [e.msgid for e in gone] == ["%d file"]  # the empty one goes, as with msgmerge
    assert gone[0].msgstr_plural == ("%d файл", "%d файлы", "")
    assert stats.obsolete == 1
