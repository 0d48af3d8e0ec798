"""`transmgr review`: --list/--json, --accept/--reject by reference, and the interactive keys fed by CliRunner."""

from __future__ import annotations

import datetime as dt
import json
import shlex
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import msgfmt_check
from transmgr.catalog import State, read_catalog, set_draft, set_translation, write_catalog
from transmgr.workflows import Project, update

DOC = """# Rivers and Hills

The first paragraph speaks of rivers.

The second paragraph speaks of mountains.

The third paragraph stays untranslated.
"""
ANN = "Ann Reviewer <ann@example.org>"
ENV = {"TRANSMGR_REVIEWER": ANN}
TITLE, FIRST, SECOND, THIRD = (
    "Rivers and Hills", "The first paragraph speaks of rivers.", "The second paragraph speaks of mountains.",
    "The third paragraph stays untranslated.",
)


@pytest.fixture
def project(make_project: Callable[..., Path]) -> Path:
    root = make_project({"doc.md": DOC}, languages=["be", "ru"])
    update(Project.load(root))
    path = Project.load(root).po_path("be", "doc")
    catalog = read_catalog(path)
    by_id = {e.msgid: e for e in catalog}
    catalog.put(set_draft(by_id[TITLE], "Рэкі і ўзгоркі", "google"), replacing=by_id[TITLE])
    catalog.put(set_draft(by_id[FIRST], "Першы абзац гаворыць пра рэкі.", "memory 92%"), replacing=by_id[FIRST])
    catalog.put(set_translation(by_id[SECOND], "Другі абзац гаворыць пра горы."), replacing=by_id[SECOND])
    write_catalog(catalog, path)
    return root


def _po(root: Path) -> Path:
    return Project.load(root).po_path("be", "doc")


def _entries(root: Path) -> dict[str, object]:
    return {e.msgid: e for e in read_catalog(_po(root)) if not e.obsolete}


def _state(root: Path, msgid: str) -> State:
    return _entries(root)[msgid].state


# --- non-interactive ------------------------------------------------------------------------------------

def test_list_shows_references_states_and_origins(project: Path, run_cli: Callable[..., object]) -> None:
    result = run_cli("review", "be", "--list", "--project", project)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["ref", "id", "where", "state", "origin", "source"]
    ids = {e.msgid: e.uid for e in _entries(project).values()}
    assert lines[2].split()[:5] == ["doc#1", ids[TITLE], "source/doc.md:1", "draft", "google"]
    assert lines[3].split()[:6] == ["doc#2", ids[FIRST], "source/doc.md:3", "draft", "memory", "92%"]
    assert lines[4].split()[:4] == ["doc#3", ids[SECOND], "source/doc.md:5", "translated"]
    assert "3 entries await review in be (2 draft, 1 translated)." in result.output
    only = run_cli("review", "be", "--list", "--state", "translated", "--project", project)
    assert "doc#1" not in only.output and "doc#3" in only.output


def test_list_json(project: Path, run_cli: Callable[..., object]) -> None:
    result = run_cli("review", "be", "--list", "--json", "--state", "draft", "--project", project)
    data = json.loads(result.output)
    ids = {e.msgid: e.uid for e in _entries(project).values()}
    assert [(d["ref"], d["number"], d["state"], d["origin"], d["msgid"]) for d in data] == [
        (f"doc#{ids[TITLE]}", 1, "draft", "google", TITLE), (f"doc#{ids[FIRST]}", 2, "draft", "memory 92%", FIRST)]
    assert data[0]["id"] == ids[TITLE] and data[0]["revision"] == _entries(project)[TITLE].revision
    assert data[0]["references"] == ["source/doc.md:1"]
    assert data[0]["others"] == [{"lang": "ru", "text": "", "state": "untranslated"}]


def test_list_reviewed_shows_who_approved_what(project: Path, run_cli: Callable[..., object]) -> None:
    run_cli("review", "be", "--accept", "1", "--project", project, env=ENV)
    result = run_cli("review", "be", "--list", "--state", "reviewed", "--project", project)
    lines = result.output.splitlines()
    assert "last review" in lines[0]
    assert lines[2].startswith("doc#1") and f"{dt.date.today().isoformat()} {ANN}" in lines[2]
    assert "1 entry is reviewed in be (1 reviewed)." in result.output
    assert "last review" not in run_cli("review", "be", "--list", "--project", project).output


