"""Build removes an outdated edition only when it is build's own file: never a user's, never outside build/."""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import DAY
from transmgr.workflows import Project
from transmgr.workflows.build import build
from transmgr.workflows.build.record import RECORD_FILE

DOC = "# A title of five words\n\nA first paragraph of six words.\n\nAnd a second one.\n"
ALL = {
    "A title of five words": "Назва з пяці слоў",
    "A first paragraph of six words.": "Першы абзац з шасці слоў.",
    "And a second one.": "І другі.",
}
FILES = ("be/doc.md", "be/doc.html", "be/doc.txt", "be/LC_MESSAGES/doc.mo")


def _untranslate(root: Path) -> None:
    """Empty the translation of the longest paragraph: be falls below the 90% threshold."""
    po = root / "locales" / "be" / "LC_MESSAGES" / "doc.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "Першы абзац з шасці слоў."', 'msgstr ""'), encoding="utf-8")


@pytest.fixture
def built(translate_project: Callable[..., Path]) -> Path:
    """A project whose be edition was built, complete, in every format."""
    root = translate_project(DOC, {"be": ALL}, extra="[build]\nthreshold = 90\n")
    build(Project.load(root), day=DAY)
    assert all((root / "build" / rel).is_file() for rel in FILES)
    return root


def test_build_removes_its_own_outdated_edition(built: Path) -> None:
    _untranslate(built)
    (skipped,) = build(Project.load(built), day=DAY).skipped
    assert sorted(p.relative_to(built / "build").as_posix() for p in skipped.removed) == sorted(FILES)
    assert skipped.kept == ()
    assert (built / ".transmgr" / RECORD_FILE).is_file()  # the record is kept out of build/
    assert not list((built / "build").rglob("*record*"))


def test_an_edition_changed_by_hand_is_kept_and_not_linked(built: Path, run_cli: Callable[..., Result]) -> None:
    (built / "build" / "be" / "doc.md").write_text("My own notes.\n", encoding="utf-8")
    _untranslate(built)
    result = run_cli("build", "--project", built)
    assert result.exit_code == 0, result.output
    assert (built / "build" / "be" / "doc.md").read_text(encoding="utf-8") == "My own notes.\n"
    assert not (built / "build" / "be" / "doc.html").exists()
    assert ("kept build/be/doc.md (changed since transmgr wrote it): remove it yourself if it is an old edition"
            in result.output)
    assert "be/doc.md" not in (built / "build" / "index.html").read_text(encoding="utf-8")


def test_a_file_build_never_wrote_is_kept(translate_project: Callable[..., Path],
                                          run_cli: Callable[..., Result]) -> None:
    root = translate_project(DOC, {"be": ALL}, extra="[build]\nthreshold = 90\n")
    _untranslate(root)
    mine = root / "build" / "be" / "doc.txt"
    mine.parent.mkdir(parents=True)
    mine.write_text("Not an edition.\n", encoding="utf-8")
    (skipped,) = build(Project.load(root), day=DAY).skipped
    assert skipped.kept == ((mine, "transmgr has no record of writing it"),)
    assert mine.read_text(encoding="utf-8") == "Not an edition.\n"
    result = run_cli("build", "--project", root, "--json")
    (edition,) = [e for e in json.loads(result.output)["editions"] if e["lang"] == "be"]
    assert edition["kept"] == [{"path": "build/be/doc.txt", "why": "transmgr has no record of writing it"}]


def test_without_a_record_only_transmgr_html_pages_are_removed(built: Path) -> None:
    (built / ".transmgr" / RECORD_FILE).unlink()  # as after a build by a version that kept no record
    _untranslate(built)
    (skipped,) = build(Project.load(built), day=DAY).skipped
    assert [p.name for p in skipped.removed] == ["doc.html"]  # it carries transmgr's generator tag
    assert sorted(p.name for p, _ in skipped.kept) == ["doc.md", "doc.mo", "doc.txt"]


def test_a_corrupt_record_removes_nothing_but_generated_html(built: Path) -> None:
    (built / ".transmgr" / RECORD_FILE).write_text("{not json", encoding="utf-8")
    _untranslate(built)
    (skipped,) = build(Project.load(built), day=DAY).skipped
    assert [p.name for p in skipped.removed] == ["doc.html"]


def test_a_symlink_in_build_is_not_followed(built: Path) -> None:
    target = built / "notes.txt"
    target.write_text("Precious.\n", encoding="utf-8")
    link = built / "build" / "be" / "doc.txt"
    link.unlink()
    os.symlink(target, link)
    _untranslate(built)
    (skipped,) = build(Project.load(built), day=DAY).skipped
    assert (link, "not a regular file") in skipped.kept
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "Precious.\n"


