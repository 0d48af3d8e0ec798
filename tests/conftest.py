"""Shared fixtures: small projects in tmp_path, the CLI runner, and real gettext validation."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from transmgr.catalog import accept, read_catalog, set_draft, set_translation, write_catalog
from transmgr.cli import cli
from transmgr.workflows import Project, update

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"


def shared_corpus(*parts: str) -> Path:
    """A path in ../shared/corpus, or a skip with a clear reason when the corpus is absent."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs ../shared/corpus/{'/'.join(parts)} (not present in this clone)")
    return path


def msgfmt_check(path: Path) -> None:
    """Assert that GNU msgfmt accepts ``path`` with -c --check-format."""
    if shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext's msgfmt is not installed (apt-get install gettext)")
    done = subprocess.run(
        ["msgfmt", "-c", "--check-format", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0, f"msgfmt -c rejects {path}:\n{done.stderr}"


@pytest.fixture(autouse=True)
def _default_process_settings() -> Iterator[None]:
    """Every test starts with the settings a project without [limits] or [word] gives the process
    (Project.load sets them for the process, as the CLI does once per run)."""
    from transmgr.formats.limits import configure_limits
    from transmgr.formats.word.package import configure_code_styles

    yield
    configure_limits(source_mb=10.0, part_mb=100.0)
    configure_code_styles(None)


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """Create a project: ``make_project({"doc.md": "..."}, languages=["be", "ru"])`` -> its root."""

    def make(
        sources: dict[str, str] | None = None,
        *,
        languages: tuple[str, ...] | list[str] = ("be", "ru"),
        source_language: str = "en",
        extra: str = "",
        root: Path | None = None,
    ) -> Path:
        root = root or tmp_path / "project"
        (root / "source").mkdir(parents=True, exist_ok=True)
        langs = ", ".join(f'"{lang}"' for lang in languages)
        (root / "transmgr.toml").write_text(
            f'source_language = "{source_language}"\nlanguages = [{langs}]\n{extra}', encoding="utf-8"
        )
        for name, text in (sources or {}).items():
            path = root / "source" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    return make


@pytest.fixture
def run_cli() -> Callable[..., Result]:
    """Run the CLI in-process: ``run_cli("status", "--project", root)``; exceptions are not swallowed."""
    runner = CliRunner()

    def run(*args: object, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(cli, [str(a) for a in args], input=input, env=env, catch_exceptions=False)

    return run


# -- projects with translations (the edition and build tests) ------------------------------------------

EDITION_FIXTURES = FIXTURES / "editions"  # the small fixture project: two documents, be (partly done), uk, en
DAY = dt.date(2026, 11, 18)  # the build date of the golden editions


@pytest.fixture
def fixture_project(tmp_path: Path) -> Path:
    """The project in tests/fixtures/editions: two documents, be (partly done), uk, en (source)."""
    root = tmp_path / "project"
    shutil.copytree(EDITION_FIXTURES / "source", root / "source")
    shutil.copytree(EDITION_FIXTURES / "locales", root / "locales")
    (root / "transmgr.toml").write_text(
        'source_language = "en"\nlanguages = ["be", "uk", "en"]\n\n[build]\nthreshold = 50\n', encoding="utf-8"
    )
    return root


@pytest.fixture
def translate_project(make_project: Callable[..., Path]) -> Callable[..., Path]:
    """A project whose catalogs hold given translations: ``translate_project(doc_text, {"be": {msgid: msgstr}})``.

    A msgstr given as ``("text", "draft")`` becomes a draft; ``("text", "reviewed")`` is reviewed.
    """

    def make(text: str, translations: dict[str, dict[str, object]], *, languages: tuple[str, ...] = ("be",),
             extra: str = "", name: str = "doc.md") -> Path:
        root = make_project({name: text}, languages=languages, extra=extra)
        update(Project.load(root))
        stem = name.rsplit(".", 1)[0]
        for lang, table in translations.items():
            path = root / "locales" / lang / "LC_MESSAGES" / f"{stem}.po"
            catalog = read_catalog(path)
            for entry in list(catalog):
                if entry.msgid not in table:
                    continue
                value = table[entry.msgid]
                msgstr, state = value if isinstance(value, tuple) else (value, "translated")
                if state == "draft":
                    changed = set_draft(entry, str(msgstr), "google", day=DAY)
                else:
                    changed = set_translation(entry, str(msgstr))
                    if state in ("reviewed", "stale"):
                        changed = accept(changed, "Tester", day=DAY)
                    if state == "stale":
                        changed = changed.changed(msgstr=str(msgstr) + " (edited)")
                catalog.put(changed, replacing=entry)
            write_catalog(catalog, path)
        return root

    return make