def test_nothing_to_review(project: Path, run_cli: Callable[..., object]) -> None:
    result = run_cli("review", "be", "--list", "--state", "stale", "--project", project)
    assert result.exit_code == 0 and "Nothing awaits review in be (state: stale)." in result.output


def test_accept_by_references(project: Path, run_cli: Callable[..., object]) -> None:
    result = run_cli("review", "be", "--accept", "1", "source/doc.md:5", "--project", project, env=ENV)
    assert result.exit_code == 0, result.output
    assert "source/doc.md:1 (doc#1): draft -> reviewed" in result.output
    assert "source/doc.md:5 (doc#3): translated -> reviewed" in result.output
    assert f"Saved locales/be/LC_MESSAGES/doc.po (reviewer: {ANN})" in result.output
    entries = _entries(project)
    assert entries[TITLE].stamp.who == ANN
    assert entries[TITLE].origin == "google"
    assert _state(project, FIRST) is State.DRAFT
    assert read_catalog(_po(project)).metadata["Last-Translator"] == ANN
    msgfmt_check(_po(project))


def test_reject_keeps_the_text_as_a_rejected_draft_with_the_note_json(
        project: Path, run_cli: Callable[..., object]) -> None:
    uid = _entries(project)[SECOND].uid
    result = run_cli("review", "be", "--reject", "doc#3", "--note", "too literal", "--json",
                     "--project", project, env=ENV)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"action": "reject", "ref": f"doc#{uid}", "id": uid, "number": 3,
                                          "where": "source/doc.md:5", "before": "translated", "after": "draft",
                                          "path": "locales/be/LC_MESSAGES/doc.po"}]
    entry = _entries(project)[SECOND]
    assert entry.msgstr == "Другі абзац гаворыць пра горы." and entry.rejected.who == ANN
    assert entry.review_note.startswith(f"too literal ({ANN} ")


def test_reject_without_a_note_keeps_the_text_and_clear_empties_it(
        project: Path, run_cli: Callable[..., object]) -> None:
    result = run_cli("review", "be", "--reject", "2", "--project", project, env=ENV)
    assert result.exit_code == 0 and "draft -> draft" in result.output
    assert _entries(project)[FIRST].msgstr == "Першы абзац гаворыць пра рэкі." and _entries(project)[FIRST].rejected
    result = run_cli("review", "be", "--reject", "2", "--clear", "--project", project, env=ENV)
    assert result.exit_code == 0 and "draft -> untranslated" in result.output
    assert _entries(project)[FIRST].msgstr == ""


@pytest.mark.parametrize(("args", "message"), [
    (["--accept"], "name the entries"),
    (["1"], "REF arguments need --accept, --reject, --edit, --undo or --history"),
    (["--accept", "--reject", "1"], "cannot be used together"),
    (["--list", "--accept", "1"], "--list cannot be combined"),
    (["--accept", "1", "--note", "x"], "--note and --clear go with --reject"),
    (["--edit", "1"], "--edit REF needs --text"),
    (["--history", "1", "2"], "--history takes one REF"),
    (["--json"], "--json goes with"),
    (["--state", "approved"], "Invalid value for '--state'"),
])
def test_usage_errors(project: Path, run_cli: Callable[..., object], args: list[str], message: str) -> None:
    before = _po(project).read_bytes()
    result = run_cli("review", "be", *args, "--project", project, env=ENV)
    assert result.exit_code == 2
    assert message in result.output
    assert _po(project).read_bytes() == before


@pytest.mark.parametrize(("args", "message"), [
    (["xx", "--list"], "language 'xx' is not one of this project's languages"),
    (["be", "--accept", "4"], "an untranslated entry cannot be accepted"),
    (["be", "--accept", "1", "source/doc.md:2"], "no be entry at 'source/doc.md:2'"),
    (["be", "--list", "--doc", "nope"], "no source document named 'nope'"),
])
def test_errors_are_one_line_and_change_nothing(project: Path, run_cli: Callable[..., object], args: list[str],
                                                message: str) -> None:
    before = _po(project).read_bytes()
    result = run_cli("review", *args, "--project", project, env=ENV)
    assert result.exit_code != 0
    assert message in result.output
    assert result.output.startswith("transmgr: error: ") and result.output.count("\n") == 1
    assert _po(project).read_bytes() == before


