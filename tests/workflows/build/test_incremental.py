"""A rebuild skips the documents whose source, catalogs and settings have not changed, and only those."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tests.conftest import DAY
from transmgr.workflows import Project
from transmgr.workflows.build import BuildResult, build


def _build(root: Path, **options: object) -> BuildResult:
    return build(Project.load(root), day=DAY, **options)  # type: ignore[arg-type]


def _outputs(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root / "build")): p.read_bytes() for p in sorted((root / "build").rglob("*")) if p.is_file()}


def _summary(result: BuildResult) -> list[tuple[object, ...]]:
    """Everything a user sees of each edition, except what this run wrote."""
    return [dataclasses.astuple(dataclasses.replace(e, written=(), removed=())) for e in result.editions]


@pytest.fixture
def built(fixture_project: Path) -> tuple[Path, BuildResult]:
    return fixture_project, _build(fixture_project)


def test_a_rebuild_with_nothing_changed_writes_nothing_and_reports_the_same(built: tuple[Path, BuildResult]) -> None:
    root, first = built
    before = _outputs(root)
    stamps = {p: p.stat().st_mtime_ns for p in (root / "build").rglob("*") if p.is_file()}
    again = _build(root)
    assert _summary(again) == _summary(first)
    assert again.written == ()
    assert _outputs(root) == before
    assert {p: p.stat().st_mtime_ns for p in (root / "build").rglob("*") if p.is_file()} == stamps


def test_an_edited_catalog_rebuilds_its_document_only(built: tuple[Path, BuildResult]) -> None:
    root, _ = built
    po = next((root / "locales" / "be" / "LC_MESSAGES").glob("*.po"))
    text = po.read_text(encoding="utf-8")
    first_msgstr = next(line for line in text.splitlines() if line.startswith('msgstr "') and line != 'msgstr ""')
    po.write_text(text.replace(first_msgstr, first_msgstr[:-1] + ' (edited)"', 1), encoding="utf-8")
    again = _build(root)
    touched = {Path(p).name.split(".")[0] for p in again.written if not p.name.startswith("index")}
    assert touched == {po.stem}
    fresh_root = root.parent / "fresh"
    fresh_root.mkdir()
    for folder in ("source", "locales"):
        (fresh_root / folder).symlink_to(root / folder)
    (fresh_root / "transmgr.toml").write_text((root / "transmgr.toml").read_text(encoding="utf-8"), encoding="utf-8")
    _build(fresh_root)
    assert _outputs(fresh_root) == _outputs(root)  # what a build from nothing makes


@pytest.mark.parametrize("change", ["source", "setting", "deleted output", "edited output"])
def test_what_editions_are_made_from_is_noticed(built: tuple[Path, BuildResult], change: str) -> None:
    root, _ = built
    doc = sorted((root / "source").glob("*.md"))[0]
    edition = root / "build" / "be" / f"{doc.stem}.html"
    if change == "source":
        doc.write_text(doc.read_text(encoding="utf-8") + "\nA new closing paragraph.\n", encoding="utf-8")
    elif change == "setting":
        config = root / "transmgr.toml"
        config.write_text(config.read_text(encoding="utf-8").replace("threshold = 50", "threshold = 10"),
                          encoding="utf-8")
    elif change == "deleted output":
        edition.unlink()
    else:
        edition.write_text("<p>edited by hand</p>", encoding="utf-8")
    again = _build(root)
    if change == "setting":  # the results are those of the new settings, not the recorded ones
        assert {e.threshold for e in again.editions} == {10.0}
    else:
        assert edition in again.written
    assert b"edited by hand" not in edition.read_bytes()


def test_other_formats_or_languages_are_not_taken_from_the_record(built: tuple[Path, BuildResult]) -> None:
    root, first = built
    only_md = _build(root, formats=["md"], langs=["be"])
    assert {e.lang for e in only_md.editions} == {"be"}
    assert all(p.suffix == ".md" for e in only_md.editions for p in e.files)
    assert _summary(_build(root)) == _summary(first)


def test_worker_processes_build_what_one_process_builds(
    fixture_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import shutil

    import transmgr.workflows.build.run as build_module

    twin = tmp_path / "twin"
    shutil.copytree(fixture_project, twin)
    monkeypatch.setattr(build_module, "PARALLEL_FROM", 99)
    alone = _build(fixture_project)
    monkeypatch.setattr(build_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(build_module, "_workers", lambda count: 2)
    together = _build(twin)
    assert _outputs(twin) == _outputs(fixture_project)
    assert [(e.doc, e.lang, e.built, e.percent, e.words, [p.name for p in e.files], len(e.written))
            for e in together.editions] == \
        [(e.doc, e.lang, e.built, e.percent, e.words, [p.name for p in e.files], len(e.written))
         for e in alone.editions]
    assert sorted(p.name for p in together.pages) == sorted(p.name for p in alone.pages)


def test_files_that_look_as_recorded_are_not_read_again_and_a_same_size_edit_is_seen(
        built: tuple[Path, BuildResult], monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild takes a document's key from the record when its files have the inode, size and time
    the record saw (nothing read); a catalog edited to the same size has another time: rebuilt."""
    from transmgr.workflows.build import builder

    root, _ = built
    read: list[Path] = []
    original = builder._read_or_none
    monkeypatch.setattr(builder, "_read_or_none", lambda path: read.append(path) or original(path))
    again = _build(root)
    assert again.written == () and read == []
    po = next((root / "locales" / "be" / "LC_MESSAGES").glob("*.po"))
    text = po.read_text(encoding="utf-8")
    first_msgstr = next(line for line in text.splitlines() if line.startswith('msgstr "') and len(line) > 12)
    letter = first_msgstr[-3]
    other = next(c for c in "ЖжXx" if c != letter and len(c.encode()) == len(letter.encode()))
    po.write_text(text.replace(first_msgstr, first_msgstr[:-3] + other + first_msgstr[-2:], 1), encoding="utf-8")
    assert len(po.read_bytes()) == len(text.encode("utf-8"))
    edited = _build(root)
    assert {Path(p).name.split(".")[0] for p in edited.written if not p.name.startswith("index")} == {po.stem}
    assert po in read


