"""Review workflow: identity, listing, every transition, references, stale detection, gettext round trips."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import msgfmt_check
from transmgr.catalog import State, accept, read_catalog, set_draft, set_translation, write_catalog
from transmgr.errors import ReviewError
from transmgr.workflows import Project, status, update
from transmgr.workflows.review.actions import accept_references, edit_reference, list_review, reject_references
from transmgr.workflows.review.context import ContextBuilder, word_diff
from transmgr.workflows.review.identity import git_identity, resolve_reviewer
from transmgr.workflows.review.session import ReviewSession

DOC = """# Rivers and Hills

The first paragraph speaks of rivers.

The second paragraph speaks of mountains.

The third paragraph speaks of forests.

The fourth paragraph speaks of the sea.

The fifth paragraph stays untranslated.
"""
ANN = "Ann Reviewer <ann@example.org>"
BOB = "Bob Second <bob@example.org>"
TODAY = dt.date.today().isoformat()
# msgid -> (state to set up, translation, origin)
SETUP = {
    "Rivers and Hills": ("reviewed", "Рэкі і ўзгоркі", "translator"),
    "The first paragraph speaks of rivers.": ("draft", "Першы абзац гаворыць пра рэкі.", "google"),
    "The second paragraph speaks of mountains.": ("translated", "Другі абзац гаворыць пра горы.", None),
    "The third paragraph speaks of forests.": ("stale", "Трэці абзац гаворыць пра лясы.", "translator"),
    "The fourth paragraph speaks of the sea.": ("draft", "Чацвёрты абзац гаворыць пра мора.", "memory 92%"),
}


def _po(root: Path, lang: str = "be", doc: str = "doc") -> Path:
    return Project.load(root).po_path(lang, doc)


def _entry(root: Path, msgid: str, lang: str = "be") -> object:
    return next(e for e in read_catalog(_po(root, lang)) if e.msgid == msgid and not e.obsolete)


def _edit_po_text(path: Path, old: str, new: str) -> None:
    """An edit made outside transmgr: the PO file's text changed as a text editor would."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _set_up(root: Path, lang: str = "be") -> None:
    path = _po(root, lang)
    catalog = read_catalog(path)
    for entry in list(catalog):
        if entry.msgid not in SETUP:
            continue
        state, text, origin = SETUP[entry.msgid]
        if state == "draft":
            changed = set_draft(entry, text, origin or "google")
        else:
            changed = set_translation(entry, text, origin)
            if state in ("reviewed", "stale"):
                changed = accept(changed, BOB)
        catalog.put(changed, replacing=entry)
    write_catalog(catalog, path)
    # The stale one: its reviewed translation is then edited in a text editor, outside transmgr.
    _edit_po_text(path, 'msgstr "Трэці абзац гаворыць пра лясы."', 'msgstr "Трэці абзац — пра лясы."')


@pytest.fixture
def project(make_project: Callable[..., Path]) -> Path:
    root = make_project({"doc.md": DOC}, languages=["be", "ru"])
    update(Project.load(root))
    _set_up(root)
    return root


def _states(path: Path) -> dict[str, State]:
    return {e.msgid: e.state for e in read_catalog(path) if not e.obsolete}


def test_setup_has_every_state(project: Path) -> None:
    assert sorted(s.value for s in _states(_po(project)).values()) == [
        "draft", "draft", "reviewed", "stale", "translated", "untranslated"]


# --- identity -------------------------------------------------------------------------------------------

@pytest.fixture
def git_env(tmp_path: Path) -> dict[str, str]:
    """An environment where git sees no global or system configuration."""
    home = tmp_path / "home"
    home.mkdir()
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": str(home / "none"), "GIT_CEILING_DIRECTORIES": str(tmp_path)}


def _git_repo(root: Path, env: dict[str, str], **config: str) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(root)], check=True, env=env)
    for key, value in config.items():
        subprocess.run(["git", "-C", str(root), "config", f"user.{key}", value], check=True, env=env)


