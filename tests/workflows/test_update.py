"""Update: unchanged, edited, added, removed and re-added segments; edits made between updates."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import msgfmt_check
from transmgr.catalog import State, accept, read_catalog, set_translation, write_catalog
from transmgr.errors import CatalogError, SourceError
from transmgr.workflows import Project, status, update

DOC = """# Title

First paragraph about the weather in Minsk.

Second paragraph: the quick brown fox jumps over the lazy dog.

Third paragraph stays the same.
"""


def _translate_all(root: Path, lang: str, prefix: str = "T:") -> None:
    project = Project.load(root)
    path = project.po_path(lang, "doc")
    catalog = read_catalog(path)
    for entry in list(catalog):
        catalog.put(set_translation(entry, prefix + entry.msgid, origin="translator"), replacing=entry)
    write_catalog(catalog, path)


def _entries(root: Path, lang: str = "be") -> dict[str, object]:
    catalog = read_catalog(Project.load(root).po_path(lang, "doc"))
    return {e.msgid: e for e in catalog if not e.obsolete} | {"~" + e.msgid: e for e in catalog if e.obsolete}


@pytest.fixture
def project(make_project: Callable[..., Path]) -> Path:
    root = make_project({"doc.md": DOC}, languages=["be", "en"])
    update(Project.load(root))
    _translate_all(root, "be")
    return root


def _edit_source(root: Path, old: str, new: str) -> None:
    path = root / "source" / "doc.md"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_new_catalogs_have_headers_from_cldr(project: Path) -> None:
    catalog = read_catalog(Project.load(project).po_path("be", "doc"))
    assert catalog.metadata["Language"] == "be"
    assert catalog.metadata["Plural-Forms"].startswith("nplurals=3;")
    assert catalog.metadata["Language-Team"].startswith("Беларуская")
    assert "charset=UTF-8" in catalog.metadata["Content-Type"]
    msgfmt_check(Project.load(project).po_path("be", "doc"))


def test_unchanged_source_keeps_everything_and_writes_nothing(project: Path) -> None:
    po = Project.load(project).po_path("be", "doc")
    before, stamp = po.read_bytes(), po.stat().st_mtime_ns
    _, results = update(Project.load(project))
    assert all(not r.written for r in results)
    assert po.read_bytes() == before and po.stat().st_mtime_ns == stamp


def test_edited_segment_becomes_fuzzy_draft_with_previous_msgid(project: Path) -> None:
    _edit_source(project, "the lazy dog", "the lazy cat")
    _, results = update(Project.load(project))
    be = next(r for r in results if r.lang == "be")
    assert be.stats.fuzzy == 1
    entries = _entries(project)
    edited = entries["Second paragraph: the quick brown fox jumps over the lazy cat."]
    assert edited.state is State.DRAFT
    assert edited.previous_msgid == "Second paragraph: the quick brown fox jumps over the lazy dog."
    assert edited.msgstr == "T:Second paragraph: the quick brown fox jumps over the lazy dog."
    assert "draft: fuzzy-merge" in edited.comments
    assert "#| msgid_plural" not in Project.load(project).po_path("be", "doc").read_text(encoding="utf-8")
    assert entries["Third paragraph stays the same."].state is State.TRANSLATED
    msgfmt_check(Project.load(project).po_path("be", "doc"))


def test_added_segment_is_untranslated(project: Path) -> None:
    _edit_source(project, "Third paragraph", "A completely new sentence here.\n\nThird paragraph")
    update(Project.load(project))
    assert (_entries(project)["A completely new sentence here."]).state is State.UNTRANSLATED


def test_removed_segment_becomes_obsolete_and_returns_with_its_state(project: Path) -> None:
    root = Project.load(project)
    catalog = read_catalog(root.po_path("be", "doc"))
    for entry in list(catalog):
        if entry.msgid.startswith("First"):
            catalog.put(accept(entry, "Reviewer <r@example.org>"), replacing=entry)
    write_catalog(catalog, root.po_path("be", "doc"))
    _edit_source(project, "First paragraph about the weather in Minsk.\n\n", "")
    _, results = update(root)
    assert next(r for r in results if r.lang == "be").stats.obsolete == 1
    assert "~First paragraph about the weather in Minsk." in _entries(project)
    _edit_source(project, "# Title\n", "# Title\n\nFirst paragraph about the weather in Minsk.\n")
    _, results = update(root)
    assert next(r for r in results if r.lang == "be").stats.revived == 1
    back = _entries(project)["First paragraph about the weather in Minsk."]
    assert back.state is State.REVIEWED


def test_review_goes_stale_when_source_edit_is_merged(project: Path) -> None:
    root = Project.load(project)
    catalog = read_catalog(root.po_path("be", "doc"))
    for entry in list(catalog):
        catalog.put(accept(entry, "Reviewer <r@example.org>"), replacing=entry)
    write_catalog(catalog, root.po_path("be", "doc"))
    _edit_source(project, "the lazy dog", "the lazy cat")
    update(root)
    edited = _entries(project)["Second paragraph: the quick brown fox jumps over the lazy cat."]
    assert edited.state is State.DRAFT
    assert "reviewed:" not in edited.comments


def test_source_language_catalog_is_filled_and_copy_edits_survive(project: Path) -> None:
    root = Project.load(project)
    entries = _entries(project, "en")
    assert all(e.msgstr == e.msgid for k, e in entries.items() if not k.startswith("~"))
    catalog = read_catalog(root.po_path("en", "doc"))
    for entry in list(catalog):
        if entry.msgid.startswith("First"):
            edited = set_translation(entry, "First paragraph about the weather in Minsk, Belarus.", origin="copy-edit")
            catalog.put(edited, replacing=entry)
    write_catalog(catalog, root.po_path("en", "doc"))
    _edit_source(project, "the lazy dog", "the lazy cat")
    update(root)
    entries = _entries(project, "en")
    assert entries["First paragraph about the weather in Minsk."].msgstr.endswith("Minsk, Belarus.")
    # an unedited source-language entry simply follows the source
    cat = entries["Second paragraph: the quick brown fox jumps over the lazy cat."]
    assert cat.msgstr == cat.msgid and cat.state is State.TRANSLATED
    _edit_source(project, "weather in Minsk.", "weather in Brest.")
    update(root)
    moved = _entries(project, "en")["First paragraph about the weather in Brest."]
    assert moved.msgstr.endswith("Minsk, Belarus.") and moved.state is State.DRAFT


def test_catalog_edited_by_hand_in_between(project: Path) -> None:
    po = Project.load(project).po_path("be", "doc")
    text = po.read_text(encoding="utf-8").replace('msgstr "T:Third paragraph', 'msgstr "Hand:Third paragraph')
    po.write_text(text, encoding="utf-8")
    update(Project.load(project))
    assert _entries(project)["Third paragraph stays the same."].msgstr.startswith("Hand:")


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext's msgmerge is not installed")
def test_catalog_rewritten_by_msgmerge_in_between(project: Path) -> None:
    root = Project.load(project)
    po, pot = root.po_path("be", "doc"), root.pot_path("doc")
    catalog = read_catalog(po)
    for entry in list(catalog):
        catalog.put(accept(entry, "Reviewer <r@example.org>"), replacing=entry)
    write_catalog(catalog, po)
    subprocess.run(["msgmerge", "--quiet", "--previous", "-U", "--backup=off", str(po), str(pot)], check=True)
    _edit_source(project, "the lazy dog", "the lazy cat")
    update(root)
    entries = _entries(project)
    assert entries["Third paragraph stays the same."].state is State.REVIEWED
    assert entries["Second paragraph: the quick brown fox jumps over the lazy cat."].state is State.DRAFT
    msgfmt_check(po)


def test_malformed_catalog_stops_update_with_nothing_changed(project: Path) -> None:
    root = Project.load(project)
    po = root.po_path("be", "doc")
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "broken\n', encoding="utf-8")
    _edit_source(project, "the lazy dog", "the lazy cat")
    before = {p: p.read_bytes() for p in (project / "locales").rglob("*.po*")}
    with pytest.raises(CatalogError) as info:
        update(root)
    assert str(info.value).startswith(str(po) + ":")
    assert {p: p.read_bytes() for p in (project / "locales").rglob("*.po*")} == before


def test_missing_source_folder_is_an_error(make_project: Callable[..., Path]) -> None:
    root = make_project({})
    shutil.rmtree(root / "source")
    with pytest.raises(SourceError, match="source folder not found"):
        update(Project.load(root))


def test_status_counts_segments_and_words_per_state(project: Path) -> None:
    root = Project.load(project)
    catalog = read_catalog(root.po_path("be", "doc"))
    catalog.put(accept(catalog[0], "Reviewer <r@example.org>"), replacing=catalog[0])
    catalog.put(catalog[1].changed(msgstr=""), replacing=catalog[1])
    write_catalog(catalog, root.po_path("be", "doc"))
    rows = {row.lang: row for row in status(root)}
    be = rows["be"]
    assert be.segments == {"untranslated": 1, "draft": 0, "translated": 2, "reviewed": 1, "stale": 0}
    assert be.words["reviewed"] == 1  # "Title"
    assert be.total_words == 1 + 7 + 11 + 5
    assert round(be.percent_done, 1) == round(100 * (24 - 7) / 24, 1)
    assert rows["en"].percent_done == 100.0


def test_status_counts_against_the_source_not_the_catalog(project: Path) -> None:
    root = Project.load(project)
    _edit_source(project, "Third paragraph", "A brand new paragraph nobody translated.\n\nThird paragraph")
    be = next(row for row in status(root) if row.lang == "be")
    assert be.segments["untranslated"] == 1 and be.words["untranslated"] == 6
    assert be.percent_done < 100
    root.po_path("be", "doc").write_text("", encoding="utf-8")
    be = next(row for row in status(root) if row.lang == "be")
    assert be.percent_done == 0.0 and be.total_segments == 5


def test_damaged_template_is_regenerated(project: Path) -> None:
    root = Project.load(project)
    root.pot_path("doc").write_text("<<<<<<< HEAD\ngarbage\n", encoding="utf-8")
    extracted, _ = update(root)
    assert extracted[0].written and "msgid" in root.pot_path("doc").read_text(encoding="utf-8")
