"""The memory across files: provenance of memory drafts, catalogs of documents that are gone, rename,
the exact-match policy, and TMX export read back by Translate Toolkit."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import msgfmt_check
from transmgr.catalog import State, accept, read_catalog, set_translation, write_catalog
from transmgr.workflows import Project, update
from transmgr.workflows.draft import draft
from transmgr.workflows.review.context import word_diff

OLD = "# Appeal\n\nTorture and cruel or degrading treatment or punishment must end.\n\nThe war must stop.\n"
NEW = "# Appeal\n\nTorture and cruel or degrading treatment must end.\n\nThe war must stop.\n"


def _translate_all(project: Project, lang: str, doc: str, *, review: bool = True) -> None:
    path = project.po_path(lang, doc)
    catalog = read_catalog(path)
    texts = {"Appeal": "Зварот", "The war must stop.": "Вайна павінна спыніцца.",
             "Torture and cruel or degrading treatment or punishment must end.":
                 "Катаванням і жорсткаму або прыніжальнаму абыходжанню або пакаранню трэба пакласці канец."}
    for unit in list(catalog):
        if unit.msgid in texts:
            done = set_translation(unit, texts[unit.msgid])
            catalog.put(accept(done, "Ala Reviewer") if review else done, replacing=unit)
    write_catalog(catalog, path)


@pytest.fixture
def moved(make_project: Callable[..., Path]) -> Path:
    """A project whose reviewed document 'old' was replaced by an edited copy named 'new'."""
    root = make_project({"old.md": OLD}, languages=["be"], extra='[draft.chains]\nbe = ["memory"]\n')
    project = Project.load(root)
    update(project)
    _translate_all(project, "be", "old")
    (root / "source" / "old.md").unlink()
    (root / "source" / "new.md").write_text(NEW, encoding="utf-8")
    update(project)
    return root


def test_a_memory_draft_names_its_file_and_keeps_the_source_it_matched(moved: Path) -> None:
    project = Project.load(moved)
    draft(project, ["be"])
    catalog = {u.msgid: u for u in read_catalog(project.po_path("be", "new")) if u.msgid}
    fuzzy = catalog["Torture and cruel or degrading treatment must end."]
    assert fuzzy.state == State.DRAFT and fuzzy.msgstr.startswith("Катаванням")
    score, where = fuzzy.draft_origin.split()[1:]  # type: ignore[union-attr]
    assert 75 <= int(score.rstrip("%")) < 100 and where == "locales/be/LC_MESSAGES/old.po"
    assert fuzzy.previous_msgid == "Torture and cruel or degrading treatment or punishment must end."
    removed = [c.text for c in word_diff(fuzzy.previous_msgid, fuzzy.msgid) if c.op == "delete"]
    assert "or punishment" in " ".join(removed)  # what the reviewer sees: the source dropped it, the draft has it
    exact = catalog["The war must stop."]
    assert exact.draft_origin == "memory 100% locales/be/LC_MESSAGES/old.po" and exact.previous_msgid is None
    msgfmt_check(project.po_path("be", "new"))


def test_exact_reviewed_matches_are_translations_when_the_project_says_so(moved: Path) -> None:
    config = moved / "transmgr.toml"
    config.write_text(config.read_text().replace("[draft.chains]", '[draft]\nexact_memory = "translated"\n[draft.chains]'))
    project = Project.load(moved)
    draft(project, ["be"])
    catalog = {u.msgid: u for u in read_catalog(project.po_path("be", "new")) if u.msgid}
    assert catalog["The war must stop."].state == State.TRANSLATED
    assert catalog["The war must stop."].origin == "memory 100% locales/be/LC_MESSAGES/old.po"
    assert catalog["Torture and cruel or degrading treatment must end."].state == State.DRAFT  # fuzzy stays a draft
    config.write_text(config.read_text().replace('"translated"', '"always"'))
    with pytest.raises(Exception, match="exact_memory"):
        Project.load(moved)


def test_orphaned_catalogs_are_reported_by_status_and_update(moved: Path, run_cli: Callable[..., object]) -> None:
    for command in ("status", "update"):
        result = run_cli(command, "--project", moved)
        assert result.exit_code == 0  # type: ignore[attr-defined]
        assert ("locales/be/LC_MESSAGES/old.po: no source document 'old'" in result.stderr  # type: ignore[attr-defined]
                and "transmgr rename old NEW" in result.stderr)  # type: ignore[attr-defined]


def test_rename_moves_the_catalogs_and_keeps_every_review(make_project: Callable[..., Path],
                                                          run_cli: Callable[..., object]) -> None:
    root = make_project({"old.md": OLD}, languages=["be", "ru"])
    project = Project.load(root)
    update(project)
    _translate_all(project, "be", "old")
    before = read_catalog(project.po_path("be", "old"))
    result = run_cli("rename", "--project", root, "old", "essays/appeal")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert (root / "source" / "essays" / "appeal.md").read_text() == OLD and not (root / "source" / "old.md").exists()
    moved = read_catalog(project.po_path("be", "essays/appeal"))
    assert [(u.msgid, u.msgstr, u.state, u.stamp) for u in moved] == [(u.msgid, u.msgstr, u.state, u.stamp) for u in before]
    assert all(ref[0] == "source/essays/appeal.md" for u in moved for ref in u.references)
    assert project.po_path("ru", "essays/appeal").exists() and not project.po_path("be", "old").exists()
    assert project.pot_path("essays/appeal").exists() and not project.pot_path("old").exists()
    status = json.loads(run_cli("status", "--project", root, "--json").stdout)  # type: ignore[attr-defined]
    be = next(row for row in status if row["lang"] == "be")
    assert be["doc"] == "essays/appeal" and be["segments"]["reviewed"] == 3
    msgfmt_check(project.po_path("be", "essays/appeal"))


def test_rename_after_the_source_moved_and_update_ran_brings_the_reviews_back(moved: Path,
                                                                             run_cli: Callable[..., object]) -> None:
    (moved / "source" / "new.md").write_text(OLD, encoding="utf-8")  # the same text, under its new name
    run_cli("update", "--project", moved)
    result = run_cli("rename", "--project", moved, "old", "new")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    project = Project.load(moved)
    states = {u.msgid: u.state for u in read_catalog(project.po_path("be", "new")) if u.msgid}
    assert set(states.values()) == {State.REVIEWED}
    assert not project.po_path("be", "old").exists() and project.orphans() == []


def test_memory_export_writes_tmx_that_translate_toolkit_reads(moved: Path, run_cli: Callable[..., object]) -> None:
    tmx_module = pytest.importorskip("translate.storage.tmx", reason="Translate Toolkit (a test dependency) reads the TMX")
    out = moved / "team.tmx"
    result = run_cli("memory", "export", "--project", moved, "--tmx", out)
    assert result.exit_code == 0 and "3 units" in result.output, result.output  # type: ignore[attr-defined]
    store = tmx_module.tmxfile.parsefile(str(out))
    pairs = {unit.source: unit.target for unit in store.units}
    assert pairs["The war must stop."] == "Вайна павінна спыніцца."
    assert len(pairs) == 3
    text = out.read_text(encoding="utf-8")
    assert 'version="1.4"' in text and 'srclang="en"' in text and 'xml:lang="be"' in text
    assert '<prop type="x-state">reviewed</prop>' in text and '<prop type="x-reviewer">Ala Reviewer</prop>' in text
    assert '<prop type="x-document">old</prop>' in text  # from the catalog of a document that is gone


def test_a_tmx_export_feeds_another_projects_memory(moved: Path, make_project: Callable[..., Path],
                                                     run_cli: Callable[..., object], tmp_path: Path) -> None:
    out = tmp_path / "team.tmx"
    run_cli("memory", "export", "--project", moved, "--tmx", out)
    other = make_project({"doc.md": "# Appeal\n\nThe war must stop.\n"}, languages=["be"], root=tmp_path / "other",
                         extra=f'[engines.memory]\ntmx = ["{out.as_posix()}"]\n[draft.chains]\nbe = ["memory"]\n')
    update(Project.load(other))
    draft(Project.load(other), ["be"])
    unit = read_catalog(Project.load(other).po_path("be", "doc")).find("The war must stop.")
    assert unit is not None and unit.msgstr == "Вайна павінна спыніцца." and unit.draft_origin.startswith("memory 100%")  # type: ignore[union-attr]


def test_a_web_pages_codes_travel_as_tmx_inline_codes_and_come_back(make_project: Callable[..., Path],
                                                                     run_cli: Callable[..., object], tmp_path: Path) -> None:
    from transmgr.engines.memory import read_tmx

    page = "<!DOCTYPE html><html><body><p><strong>Read</strong> the <a href=\"r.html\">report</a> now.</p></body></html>\n"
    root = make_project({"page.html": page}, languages=["be"])
    project = Project.load(root)
    update(project)
    po = project.po_path("be", "page")
    catalog = read_catalog(po)
    unit = catalog.find("<1>Read</1> the <2>report</2> now.")
    assert unit is not None
    catalog.put(set_translation(unit, "<1>Прачытайце</1> <2>справаздачу</2> цяпер."), replacing=unit)
    write_catalog(catalog, po)
    out = tmp_path / "page.tmx"
    assert run_cli("memory", "export", "--project", root, "--tmx", out).exit_code == 0  # type: ignore[attr-defined]
    text = out.read_text(encoding="utf-8")
    assert '<seg><bpt i="1" x="1">&lt;1&gt;</bpt>Read<ept i="1">&lt;/1&gt;</ept> the' in text
    assert read_tmx(out, "en", "be") == [("<1>Read</1> the <2>report</2> now.",
                                          "<1>Прачытайце</1> <2>справаздачу</2> цяпер.", 0, "page.tmx")]
    tmx_module = pytest.importorskip("translate.storage.tmx")
    assert len(tmx_module.tmxfile.parsefile(str(out)).units) == 1


def test_the_tmx_export_holds_every_pair_the_memory_offers_with_markup_as_codes(
        make_project: Callable[..., Path], run_cli: Callable[..., object], tmp_path: Path) -> None:
    from transmgr.engines.memory import read_tmx

    root = make_project({"doc.md": "# Appeal\n\nTorture **must** [end](https://example.org/end).\n"}, languages=["be"],
                        extra='[draft.chains]\nbe = ["memory"]\n')
    project = Project.load(root)
    update(project)
    po = project.po_path("be", "doc")
    catalog = read_catalog(po)
    unit = catalog.find("Torture **must** [end](https://example.org/end).")
    assert unit is not None
    catalog.put(accept(set_translation(unit, "Катаванні **павінны** [скончыцца](https://example.org/end)."), "Ala"),
                replacing=unit)
    write_catalog(catalog, po)
    (root / "source" / "doc.md").write_text("# Appeal\n\nTorture and cruelty **must** end.\n", encoding="utf-8")
    update(project)  # the translated paragraph's source changed: its entry is obsolete now (#~)
    assert any(u.obsolete and u.msgstr for u in read_catalog(po))
    memory_offers = draft(project, ["be"], dry_run=True)  # the memory knows the earlier version
    assert memory_offers is not None
    out = tmp_path / "team.tmx"
    result = run_cli("memory", "export", "--project", root, "--tmx", out, "--json")
    assert json.loads(result.output)["obsolete"] == 1  # type: ignore[attr-defined]
    text = out.read_text(encoding="utf-8")
    assert '<prop type="x-obsolete">yes</prop>' in text
    assert ('<seg>Torture <bpt i="1" x="1">**</bpt>must<ept i="1">**</ept> <bpt i="3" x="3">[</bpt>end'
            '<ept i="3">](https://example.org/end)</ept>.</seg>') in text  # codes, as XLIFF has them
    assert "**must**" not in text
    pairs = {source: target for source, target, _, _ in read_tmx(out, "en", "be")}  # read back whole
    assert pairs["Torture **must** [end](https://example.org/end)."] == \
        "Катаванні **павінны** [скончыцца](https://example.org/end)."
    other = make_project({"doc.md": "Torture **must** [end](https://example.org/end).\n"}, languages=["be"],
                         root=tmp_path / "other",
                         extra=f'[engines.memory]\ntmx = ["{out.as_posix()}"]\n[draft.chains]\nbe = ["memory"]\n')
    update(Project.load(other))
    draft(Project.load(other), ["be"])
    drafted = read_catalog(Project.load(other).po_path("be", "doc")).find("Torture **must** [end](https://example.org/end).")
    assert drafted is not None and drafted.msgstr == "Катаванні **павінны** [скончыцца](https://example.org/end)."


def test_a_draft_run_stamps_the_header_with_who_ran_it(moved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRANSMGR_REVIEWER", "Dra Fter <d@example.org>")
    project = Project.load(moved)
    draft(project, ["be"])
    header = read_catalog(project.po_path("be", "new")).metadata
    assert header["Last-Translator"] == "Dra Fter <d@example.org>"
    from transmgr.workflows.review.journal import journal_path, read_records

    records = [r for _, r in read_records(journal_path(project.config.locales_dir, "be", "new"))]
    assert records and all(r.action == "draft" and r.who == "Dra Fter <d@example.org>" and r.role == "tool"
                           for r in records)