@pytest.mark.parametrize(("config", "from_env", "git", "expected"), [
    ('reviewer = "Cfg Person <cfg@example.org>"\n', "Env Person", {"name": "Git", "email": "g@x.org"},
     "Cfg Person <cfg@example.org>"),
    ("", "Env  Person\n<env@example.org>", {"name": "Git", "email": "g@x.org"}, "Env Person <env@example.org>"),
    ("", "", {"name": "Git Person", "email": "git@example.org"}, "Git Person <git@example.org>"),
    ("", "", {"name": "Only Name"}, "Only Name"),
])
def test_reviewer_comes_from_config_then_env_then_git(
    make_project: Callable[..., Path], git_env: dict[str, str], config: str, from_env: str,
    git: dict[str, str], expected: str,
) -> None:
    root = make_project({"doc.md": DOC}, extra=config)
    _git_repo(root, git_env, **git)
    assert resolve_reviewer(Project.load(root), {**git_env, "TRANSMGR_REVIEWER": from_env}) == expected


def test_no_identity_is_refused_with_how_to_set_one(make_project: Callable[..., Path], git_env: dict[str, str]) -> None:
    root = make_project({"doc.md": DOC})
    _git_repo(root, git_env)  # a repository without user.name / user.email
    with pytest.raises(ReviewError) as caught:
        resolve_reviewer(Project.load(root), git_env)
    message = str(caught.value)
    assert "transmgr.toml" in message and "reviewer =" in message
    assert "TRANSMGR_REVIEWER" in message and "git config user.name" in message
    assert "\n" not in message


def test_missing_git_gives_no_identity(tmp_path: Path) -> None:
    assert git_identity(tmp_path, {"PATH": str(tmp_path), "HOME": str(tmp_path)}) is None


# --- listing --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("state", "expected"), [
    ("draft", ["The first paragraph speaks of rivers.", "The fourth paragraph speaks of the sea."]),
    ("translated", ["The second paragraph speaks of mountains."]),
    ("stale", ["The third paragraph speaks of forests."]),
    ("all", ["The first paragraph speaks of rivers.", "The second paragraph speaks of mountains.",
             "The third paragraph speaks of forests.", "The fourth paragraph speaks of the sea."]),
])
def test_list_by_state_in_document_order(project: Path, state: str, expected: list[str]) -> None:
    items = list_review(Project.load(project), "be", state=state)
    assert [i.msgid for i in items] == expected
    for item in items:
        assert item.ref == f"doc#{item.number}"
        assert item.where == f"source/doc.md:{1 + 2 * (item.number - 1)}"


def test_list_shows_origin_and_previous_reviewer(project: Path) -> None:
    items = {i.msgid: i for i in list_review(Project.load(project), "be")}
    assert items["The fourth paragraph speaks of the sea."].origin == "memory 92%"
    stale = items["The third paragraph speaks of forests."]
    assert (stale.state, stale.reviewed_by, stale.origin) == (State.STALE, BOB, "translator")


def test_list_without_catalogs_says_to_run_update(make_project: Callable[..., Path]) -> None:
    root = make_project({"doc.md": DOC})
    with pytest.raises(ReviewError, match="transmgr update"):
        list_review(Project.load(root), "be")


