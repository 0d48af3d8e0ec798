"""The init, extract, update and status commands as a user runs them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from transmgr.config import load_config

DOC = "# Hello\n\nA first paragraph.\n\nA second paragraph.\n"


def test_init_creates_a_minimal_valid_project(tmp_path: Path, run_cli: Callable[..., object]) -> None:
    root = tmp_path / "p"
    result = run_cli("init", "--project", root, "--languages", "be,uk")
    assert result.exit_code == 0, result.output
    assert (root / "transmgr.toml").read_text() == 'source_language = "en"\nlanguages = ["be", "uk"]\n'
    assert (root / "source").is_dir() and (root / "locales").is_dir()
    assert "build/" in (root / ".gitignore").read_text()
    config = load_config(root)
    assert config.languages == ("be", "uk") and config.segmentation == "paragraph"
    again = run_cli("init", "--project", root, "--languages", "be")
    assert again.exit_code != 0 and "already exists" in again.output


def test_init_into_pyproject(tmp_path: Path, run_cli: Callable[..., object]) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    result = run_cli("init", "--project", tmp_path, "--languages", "ru", "--pyproject")
    assert result.exit_code == 0, result.output
    assert load_config(tmp_path).languages == ("ru",)
    assert '[project]\nname = "x"' in (tmp_path / "pyproject.toml").read_text()


def test_init_refuses_unknown_language_and_writes_nothing(tmp_path: Path, run_cli: Callable[..., object]) -> None:
    result = run_cli("init", "--project", tmp_path / "p", "--languages", "be,xx")
    assert result.exit_code == 2
    assert "unknown language code 'xx'" in result.output
    assert not (tmp_path / "p" / "transmgr.toml").exists()


def test_update_then_status_json(make_project: Callable[..., Path], run_cli: Callable[..., object]) -> None:
    root = make_project({"doc.md": DOC})
    result = run_cli("update", "--project", root)
    assert result.exit_code == 0, result.output
    assert "locales/be/LC_MESSAGES/doc.po: created" in result.output
    status = run_cli("status", "--project", root, "--json")
    rows = json.loads(status.output)
    assert [(r["doc"], r["lang"]) for r in rows] == [("doc", "be"), ("doc", "ru")]
    assert rows[0]["segments"]["untranslated"] == 3 and rows[0]["total_words"] == 7
    assert rows[0]["percent_done"] == 0.0
    table = run_cli("status", "--project", root)
    assert "untranslated" in table.output and "doc" in table.output


def test_extract_json_and_unchanged_second_run(make_project: Callable[..., Path], run_cli: Callable[..., object]) -> None:
    root = make_project({"doc.md": DOC, "notes.txt": "Plain text.\n"})
    first = json.loads(run_cli("extract", "--project", root, "--json").output)
    assert [(r["doc"], r["entries"], r["written"]) for r in first] == [("doc", 3, True), ("notes", 1, True)]
    second = json.loads(run_cli("extract", "--project", root, "--json").output)
    assert all(not r["written"] for r in second)


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ('source_language = "en"\nlanguages = ["be"]\nlanguagez = 1\n', "transmgr.toml:3: unknown key 'languagez' (did you mean 'languages'?)"),
        ('source_language = "en"\nlanguages = ["be", "zz"]\n', "transmgr.toml:2: unknown language code 'zz'"),
        ('languages = ["be"]\n', "missing key 'source_language'"),
        ('source_language = "en"\nlanguages = []\n', "transmgr.toml:2: 'languages' must be a non-empty list"),
        ('source_language = "en"\nlanguages = ["be"]\nsegmentation = "word"\n', "transmgr.toml:3: segmentation must be one of"),
        ('source_language = "en"\nlanguages = ["be"\n', "invalid TOML"),  # tomllib says line 2, tomli line 3
        ('source_language = "en"\nlanguages = ["be"]\n[build]\nthreshold = 120\n', "a threshold is a percentage"),
        ('source_language = "en"\nlanguages = ["be"]\n[engines.libre]\nurl = "ftp://x"\n', "engines.libre.url must be an http(s) URL"),
        ('source_language = "en"\nlanguages = ["be"]\n[build]\nthreshold = nan\n', "transmgr.toml:4: 'threshold' must be a number"),
        ('source_language = "en"\nlanguages = ["be"]\n[build]\nformats = []\n', "transmgr.toml:4: build.formats must be a list"),
        ('source_language = "en"\nlanguages = ["be"]\n[checks]\nmin_length_ratio = 3\n', "min_length_ratio must be below"),
        ('source_language = "en"\nlanguages = ["be"]\nbuild_dir = "source"\n', "transmgr.toml:3: 'source_dir' and 'build_dir' overlap"),
        ('source_language = "en"\nlanguages = ["be"]\nlocales_dir = "."\n', "'locales_dir' cannot be the project folder"),
        ('source_language = "en"\nlanguages = ["und"]\n', "unknown language code 'und'"),
        ('source_language = "en"\nlanguages = ["be.UTF-8"]\n', "unknown language code 'be.UTF-8'"),
    ],
)
def test_bad_configuration_is_one_line_error(
    tmp_path: Path, run_cli: Callable[..., object], config: str, expected: str
) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "transmgr.toml").write_text(config)
    result = run_cli("status", "--project", tmp_path)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("transmgr: error: ")
    assert expected in lines[0]
    assert re.search(r"transmgr\.toml(:\d+)?: ", lines[0])


def test_pyproject_without_a_tool_table_is_no_crash(tmp_path: Path, run_cli: Callable[..., object]) -> None:
    (tmp_path / "pyproject.toml").write_text('tool = "x"\n')
    result = run_cli("status", "--project", tmp_path)
    assert result.exit_code == 2 and "no transmgr configuration found" in result.output


def test_no_configuration(tmp_path: Path, run_cli: Callable[..., object]) -> None:
    result = run_cli("update", "--project", tmp_path)
    assert result.exit_code == 2 and "no transmgr configuration found" in result.output and "transmgr init" in result.output


def test_unknown_language_and_document_options(make_project: Callable[..., Path], run_cli: Callable[..., object]) -> None:
    root = make_project({"doc.md": DOC})
    bad_lang = run_cli("status", "--project", root, "--lang", "uk")
    assert bad_lang.exit_code == 2 and "'uk' is not one of this project's languages" in bad_lang.output
    bad_doc = run_cli("update", "--project", root, "--doc", "nope")
    assert bad_doc.exit_code == 2 and "no source document named 'nope'" in bad_doc.output


def test_non_utf8_source_is_one_line_error(make_project: Callable[..., Path], run_cli: Callable[..., object]) -> None:
    root = make_project({})
    (root / "source" / "doc.md").write_bytes("# Заголовок\n".encode("cp1251"))
    result = run_cli("update", "--project", root)
    assert result.exit_code == 2
    assert "source/doc.md:1: not UTF-8" in result.output
    assert not (root / "locales").exists()


def test_malformed_po_via_cli_changes_nothing(make_project: Callable[..., Path], run_cli: Callable[..., object]) -> None:
    root = make_project({"doc.md": DOC})
    run_cli("update", "--project", root)
    po = root / "locales" / "be" / "LC_MESSAGES" / "doc.po"
    po.write_text(po.read_text() + 'msgid "x"\n', encoding="utf-8")
    before = po.read_bytes()
    result = run_cli("update", "--project", root)
    assert result.exit_code == 2
    assert f"{po}:" in result.output and "missing msgstr" in result.output
    assert po.read_bytes() == before


def test_python_m_transmgr_and_console_script_run(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "transmgr", "--help"], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": ""})
    assert done.returncode == 0 and "update" in done.stdout


@pytest.mark.parametrize("languages", ['be"x', "be\\", "xx", "und"])
def test_init_with_a_bad_code_creates_nothing(tmp_path: Path, run_cli: Callable[..., object], languages: str) -> None:
    result = run_cli("init", "--project", tmp_path / "new", "--languages", languages)
    assert result.exit_code == 2 and "language code" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "new").exists()


def test_init_refuses_unreadable_files_before_writing(tmp_path: Path, run_cli: Callable[..., object]) -> None:
    (tmp_path / ".gitignore").write_bytes(b"build/\n\xff junk\n")
    result = run_cli("init", "--project", tmp_path, "--languages", "be")
    assert result.exit_code == 2 and ".gitignore: not UTF-8" in result.output
    assert not (tmp_path / "transmgr.toml").exists() and not (tmp_path / "source").exists()
    other = tmp_path / "other"
    other.mkdir()
    (other / "pyproject.toml").write_text("[project\n")
    result = run_cli("init", "--project", other, "--languages", "be", "--pyproject")
    assert result.exit_code == 2 and "invalid TOML" in result.output
    assert (other / "pyproject.toml").read_text() == "[project\n"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["check", "--format", "xml"], "Invalid value for '--format'"),
        (["status", "--bogus"], "--bogus"),
        (["nosuch"], "No such command 'nosuch'"),
    ],
)
def test_usage_errors_are_one_line_from_the_real_command(tmp_path: Path, args: list[str], words: str) -> None:
    done = subprocess.run([sys.executable, "-m", "transmgr", *args], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("transmgr: error: ") and words in lines[0] and "--help" in lines[0]


def test_two_documents_with_one_name_are_refused(make_project: Callable[..., Path], run_cli: Callable[..., object]) -> None:
    root = make_project({"doc.md": DOC, "doc.txt": "Plain.\n"})
    result = run_cli("update", "--project", root)
    assert result.exit_code == 2 and "two source documents are named 'doc'" in result.output


def test_a_bad_value_in_the_second_engine_table_names_its_own_line(tmp_path: Path, run_cli: Callable[..., object]) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "transmgr.toml").write_text(
        'source_language = "en"\nlanguages = ["be"]\n\n[engines.libre]\ntimeout = 5\n\n[engines.google]\ntimeout = -1\n'
    )
    result = run_cli("status", "--project", tmp_path)
    assert result.exit_code == 2 and "transmgr.toml:8: 'timeout' must be a number" in result.output
