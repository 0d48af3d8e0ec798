"""Engine settings: every bad value is one configuration line named before anything is sent."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.engines.fake_services import FakeService
from transmgr.formats import MARKDOWN
from transmgr.workflows import Project, update

DOC = "# Title\n\nThe weather in Minsk is cold today.\n\nBelarusians use this expression every day.\n"

# (table, bad line, words the message must contain); every one used to pass validation and then
# crash the run with an internal error, hang, or be silently ignored.
BAD_SETTINGS = [
    ("google", 'url = "http://[::1/"', ["engines.google.url", "http://[::1/"]),
    ("google", 'url = "http:///translate"', ["engines.google.url", "host"]),
    ("google", 'url = "http://127.0.0.1:99999/"', ["engines.google.url", "port", "65535"]),
    ("google", 'codes = { be = ["x"] }', ["engines.google.codes", "be", "['x']"]),
    ("google", "codes = { be = { x = 1 } }", ["engines.google.codes", "be"]),
    ("google", 'codes = { be = "" }', ["engines.google.codes", "be"]),
    ("google", "backoff = nan", ["engines.google.backoff", "nan"]),
    ("google", "backoff = inf", ["engines.google.backoff", "inf"]),
    ("google", "backoff = -0.5", ["engines.google.backoff", "-0.5"]),
    ("google", "fail_after = 0", ["engines.google.fail_after", "0"]),
    ("google", "fail_after = -2", ["engines.google.fail_after", "-2"]),
    ("google", "max_chars = 10", ["engines.google.max_chars", "10"]),
    ("google", "batch_size = 10", ["engines.google.batch_size"]),
    ("google", 'via = "ru"', ["engines.google.via"]),
    ("google", 'region = "westeurope"', ["engines.google.region", "microsoft"]),
    ("office", "engine = 5", ["engines.office.engine", "5"]),
    ("office", 'engine = "gogle"', ["engines.office.engine", "gogle", "google"]),
]


def _project(make_project: Callable[..., Path], service: FakeService, table: str, line: str) -> tuple[Path, Path]:
    """A project drafting be with ``table``, whose table holds ``line`` (written after the catalogs exist);
    its root and its be catalog."""
    extra = (
        f'\n[draft.chains]\nbe = ["{table}"]\n\n'
        f'[engines.libre]\nurl = "{service.root("libre")}"\ntimeout = 2\nbackoff = 0.01\nfail_after = 3\n\n'
        f"[engines.{table}]\n"
        + ("" if line.startswith("url") else f'url = "{service.root("google")}"\n')
        + "retries = 0\n"
    )
    root = make_project({"doc.md": DOC}, languages=["be"], extra=extra)
    project = Project.load(root)
    update(project)
    with (root / "transmgr.toml").open("a", encoding="utf-8") as handle:
        handle.write(f"{line}\n")
    return root, project.po_path("be", "doc")


@pytest.mark.parametrize(("table", "line", "words"), BAD_SETTINGS, ids=[s[1] for s in BAD_SETTINGS])
def test_a_bad_engine_setting_is_one_config_line_and_nothing_is_sent(
    make_project: Callable[..., Path], run_cli: Callable, service: FakeService, table: str, line: str,
    words: list[str],
) -> None:
    root, po = _project(make_project, service, table, line)
    before = po.read_bytes()
    result = run_cli("draft", "--project", root, "--lang", "be")
    assert result.exit_code == 2, result.output
    message = result.stderr.strip()
    assert "\n" not in message and "internal error" not in message
    number = (root / "transmgr.toml").read_text().splitlines().index(line) + 1
    assert message.startswith(f"transmgr: error: {root / 'transmgr.toml'}:{number}: "), message
    for word in words:
        assert word in message
    assert service.count == 0 and po.read_bytes() == before


def test_a_bad_table_that_no_chain_uses_is_still_refused(make_project: Callable[..., Path], run_cli: Callable,
                                                         service: FakeService) -> None:
    root, _ = _project(make_project, service, "google", "")
    text = (root / "transmgr.toml").read_text() + "\n[engines.deepl]\nbackoff = nan\n"
    (root / "transmgr.toml").write_text(text)
    result = run_cli("draft", "--project", root, "--lang", "be")
    assert result.exit_code == 2 and "engines.deepl.backoff" in result.stderr
    assert service.count == 0


def test_good_settings_in_every_table_are_accepted(make_project: Callable[..., Path], run_cli: Callable,
                                                   service: FakeService) -> None:
    root, _ = _project(make_project, service, "google", 'codes = { be = "be" }\nbackoff = 0\nfail_after = 1')
    text = (root / "transmgr.toml").read_text() + (
        '\n[engines.office]\nengine = "microsoft"\nregion = "westeurope"\n'
        "\n[engines.deepl]\nuse_free_api = false\nmax_chars = 50\n"
        "\n[engines.memory]\nmin_score = 80\ntmx = []\n"
    )
    (root / "transmgr.toml").write_text(text)
    result = run_cli("draft", "--project", root, "--lang", "be")
    assert result.exit_code == 0, result.output
    assert service.count == 3


def test_in_pyproject_the_line_is_found_in_the_tool_table(tmp_path: Path, run_cli: Callable,
                                                          service: FakeService) -> None:
    root = tmp_path / "project"
    (root / "source").mkdir(parents=True)
    (root / "source" / "doc.md").write_text(DOC, encoding="utf-8")
    (root / "pyproject.toml").write_text(
        '[project]\nname = "essay"\n\n[tool.transmgr]\nsource_language = "en"\nlanguages = ["be"]\n\n'
        '[tool.transmgr.draft.chains]\nbe = ["libre"]\n\n'
        f'[tool.transmgr.engines.google]\nurl = "{service.root("google")}"\nfail_after = 2\n\n'
        f'[tool.transmgr.engines.libre]\nurl = "{service.root("libre")}"\nfail_after = 0\n',
        encoding="utf-8",
    )
    update(Project.load(root))
    result = run_cli("draft", "--project", root)
    assert result.exit_code == 2 and service.count == 0
    assert "pyproject.toml:17: engines.libre.fail_after must be a whole number of at least 1, not 0" in result.stderr


def test_a_url_that_does_not_parse_never_breaks_the_error_handler(tmp_path: Path) -> None:
    # Settings built in code skip the configuration checks: the runner still reports one line.
    from transmgr.config import EngineSettings
    from transmgr.engines.base import EngineFailure, EngineStopped, Translator, service_host
    from transmgr.engines.services.libre import LibreEngine

    assert service_host("http://[::1/") == "http://[::1/"
    assert service_host("http://127.0.0.1:5000/x") == "127.0.0.1:5000"
    translator = Translator(LibreEngine(EngineSettings("libre", url="http://[::1/", timeout=1, retries=0), None))
    with pytest.raises((EngineFailure, EngineStopped), match=r"engine 'libre'.*http://\[::1/"):
        translator.translate("Hello world", "en", "be", MARKDOWN)


def test_every_option_an_engine_takes_is_one_the_loader_knows() -> None:
    from transmgr.config.options import EVERY_OPTION
    from transmgr.engines.memory import TranslationMemory
    from transmgr.engines.registry import ADAPTERS, adapter_class

    for options in (TranslationMemory.options, *(adapter_class(kind).options for kind in ADAPTERS)):
        for option in options:
            assert EVERY_OPTION[option.name].problem is option.problem, option.name


def test_a_key_the_translation_memory_does_not_take_is_refused(tmp_path: Path) -> None:
    from tests.engines.conftest import engine_config
    from transmgr.engines.registry import check_engine_tables
    from transmgr.errors import ConfigError

    config = engine_config(tmp_path, {"memory": {"min_score": 80, "timeout": 5}})
    with pytest.raises(ConfigError, match=r"engines\.memory\.timeout is not used by the translation memory "
                                          r"\(it has only tmx and min_score; remove it\)"):
        check_engine_tables(config)
