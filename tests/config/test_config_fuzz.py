"""The configuration loader under random input: every rejection is one ConfigError naming file and line.

Configurations are generated from the real keys with values of every TOML type, written in each
style TOML allows (table headers, dotted keys, inline tables, pyproject's [tool.transmgr]), and
then loaded and checked as ``draft`` checks them. A seeded loop keeps the run short and
repeatable; ``bench/fuzz_config.py`` runs the same generator for as long as asked.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.fuzzing import config_outcome, random_config

ROUNDS = 400


@pytest.mark.parametrize("seed", range(4))
def test_random_configurations_fail_only_with_a_located_config_error(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    rejected = 0
    for n in range(ROUNDS // 4):
        root = tmp_path / f"p{n}"
        root.mkdir()
        name, text = random_config(rng)
        (root / name).write_text(text, encoding="utf-8")
        outcome = config_outcome(root)
        assert outcome.crash is None, f"{outcome.crash} on:\n{text}"
        if outcome.error is not None:
            rejected += 1
            assert outcome.error.path is not None and outcome.error.line is not None, f"{outcome.error} on:\n{text}"
            assert "\n" not in str(outcome.error)
    assert rejected > 0


@pytest.mark.parametrize(("toml", "line"), [
    ('source_language = "en"\nlanguages = ["be"]\n[engines]\ngoogle = { url = "ftp://x/" }\n', 4),
    ('source_language = "en"\nlanguages = ["be"]\nengines.google.url = "ftp://x/"\n', 3),
    ('source_language = "en"\nlanguages = ["be"]\n\n[engines.google]\ntimeout = 2\nurl = "ftp://x/"\n', 6),
    ('[project]\nname = "x"\n\n[tool.transmgr]\nsource_language = "en"\nlanguages = ["be"]\n'
     'engines = { google = { timeout = 2, url = "ftp://x/" } }\n', 7),
    ('source_language = "en"\nlanguages = ["be"]\ndraft = { chains = { be = ["gogle"] } }\n', 3),
    ('source_language = "en"\nlanguages = ["be"]\nsource_dir = "so\\u0000urce"\n', 3),
    ('source_language = "en"\nlanguages = ["be"]\nglossary = "glossary\\u0000.csv"\n', 3),
    ('source_language = "en"\nlanguages = ["be"]\n[engines.memory]\ntmx = ["a.tmx", "b\\u0000.tmx"]\n', 4),
])
def test_errors_name_the_line_in_every_toml_style(tmp_path: Path, toml: str, line: int) -> None:
    name = "pyproject.toml" if toml.startswith("[project]") else "transmgr.toml"
    (tmp_path / name).write_text(toml, encoding="utf-8")
    outcome = config_outcome(tmp_path)
    assert outcome.crash is None and outcome.error is not None
    assert outcome.error.line == line, str(outcome.error)