def test_no_reviewer_identity(project: Path, run_cli: Callable[..., object], tmp_path: Path) -> None:
    env = {"TRANSMGR_REVIEWER": None, "HOME": str(tmp_path), "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CONFIG_GLOBAL": str(tmp_path / "none"), "GIT_CEILING_DIRECTORIES": str(tmp_path)}
    before = _po(project).read_bytes()
    for args in (["--accept", "1"], []):
        result = run_cli("review", "be", *args, "--project", project, env=env)
        assert result.exit_code == 2
        assert "no reviewer identity" in result.output and "TRANSMGR_REVIEWER" in result.output
    assert _po(project).read_bytes() == before


# --- interactive ----------------------------------------------------------------------------------------

def test_interactive_accept_edit_reject_quit(project: Path, run_cli: Callable[..., object]) -> None:
    keys = "a" + "e" + "Першы абзац — пра рэкі.\n" + "r" + "u" + "\n" + "q"
    result = run_cli("review", "be", "--project", project, input=keys, env=ENV)
    assert result.exit_code == 0, result.output
    assert "Review be · 1/3 · doc#1 · source/doc.md:1 · title" in result.output
    assert "origin: memory 92%" in result.output
    assert "Review of be: 1 accepted, 1 edited, 1 rejected, 0 skipped; 0 still awaiting review." in result.output
    entries = _entries(project)
    assert entries[TITLE].state is State.REVIEWED
    assert entries[FIRST].msgstr == "Першы абзац — пра рэкі." and entries[FIRST].state is State.REVIEWED
    assert entries[FIRST].origin == "memory 92% edited 17%"
    assert entries[SECOND].msgstr == "" and entries[SECOND].state is State.UNTRANSLATED
    msgfmt_check(_po(project))


def test_interactive_skip_back_help_and_unknown_keys(project: Path, run_cli: Callable[..., object]) -> None:
    keys = "s" + "x" + "?" + " " + "b" + "b" + "a" + "q"
    result = run_cli("review", "be", "--project", project, input=keys, env=ENV)
    assert result.exit_code == 0, result.output
    assert "Unknown key 'x': press ? for help." in result.output
    assert "Review keys" in result.output and "r  reject" in result.output
    assert "This is the first entry." in result.output
    assert "1 accepted, 0 edited, 0 rejected, 0 skipped; 2 still awaiting review." in result.output
    assert _state(project, TITLE) is State.REVIEWED  # skipped, then back, then accepted
    assert _state(project, FIRST) is State.DRAFT


def test_interactive_reject_keeping_a_draft_with_a_note(project: Path, run_cli: Callable[..., object]) -> None:
    result = run_cli("review", "be", "--project", project, input="sd" + "r" + "d" + "Use 'ўзгоркі' here\n" + "q",
                     env=ENV)
    assert result.exit_code == 0, result.output
    entry = _entries(project)[FIRST]
    assert entry.state is State.DRAFT and entry.msgstr == "Першы абзац гаворыць пра рэкі."
    assert entry.review_note.startswith("Use 'ўзгоркі' here (Ann Reviewer")
    assert entry.origin == "memory 92%"


def test_interactive_cancelled_edit_and_reject_change_nothing(project: Path, run_cli: Callable[..., object]) -> None:
    before = _po(project).read_bytes()
    result = run_cli("review", "be", "--project", project, input="e\n" + "rx" + "q", env=ENV)
    assert result.exit_code == 0, result.output
    assert "Edit cancelled: nothing changed." in result.output
    assert "Reject cancelled: nothing changed." in result.output
    assert _po(project).read_bytes() == before


