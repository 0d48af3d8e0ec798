"""Golden files: the fixture project's every edition compared byte for byte with tests/fixtures/editions/expected.

Regenerate after an intended change with ``TRANSMGR_UPDATE_GOLDEN=1 pytest tests/editions/test_golden.py``
and read the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import DAY
from tests.conftest import EDITION_FIXTURES as FIXTURES
from transmgr.workflows import Project
from transmgr.workflows.build import build

EXPECTED = FIXTURES / "expected"
UPDATE = bool(os.environ.get("TRANSMGR_UPDATE_GOLDEN"))


def _text_outputs(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix != ".mo"
    }


@pytest.fixture
def built(fixture_project: Path) -> dict[str, bytes]:
    build(Project.load(fixture_project), day=DAY)
    outputs = _text_outputs(fixture_project / "build")
    if UPDATE:
        for rel, data in outputs.items():
            target = EXPECTED / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    return outputs


GOLDEN = sorted(_text_outputs(EXPECTED)) if EXPECTED.is_dir() else []


def test_builds_exactly_the_expected_files(built: dict[str, bytes]) -> None:
    assert sorted(built) == GOLDEN


@pytest.mark.parametrize("rel", GOLDEN)
def test_edition_matches_golden_file(built: dict[str, bytes], rel: str) -> None:
    expected = (EXPECTED / rel).read_bytes()
    assert built[rel].decode("utf-8") == expected.decode("utf-8"), f"{rel} differs from its golden file"


def test_the_lean_catalog_read_builds_what_the_full_read_builds(fixture_project: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A build reads catalogs by the lean read (strings and states only); every file it writes, MO
    files included, is the one a build reading them in full writes, for the fixture project and the
    essay (reviewed, stale, draft and untranslated entries; a catalog of another layout is read in full
    either way)."""
    import shutil

    import transmgr.workflows.build.builder as builder_module

    root = Path(__file__).resolve().parents[3]
    essay = tmp_path / "essay"
    shutil.copytree(root / "source", essay / "source")
    shutil.copytree(root / "locales", essay / "locales")
    shutil.copy(root / "pyproject.toml", essay / "pyproject.toml")  # its [tool.transmgr] tables
    for project in (fixture_project, essay):
        build(Project.load(project), day=DAY)
        lean = {p.relative_to(project / "build").as_posix(): p.read_bytes()
                for p in sorted((project / "build").rglob("*")) if p.is_file()}
        shutil.rmtree(project / "build")
        shutil.rmtree(project / ".transmgr")
        with monkeypatch.context() as patched:
            patched.setattr(builder_module, "lookup", lambda path: None)
            build(Project.load(project), day=DAY)
        full = {p.relative_to(project / "build").as_posix(): p.read_bytes()
                for p in sorted((project / "build").rglob("*")) if p.is_file()}
        assert any(rel.endswith(".mo") for rel in lean) and lean == full, project.name