def test_a_build_folder_overlapping_the_sources_loses_no_file(translate_project: Callable[..., Path]) -> None:
    # The review's case: build_dir = source_dir, and source/be/doc.md is the user's own document.
    # (The configuration now refuses such folders; the build must be safe on its own anyway.)
    root = translate_project(DOC, {"be": ALL}, extra="[build]\nthreshold = 90\n")
    _untranslate(root)
    project = Project.load(root)
    project = dataclasses.replace(project, config=dataclasses.replace(project.config, build_dir=project.config.source_dir))
    users = root / "source" / "be" / "doc.md"
    users.parent.mkdir()
    users.write_text("# My Belarusian notes\n", encoding="utf-8")
    result = build(project, docs=["doc"], langs=["be"], formats=["md"], day=DAY)
    (skipped,) = result.skipped
    assert skipped.removed == ()
    assert skipped.kept == ((users, "inside the source folder"),)
    assert users.read_text(encoding="utf-8") == "# My Belarusian notes\n"


def test_even_its_own_output_is_not_removed_from_the_source_folder(translate_project: Callable[..., Path]) -> None:
    root = translate_project(DOC, {"be": ALL}, extra="[build]\nthreshold = 90\n")
    project = Project.load(root)
    project = dataclasses.replace(project, config=dataclasses.replace(project.config, build_dir=project.config.source_dir))
    build(project, docs=["doc"], langs=["be"], formats=["md"], day=DAY)
    written = root / "source" / "be" / "doc.md"
    assert written.is_file()
    _untranslate(root)
    (skipped,) = build(project, docs=["doc"], langs=["be"], formats=["md"], day=DAY).skipped
    assert skipped.kept == ((written, "inside the source folder"),)
    assert written.is_file()


def test_a_language_folder_linked_out_of_build_is_left_alone(built: Path) -> None:
    elsewhere = built / "elsewhere"
    (built / "build" / "be").rename(elsewhere)
    os.symlink(elsewhere, built / "build" / "be")
    _untranslate(built)
    (skipped,) = build(Project.load(built), day=DAY).skipped
    assert skipped.removed == ()
    assert {why for _, why in skipped.kept} == {"outside the build folder"}
    assert (elsewhere / "doc.md").is_file() and (elsewhere / "LC_MESSAGES" / "doc.mo").is_file()


def _record_as_json(root: Path) -> None:
    """The record as versions before the SQLite one kept it (build-record.json), from the current one."""
    import sqlite3

    with sqlite3.connect(root / ".transmgr" / RECORD_FILE) as db:
        meta = dict(db.execute("SELECT name, value FROM meta"))
        files = {rel: (digest, [size, mtime]) for rel, digest, size, mtime in db.execute("SELECT * FROM files")}
        documents = {name: json.loads(entry) for name, entry in db.execute("SELECT * FROM documents")}
    (root / ".transmgr" / "build-record.json").write_text(json.dumps({
        "version": int(meta["version"]), "build_dir": meta["build_dir"],
        "files": {rel: digest for rel, (digest, _) in files.items()},
        "stats": {rel: stat for rel, (_, stat) in files.items()}, "documents": documents,
        "index_key": meta["index_key"] or None}), encoding="utf-8")
    (root / ".transmgr" / RECORD_FILE).unlink()


def test_an_earlier_versions_json_record_is_taken_over(built: Path) -> None:
    _record_as_json(built)
    again = build(Project.load(built), day=DAY)
    assert again.written == ()  # the documents are known as built: nothing to do
    assert (built / ".transmgr" / RECORD_FILE).is_file()
    assert not (built / ".transmgr" / "build-record.json").exists()
    _untranslate(built)
    (skipped,) = build(Project.load(built), day=DAY).skipped
    assert sorted(p.relative_to(built / "build").as_posix() for p in skipped.removed) == sorted(FILES)


def test_a_damaged_record_is_written_anew(built: Path) -> None:
    (built / ".transmgr" / RECORD_FILE).write_bytes(b"SQLite format 3\0" + os.urandom(2000))
    build(Project.load(built), day=DAY)  # builds everything again (nothing is known), and records it
    _untranslate(built)
    (skipped,) = build(Project.load(built), day=DAY).skipped
    assert sorted(p.relative_to(built / "build").as_posix() for p in skipped.removed) == sorted(FILES)


def test_a_record_that_cannot_be_written_is_one_line_and_a_failing_exit(built: Path,
                                                                         run_cli: Callable[..., Result]) -> None:
    record = built / ".transmgr" / RECORD_FILE
    record.unlink()
    record.mkdir()  # nothing can be written there (a read-only folder does the same, but not for root)
    (built / "source" / "doc.md").write_text(DOC + "\nOne more paragraph.\n", encoding="utf-8")
    result = run_cli("build", "--project", built)
    assert result.exit_code not in (0, 70), result.output
    lines = [line for line in result.output.splitlines() if line.startswith("transmgr: error:")]
    assert len(lines) == 1 and "cannot write the build record" in lines[0] and RECORD_FILE in lines[0]
    assert "Traceback" not in result.output and "internal error" not in result.output
