"""Where a key is written in the configuration file: ``file:line`` for every error about it."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transmgr.config.model import PYPROJECT_FILE
from transmgr.errors import ConfigError
from transmgr.tomlpos import key_lines, line_of

if TYPE_CHECKING:
    from transmgr.config.model import Config


def config_line(config: Config, keys: tuple[str, ...]) -> int:
    """The line of the key path ``keys`` in the configuration file (else of its closest written table)."""
    return Locator.for_config(config.config_path).line_of(*keys)


def config_error(config: Config, keys: tuple[str, ...], message: str, hint: str | None = None) -> ConfigError:
    """A :class:`ConfigError` at the line of the key path ``keys`` (e.g. ``("engines", "libre", "url")``)
    in the project's configuration file, for values that only a higher layer can judge (check ids,
    engine settings); a key that is not written there names the closest table that is."""
    return Locator.for_config(config.config_path).error(keys, message, hint)


class Locator:
    """Turns a key path into ``file:line`` (tomllib keeps no positions; :mod:`transmgr.tomlpos` finds them).

    Paths are relative to ``base``: the table this locator stands for. Whatever TOML style the
    user chose (headers, dotted keys, inline tables), an error names the line of the key, else of
    the closest table that holds it, else line 1.
    """

    def __init__(self, path: Path, base: tuple[str, ...] = (), found: dict[tuple[str, ...], int] | None = None) -> None:
        self.path = path
        self.base = base
        if found is None:
            try:
                found = key_lines(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                found = {}
        self.found = found

    @classmethod
    def for_config(cls, path: Path) -> Locator:
        """The locator of a configuration file: its root, or ``[tool.transmgr]`` in pyproject.toml."""
        return cls(path, ("tool", "transmgr") if path.name == PYPROJECT_FILE else ())

    def table(self, *keys: str) -> Locator:
        """A locator for the keys of the table ``keys`` below this one."""
        return Locator(self.path, self.base + keys, self.found)

    def line_of(self, *keys: str) -> int:
        return line_of(self.found, self.base + keys) or line_of(self.found, self.base) or 1

    def error(self, key: str | tuple[str, ...], message: str, hint: str | None = None) -> ConfigError:
        keys = (key,) if isinstance(key, str) else key
        return ConfigError(message, path=self.path, line=self.line_of(*keys), hint=hint)

    def reject_unknown(self, table: Mapping[str, Any], known: Collection[str], prefix: str) -> None:
        if not isinstance(table, Mapping):
            raise self.error((), f"[{prefix}] must be a table")
        for key in table:
            if key not in known:
                close = difflib.get_close_matches(key, sorted(known), n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(sorted(known))}"
                name = f"{prefix}.{key}" if prefix else key
                raise self.error(key, f"unknown key '{name}'", hint)


def path_text(where: Locator, keys: tuple[str, ...], value: str) -> str:
    """A path written in the configuration; control characters (a NUL above all) cannot name a file."""
    bad = next((ch for ch in value if ord(ch) < 32 or ord(ch) == 127), None)
    if bad is not None:
        raise where.error(keys, f"'{'.'.join(keys)}' holds the control character U+{ord(bad):04X}, which no file name may",
                          "write the path without it")
    return value


def path_setting(config: Config, keys: tuple[str, ...], value: str) -> Path:
    """A path from the configuration made absolute against the project root, checked as :func:`path_text` does."""
    return (config.root / path_text(Locator.for_config(config.config_path), keys, value)).resolve()
