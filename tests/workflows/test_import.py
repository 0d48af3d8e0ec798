"""Importing a whole translated document aligned by structure."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from transmgr.catalog import State, accept, read_catalog, write_catalog
from transmgr.errors import SourceError
from transmgr.workflows import Project, update
from transmgr.workflows.importing import import_translation

SOURCE = "# Title\n\nFirst paragraph.\n\n- An item\n\n::: caption\nA caption\n:::\n"
TRANSLATED = "# Загаловак\n\nПершы абзац.\n\n- Пункт\n\n::: caption\nПодпіс\n:::\n"


@pytest.fixture
def root(make_project: Callable[..., Path], tmp_path: Path) -> Path:
    root = make_project({"doc.md": SOURCE}, languages=["be"])
    update(Project.load(root))
    (tmp_path / "be.md").write_text(TRANSLATED, encoding="utf-8")
    return root


def test_import_sets_translations_with_origin(root: Path, tmp_path: Path) -> None:
    project = Project.load(root)
    result = import_translation(project, "be", "doc", tmp_path / "be.md")
    assert result.imported == 4
    catalog = {e.msgid: e for e in read_catalog(project.po_path("be", "doc"))}
    assert catalog["First paragraph."].msgstr == "Першы абзац."
    assert catalog["A caption"].msgstr == "Подпіс"
    assert all(e.state is State.TRANSLATED for e in catalog.values())
    assert catalog["Title"].origin == "translator"
    again = import_translation(project, "be", "doc", tmp_path / "be.md")
    assert again.imported == 0 and again.unchanged == 4 and not again.written


def test_import_as_draft_and_reviewed_entries_are_kept(root: Path, tmp_path: Path) -> None:
    project = Project.load(root)
    import_translation(project, "be", "doc", tmp_path / "be.md")
    catalog = read_catalog(project.po_path("be", "doc"))
    catalog.put(accept(catalog[0], "R <r@example.org>"), replacing=catalog[0])
    write_catalog(catalog, project.po_path("be", "doc"))
    (tmp_path / "be2.md").write_text(TRANSLATED.replace("Загаловак", "Назва").replace("Першы", "Першы новы"),
                                     encoding="utf-8")
    result = import_translation(project, "be", "doc", tmp_path / "be2.md", origin="google", as_draft=True)
    assert result.kept == 1 and result.imported == 1
    states = {e.msgid: e.state for e in read_catalog(project.po_path("be", "doc"))}
    assert states["Title"] is State.REVIEWED and states["First paragraph."] is State.DRAFT


def test_structure_mismatch_names_the_block_and_writes_nothing(root: Path, tmp_path: Path) -> None:
    project = Project.load(root)
    po = project.po_path("be", "doc")
    before = po.read_bytes()
    bad = tmp_path / "bad.md"
    bad.write_text("# Загаловак\n\nПершы абзац.\n\nЛішні абзац.\n", encoding="utf-8")
    with pytest.raises(SourceError) as info:
        import_translation(project, "be", "doc", bad)
    assert str(info.value).startswith(f"{bad}:5: block 3 does not match the source")
    assert po.read_bytes() == before


def test_import_cli(root: Path, tmp_path: Path, run_cli: Callable[..., object]) -> None:
    result = run_cli("import", "--project", root, "be", tmp_path / "be.md", "--doc", "doc")
    assert result.exit_code == 0, result.output
    assert "4 imported" in result.output
    missing = run_cli("import", "--project", root, "be", tmp_path / "nope.md", "--doc", "doc")
    assert missing.exit_code == 2 and "nope.md" in missing.output and "not found" in missing.output


def test_import_refuses_when_the_catalog_is_older_than_the_source(root: Path, tmp_path: Path) -> None:
    project = Project.load(root)
    source = root / "source" / "doc.md"
    source.write_text(SOURCE.replace("First paragraph.", "First paragraph, edited."), encoding="utf-8")
    before = project.po_path("be", "doc").read_bytes()
    with pytest.raises(SourceError, match="run 'transmgr update' first"):
        import_translation(project, "be", "doc", tmp_path / "be.md")
    assert project.po_path("be", "doc").read_bytes() == before