# --- transitions ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("msgid", "origin"), [
    ("The first paragraph speaks of rivers.", "google"),  # draft: its origin is kept
    ("The second paragraph speaks of mountains.", None),  # translated
    ("The third paragraph speaks of forests.", "translator"),  # stale
    ("Rivers and Hills", "translator"),  # reviewed again by someone else
])
def test_accept_makes_reviewed_with_stamp_and_header(project: Path, msgid: str, origin: str | None) -> None:
    number = list(_states(_po(project))).index(msgid) + 1
    results = accept_references(Project.load(project), "be", [str(number)], reviewer=ANN)
    assert [r.after for r in results] == [State.REVIEWED]
    entry = _entry(project, msgid)
    assert entry.state is State.REVIEWED
    stamp = entry.stamp
    assert stamp is not None and (stamp.who, stamp.date) == (ANN, TODAY)
    assert entry.origin == origin
    assert "fuzzy" not in entry.flags
    header = read_catalog(_po(project)).metadata
    assert header["Last-Translator"] == ANN
    assert header["PO-Revision-Date"].startswith(dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d"))
    msgfmt_check(_po(project))


def test_accepting_untranslated_is_refused_and_nothing_is_written(project: Path) -> None:
    before = _po(project).read_bytes()
    with pytest.raises(ReviewError, match="untranslated") as caught:
        accept_references(Project.load(project), "be", ["2", "source/doc.md:11"], reviewer=ANN)
    assert "doc.po:" in str(caught.value)  # file:line of the entry
    assert _po(project).read_bytes() == before  # entry 2 was valid, but nothing was accepted


def test_rejecting_an_untranslated_entry_writes_nothing(project: Path) -> None:
    before = _po(project).read_bytes()
    reject_references(Project.load(project), "be", ["source/doc.md:11"], reviewer=ANN)
    assert _po(project).read_bytes() == before


@pytest.mark.parametrize(("clear", "note", "state", "text"), [
    (False, None, State.DRAFT, "Другі абзац гаворыць пра горы."),  # an empty note keeps the text
    (True, "start over", State.UNTRANSLATED, ""),
    (False, "say 'гаворыць' less often", State.DRAFT, "Другі абзац гаворыць пра горы."),
])
def test_reject(project: Path, clear: bool, note: str | None, state: State, text: str) -> None:
    msgid = "The second paragraph speaks of mountains."
    reject_references(Project.load(project), "be", ["source/doc.md:5"], reviewer=ANN, note=note, clear=clear)
    entry = _entry(project, msgid)
    assert (entry.state, entry.msgstr) == (state, text)
    assert entry.review_note == (f"{note} ({ANN} {TODAY})" if note else None)
    assert (entry.rejected.who if entry.rejected else None) == (None if clear else ANN)
    assert read_catalog(_po(project)).metadata["Last-Translator"] == ANN
    msgfmt_check(_po(project))


def test_reject_then_accept_clears_the_note(project: Path) -> None:
    p = Project.load(project)
    reject_references(p, "be", ["doc#2"], reviewer=ANN, note="multi\nline note")
    entry = _entry(project, "The first paragraph speaks of rivers.")
    assert entry.review_note == f"multi line note ({ANN} {TODAY})"  # one comment line, nothing lost
    assert entry.origin == "google"
    accept_references(p, "be", ["doc#2"], reviewer=ANN)
    entry = _entry(project, "The first paragraph speaks of rivers.")
    assert (entry.state, entry.review_note, entry.rejected) == (State.REVIEWED, None, None)


def test_session_edit_records_the_new_text_reviewed(project: Path) -> None:
    session = ReviewSession(Project.load(project), "be", reviewer=ANN, state="draft")
    item = session.current()
    assert item is not None and item.msgid == "The first paragraph speaks of rivers."
    session.edit(item, "Першы абзац — пра рэкі.")
    entry = _entry(project, item.msgid)
    assert entry.msgstr == "Першы абзац — пра рэкі."
    assert entry.state is State.REVIEWED
    assert entry.origin == "google edited 17%"  # the share of the draft's characters the reviewer changed
    assert entry.editor is not None and entry.editor.who == ANN
    assert "fuzzy" not in entry.flags


def test_edit_by_reference(project: Path) -> None:
    result = edit_reference(Project.load(project), "be", "source/doc.md:9", "Чацвёрты абзац — пра мора.",
                            reviewer=ANN)
    assert (result.before.state, result.after) == (State.DRAFT, State.REVIEWED)
    entry = _entry(project, "The fourth paragraph speaks of the sea.")
    assert entry.msgstr == "Чацвёрты абзац — пра мора." and entry.origin == "memory 92% edited 15%"
    with pytest.raises(ReviewError, match="empty translation"):
        edit_reference(Project.load(project), "be", "2", "  ", reviewer=ANN)


def test_session_walks_the_queue_and_saves_each_action(project: Path) -> None:
    session = ReviewSession(Project.load(project), "be", reviewer=ANN)
    assert len(session) == 4
    first = session.current()
    session.accept(first)  # saved at once:
    assert (_entry(project, first.msgid)).state is State.REVIEWED
    second = session.current()
    session.skip(second)
    third = session.current()
    session.reject(third, note="too free")
    assert (_entry(project, third.msgid)).state is State.DRAFT
    assert session.back() and session.current().msgid == third.msgid
    again = session.current()
    session.accept(again)  # the last action on an entry is the one counted
    fourth = session.current()
    session.edit(fourth, "Чацвёрты абзац — пра мора.")
    assert session.current() is None and session.finished
    assert session.tally() == {"accepted": 2, "edited": 1, "rejected": 0, "skipped": 1}
    assert _states(_po(project))[second.msgid] is State.TRANSLATED


def test_session_refuses_to_stamp_text_the_reviewer_did_not_see(project: Path) -> None:
    session = ReviewSession(Project.load(project), "be", reviewer=ANN, state="translated")
    item = session.current()
    _edit_po_text(_po(project), 'msgstr "Другі абзац гаворыць пра горы."', 'msgstr "Другі абзац: горы."')
    before = _po(project).read_bytes()
    with pytest.raises(ReviewError, match="changed this entry since it was read"):
        session.accept(item)
    assert _po(project).read_bytes() == before
    fresh = session.current()
    assert fresh.msgstr == "Другі абзац: горы."
    session.accept(fresh)
    assert (_entry(project, item.msgid)).state is State.REVIEWED


def test_session_drops_entries_that_left_the_catalog(project: Path) -> None:
    session = ReviewSession(Project.load(project), "be", reviewer=ANN, state="draft")
    source = project / "source" / "doc.md"
    source.write_text(source.read_text(encoding="utf-8").replace("The first paragraph speaks of rivers.\n\n", ""),
                      encoding="utf-8")
    update(Project.load(project))
    item = session.current()
    assert item is not None and item.msgid == "The fourth paragraph speaks of the sea."
    assert len(session) == 1


# --- references -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("ref", "message"), [
    ("source/doc.md:4", "no be entry at"),
    ("99", "has entries 1 to 6"),
    ("other#1", "no be catalog for document 'other'"),
    ("nonsense", "neither file:line"),
])
def test_bad_references_change_nothing(project: Path, ref: str, message: str) -> None:
    before = _po(project).read_bytes()
    with pytest.raises(ReviewError, match=message):
        accept_references(Project.load(project), "be", ["2", ref], reviewer=ANN)
    assert _po(project).read_bytes() == before


