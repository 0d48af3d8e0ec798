"""What a new user ran into: commands from a subfolder, files silently skipped, one broken catalog
stopping every build, an interactive review without a terminal, language codes written otherwise."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from transmgr.catalog import read_catalog, set_translation, write_catalog
from transmgr.workflows import Project, update

DOC = "# Appeal\n\nThe war must stop.\n\nThere is no bottom in Belarus.\n"


def _project(make_project: Callable[..., Path], **kwargs: object) -> Path:
    root = make_project({"doc.md": DOC}, languages=["be", "ru"], **kwargs)
    update(Project.load(root))
    return root


def _translate(root: Path, lang: str) -> None:
    path = Project.load(root).po_path(lang, "doc")
    catalog = read_catalog(path)
    for unit in list(catalog):
        if unit.msgid:
            catalog.put(set_translation(unit, f"[{lang}] {unit.msgid}"), replacing=unit)
    write_catalog(catalog, path)


def transmgr(*args: str, cwd: Path, stdin: int | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "transmgr", *args], cwd=cwd, capture_output=True, text=True,
                          stdin=stdin)


def test_commands_find_the_project_from_a_subfolder(make_project: Callable[..., Path]) -> None:
    root = _project(make_project)
    done = transmgr("status", "--json", cwd=root / "locales" / "be")
    assert done.returncode == 0, done.stderr
    assert {row["lang"] for row in json.loads(done.stdout)} == {"be", "ru"}


def test_files_update_does_not_read_are_named(make_project: Callable[..., Path]) -> None:
    root = _project(make_project)
    (root / "source" / "notes.odt").write_bytes(b"PK")
    (root / "essay.md").write_text("# Left in the project folder\n", encoding="utf-8")
    (root / "README.md").write_text("# About this project\n", encoding="utf-8")
    done = transmgr("update", cwd=root)
    assert done.returncode == 0
    assert "skipped source/notes.odt: not a type transmgr reads" in done.stderr
    assert "skipped essay.md: documents are read from source/ only" in done.stderr
    assert "README.md" not in done.stderr


def test_a_broken_catalog_stops_only_its_own_edition(make_project: Callable[..., Path], run_cli: Callable[..., object]) -> None:
    root = _project(make_project, extra="[build]\nthreshold = 0\n")
    _translate(root, "be")
    ru = Project.load(root).po_path("ru", "doc")
    ru.write_text(ru.read_text(encoding="utf-8") + '\nmsgid "unterminated\n', encoding="utf-8")
    only_be = run_cli("build", "--project", root, "--lang", "be")
    assert only_be.exit_code == 0, only_be.output  # type: ignore[attr-defined]
    assert (root / "build" / "be" / "doc.html").is_file()
    everything = run_cli("build", "--project", root)
    assert everything.exit_code == 1  # type: ignore[attr-defined]
    assert "ru/doc: skipped: its catalog cannot be read" in everything.stdout  # type: ignore[attr-defined]
    assert "be/doc: " in everything.stdout and "1 edition(s) not built" in everything.stderr  # type: ignore[attr-defined]


def test_no_parallel_page_or_index_link_for_a_document_without_an_edition(make_project: Callable[..., Path],
                                                                          run_cli: Callable[..., object]) -> None:
    root = _project(make_project)  # nothing translated: every language is below the 80% threshold
    result = run_cli("build", "--project", root)
    assert result.exit_code == 0
    assert not (root / "build" / "doc.parallel.html").exists()
    assert "doc.parallel.html" not in (root / "build" / "index.html").read_text(encoding="utf-8")
    _translate(root, "be")
    run_cli("build", "--project", root)
    assert "doc.parallel.html" in (root / "build" / "index.html").read_text(encoding="utf-8")


def test_an_interactive_review_without_a_terminal_refuses_before_drawing(make_project: Callable[..., Path]) -> None:
    root = _project(make_project)
    _translate(root, "be")
    done = transmgr("review", "be", cwd=root, stdin=subprocess.DEVNULL)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "needs a terminal" in done.stderr


def test_language_codes_written_otherwise_and_did_you_mean(make_project: Callable[..., Path],
                                                            run_cli: Callable[..., object]) -> None:
    root = _project(make_project)
    for code in ("BE", "be_BY", "be-by"):
        result = run_cli("status", "--project", root, "--lang", code, "--json")
        assert result.exit_code == 0 and {r["lang"] for r in json.loads(result.stdout)} == {"be"}  # type: ignore[attr-defined]
    wrong = run_cli("status", "--project", root, "--lang", "bee")
    assert wrong.exit_code == 2 and "did you mean 'be'?" in wrong.output  # type: ignore[attr-defined]
    engine = run_cli("draft", "--project", root, "--lang", "be", "--engine", "gogle")
    assert engine.exit_code == 2 and "did you mean 'google'?" in engine.output  # type: ignore[attr-defined]


def test_json_is_one_flag_everywhere(make_project: Callable[..., Path], run_cli: Callable[..., object]) -> None:
    root = _project(make_project)
    _translate(root, "be")
    as_flag = run_cli("check", "--project", root, "--json")
    as_format = run_cli("check", "--project", root, "--format", "json")
    assert json.loads(as_flag.stdout) == json.loads(as_format.stdout)  # type: ignore[attr-defined]


def test_one_more_word_is_singular(make_project: Callable[..., Path], run_cli: Callable[..., object]) -> None:
    root = make_project({"doc.md": "# Appeal\n\nStop.\n\n" + " ".join(["word"] * 98) + ".\n"}, languages=["be"],
                        extra="[build]\nthreshold = 99.5\n")
    update(Project.load(root))
    path = Project.load(root).po_path("be", "doc")
    catalog = read_catalog(path)
    for unit in list(catalog):
        if unit.msgid and unit.msgid != "Stop.":
            catalog.put(set_translation(unit, "пераклад"), replacing=unit)
    write_catalog(catalog, path)
    result = run_cli("build", "--project", root, "--lang", "be")
    assert "(1 more word to translate)" in result.output  # type: ignore[attr-defined]


def test_a_renamed_documents_old_editions_go_and_a_copied_project_keeps_its_record(
        make_project: Callable[..., Path], run_cli: Callable[..., object], tmp_path: Path) -> None:
    import shutil

    root = _project(make_project, extra="[build]\nthreshold = 0\n")
    run_cli("build", "--project", root)
    assert (root / "build" / "be" / "doc.html").is_file()
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    config = copy / "transmgr.toml"
    config.write_text(config.read_text().replace("threshold = 0", "threshold = 100"))  # every edition must go
    again = run_cli("build", "--project", copy)
    assert "removed the outdated build/be/doc.md" in again.output and "kept" not in again.output  # type: ignore[attr-defined]
    run_cli("rename", "--project", root, "doc", "appeal")
    result = run_cli("build", "--project", root)
    assert "removed build/be/doc.html (its document is no longer in the project)" in result.output  # type: ignore[attr-defined]
    assert not (root / "build" / "be" / "doc.html").exists() and (root / "build" / "be" / "appeal.html").is_file()
    assert "doc.html" not in (root / "build" / "index.html").read_text(encoding="utf-8")


def test_more_of_what_a_new_user_met(make_project: Callable[..., Path], run_cli: Callable[..., object],
                                     tmp_path: Path) -> None:
    root = _project(make_project)
    typo = run_cli("updat", "--project", root)
    assert typo.exit_code == 2 and "Did you mean 'update'?" in typo.output  # type: ignore[attr-defined]
    for args in (("export", "be", "--xliff", str(tmp_path / "nowhere" / "be.xlf")),
                 ("memory", "export", "--tmx", str(tmp_path / "nowhere" / "tm.tmx"))):
        result = run_cli(*args, "--project", root)
        assert result.exit_code == 2 and "does not exist" in result.output, args  # type: ignore[attr-defined]
    assert not (tmp_path / "nowhere").exists()
    missing = run_cli("check", "--project", root, str(root / "locales" / "be" / "LC_MESSAGES" / "nothere.po"))
    assert missing.exit_code == 2 and "file not found" in missing.output  # type: ignore[attr-defined]
    empty = make_project({}, languages=["be"], root=tmp_path / "empty")
    status = run_cli("status", "--project", empty)
    assert "No documents in source/ yet" in status.output  # type: ignore[attr-defined]


def test_serve_on_a_busy_port_is_one_line(make_project: Callable[..., Path], run_cli: Callable[..., object]) -> None:
    import socket

    root = _project(make_project)
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        result = run_cli("serve", "--project", root, "--port", str(port))
    assert result.exit_code == 2 and f"cannot listen on 127.0.0.1:{port}" in result.output  # type: ignore[attr-defined]
