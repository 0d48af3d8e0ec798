"""Git for a team: the PO merge driver installed in a repository, and the driver itself.

``git_setup`` writes ``.gitattributes`` lines that route the project's PO files and templates to
the driver named ``transmgr-po`` (and the review history, which only grows by whole lines, to
git's built-in ``union`` merge), and registers that driver in the repository's git config
(``merge.transmgr-po.driver``, local to the clone: each teammate runs ``transmgr git-setup`` once).
``merge_files`` is what git runs for each conflicting PO file: an entry-by-entry three-way merge
(:mod:`transmgr.catalog.merge3`) written over ours.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from transmgr.catalog import Catalog, read_catalog, write_catalog
from transmgr.catalog.merge3 import MergeReport, merge_catalogs
from transmgr.errors import CatalogError, TransmgrError
from transmgr.files import write_text_atomic

DRIVER = "transmgr-po"
ATTRIBUTES_FILE = ".gitattributes"


class GitError(TransmgrError):
    """git is missing, or the folder is not in a repository."""


@dataclass(frozen=True)
class SetupResult:
    repository: Path
    attributes: Path
    patterns: tuple[str, ...]
    driver: str


def _git(args: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise GitError("git is not installed", hint="install git, then run this again") from exc
    if done.returncode != 0:
        raise GitError(f"git {' '.join(args)}: {done.stderr.strip() or 'failed'}", path=cwd,
                       hint="run it inside a git repository ('git init' makes one)")
    return done.stdout.strip()


def check_repository(folder: Path) -> Path:
    """The top of the git repository holding ``folder`` (which may not exist yet); a GitError if none."""
    existing = folder.resolve()
    while not existing.is_dir():
        existing = existing.parent
    return Path(_git(["rev-parse", "--show-toplevel"], existing)).resolve()


def driver_command() -> str:
    """The command git runs: this interpreter's transmgr, so it works without transmgr on PATH."""
    return f'"{sys.executable}" -m transmgr merge-driver %O %A %B %P'


def git_setup(root: Path, locales_dir: Path) -> SetupResult:
    """Route ``locales_dir``'s PO files and templates to the driver and register it in the repository."""
    repository = Path(_git(["rev-parse", "--show-toplevel"], root)).resolve()
    try:
        folder = locales_dir.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        folder = locales_dir.name
    patterns = (f"{folder}/**/*.po", f"{folder}/**/*.pot")
    attributes = root / ATTRIBUTES_FILE
    existing = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    lines = existing.splitlines()
    # The review history only ever grows by whole lines: git's own union merge keeps both sides' records.
    wanted = [f"{pattern} merge={DRIVER}" for pattern in patterns] + [f"{folder}/.history/**/*.jsonl merge=union"]
    missing = [line for line in wanted if line not in lines]
    if missing:
        text = existing + ("" if not existing or existing.endswith("\n") else "\n")
        text += "# PO files merge entry by entry, keeping review states (transmgr git-setup)\n" if not existing.count(DRIVER) else ""
        write_text_atomic(attributes, text + "\n".join(missing) + "\n")
    _git(["config", f"merge.{DRIVER}.name", "transmgr: PO files entry by entry, review states kept"], root)
    _git(["config", f"merge.{DRIVER}.driver", driver_command()], root)
    return SetupResult(repository, attributes, patterns, driver_command())


def driver_missing(root: Path) -> Path | None:
    """The ``.gitattributes`` that routes PO files to transmgr's merge driver when this clone has not
    registered the driver (git would then merge them line by line, with conflict markers); else None.
    Cheap when no attributes file names the driver: git is run only when one does."""
    for folder in (root, *root.parents):
        attributes = folder / ATTRIBUTES_FILE
        try:
            named = f"merge={DRIVER}" in attributes.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            named = False
        if named:
            try:
                done = subprocess.run(["git", "config", "--get", f"merge.{DRIVER}.driver"], cwd=root,
                                      capture_output=True, text=True, check=False, timeout=10)
            except (OSError, subprocess.SubprocessError):
                return None  # no git here: nothing merges
            return attributes if not done.stdout.strip() else None
        if (folder / ".git").exists():
            return None
    return None


def _read(path: Path) -> Catalog:
    if path.stat().st_size == 0:
        return Catalog(path=path)  # no common ancestor: both sides added the file
    return read_catalog(path)


def merge_files(base: Path, ours: Path, theirs: Path, name: str | None = None) -> MergeReport:
    """Merge ``theirs`` into ``ours`` (rewritten in place) from their common ancestor ``base``;
    ``name`` is the file's path in the repository (git's ``%P``), which errors name rather than
    git's temporary copies."""
    catalogs = []
    for path, side in ((base, "the common ancestor"), (ours, "ours"), (theirs, "theirs")):
        try:
            catalogs.append(_read(path))
        except FileNotFoundError:
            raise CatalogError(f"git gave no file for {side} ({path})", path=name or ours,
                               hint="run the driver as git does: transmgr merge-driver %O %A %B %P") from None
        except CatalogError as exc:
            raise CatalogError(f"{side}: {exc.message}", path=name or exc.path, line=exc.line,
                               hint=exc.hint) from exc
    merged, report = merge_catalogs(*catalogs)
    write_catalog(merged, ours)
    return report