def test_entry_numbers_need_a_document_when_several_are_in_scope(make_project: Callable[..., Path]) -> None:
    root = make_project({"doc.md": DOC, "other.md": "# Other\n\nAnother text.\n"})
    update(Project.load(root))
    for doc in ("doc", "other"):
        path = _po(root, doc=doc)
        catalog = read_catalog(path)
        catalog.put(set_draft(catalog[0], "Загаловак", "google"), replacing=catalog[0])
        write_catalog(catalog, path)
    with pytest.raises(ReviewError, match="ambiguous") as caught:
        accept_references(Project.load(root), "be", ["1"], reviewer=ANN)
    assert "DOC#1" in str(caught.value)
    accept_references(Project.load(root), "be", ["other#1"], reviewer=ANN)
    accept_references(Project.load(root), "be", ["1"], reviewer=ANN, docs=["doc"])
    assert (read_catalog(_po(root, doc="other"))[0]).state is State.REVIEWED
    assert (read_catalog(_po(root, doc="doc"))[0]).state is State.REVIEWED


# --- stale detection ------------------------------------------------------------------------------------

def test_translation_edited_outside_transmgr_goes_stale(project: Path) -> None:
    p = Project.load(project)
    _edit_po_text(_po(project), 'msgstr "Рэкі і ўзгоркі"', 'msgstr "Рэкі ды ўзгоркі"')  # was reviewed
    assert _states(_po(project))["Rivers and Hills"] is State.STALE
    assert [i.msgid for i in list_review(p, "be", state="stale")] == [
        "Rivers and Hills", "The third paragraph speaks of forests."]
    row = status(p, langs=["be"])[0]
    assert (row.segments["stale"], row.segments["reviewed"]) == (2, 0)
    accept_references(p, "be", ["source/doc.md:1"], reviewer=ANN)
    assert _states(_po(project))["Rivers and Hills"] is State.REVIEWED
    assert status(p, langs=["be"])[0].segments["reviewed"] == 1


