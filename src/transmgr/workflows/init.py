"""Init: create a project's configuration and folders."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from transmgr.config import CONFIG_FILE, PYPROJECT_FILE, find_config, parse_config, tomllib
from transmgr.errors import ConfigError
from transmgr.files import write_text_atomic

_IGNORED = ("build/", ".transmgr/")


@dataclass(frozen=True)
class InitResult:
    config_path: Path
    folders: tuple[str, ...]


def render_config(source_language: str, languages: list[str], segmentation: str) -> str:
    """The TOML body of a new configuration (without a table header)."""
    langs = ", ".join(f'"{lang}"' for lang in languages)
    lines = [f'source_language = "{source_language}"', f"languages = [{langs}]"]
    if segmentation != "paragraph":
        lines.append(f'segmentation = "{segmentation}"')
    return "\n".join(lines) + "\n"


def init_project(
    root: Path, source_language: str, languages: list[str], *, segmentation: str = "paragraph",
    pyproject: bool = False,
) -> InitResult:
    """Create the configuration, ``source/`` and ``locales/`` in ``root``; refuse to overwrite one."""
    root = root.resolve()
    root.mkdir(parents=True, exist_ok=True)
    try:
        existing, _ = find_config(root)
    except ConfigError:
        existing = None
    if existing is not None:
        raise ConfigError("a transmgr configuration already exists", path=existing,
                          hint="edit it instead of running init again")
    body = render_config(source_language, languages, segmentation)
    target = root / (PYPROJECT_FILE if pyproject else CONFIG_FILE)
    parse_config(tomllib.loads(body), root=root, path=target)  # validates codes before writing anything
    if pyproject:
        before = target.read_text(encoding="utf-8") if target.exists() else ""
        text = before + ("\n" if before and not before.endswith("\n\n") else "") + "[tool.transmgr]\n" + body
    else:
        text = body
    folders = []
    for name in ("source", "locales"):
        if not (root / name).exists():
            (root / name).mkdir()
            folders.append(name)
    write_text_atomic(target, text)
    gitignore = root / ".gitignore"
    present = gitignore.read_text(encoding="utf-8").splitlines() if gitignore.exists() else []
    missing = [p for p in _IGNORED if p not in present]
    if missing:
        write_text_atomic(gitignore, "\n".join(present + missing) + "\n")
    return InitResult(target, tuple(folders))
