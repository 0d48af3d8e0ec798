"""A judge's verdicts survive the tools a team uses on PO files: gettext's msgcat and msgmerge, polib
(what Poedit-style editors and scripts write), and Translate Toolkit (Weblate's PO writer)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from transmgr.catalog import read_catalog
from transmgr.workflows import Project
from transmgr.workflows.assess import assess


def _verdicts(path: Path) -> dict[str, tuple[bool, tuple[tuple[str, str, str], ...]]]:
    return {u.msgid: (u.assessment.current, tuple((e.severity, e.category, e.span) for e in u.assessment.errors))
            for u in read_catalog(path) if u.msgid and u.assessment is not None}


@pytest.fixture
def assessed(assess_project: Path) -> tuple[Path, dict[str, tuple[bool, tuple[tuple[str, str, str], ...]]]]:
    assess(Project.load(assess_project), ["be"])
    path = Project.load(assess_project).po_path("be", "doc")
    verdicts = _verdicts(path)
    assert len(verdicts) == 4 and all(current for current, _ in verdicts.values())
    return path, verdicts


def _gettext(tool: str) -> Callable[..., None]:
    if shutil.which(tool) is None:
        pytest.skip(f"GNU gettext's {tool} is not installed (apt-get install gettext)")
    return lambda *args: subprocess.run([tool, *map(str, args)], check=True, capture_output=True)


def test_msgcat_and_msgmerge_keep_the_verdicts(assessed: tuple[Path, dict], tmp_path: Path) -> None:  # type: ignore[type-arg]
    path, verdicts = assessed
    _gettext("msgcat")(path, "-o", tmp_path / "cat.po")
    assert _verdicts(tmp_path / "cat.po") == verdicts
    pot = path.parents[2] / "doc.pot"
    _gettext("msgmerge")("--quiet", "--previous", "-o", tmp_path / "merged.po", path, pot)
    assert _verdicts(tmp_path / "merged.po") == verdicts


def test_polib_and_translate_toolkit_keep_the_verdicts(assessed: tuple[Path, dict], tmp_path: Path) -> None:  # type: ignore[type-arg]
    path, verdicts = assessed
    rewritten = polib.pofile(str(path))
    rewritten.save(str(tmp_path / "polib.po"))
    assert _verdicts(tmp_path / "polib.po") == verdicts
    from translate.storage import po as ttk

    store = ttk.pofile.parsefile(str(path))
    (tmp_path / "ttk.po").write_bytes(bytes(store))
    assert _verdicts(tmp_path / "ttk.po") == verdicts


def test_an_edit_by_another_tool_makes_the_verdict_stale(assessed: tuple[Path, dict]) -> None:  # type: ignore[type-arg]
    path, _ = assessed
    rewritten = polib.pofile(str(path))
    entry = rewritten.find("Nobody was arrested.")
    assert entry is not None
    entry.msgstr = "Нікога не арыштавалі."
    rewritten.save(str(path))
    stale = _verdicts(path)["Nobody was arrested."]
    assert stale[0] is False