def test_msgid_edited_outside_transmgr_goes_stale(project: Path) -> None:
    _edit_po_text(_po(project), 'msgid "Rivers and Hills"', 'msgid "Rivers and hills"')
    assert _states(_po(project))["Rivers and hills"] is State.STALE


def test_source_edit_merged_by_update_needs_review_again_with_a_word_diff(project: Path) -> None:
    p = Project.load(project)
    accept_references(p, "be", ["2"], reviewer=ANN)  # "...speaks of rivers." is reviewed
    source = project / "source" / "doc.md"
    source.write_text(source.read_text(encoding="utf-8").replace("speaks of rivers", "speaks briefly of rivers"),
                      encoding="utf-8")
    update(Project.load(project))
    entry = _entry(project, "The first paragraph speaks briefly of rivers.")
    assert entry.state is not State.REVIEWED  # the old review does not hold
    item = next(i for i in list_review(p, "be") if i.number == 2)
    assert item.previous_msgid == "The first paragraph speaks of rivers."
    assert item.msgstr == "Першы абзац гаворыць пра рэкі."
    store_catalog = read_catalog(_po(project))
    diff = ContextBuilder(p, "be").build(item, store_catalog).diff
    assert [(c.op, c.text) for c in diff if c.op != "equal"] == [("insert", "briefly ")]
    accept_references(p, "be", ["2"], reviewer=ANN)
    entry = _entry(project, "The first paragraph speaks briefly of rivers.")
    assert entry.state is State.REVIEWED and entry.previous_msgid is None


# --- gettext round trips --------------------------------------------------------------------------------

def _gettext(*args: str) -> None:
    if shutil.which(args[0]) is None:
        pytest.skip(f"GNU gettext's {args[0]} is not installed")
    subprocess.run(list(args), check=True, capture_output=True)


def _snapshot(path: Path) -> dict[str, tuple[State, str | None, str | None, object]]:
    return {e.msgid: (e.state, e.origin, e.review_note, e.stamp)
            for e in read_catalog(path) if not e.obsolete}


def test_states_survive_msgcat_and_msgmerge(project: Path, tmp_path: Path) -> None:
    reject_references(Project.load(project), "be", ["4"], reviewer=ANN, note="check the dash")
    po = _po(project)
    expected = _snapshot(po)
    assert {s[0] for s in expected.values()} == {State.UNTRANSLATED, State.DRAFT, State.TRANSLATED,
                                                 State.REVIEWED}
    catted, merged = tmp_path / "cat.po", tmp_path / "merged.po"
    _gettext("msgcat", "-o", str(catted), str(po))
    _gettext("msgmerge", "-q", "-o", str(merged), str(po), str(project / "locales" / "doc.pot"))
    for path in (catted, merged):
        assert _snapshot(path) == expected
        msgfmt_check(path)


