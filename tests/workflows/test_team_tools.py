"""Team tools around the PO files: the pre-commit hooks run by pre-commit itself, and the states
surviving the PO writers of Weblate (Translate Toolkit's pypo), gettext's msgcat and polib."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import msgfmt_check
from transmgr.catalog import State, accept, read_catalog, set_draft, set_translation, write_catalog
from transmgr.workflows import Project, update

ROOT = Path(__file__).resolve().parents[2]
DOC = "# Appeal\n\nThe war must stop.\n\nThere is no bottom in Belarus.\n\nPutin is the aggressor.\n"
ENV = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T",
       "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1", "PRE_COMMIT_HOME": ""}


@pytest.fixture
def catalog_path(make_project: Callable[..., Path]) -> Path:
    """A be catalog with one entry in each state that PO editors must keep."""
    root = make_project({"doc.md": DOC}, languages=["be"])
    project = Project.load(root)
    update(project)
    path = project.po_path("be", "doc")
    catalog = read_catalog(path)
    for unit in list(catalog):
        if unit.msgid == "The war must stop.":
            catalog.put(accept(set_translation(unit, "Вайна павінна спыніцца.", "translator"), "Ala <a@example.org>"),
                        replacing=unit)
        elif unit.msgid == "There is no bottom in Belarus.":
            catalog.put(set_draft(unit, "У Беларусі дна няма.", "google"), replacing=unit)
        elif unit.msgid == "Putin is the aggressor.":
            catalog.put(set_translation(unit, "Пуцін — агрэсар.", "translator"), replacing=unit)
    write_catalog(catalog, path)
    return path


def _states(path: Path) -> dict[str, tuple[State, str | None]]:
    return {u.msgid: (u.state, u.origin) for u in read_catalog(path) if u.msgid}


def test_weblates_po_writer_keeps_every_state_and_an_edit_there_turns_a_review_stale(catalog_path: Path) -> None:
    pypo = pytest.importorskip("translate.storage.pypo", reason="Translate Toolkit: Weblate's PO storage")
    before = _states(catalog_path)
    store = pypo.pofile.parsefile(str(catalog_path))
    store.savefile(str(catalog_path))  # what Weblate does to a file it saves untouched
    assert _states(catalog_path) == before
    store = pypo.pofile.parsefile(str(catalog_path))
    unit = next(u for u in store.units if u.source == "The war must stop.")
    unit.target = "Вайну трэба спыніць."  # a translator's edit in Weblate
    store.savefile(str(catalog_path))
    after = _states(catalog_path)
    assert after["The war must stop."][0] == State.STALE  # the stamp no longer matches: review again
    assert after["There is no bottom in Belarus."] == before["There is no bottom in Belarus."]
    msgfmt_check(catalog_path)


def test_msgcat_and_polib_keep_every_state(catalog_path: Path, tmp_path: Path) -> None:
    before = _states(catalog_path)
    if shutil.which("msgcat"):
        out = tmp_path / "msgcat.po"
        subprocess.run(["msgcat", "-o", str(out), str(catalog_path)], check=True)
        assert _states(out) == before
    polib = pytest.importorskip("polib")
    po = polib.pofile(str(catalog_path))
    po.save(str(tmp_path / "polib.po"))
    assert _states(tmp_path / "polib.po") == before
    po = polib.pofile(str(catalog_path))
    po.find("The war must stop.").msgstr = "Вайну трэба спыніць."  # Poedit-like edit through polib
    po.save(str(tmp_path / "edited.po"))
    assert _states(tmp_path / "edited.po")["The war must stop."][0] == State.STALE


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_pre_commit_hooks_stop_a_bad_catalog_and_an_outdated_one(catalog_path: Path) -> None:
    yaml = pytest.importorskip("yaml", reason="pre-commit (a test dependency) brings PyYAML")
    root = catalog_path.parents[3]
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    transmgr = str(Path(sys.executable).with_name("transmgr"))
    # The repository's own hook definitions, run as local hooks with this checkout's transmgr (pre-commit
    # would otherwise build an environment from the package index for them).
    local = [{**hook, "language": "system", "entry": hook["entry"].replace("transmgr", transmgr, 1)} for hook in hooks]
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{"repo": "local", "hooks": local}]}))
    env = {**ENV, "PRE_COMMIT_HOME": str(root.parent / "pre-commit-home")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), cwd=root, capture_output=True, text=True, env=env)

    run("git", "init", "-q", "-b", "main")
    run("git", "add", "-A")
    ok = run(sys.executable, "-m", "pre_commit", "run", "--all-files")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    catalog = read_catalog(catalog_path)
    for unit in list(catalog):
        if unit.msgid == "Putin is the aggressor.":
            catalog.put(set_translation(unit, "Путин — агрессор."), replacing=unit)  # Russian in a be catalog
    write_catalog(catalog, catalog_path)
    run("git", "add", "-A")
    bad = run(sys.executable, "-m", "pre_commit", "run", "transmgr-check", "--files", str(catalog_path))
    assert bad.returncode != 0 and "wrong-language" in bad.stdout
    (root / "source" / "doc.md").write_text(DOC + "\nA new paragraph.\n", encoding="utf-8")
    run("git", "add", "-A")
    outdated = run(sys.executable, "-m", "pre_commit", "run", "transmgr-update", "--files", "source/doc.md")
    assert outdated.returncode != 0 and "files were modified by this hook" in outdated.stdout
    assert read_catalog(catalog_path).find("A new paragraph.") is not None
