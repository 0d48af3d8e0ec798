"""Every extension point is one ordered table in the code, and the documentation lists exactly what
the table holds, in its order: the commands (README), the checks (docs/checks.md), the engines
(docs/drafts.md), the source formats (docs/documents.md), the edition formats (docs/editions.md).
The layers of ARCHITECTURE.md are those import-linter enforces (pyproject.toml)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from transmgr.checks.registry import CHECK_IDS, REGISTRY
from transmgr.cli import COMMANDS
from transmgr.engines.registry import ADAPTERS
from transmgr.formats import FORMATS
from transmgr.lazy import Registry
from transmgr.workflows.build.model import EDITIONS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def _first_column(path: str, header: str) -> list[str]:
    """The backticked names in the first column of the table under the header row ``header``."""
    lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(header))
    names = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        names += re.findall(r"`([^`]+)`", line.split("|")[1])
    return names


def test_the_readme_lists_every_command_in_order() -> None:
    listed = [name.split()[0] for name in _first_column("README.md", "| command |")]
    assert listed == list(COMMANDS)


def test_docs_checks_lists_every_check_in_order() -> None:
    assert _first_column("docs/checks.md", "| id |") == list(CHECK_IDS)
    assert all(REGISTRY.get(check_id).check_id == check_id for check_id in REGISTRY)


def test_docs_drafts_lists_every_engine_in_order() -> None:
    assert _first_column("docs/drafts.md", "| engine |") == list(ADAPTERS)


def test_docs_documents_lists_every_source_format_and_its_suffixes() -> None:
    lines = (ROOT / "docs/documents.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("| format | suffixes | read with |")
    rows = [re.findall(r"`([^`]+)`", "|".join(line.split("|")[1:3])) for line in lines[start + 2:start + 2 + len(FORMATS)]]
    assert [(row[0], tuple(row[1:])) for row in rows] == [(name, FORMATS.info(name)[0]) for name in FORMATS]


def test_docs_editions_lists_every_edition_format_in_order() -> None:
    assert _first_column("docs/editions.md", "| format | file |") == list(EDITIONS)


def test_the_architecture_table_names_the_enforced_layers_in_order() -> None:
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    layers = next(c for c in contracts if c["type"] == "layers")["layers"]
    enforced = [sorted(name.strip().removeprefix("transmgr.") for name in layer.split("|")) for layer in layers]
    documented = []
    for line in (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8").split("## Layers", 1)[1].splitlines():
        if line.startswith("| ") and not line.startswith(("| layer", "| ---")):
            documented.append(sorted(name.rstrip("/").removesuffix(".py")
                                     for name in re.findall(r"`([^`]+)`", line.split("|")[2])))
        elif documented and not line.startswith("|"):
            break
    assert documented == enforced
    package = ROOT / "src" / "transmgr"
    modules = {p.stem if p.is_file() else p.name for p in package.iterdir()
               if (p.suffix == ".py" and p.stem not in ("__init__", "__main__")) or (p / "__init__.py").is_file()}
    assert modules == {name for layer in enforced for name in layer}  # every module is in a layer


def test_a_registry_imports_an_entry_only_when_asked() -> None:
    table: Registry[object] = Registry("thing", {"dumps": ("json:dumps", "info"), "absent": "no_such_module_xyz:x"})
    assert list(table) == ["dumps", "absent"] and table.info("dumps") == "info"
    import json

    assert table.get("dumps") is json.dumps
    with pytest.raises(ModuleNotFoundError):
        table.get("absent")
    assert table.unknown("dump") == "unknown thing 'dump' (did you mean 'dumps'?)"
    with pytest.raises(ValueError, match="module:attribute"):
        Registry("thing", {"bad": "json.dumps"})
