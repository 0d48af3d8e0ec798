"""The review core: one conflict rule by unit id and revision, roles, four eyes, suggestions, history and undo."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import msgfmt_check
from transmgr.catalog import State, Unit, read_catalog, set_draft, set_translation, write_catalog
from transmgr.errors import ReviewError
from transmgr.workflows import Project, update
from transmgr.workflows.review.core import ReviewCore
from transmgr.workflows.review.identity import same_person
from transmgr.workflows.review.journal import OUTSIDE, history_of, journal_path
from transmgr.workflows.review.requests import Actor, Conflict, Request, Role
from transmgr.workflows.review.rules import gettext_text

DOC = "# Title\n\nFirst paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n"
ANN, BOB, TOM = "Ann Reviewer <ann@example.org>", "Bob Reviewer", "Tom Translator"


@pytest.fixture
def root(make_project: Callable[..., Path]) -> Path:
    root = make_project({"doc.md": DOC}, languages=["be"])
    project = Project.load(root)
    update(project)
    path = project.po_path("be", "doc")
    catalog = read_catalog(path)
    for unit in list(catalog):
        if unit.msgid == "First paragraph.":
            catalog.put(set_draft(unit, "Першы абзац.", "google"), replacing=unit)
        if unit.msgid == "Second paragraph.":
            catalog.put(set_translation(unit, "Другі абзац.", "translator"), replacing=unit)
    write_catalog(catalog, path)
    return root


def _unit(root: Path, msgid: str) -> Unit:
    found = read_catalog(Project.load(root).po_path("be", "doc")).find(msgid)
    assert found is not None
    return found


def _core(root: Path, who: str = ANN, role: Role = Role.REVIEWER, *, four_eyes: bool = False) -> ReviewCore:
    if four_eyes:
        config = root / "transmgr.toml"
        if "four_eyes" not in config.read_text():
            config.write_text(config.read_text() + "[review]\nfour_eyes = true\n")
    return ReviewCore(Project.load(root), "be", Actor(who, role))


def _do(root: Path, msgid: str, action: str, who: str = ANN, role: Role = Role.REVIEWER, **values: object) -> Unit:
    unit = _unit(root, msgid)
    _core(root, who, role).apply([Request("doc", unit.uid, action, seen=unit.revision, **values)])  # type: ignore[arg-type]
    return _unit(root, msgid)


def test_a_request_decided_on_an_old_revision_is_refused_with_the_current_unit(root: Path) -> None:
    old = _unit(root, "First paragraph.")
    _do(root, "First paragraph.", "edit", text="Першы абзац, папраўлены.")
    path = Project.load(root).po_path("be", "doc")
    before = path.read_bytes()
    with pytest.raises(Conflict) as caught:
        _core(root).apply([Request("doc", old.uid, "accept", seen=old.revision)])
    assert caught.value.current is not None and caught.value.current.msgstr == "Першы абзац, папраўлены."
    assert path.read_bytes() == before


def test_one_bad_request_writes_nothing_of_the_others(root: Path) -> None:
    first, third = _unit(root, "First paragraph."), _unit(root, "Third paragraph.")
    path = Project.load(root).po_path("be", "doc")
    before = path.read_bytes()
    with pytest.raises(ReviewError, match="untranslated entry cannot be accepted"):
        _core(root).apply([Request("doc", first.uid, "accept", seen=first.revision),
                           Request("doc", third.uid, "accept", seen=third.revision)])
    assert path.read_bytes() == before
    assert not journal_path(root / "locales", "be", "doc").exists()


def test_a_comment_is_not_a_conflict(root: Path) -> None:
    seen = _unit(root, "First paragraph.")
    _do(root, "First paragraph.", "comment", who=BOB, note="Looks fine.")
    _core(root).apply([Request("doc", seen.uid, "accept", seen=seen.revision)])
    unit = _unit(root, "First paragraph.")
    assert unit.state is State.REVIEWED and "Looks fine." in unit.comments


@pytest.mark.parametrize(("msgid", "text", "stored"), [
    ("line", "\nтэкст\n", "тэкст"),
    ("\nline\n", "тэкст", "\nтэкст\n"),
    ("line\n", "тэкст\r\n\r\n", "тэкст\n"),
    ("a\nb", "a\r\nb", "a\nb"),
])
def test_translations_are_made_what_gettext_can_hold(msgid: str, text: str, stored: str) -> None:
    assert gettext_text(msgid, text) == stored


def test_an_edit_with_stray_newlines_leaves_a_file_msgfmt_accepts(root: Path) -> None:
    unit = _do(root, "Third paragraph.", "edit", text="\nТрэці абзац.\n\n")
    assert unit.msgstr == "Трэці абзац."
    msgfmt_check(Project.load(root).po_path("be", "doc"))


def test_roles(root: Path) -> None:
    with pytest.raises(ReviewError, match="may not accept"):
        _do(root, "Second paragraph.", "accept", who=TOM, role=Role.TRANSLATOR)
    with pytest.raises(ReviewError, match="may edit but not accept"):
        _do(root, "Second paragraph.", "edit", who=TOM, role=Role.TRANSLATOR, text="Другі.", accept=True)
    with pytest.raises(ReviewError, match="may not reject"):
        _do(root, "Second paragraph.", "reject", who=TOM, role=Role.TRANSLATOR)
    with pytest.raises(ReviewError, match="may not edit"):
        _do(root, "Second paragraph.", "edit", who="transmgr draft", role=Role.TOOL, text="x")
    unit = _do(root, "Second paragraph.", "edit", who=TOM, role=Role.TRANSLATOR, text="Другі абзац (Тома).")
    assert unit.state is State.TRANSLATED and unit.editor is not None and unit.editor.who == TOM


def test_four_eyes(root: Path) -> None:
    _core(root, four_eyes=True)
    _do(root, "Third paragraph.", "edit", text="Трэці абзац.")
    with pytest.raises(ReviewError, match="four eyes"):
        _do(root, "Third paragraph.", "accept")
    with pytest.raises(ReviewError, match="four eyes"):
        _do(root, "First paragraph.", "edit", text="Мой тэкст.", accept=True)
    # the same person under another spelling of their identity is still the same person
    with pytest.raises(ReviewError, match="four eyes"):
        _do(root, "Third paragraph.", "accept", who="ann reviewer")
    assert _do(root, "Third paragraph.", "accept", who=BOB).state is State.REVIEWED
    assert _do(root, "First paragraph.", "accept").state is State.REVIEWED  # a machine draft: anyone may accept


def test_same_person() -> None:
    assert same_person("Ann Reviewer <ann@example.org>", "ann  reviewer")
    assert same_person("<ann@example.org>", "Anna R. <ANN@example.org>")
    assert not same_person("Ann Reviewer", "Bob Reviewer")
    assert not same_person("", "")


def test_suggestions_wait_beside_the_translation(root: Path) -> None:
    unit = _do(root, "Second paragraph.", "suggest", who=TOM, role=Role.TRANSLATOR, text="Другі абзац,\nдругі радок.")
    assert unit.msgstr == "Другі абзац." and [(s.by, s.text) for s in unit.suggestions] == [
        (TOM, "Другі абзац,\nдругі радок.")]
    unit = _do(root, "Second paragraph.", "suggest", who=TOM, role=Role.TRANSLATOR, text="Другі абзац (лепей).")
    assert [s.text for s in unit.suggestions] == ["Другі абзац (лепей)."]  # one per person: the newer
    _do(root, "Second paragraph.", "suggest", who=BOB, text="Другі абзац (Боба).")
    with pytest.raises(ReviewError, match="only a reviewer or its author"):
        _do(root, "Second paragraph.", "drop", who="Eve", role=Role.TRANSLATOR, by=BOB)
    unit = _do(root, "Second paragraph.", "drop", who=TOM, role=Role.TRANSLATOR, by=TOM)
    assert [s.by for s in unit.suggestions] == [BOB]
    unit = _do(root, "Second paragraph.", "take", by=BOB)
    assert (unit.msgstr, unit.state, unit.suggestions) == ("Другі абзац (Боба).", State.REVIEWED, ())
    assert unit.editor is not None and unit.editor.who == BOB and unit.stamp is not None and unit.stamp.who == ANN
    msgfmt_check(Project.load(root).po_path("be", "doc"))


def test_reject_keeps_the_text_unless_cleared_and_draft_redrafts_it_never_the_same(root: Path) -> None:
    unit = _do(root, "First paragraph.", "reject", note="Too literal.")
    assert (unit.msgstr, unit.state, unit.draft_origin) == ("Першы абзац.", State.DRAFT, "google")
    assert unit.rejected is not None and unit.rejected.who == ANN
    tool = _core(root, "transmgr", Role.TOOL)
    with pytest.raises(Conflict, match="the same text the reviewer rejected"):
        tool.apply([Request("doc", unit.uid, "draft", text="Першы абзац.", origin="google")])
    tool.apply([Request("doc", unit.uid, "draft", text="Першы абзац, інакш.", origin="google")])
    redrafted = _unit(root, "First paragraph.")
    assert redrafted.msgstr == "Першы абзац, інакш." and redrafted.rejected is None
    cleared = _do(root, "Second paragraph.", "reject", clear=True)
    assert (cleared.msgstr, cleared.state) == ("", State.UNTRANSLATED)


def test_a_draft_never_replaces_a_persons_work(root: Path) -> None:
    second = _unit(root, "Second paragraph.")
    applied = _core(root, "transmgr", Role.TOOL).apply(
        [Request("doc", second.uid, "draft", text="Машына.", origin="google")], all_or_nothing=False)
    assert not applied.changed and applied.conflicts
    assert _unit(root, "Second paragraph.").msgstr == "Другі абзац."


def test_history_records_every_action_and_undo_walks_back(root: Path) -> None:
    original = _unit(root, "First paragraph.")
    _do(root, "First paragraph.", "accept")
    _do(root, "First paragraph.", "comment", who=BOB, note="Check the comma.")
    _do(root, "First paragraph.", "edit", who=BOB, text="Першы абзац, так.")
    history = history_of(journal_path(root / "locales", "be", "doc"), original.uid)
    assert [(r.action, r.who, r.old.state, r.new.state) for r in history] == [
        ("accept", ANN, "draft", "reviewed"), ("comment", BOB, "reviewed", "reviewed"),
        ("edit", BOB, "reviewed", "stale")]
    assert history[2].old.msgstr == "Першы абзац." and history[2].new.msgstr == "Першы абзац, так."
    undone = _do(root, "First paragraph.", "revert")
    assert undone.msgstr == "Першы абзац." and undone.state is State.REVIEWED
    undone = _do(root, "First paragraph.", "revert")  # undoing the undo: redo
    assert undone.msgstr == "Першы абзац, так."
    assert "Check the comma." in undone.comments  # the comment stays through both
    back = _do(root, "First paragraph.", "revert")
    assert (back.msgstr, back.state) == (original.msgstr, State.REVIEWED)
    assert [r.action for r in history_of(journal_path(root / "locales", "be", "doc"), original.uid)][-3:] == [
        "revert"] * 3


def test_undo_is_refused_when_the_unit_changed_outside_transmgr_and_that_change_is_recorded(root: Path) -> None:
    _do(root, "Second paragraph.", "accept")
    path = Project.load(root).po_path("be", "doc")
    catalog = read_catalog(path)
    unit = catalog.find("Second paragraph.")
    assert unit is not None
    catalog.put(set_translation(unit, "Другі абзац (Poedit)."), replacing=unit)
    write_catalog(catalog, path)  # a PO editor's save: no history
    with pytest.raises(Conflict, match="changed after its last recorded action"):
        _do(root, "Second paragraph.", "revert")
    _do(root, "Second paragraph.", "accept", who=BOB)
    history = history_of(journal_path(root / "locales", "be", "doc"), unit.uid)
    assert [r.action for r in history] == ["accept", OUTSIDE, "accept"]
    assert history[1].new.msgstr == "Другі абзац (Poedit)."
    for before, after in itertools.pairwise(history):
        assert before.new.revision == after.old.revision


def test_a_history_line_cut_short_by_a_kill_spoils_only_itself(root: Path) -> None:
    _do(root, "First paragraph.", "accept")
    journal = journal_path(root / "locales", "be", "doc")
    journal.write_bytes(journal.read_bytes() + b'{"v":1,"at":"2026-')  # killed half-way through a line
    _do(root, "Second paragraph.", "accept")
    uids = {r.uid for r in history_of(journal, _unit(root, "First paragraph.").uid)}
    assert uids and len(history_of(journal, _unit(root, "Second paragraph.").uid)) == 1


def test_undo_by_reference_from_the_cli_and_the_history_listing(root: Path, run_cli: Callable[..., object]) -> None:
    env = {"TRANSMGR_REVIEWER": ANN}
    assert run_cli("review", "be", "--accept", "2", "--project", root, env=env).exit_code == 0  # type: ignore[attr-defined]
    result = run_cli("review", "be", "--edit", "2", "--text", "Першы, папраўлены.", "--project", root, env=env)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    uid = _unit(root, "First paragraph.").uid
    history = run_cli("review", "be", "--history", f"doc#{uid}", "--project", root)
    assert history.exit_code == 0  # type: ignore[attr-defined]
    lines = history.output.splitlines()  # type: ignore[attr-defined]
    assert "accept" in lines[1] and ANN in lines[1] and "draft -> reviewed" in lines[1]
    assert "edit" in lines[2] and "«Першы, папраўлены.»" in lines[2] and "reviewed -> stale" in lines[2]
    result = run_cli("review", "be", "--undo", uid, "--project", root, env=env)
    assert result.exit_code == 0 and "stale -> reviewed" in result.output  # type: ignore[attr-defined]
    assert _unit(root, "First paragraph.").msgstr == "Першы абзац."


def test_a_draft_changed_in_a_po_editor_then_accepted_is_credited_as_edited(root: Path) -> None:
    tool = _core(root, "transmgr", Role.TOOL)
    third = _unit(root, "Third paragraph.")
    tool.apply([Request("doc", third.uid, "draft", text="Трэці абзац.", origin="llm test-model")])
    path = Project.load(root).po_path("be", "doc")
    catalog = read_catalog(path)
    unit = catalog.find("Third paragraph.")
    assert unit is not None and unit.draft_digest is not None and not unit.draft_edited
    catalog.put(unit.changed(msgstr="Трэці, выпраўлены абзац."), replacing=unit)  # Poedit: the text, fuzzy kept
    write_catalog(catalog, path)
    accepted = _do(root, "Third paragraph.", "accept")
    assert accepted.state is State.REVIEWED
    import difflib

    share = round(100 * (1 - difflib.SequenceMatcher(None, "Трэці абзац.", "Трэці, выпраўлены абзац.").ratio()))
    assert accepted.origin == f"llm test-model edited {share}%"  # not the model's text: a person changed it
    untouched = _unit(root, "First paragraph.")
    assert _do(root, "First paragraph.", "accept").origin == untouched.draft_origin  # google, as drafted
