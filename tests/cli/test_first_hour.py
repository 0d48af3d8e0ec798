"""The first hour: a chain step without its API key is skipped with one warning at its line, a language
without a chain gets a hint, a model server that is not running is one line, and check and build say
how many drafts they left out and the option that includes them."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.conftest import DAY
from transmgr.catalog import read_catalog, set_draft, set_translation, write_catalog
from transmgr.workflows import Project, update

DOC = "# Appeal\n\nThe war must stop.\n\nThere is no bottom in Belarus.\n\nWe ask for help.\n"


def transmgr(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(cwd), "TRANSMGR_REVIEWER": "Tester <t@example.org>"}
    return subprocess.run([sys.executable, "-m", "transmgr", *args], cwd=cwd, capture_output=True, text=True, env=env)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _project(make_project: Callable[..., Path], chains: str) -> Path:
    root = make_project({"doc.md": DOC}, languages=["be", "uk", "ru"], extra=chains)
    update(Project.load(root))
    return root


def test_a_step_without_its_key_is_skipped_with_one_warning_at_the_chain_line(make_project: Callable[..., Path]) -> None:
    root = _project(make_project, '\n[draft.chains]\nbe = ["memory", "deepl"]\nuk = ["memory"]\n')
    done = transmgr("draft", "--lang", "be", cwd=root)
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "'deepl'" in line]
    assert len(warnings) == 1
    assert "transmgr.toml:5: be: step 'deepl' skipped: engine 'deepl' (DeepL) needs an API key" in warnings[0]
    assert 'api_key_env = "DEEPL_API_KEY"' in warnings[0]
    assert "Traceback" not in done.stderr


def test_a_chain_of_only_a_keyless_step_is_still_an_error(make_project: Callable[..., Path]) -> None:
    root = _project(make_project, '\n[draft.chains]\nbe = ["deepl"]\n')
    done = transmgr("draft", "--lang", "be", cwd=root)
    assert done.returncode != 0 and "needs an API key" in done.stderr


def test_a_language_without_a_chain_gets_a_hint(make_project: Callable[..., Path]) -> None:
    root = _project(make_project, '\n[draft.chains]\nbe = ["memory"]\n')
    done = transmgr("draft", "--lang", "ru", cwd=root)
    assert done.returncode == 0, done.stderr
    assert "ru has no chain: drafts come from the translation memory only" in done.stderr
    assert 'ru = ["memory", "llm"] under [draft.chains]' in done.stderr


def test_a_model_server_that_is_not_running_is_one_line(make_project: Callable[..., Path]) -> None:
    port = _free_port()
    root = _project(make_project, f'\n[engines.llm]\nengine = "openai"\nbase_url = "http://127.0.0.1:{port}/v1"\n'
                                  f'model = "m"\nretries = 0\n\n[draft.chains]\nbe = ["memory", "llm"]\n')
    done = transmgr("draft", "--lang", "be", cwd=root)
    assert done.returncode == 1
    said = [line for line in (done.stdout + done.stderr).splitlines() if "cannot connect" in line]
    assert len(said) == 1, said
    assert f"is the server running? (base_url http://127.0.0.1:{port}/v1" in said[0]
    assert "segments: left untranslated" in said[0]


def test_check_and_build_say_how_many_drafts_they_left_out(make_project: Callable[..., Path]) -> None:
    root = _project(make_project, "")
    path = Project.load(root).po_path("be", "doc")
    catalog = read_catalog(path)
    units = [u for u in catalog if u.msgid]
    for number, unit in enumerate(units):
        changed = set_translation(unit, f"Пераклад {number}.") if number == 0 else set_draft(unit, f"Чарнавік {number}.",
                                                                                            "google", day=DAY)
        catalog.put(changed, replacing=unit)
    write_catalog(catalog, path)
    checked = transmgr("check", "--lang", "be", cwd=root)
    assert "1 entry checked" in checked.stdout
    assert f"{len(units) - 1} drafts not checked" in checked.stdout and "transmgr check --drafts" in checked.stdout
    built = transmgr("build", "--lang", "be", cwd=root)
    assert f"{len(units) - 1} drafts left out, awaiting review ('transmgr build --include-drafts' publishes them)" \
        in built.stdout + built.stderr


def test_update_and_status_count_entries_and_segments_alike(make_project: Callable[..., Path]) -> None:
    """A repeated paragraph is one PO entry and two segments: both commands give both, labelled."""
    root = make_project({"doc.md": "# Notes\n\nSee also.\n\nFirst part.\n\nSee also.\n"}, languages=["be"])
    done = transmgr("update", cwd=root)
    assert done.returncode == 0, done.stderr
    assert "created; 3 entries for 4 segments (a repeated one is one entry): 0 kept, 0 fuzzy, 3 new" in done.stdout
    table = transmgr("status", cwd=root).stdout.splitlines()
    header = table[0].split()
    row = dict(zip(header, table[2].split()))
    assert (row["entries"], row["segments"], row["untranslated"]) == ("3", "4", "4/7w")
    [as_json] = json.loads(transmgr("status", "--json", cwd=root).stdout)
    assert (as_json["entries"], as_json["total_segments"]) == (3, 4)
    [updated] = json.loads(transmgr("update", "--json", cwd=root).stdout)["catalogs"]
    assert (updated["entries"], updated["segments"], updated["new"]) == (3, 4, 0)
