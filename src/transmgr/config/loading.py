"""Finding and reading a project's configuration: transmgr.toml, or [tool.transmgr] in pyproject.toml."""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from transmgr.config.locator import Locator, path_text
from transmgr.config.model import (
    CONFIG_FILE,
    PYPROJECT_FILE,
    SEGMENTATION_LEVELS,
    Config,
)
from transmgr.config.tables import (
    TOP_KEYS,
    assess_table,
    brief_table,
    build_table,
    chains_table,
    checks_table,
    engines_table,
    exact_memory_table,
    language_value,
    limits_table,
    number_value,
    references_table,
    review_table,
    serve_table,
    steps_table,
    word_table,
)
from transmgr.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


def find_config(root: Path) -> tuple[Path, dict[str, Any]]:
    """Find and parse the configuration in ``root`` or, as git finds its repository, the nearest folder
    above it that has one: transmgr.toml first, then a pyproject.toml with [tool.transmgr]."""
    if not root.is_dir():
        raise ConfigError("project folder not found", path=root, hint="pass an existing folder to --project")
    for folder in (root, *root.parents):
        found = _config_in(folder)
        if found is not None:
            return found
    raise ConfigError(
        "no transmgr configuration found here or in any folder above",
        path=root,
        hint=f"run 'transmgr init' or add {CONFIG_FILE} or [tool.transmgr] to {PYPROJECT_FILE}",
    )


def _config_in(root: Path) -> tuple[Path, dict[str, Any]] | None:
    candidate = root / CONFIG_FILE
    if candidate.is_file():
        return candidate, _read_toml(candidate)
    pyproject = root / PYPROJECT_FILE
    if pyproject.is_file():
        data = _read_toml(pyproject)
        tool = data.get("tool")
        table = tool.get("transmgr") if isinstance(tool, dict) else None
        if table is not None and not isinstance(table, dict):
            raise ConfigError("[tool.transmgr] must be a table", path=pyproject,
                              line=Locator(pyproject).line_of("tool", "transmgr"), hint="write it as [tool.transmgr]")
        if isinstance(table, dict):
            return pyproject, table
    return None


def load_config(root: str | Path) -> Config:
    """Load and validate the configuration of the project in ``root`` (or the nearest folder above it)."""
    path, data = find_config(Path(root).resolve())
    return parse_config(data, root=path.parent, path=path)


def parse_config(data: Mapping[str, Any], *, root: Path, path: Path) -> Config:
    """Validate a configuration mapping; every problem is a one-line :class:`ConfigError`."""
    where = Locator.for_config(path)
    where.reject_unknown(data, TOP_KEYS, "")
    if "source_language" not in data:
        raise where.error("source_language", "missing key 'source_language'", 'add source_language = "en"')
    source_language = language_value(where, "source_language", data["source_language"])
    raw_langs = data.get("languages")
    if not isinstance(raw_langs, list) or not raw_langs:
        raise where.error("languages", "'languages' must be a non-empty list", 'e.g. languages = ["be", "ru"]')
    languages = tuple(language_value(where, "languages", code) for code in raw_langs)
    if len(set(languages)) != len(languages):
        raise where.error("languages", "'languages' lists a language twice", "remove the duplicate")

    def folder(key: str, default: str) -> Path:
        value = data.get(key, default)
        if not isinstance(value, str) or not value:
            raise where.error(key, f"'{key}' must be a folder name", f'e.g. {key} = "{default}"')
        return (root / path_text(where, (key,), value)).resolve()

    segmentation = data.get("segmentation", "paragraph")
    if segmentation not in SEGMENTATION_LEVELS:
        raise where.error("segmentation", f"segmentation must be one of {', '.join(SEGMENTATION_LEVELS)}, not {segmentation!r}")
    reviewer = data.get("reviewer")
    if reviewer is not None and (not isinstance(reviewer, str) or not reviewer.strip()):
        raise where.error("reviewer", "'reviewer' must be a non-empty string", 'e.g. reviewer = "Jane Doe <jane@example.org>"')
    glossary = data.get("glossary")
    if glossary is not None and (not isinstance(glossary, str) or not glossary):
        raise where.error("glossary", "'glossary' must be a file path")
    if glossary:
        path_text(where, ("glossary",), glossary)

    folders = {key: folder(key, default) for key, default in
               (("source_dir", "source"), ("locales_dir", "locales"), ("build_dir", "build"), ("cache_dir", ".transmgr"))}
    _distinct_folders(where, root, folders)
    return Config(
        root=root,
        config_path=path,
        source_language=source_language,
        languages=languages,
        source_dir=folders["source_dir"],
        locales_dir=folders["locales_dir"],
        build_dir=folders["build_dir"],
        cache_dir=folders["cache_dir"],
        segmentation=segmentation,
        reviewer=reviewer.strip() if reviewer else None,
        glossary=(root / glossary).resolve() if glossary else None,
        engines=engines_table(where, data.get("engines", {})),
        chains=chains_table(where, data.get("draft", {}), languages),
        default_chain=steps_table(where.table("draft"), "default_chain", data.get("draft", {}).get("default_chain", ["memory"])),
        draft_batch_size=number_value(where.table("draft"), "batch_size", data.get("draft", {}).get("batch_size", 50),
                                 minimum=1, integer=True),
        draft_brief=brief_table(where.table("draft"), root, data.get("draft", {})),
        draft_references=references_table(where.table("draft"), data.get("draft", {}), languages),
        draft_exact_memory=exact_memory_table(where.table("draft"), data.get("draft", {})),
        build=build_table(where.table("build"), data.get("build", {}), languages),
        checks=checks_table(where.table("checks"), data.get("checks", {})),
        serve=serve_table(where.table("serve"), data.get("serve", {}), languages),
        review=review_table(where.table("review"), data.get("review", {})),
        limits=limits_table(where.table("limits"), data.get("limits", {})),
        word=word_table(where.table("word"), data.get("word", {})),
        assess=assess_table(where.table("assess"), data.get("assess", {})),
    )


def _distinct_folders(where: Locator, root: Path, folders: dict[str, Path]) -> None:
    """Source, locales, build and cache folders must be separate: build would otherwise delete or
    re-extract sources, and update would read its own output as documents."""
    items = list(folders.items())
    for key, path in items:
        if path == root:
            raise where.error(key, f"'{key}' cannot be the project folder itself", f"e.g. {key} = \"{key[:-4]}\"")
    for n, (key, path) in enumerate(items):
        for other, other_path in items[n + 1:]:
            if path == other_path or path in other_path.parents or other_path in path.parents:
                raise where.error(other, f"'{key}' and '{other}' overlap ({path.name}, {other_path.name})",
                                  "give each its own folder")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_from_message(str(exc))
        if line is None and "end of document" in str(exc):
            line = max(1, len(path.read_text(encoding="utf-8", errors="replace").splitlines()))
        raise ConfigError(f"invalid TOML: {str(exc).split(' (at')[0]}", path=path, line=line) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError("not UTF-8 text", path=path, hint="save the file as UTF-8") from exc
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path=path) from exc


def _line_from_message(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None