def test_msgmerge_source_edit_then_poedit_confirm_goes_stale(project: Path, tmp_path: Path) -> None:
    po, pot = _po(project), tmp_path / "new.pot"
    pot.write_text((project / "locales" / "doc.pot").read_text(encoding="utf-8").replace(
        "Rivers and Hills", "Rivers and Green Hills"), encoding="utf-8")
    _gettext("msgmerge", "-q", "-U", "--backup=none", str(po), str(pot))
    assert _states(po)["Rivers and Green Hills"] is State.DRAFT  # msgmerge made it fuzzy
    # A translator confirms it in Poedit, which drops the fuzzy flag and keeps translator comments.
    _edit_po_text(po, '#, fuzzy\nmsgid "Rivers and Green Hills"', 'msgid "Rivers and Green Hills"')
    assert _states(po)["Rivers and Green Hills"] is State.STALE
    items = list_review(Project.load(project), "be", state="stale")
    assert items[0].msgid == "Rivers and Green Hills" and items[0].reviewed_by == BOB


def test_msgfmt_compiles_no_draft(project: Path, tmp_path: Path) -> None:
    mo = tmp_path / "be.mo"
    _gettext("msgfmt", "-o", str(mo), str(_po(project)))
    data = mo.read_bytes()
    assert "Першы абзац".encode() not in data  # drafts are fuzzy
    assert "Другі абзац".encode() in data


# --- context --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new"), [
    ("The quick brown fox.", "The quick red fox."),
    ("A text", "A text, now longer: with more words!"),
    ("Удалить это слово", "Удалить слово"),
    ("", "New"),
    ("same", "same"),
])
def test_word_diff_rebuilds_both_texts(old: str, new: str) -> None:
    chunks = word_diff(old, new)
    assert "".join(c.text for c in chunks if c.op != "insert") == old
    assert "".join(c.text for c in chunks if c.op != "delete") == new
    assert all(a.op != b.op for a, b in itertools.pairwise(chunks))


def test_word_diff_marks_whole_words() -> None:
    assert [(c.op, c.text) for c in word_diff("The quick brown fox.", "The quick red fox.")] == [
        ("equal", "The quick "), ("delete", "brown"), ("insert", "red"), ("equal", " fox.")]


def test_context_shows_other_languages_neighbours_and_findings(
    project: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    ru = _po(project, "ru")
    catalog = read_catalog(ru)
    catalog.put(set_translation(catalog[2], "Второй абзац говорит о горах.", "translator"), replacing=catalog[2])
    write_catalog(catalog, ru)
    calls = []

    class Finding:
        def __init__(self, check_id: str, severity: str, message: str) -> None:
            self.check_id, self.severity, self.message = check_id, severity, message

    def entry_findings(project: Project, lang: str, doc: str, catalog: object,
                       only: object = None) -> dict[object, list[Finding]]:
        calls.append((lang, doc, only))
        return {(None, "The second paragraph speaks of mountains."): [Finding("punctuation", "warning", "ends with .")]}

    fake = types.ModuleType("transmgr.workflows.check")
    fake.entry_findings = entry_findings  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "transmgr.workflows.check", fake)
    session = ReviewSession(Project.load(project), "be", reviewer=ANN, state="translated")
    item = session.current()
    context = session.context(item)
    assert [(o.lang, o.text, o.state) for o in context.others] == [
        ("ru", "Второй абзац говорит о горах.", State.TRANSLATED)]
    assert context.before.msgid == "The first paragraph speaks of rivers." and context.before.number == 2
    assert context.after.msgid == "The third paragraph speaks of forests." and context.after.number == 4
    assert [(f.check_id, f.severity, f.message) for f in context.findings] == [
        ("punctuation", "warning", "ends with .")]
    session.context(item)
    # the shown entry alone is checked, once per catalog version
    assert calls == [("be", "doc", (None, "The second paragraph speaks of mountains."))]