def test_interactive_edit_in_editor(project: Path, run_cli: Callable[..., object], tmp_path: Path) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\n"
        "path = pathlib.Path(sys.argv[1])\n"
        "lines = path.read_text(encoding='utf-8').split('\\n')\n"
        "assert lines[0] == 'Рэкі і ўзгоркі' and any(l.startswith('#   Rivers and Hills') for l in lines)\n"
        "path.write_text('Рэкі\\nі пагоркі\\n' + '\\n'.join(lines[1:]), encoding='utf-8')\n", encoding="utf-8")
    env = {**ENV, "EDITOR": f"{shlex.quote(sys.executable)} {shlex.quote(str(editor))}"}
    result = run_cli("review", "be", "--project", project, input="E" + "q", env=env)
    assert result.exit_code == 0, result.output
    entry = _entries(project)[TITLE]
    assert entry.msgstr == "Рэкі і пагоркі"  # the editor's line break is not part of the translation
    assert entry.state is State.REVIEWED


def test_interactive_end_of_queue(project: Path, run_cli: Callable[..., object]) -> None:
    result = run_cli("review", "be", "--state", "draft", "--project", project, input="aa" + "b" + "s" + "q",
                     env=ENV)
    assert result.exit_code == 0, result.output
    assert result.output.count("End of the review queue (2 entries)") == 2
    assert "2 accepted, 0 edited, 0 rejected, 0 skipped; 0 still awaiting review." in result.output


def test_interactive_shows_word_diff_and_stale_reviews(project: Path, run_cli: Callable[..., object]) -> None:
    run_cli("review", "be", "--accept", "1", "2", "3", "--project", project, env=ENV)
    source = project / "source" / "doc.md"
    source.write_text(source.read_text(encoding="utf-8").replace("speaks of rivers", "tells of rivers"),
                      encoding="utf-8")
    run_cli("update", "--project", project)
    po = _po(project)
    po.write_text(po.read_text(encoding="utf-8").replace("пра горы", "пра высокія горы"), encoding="utf-8")
    status = json.loads(run_cli("status", "--json", "--lang", "be", "--project", project).output)[0]
    assert (status["segments"]["reviewed"], status["segments"]["stale"], status["segments"]["draft"]) == (1, 1, 1)
    result = run_cli("review", "be", "--project", project, input="q", env=ENV)
    assert "The first paragraph [-speaks-]{+tells+} of rivers." in result.output
    assert "origin: fuzzy-merge" in result.output
    result = run_cli("review", "be", "--state", "stale", "--project", project, input="q", env=ENV)
    assert "stale" in result.output and f"was reviewed by {ANN}" in result.output


def test_keys_typed_ahead_are_one_action_each(monkeypatch: pytest.MonkeyPatch) -> None:
    from transmgr.cli import review_ui

    reads = iter(["ssa", "\x1b[A", "q"])  # a terminal read can return several keys, or one escape sequence
    monkeypatch.setattr(review_ui.click, "getchar", lambda: next(reads))
    assert [review_ui.read_key() for _ in range(5)] == ["s", "s", "a", "\x1b[A", "q"]


def test_interactive_review_needs_a_terminal(project: Path, run_cli: Callable[..., object],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from transmgr.cli import review_ui

    def no_terminal() -> str:
        raise OSError(6, "No such device or address: '/dev/tty'")

    monkeypatch.setattr(review_ui.click, "getchar", no_terminal)
    before = _po(project).read_bytes()
    result = run_cli("review", "be", "--project", project, env=ENV)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == ("transmgr: error: the interactive review needs a terminal "
                                              "(in scripts use --list, --accept REF... or --reject REF...)")
    assert "Review of be" not in result.output  # nothing was done, so no summary
    assert _po(project).read_bytes() == before


def test_interactive_undo_after_going_back(project: Path, run_cli: Callable[..., object]) -> None:
    result = run_cli("review", "be", "--project", project, input="a" + "b" + "u" + "q", env=ENV)
    assert result.exit_code == 0, result.output
    assert f"Reviewing as {ANN}" in result.output
    assert "Undone: the entry is as it was before its last recorded action." in result.output
    entry = _entries(project)[TITLE]
    assert entry.state is State.DRAFT and entry.draft_origin == "google" and entry.stamp is None