def test_the_index_stands_when_nothing_changed_and_follows_a_removed_document(built: tuple[Path, BuildResult]) -> None:
    root, _ = built
    index = root / "build" / "index.html"
    stamp = index.stat().st_mtime_ns
    again = _build(root)
    assert index in again.pages and index.stat().st_mtime_ns == stamp
    gone = sorted((root / "source").glob("*.md"))[0]
    gone.unlink()
    after = _build(root)
    assert index in after.written and f"{gone.stem}.html" not in index.read_text(encoding="utf-8")


def test_a_document_with_no_translation_published_is_not_built_again(
        fixture_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No parallel page (nothing beside the source): the record must not expect one, or every rebuild
    would build the document again."""
    from transmgr.workflows.build.builder import Builder

    config = fixture_project / "transmgr.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("threshold = 50", "threshold = 100"),
                      encoding="utf-8")
    first = _build(fixture_project)
    assert not (fixture_project / "build" / "notes.parallel.html").exists()
    assert all(p.is_file() for p in first.pages)
    built: list[str] = []
    original = Builder.build_document
    monkeypatch.setattr(Builder, "build_document", lambda self, doc, langs: built.append(doc.name) or original(
        self, doc, langs))
    again = _build(fixture_project)
    assert again.written == () and built == []


@pytest.mark.parametrize("name", ["doc.html", "doc-0001.parallel.html", "Заява.md", "a b.txt", ".hidden", "x..y"])
def test_the_paths_a_rebuild_makes_from_its_record_are_the_joined_ones(tmp_path: Path, name: str) -> None:
    """A rebuild joins each recorded file's name to its folder's path by pathlib's own cheaper way;
    the path is the one ``folder / name`` gives in every respect a caller sees."""
    from transmgr.workflows.build.model import child_path

    folder = tmp_path / "build" / "be"
    made, joined = child_path(folder, name), folder / name
    assert (made, str(made), made.parts, made.name, made.suffix, made.parent, hash(made)) == (
        joined, str(joined), joined.parts, joined.name, joined.suffix, joined.parent, hash(joined))
    assert child_path(folder, "../x") == folder / "../x" and child_path(folder, "..") == folder / ".."


def test_the_signature_reads_the_files_a_key_is_made_from(built: tuple[Path, BuildResult]) -> None:
    """The signature names its files as strings; they are the files of the key (the source and every
    language's catalog), so touching any one of them changes it."""
    import os

    from transmgr.workflows.build.builder import Builder

    root, _ = built
    project = Project.load(root)
    builder = Builder(project, ("html",), False, "fallback", DAY)
    doc = project.documents(None)[0]
    langs = tuple(project.config.languages)
    before = builder.input_signature(doc, langs)
    for path in builder._inputs(doc):
        if path.exists():
            stat = path.stat()
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
            assert builder.input_signature(doc, langs) != before, path
            before = builder.input_signature(doc, langs)
