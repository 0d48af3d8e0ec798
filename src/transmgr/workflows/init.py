"""Init: create a project's configuration and folders."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from transmgr.config import CONFIG_FILE, PYPROJECT_FILE, find_config, parse_config, tomllib
from transmgr.errors import ConfigError
from transmgr.files import write_text_atomic
from transmgr.languages import get_language

_IGNORED = ("build/", ".transmgr/")


@dataclass(frozen=True)
class InitResult:
    config_path: Path
    folders: tuple[str, ...]


def render_config(source_language: str, languages: list[str], segmentation: str) -> str:
    """The TOML body of a new configuration (without a table header); codes must be valid."""
    langs = ", ".join(f'"{lang}"' for lang in languages)
    lines = [f'source_language = "{source_language}"', f"languages = [{langs}]"]
    if segmentation != "paragraph":
        lines.append(f'segmentation = "{segmentation}"')
    return "\n".join(lines) + "\n"


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8") if path.exists() else ""
    except UnicodeDecodeError as exc:
        raise ConfigError("not UTF-8 text", path=path, hint="convert it to UTF-8 first") from exc
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path=path) from exc


def init_project(
    root: Path, source_language: str, languages: list[str], *, segmentation: str = "paragraph",
    pyproject: bool = False,
) -> InitResult:
    """Create the configuration, ``source/`` and ``locales/`` in ``root``; refuse to overwrite one.

    Everything is checked before anything is written or created: a bad language code, an existing
    configuration or an unreadable pyproject.toml or .gitignore leaves the folder as it was.
    """
    root = root.resolve()
    if not languages:
        raise ConfigError("no languages given", hint="e.g. --languages be,uk,ru")
    for code in [source_language, *languages]:
        get_language(code)  # LanguageError (one line) before anything is written
    if root.exists():
        if not root.is_dir():
            raise ConfigError("not a folder", path=root, hint="pass a folder to --project")
        try:
            existing, _ = find_config(root)
        except ConfigError:
            existing = None
        if existing is not None:
            raise ConfigError("a transmgr configuration already exists", path=existing,
                              hint="edit it instead of running init again")
    body = render_config(source_language, languages, segmentation)
    target = root / (PYPROJECT_FILE if pyproject else CONFIG_FILE)
    parse_config(tomllib.loads(body), root=root, path=target)
    text = body
    if pyproject:
        before = _read_text(target)
        try:
            tomllib.loads(before)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"invalid TOML: {str(exc).split(' (at')[0]}", path=target,
                              hint="fix pyproject.toml before adding [tool.transmgr] to it") from exc
        text = before + ("\n" if before and not before.endswith("\n\n") else "") + "[tool.transmgr]\n" + body
    gitignore = root / ".gitignore"
    present = _read_text(gitignore).splitlines()
    missing = [p for p in _IGNORED if p not in present]

    root.mkdir(parents=True, exist_ok=True)
    folders = []
    for name in ("source", "locales"):
        if not (root / name).exists():
            (root / name).mkdir()
            folders.append(name)
    write_text_atomic(target, text)
    if missing:
        write_text_atomic(gitignore, "\n".join(present + missing) + "\n")
    return InitResult(target, tuple(folders))
