"""The PO merge driver in real git repositories: two branches, every case of the merge, msgfmt -c on each result."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import msgfmt_check
from transmgr.catalog import State, accept, read_catalog, set_translation, write_catalog
from transmgr.workflows import Project, update

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

DOC = "# Appeal\n\nThe war must stop.\n\nThere is no bottom in Belarus.\n\nWhat are you going to do?\n"
ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "Test",
       "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent"}


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=check,
                          env={**os.environ, **ENV})


def _set(root: Path, texts: dict[str, str], *, review: set[str] = frozenset(), lang: str = "be") -> None:  # type: ignore[assignment]
    path = Project.load(root).po_path(lang, "doc")
    catalog = read_catalog(path)
    for unit in list(catalog):
        if unit.msgid in texts:
            done = set_translation(unit, texts[unit.msgid])
            catalog.put(accept(done, "Ala") if unit.msgid in review else done, replacing=unit)
        elif unit.msgid in review:
            catalog.put(accept(unit, "Ala"), replacing=unit)
    write_catalog(catalog, path)


@pytest.fixture
def repo(make_project: Callable[..., Path], run_cli: Callable[..., object]) -> Path:
    """A project in a git repository with the driver installed; the base commit has 'The war must stop.'
    translated, and a branch 'theirs' made from it."""
    root = make_project({"doc.md": DOC}, languages=["be"])
    git(root, "init", "-q", "-b", "main")
    result = run_cli("git-setup", "--project", root)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    update(Project.load(root))
    _set(root, {"The war must stop.": "Вайна павінна спыніцца."})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "branch", "theirs")
    return root


def _branches(root: Path, ours: Callable[[], None], theirs: Callable[[], None]) -> subprocess.CompletedProcess[str]:
    ours()
    git(root, "commit", "-q", "-am", "ours")
    git(root, "checkout", "-q", "theirs")
    theirs()
    git(root, "add", "-A")
    git(root, "commit", "-q", "-am", "theirs")
    git(root, "checkout", "-q", "main")
    return git(root, "merge", "--no-edit", "theirs", check=False)


def _units(root: Path) -> dict[str, object]:
    path = Project.load(root).po_path("be", "doc")
    msgfmt_check(path)
    text = path.read_text(encoding="utf-8")
    assert "<<<<<<<" not in text and ">>>>>>>" not in text and "=======" not in text
    return {u.msgid: u for u in read_catalog(path) if u.msgid and not u.obsolete}


def test_setup_writes_gitattributes_and_the_driver(repo: Path) -> None:
    attributes = (repo / ".gitattributes").read_text()
    assert "locales/**/*.po merge=transmgr-po" in attributes and "locales/**/*.pot merge=transmgr-po" in attributes
    assert "merge-driver %O %A %B %P" in git(repo, "config", "merge.transmgr-po.driver").stdout
    assert git(repo, "check-attr", "merge", "locales/be/LC_MESSAGES/doc.po").stdout.strip().endswith("transmgr-po")


def test_different_entries_never_conflict(repo: Path) -> None:
    merge = _branches(repo, lambda: _set(repo, {"There is no bottom in Belarus.": "У Беларусі няма дна."}),
                      lambda: _set(repo, {"What are you going to do?": "Што вы збіраецеся рабіць?"}))
    assert merge.returncode == 0, merge.stdout + merge.stderr
    units = _units(repo)
    assert units["There is no bottom in Belarus."].msgstr == "У Беларусі няма дна."  # type: ignore[attr-defined]
    assert units["What are you going to do?"].msgstr == "Што вы збіраецеся рабіць?"  # type: ignore[attr-defined]


def test_the_same_translation_on_both_sides_is_no_conflict(repo: Path) -> None:
    same = {"What are you going to do?": "Што вы збіраецеся рабіць?"}
    merge = _branches(repo, lambda: _set(repo, same), lambda: _set(repo, same, review={"What are you going to do?"}))
    assert merge.returncode == 0, merge.stderr
    assert _units(repo)["What are you going to do?"].state == State.REVIEWED  # type: ignore[attr-defined]


def test_different_translations_of_one_entry_conflict_as_a_draft_with_both(repo: Path, run_cli: Callable[..., object]) -> None:
    merge = _branches(repo, lambda: _set(repo, {"The war must stop.": "Вайна мусіць спыніцца."}),
                      lambda: _set(repo, {"The war must stop.": "Вайну трэба спыніць."}))
    assert merge.returncode != 0 and "CONFLICT" in merge.stdout
    unit = _units(repo)["The war must stop."]
    assert unit.state == State.DRAFT and unit.msgstr == "Вайна мусіць спыніцца."  # type: ignore[attr-defined]
    assert "Вайну трэба спыніць." in unit.review_note  # type: ignore[attr-defined]
    status = run_cli("status", "--project", repo, "--json")
    assert '"draft": 1' in status.output.replace("\n", "").replace("  ", "") or "draft" in status.output  # type: ignore[attr-defined]
    listed = run_cli("review", "--project", repo, "be", "--list")
    assert "The war must stop." in listed.output  # type: ignore[attr-defined]


def test_a_review_survives_only_where_its_text_is_kept(repo: Path) -> None:
    merge = _branches(repo, lambda: _set(repo, {}, review={"The war must stop."}),
                      lambda: _set(repo, {"The war must stop.": "Вайну трэба спыніць."}))
    assert merge.returncode == 0, merge.stderr
    unit = _units(repo)["The war must stop."]
    assert unit.msgstr == "Вайну трэба спыніць." and unit.state != State.REVIEWED  # type: ignore[attr-defined]


def test_a_review_on_one_side_is_kept(repo: Path) -> None:
    merge = _branches(repo, lambda: _set(repo, {}, review={"The war must stop."}),
                      lambda: _set(repo, {"What are you going to do?": "Што вы збіраецеся рабіць?"}))
    assert merge.returncode == 0, merge.stderr
    units = _units(repo)
    assert units["The war must stop."].state == State.REVIEWED  # type: ignore[attr-defined]
    assert units["What are you going to do?"].state == State.TRANSLATED  # type: ignore[attr-defined]


def test_a_source_edit_on_one_side_and_a_translation_on_the_other(repo: Path) -> None:
    def edit_source() -> None:
        source = repo / "source" / "doc.md"
        source.write_text(DOC.replace("There is no bottom in Belarus.", "There is no bottom in Belarus, none."))
        update(Project.load(repo))
        git(repo, "add", "-A")

    merge = _branches(repo, edit_source, lambda: _set(repo, {"There is no bottom in Belarus.": "У Беларусі няма дна."}))
    assert merge.returncode == 0, merge.stdout + merge.stderr
    units = _units(repo)
    carried = units["There is no bottom in Belarus, none."]
    assert carried.state == State.DRAFT and carried.msgstr == "У Беларусі няма дна."  # type: ignore[attr-defined]
    assert carried.previous_msgid == "There is no bottom in Belarus."  # type: ignore[attr-defined]
    assert "There is no bottom in Belarus." not in units  # not active: the source no longer has it
    obsolete = [u for u in read_catalog(Project.load(repo).po_path("be", "doc")) if u.obsolete]
    assert [u.msgstr for u in obsolete] == ["У Беларусі няма дна."]  # kept for the memory


def test_a_header_only_change_takes_the_newer_revision_date(repo: Path) -> None:
    path = Project.load(repo).po_path("be", "doc")

    def stamp(date: str, team: str) -> Callable[[], None]:
        def change() -> None:
            catalog = read_catalog(path)
            catalog.set_fields({"PO-Revision-Date": date, "Language-Team": team})
            write_catalog(catalog, path)
        return change

    merge = _branches(repo, stamp("2026-11-01 10:00+0000", "old team"), stamp("2026-12-01 10:00+0000", "new team"))
    assert merge.returncode == 0, merge.stderr
    header = read_catalog(path).header
    assert header.get("PO-Revision-Date") == "2026-12-01 10:00+0000" and header.get("Language-Team") == "new team"
    _units(repo)


def test_a_source_edit_meets_a_new_translation_of_the_old_text(repo: Path) -> None:
    def edit_source() -> None:
        source = repo / "source" / "doc.md"
        source.write_text(DOC.replace("The war must stop.", "The war must stop now."))
        update(Project.load(repo))
        git(repo, "add", "-A")

    merge = _branches(repo, edit_source, lambda: _set(repo, {"The war must stop.": "Вайну трэба спыніць."}))
    assert merge.returncode == 0, merge.stdout + merge.stderr
    carried = _units(repo)["The war must stop now."]
    # The draft update made from the old translation gives way to the newer one from the other branch.
    assert carried.state == State.DRAFT and carried.msgstr == "Вайну трэба спыніць."  # type: ignore[attr-defined]
    assert carried.previous_msgid == "The war must stop."  # type: ignore[attr-defined]


def _set_origin(root: Path, msgid: str, text: str, origin: str, who: str | None) -> None:
    path = Project.load(root).po_path("be", "doc")
    catalog = read_catalog(path)
    unit = catalog.find(msgid)
    assert unit is not None
    catalog.put(set_translation(unit, text, origin, by=who), replacing=unit)
    write_catalog(catalog, path)


def test_resolving_a_conflict_keeps_the_chosen_sides_provenance(repo: Path) -> None:
    from transmgr.workflows.review.actions import accept_references, act_on_references

    merge = _branches(repo, lambda: _set_origin(repo, "The war must stop.", "Вайна мусіць спыніцца.", "google", None),
                      lambda: _set_origin(repo, "The war must stop.", "Вайну трэба спыніць.", "llm qwen", "Olga"))
    assert merge.returncode != 0
    unit = _units(repo)["The war must stop."]
    assert unit.draft_origin == "google"  # type: ignore[attr-defined]  # ours, not "merge-conflict"
    suggestion = unit.suggestions[0]  # type: ignore[attr-defined]
    assert (suggestion.by, suggestion.text, suggestion.origin) == ("Olga", "Вайну трэба спыніць.", "llm qwen")
    project = Project.load(repo)
    uid = unit.uid  # type: ignore[attr-defined]
    act_on_references(project, "be", [f"doc#{uid}"], "take", actor="Ala Reviewer", by="Olga")
    taken = _units(repo)["The war must stop."]
    assert (taken.msgstr, taken.origin, taken.editor.who, taken.state) == (  # type: ignore[attr-defined]
        "Вайну трэба спыніць.", "llm qwen", "Olga", State.REVIEWED)
    assert taken.stamp.who == "Ala Reviewer"  # type: ignore[attr-defined]
    git(repo, "commit", "-q", "-am", "resolved")
    merge = _branches(repo, lambda: _set_origin(repo, "What are you going to do?", "Што вы зробіце?", "deepl", None),
                      lambda: _set_origin(repo, "What are you going to do?", "Што вы будзеце рабіць?", "google", None))
    accept_references(Project.load(repo), "be", [f"doc#{_units(repo)['What are you going to do?'].uid}"],  # type: ignore[attr-defined]
                      reviewer="Ala Reviewer")
    kept = _units(repo)["What are you going to do?"]
    assert (kept.msgstr, kept.origin) == ("Што вы зробіце?", "deepl")  # type: ignore[attr-defined]


def test_a_clone_without_the_driver_is_warned_and_its_conflict_markers_are_one_line(
        repo: Path, run_cli: Callable[..., object]) -> None:
    git(repo, "config", "--remove-section", "merge.transmgr-po")  # as in a fresh clone: the config is local
    status = run_cli("status", "--project", repo)
    assert "has not registered it" in status.stderr and "transmgr git-setup" in status.stderr  # type: ignore[attr-defined]
    merge = _branches(repo, lambda: _set(repo, {"The war must stop.": "Вайна мусіць спыніцца."}),
                      lambda: _set(repo, {"The war must stop.": "Вайну трэба спыніць."}))
    assert merge.returncode != 0
    path = Project.load(repo).po_path("be", "doc")
    assert "<<<<<<<" in path.read_text(encoding="utf-8"), merge.stdout + merge.stderr  # git line merge
    result = run_cli("status", "--project", repo)
    lines = result.output.strip().splitlines()  # type: ignore[attr-defined]
    error = [line for line in lines if line.startswith("transmgr: error:")]
    assert len(error) == 1 and re.search(r"doc.po:\d+: git merged this file line by line", error[0])
    assert "unexpected text" not in error[0]
    assert "conflict markers" in error[0] and "transmgr git-setup" in error[0]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]


PLURAL_BASE = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"

msgid "one day"
msgid_plural "{n} days"
msgstr[0] ""
msgstr[1] ""
msgstr[2] ""
'''


def _driver(tmp_path: Path, run_cli: Callable[..., object], base: str, ours: str, theirs: str) -> tuple[object, str]:
    paths = []
    for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        path = tmp_path / f".merge_file_{name}"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    result = run_cli("merge-driver", *paths, "locales/be/LC_MESSAGES/doc.po")
    return result, paths[1].read_text(encoding="utf-8")


def test_the_driver_drafts_plural_conflicts_and_never_reports_an_invalid_result(
        tmp_path: Path, run_cli: Callable[..., object]) -> None:
    from transmgr.catalog.po import parse_catalog

    ours = PLURAL_BASE.replace('msgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""', 'msgstr[0] "{n} дзень"\nmsgstr[1] "{n} дні"\nmsgstr[2] "{n} дзён"')
    theirs = PLURAL_BASE.replace('msgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""', 'msgstr[0] "{n} сутак"\nmsgstr[1] "{n} сутак"\nmsgstr[2] "{n} сутак"')
    result, merged = _driver(tmp_path, run_cli, PLURAL_BASE, ours, theirs)
    assert result.exit_code == 1  # type: ignore[attr-defined]
    unit = next(u for u in parse_catalog(merged, tmp_path / "m.po") if u.msgid)
    assert unit.fuzzy and unit.msgstr_plural == ("{n} дзень", "{n} дні", "{n} дзён") and "сутак" in unit.review_note
    # One side says two plural forms, the other translated three: never a file msgfmt -c refuses.
    two = PLURAL_BASE.replace("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || "
                              "n%100>=20) ? 1 : 2)", "nplurals=2; plural=(n != 1)").replace('msgstr[2] ""\n', "")
    two = two.replace("PO-Revision", "PO-Revision")
    result, merged = _driver(tmp_path, run_cli, PLURAL_BASE, two.replace('"Content-Type', '"PO-Revision-Date: 2030-01-01 00:00+0000\\n"\n"Content-Type'), ours)
    assert result.exit_code == 1, result.output  # type: ignore[attr-defined]
    out = tmp_path / "merged.po"
    out.write_text(merged, encoding="utf-8")
    msgfmt_check(out)
    assert "nplurals=2" in merged and next(u for u in parse_catalog(merged, out) if u.msgid).fuzzy


def test_the_drivers_errors_name_the_repositorys_file_not_gits_copy(tmp_path: Path,
                                                                     run_cli: Callable[..., object]) -> None:
    result, _ = _driver(tmp_path, run_cli, PLURAL_BASE, PLURAL_BASE, 'msgid "broken\n')
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert result.output.startswith("transmgr: error: locales/be/LC_MESSAGES/doc.po:1: theirs:")  # type: ignore[attr-defined]
    assert ".merge_file" not in result.output  # type: ignore[attr-defined]
    missing = run_cli("merge-driver", tmp_path / "nope", tmp_path / ".merge_file_ours", tmp_path / ".merge_file_theirs",
                      "locales/be/LC_MESSAGES/doc.po")
    assert missing.exit_code == 2 and "git gave no file for the common ancestor" in missing.output  # type: ignore[attr-defined]
    assert missing.output.count("\n") == 1  # type: ignore[attr-defined]
