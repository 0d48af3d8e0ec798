"""Sharing the PO files through git: commit the work done, each change under its author's name, then
fetch, merge with transmgr's merge driver and push.

One sync round, as a review server runs it every ``[serve.git] commit_every`` seconds and ``transmgr
sync`` runs it once:

1. Fetch the remote (no lock held: reviewers keep working).
2. Under the locks of every catalog: read what changed in the working tree (the catalogs, their
   templates, the review history, the sources), and commit it. The review history says who made
   each change: every unit goes into the commit of the person whose action left it as it is, one
   commit per person, in the order they first acted, with a message listing the units; what no
   record explains (``update``, an edit in a PO editor) goes into a last commit by the person
   syncing. Commits are built with git's plumbing in a private index, so the working tree and
   the reviewers' files are never touched; then the branch moves (only if nobody else moved it).
3. Still under the locks, merge the remote branch: PO files entry by entry by the merge driver
   (conflicts become drafts holding both texts, never markers), the history by keeping both
   sides' lines. A merge that cannot finish is undone and tried again next round.
4. Push (no lock). A push refused because the remote moved meanwhile is retried after a new fetch
   and merge.

Nothing is ever committed under the wrong name: a change made after the locks were taken is not
in this round's commits (it waits for the next round), and a change by a person goes into that
person's commit or, if the history does not say whose it is, the syncing person's.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from transmgr.catalog import Catalog
from transmgr.catalog.po import catalog_bytes, parse_catalog
from transmgr.errors import TransmgrError
from transmgr.workflows.exchange.merge_driver import DRIVER
from transmgr.workflows.project import Project
from transmgr.workflows.review.journal import HISTORY_DIR, Record

_PERSON = re.compile(r"^\s*(?P<name>[^<]*?)\s*(?:<(?P<email>[^<>]*)>)?\s*$")
PUSH_ATTEMPTS = 8  # several servers pushing every few seconds: a push may need a few new merges


class SyncError(TransmgrError):
    """git could not do what a sync round needs (no repository, no driver, a remote refused)."""


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    paths: tuple[str, ...]
    units: int


@dataclass
class SyncResult:
    """What one round did: the commits made, whether it merged and pushed, conflicts the driver kept
    as drafts, retries of a refused push, and why a step could not be done (tried again next round)."""

    commits: list[Commit] = field(default_factory=list)
    merged: bool = False
    pushed: bool = False
    conflicts: int = 0
    retries: int = 0
    problems: list[str] = field(default_factory=list)


def split_person(who: str, fallback_email: str = "") -> tuple[str, str]:
    """(name, email) of ``"Name <address>"`` or ``"Name"`` (email: ``fallback_email``)."""
    found = _PERSON.match(who)
    name = (found.group("name") if found else who).strip() or "transmgr"
    email = (found.group("email") if found and found.group("email") is not None else fallback_email).strip()
    return name, email


class Git:
    """git in one clone."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def run(self, *args: str, env: dict[str, str] | None = None, data: bytes | None = None,
            check: bool = True) -> subprocess.CompletedProcess[bytes]:
        try:
            done = subprocess.run(["git", *args], cwd=self.root, input=data, capture_output=True, check=False,
                                  env={**os.environ, **(env or {})}, timeout=300)
        except FileNotFoundError as exc:
            raise SyncError("git is not installed", hint="install git") from exc
        except subprocess.TimeoutExpired as exc:
            raise SyncError(f"git {args[0]} took more than 5 minutes", path=self.root) from exc
        if check and done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise SyncError(f"git {' '.join(args[:2])}: {message[-1] if message else 'failed'}", path=self.root)
        return done

    def text(self, *args: str, env: dict[str, str] | None = None) -> str:
        return self.run(*args, env=env).stdout.decode("utf-8", "replace").strip()

    def blob(self, rev: str, path: str) -> bytes | None:
        done = self.run("cat-file", "blob", f"{rev}:{path}", check=False)
        return done.stdout if done.returncode == 0 else None


def check_ready(project: Project) -> Git:
    """The clone's git, ready to sync: a repository with a branch and transmgr's merge driver."""
    git = Git(project.root)
    if git.run("rev-parse", "--show-toplevel", check=False).returncode != 0:
        raise SyncError("not a git repository", path=project.root, hint="clone the shared repository, or 'git init'")
    driver = git.run("config", "--get", f"merge.{DRIVER}.driver", check=False).stdout.strip()
    if not driver:
        raise SyncError("this clone has no transmgr merge driver: PO files would merge line by line",
                        path=project.root, hint="run 'transmgr git-setup' in this clone first")
    return git


def sync(project: Project, person: str, *, remote: str | None = None, paths: Sequence[Path] | None = None) -> SyncResult:
    """One round (see the module's description), the commits it cannot attribute made as ``person``."""
    git = check_ready(project)
    result = SyncResult()
    branch = git.text("rev-parse", "--abbrev-ref", "HEAD")
    if remote:
        fetched = git.run("fetch", "--quiet", remote, check=False)
        if fetched.returncode != 0:
            result.problems.append(f"git fetch {remote}: {fetched.stderr.decode('utf-8', 'replace').strip()}")
            remote = None
    watched = [project.relative(p) for p in (paths or (project.config.locales_dir, project.config.source_dir))]
    for attempt in range(PUSH_ATTEMPTS):
        with project.writing():
            if attempt == 0:
                result.commits = _commit_changes(git, project, person, watched)
            if remote:
                _merge(git, project, person, f"{remote}/{branch}", result)
        if not remote:
            return result
        pushed = git.run("push", "--quiet", remote, f"HEAD:refs/heads/{branch}", check=False)
        if pushed.returncode == 0:
            result.pushed = True
            return result
        result.retries += 1
        time.sleep(random.uniform(0.05, 0.25) * (attempt + 1))  # the others, pushing too, get a turn
        refetched = git.run("fetch", "--quiet", remote, check=False)
        if refetched.returncode != 0:
            break
    result.problems.append(f"git push {remote}: refused {PUSH_ATTEMPTS} times (the remote kept moving); "
                           "tried again next round")
    return result


# -- commits by author ----------------------------------------------------------------------------------


def _changed_paths(git: Git, watched: list[str]) -> list[str]:
    out = git.run("status", "--porcelain", "-z", "--untracked-files=all", "--", *watched).stdout
    paths = []
    for entry in out.decode("utf-8", "surrogateescape").split("\0"):
        if len(entry) > 3 and not entry.startswith("D"):
            paths.append(entry[3:])
    return sorted(set(paths))


def _commit_changes(git: Git, project: Project, person: str, watched: list[str]) -> list[Commit]:
    paths = _changed_paths(git, watched)
    if not paths:
        return []
    head = git.run("rev-parse", "--verify", "--quiet", "HEAD", check=False).stdout.decode().strip() or None
    current = {path: (project.root / path).read_bytes() for path in paths}
    locales = project.relative(project.config.locales_dir)
    by_person = _units_by_person(git, project, head, paths, current, locales)
    commits = []
    parent = head
    state = {path: (git.blob(head, path) if head else None) for path in paths}
    with _private_index(git, head) as index_env:
        for who, (files, units, lines) in by_person.items():
            staged = {}
            for path, uids in files.items():
                blob = _with_units(state[path], current[path], uids)
                if blob is not None and blob != state[path]:
                    staged[path] = blob
            for journal, new_lines in lines.items():
                before = state[journal] or b""
                staged[journal] = before + b"".join(line for line in new_lines if line not in before)
            if not staged:
                continue
            sha = _commit(git, index_env, staged, parent, who, person,
                          f"Review by {split_person(who)[0]}: {len(units)} unit(s)\n\n" + "\n".join(sorted(units)))
            state.update(staged)
            parent = sha
            commits.append(Commit(sha, who, tuple(sorted(staged)), len(units)))
        rest = {path: data for path, data in current.items() if state[path] != data}
        if rest:
            sha = _commit(git, index_env, rest, parent, person, person,
                          "transmgr: changes no review records explain (update, draft, sources, outside edits)\n\n"
                          + "\n".join(sorted(rest)))
            parent = sha
            commits.append(Commit(sha, person, tuple(sorted(rest)), 0))
    if parent and parent != head:
        moved = git.run("update-ref", "refs/heads/" + git.text("rev-parse", "--abbrev-ref", "HEAD"), parent,
                        *([head] if head else []), check=False)
        if moved.returncode != 0:
            raise SyncError("the branch moved during the commit (another git command?): nothing was committed",
                            path=project.root, hint="run it again")
        git.run("reset", "--quiet", "--", *paths, check=False)  # the index follows; the working tree is untouched
    return commits


def _units_by_person(git: Git, project: Project, head: str | None, paths: list[str], current: dict[str, bytes],
                     locales: str) -> dict[str, tuple[dict[str, set[str]], set[str], dict[str, list[bytes]]]]:
    """Per person, in the order they first acted: the catalog paths and unit ids whose current state
    their last action made, the units (for the message), and their new history lines per file."""
    last: dict[tuple[str, str], tuple[Record, str]] = {}  # (catalog path, uid) -> (its last record, journal)
    journal_lines: dict[str, list[tuple[Record, bytes]]] = {}
    for path in paths:
        if not path.startswith(f"{locales}/{HISTORY_DIR}/") or not path.endswith(".jsonl"):
            continue
        before = set((git.blob(head, path) or b"").splitlines(keepends=True)) if head else set()
        lang_doc = path[len(f"{locales}/{HISTORY_DIR}/"):-len(".jsonl")]
        lang, _, doc = lang_doc.partition("/")
        catalog = project.relative(project.po_path(lang, doc))
        for line in current[path].splitlines(keepends=True):
            if line in before or not line.endswith(b"\n"):
                continue
            try:
                record = Record.from_dict(json.loads(line))
            except (ValueError, KeyError, TypeError, IndexError):
                continue
            journal_lines.setdefault(path, []).append((record, line))
            known = last.get((catalog, record.uid))
            if known is None or record.at >= known[0].at:
                last[(catalog, record.uid)] = (record, path)
    order: list[str] = []
    for records in journal_lines.values():
        for record, _ in records:
            if record.who not in order and record.action != "outside":
                order.append(record.who)
    order.sort(key=lambda who: min(r.at for rs in journal_lines.values() for r, _ in rs if r.who == who))
    out: dict[str, tuple[dict[str, set[str]], set[str], dict[str, list[bytes]]]] = {
        who: ({}, set(), {}) for who in order}
    for (catalog, uid), (record, _) in last.items():
        if record.who in out and catalog in current:
            files, units, _ = out[record.who]
            files.setdefault(catalog, set()).add(uid)
            units.add(f"{catalog}: {record.action} {record.msgid[:60]!r}")
    for journal, records in journal_lines.items():
        for record, line in records:
            if record.who in out:
                out[record.who][2].setdefault(journal, []).append(line)
    return out


def _with_units(before: bytes | None, now: bytes, uids: set[str]) -> bytes | None:
    """The catalog ``before`` with the units ``uids`` as they are ``now`` (None: cannot be split, as
    for a new file or one that does not parse: it goes whole into the last commit)."""
    if before is None:
        return None
    try:
        old, new = _catalog(before), _catalog(now)
    except TransmgrError:
        return None
    if old.metadata != new.metadata and not any(u.uid in uids for u in new):
        return None
    present = {unit.uid: unit for unit in new}
    changed = False
    for unit in list(old):
        fresh = present.get(unit.uid)
        if unit.uid in uids and fresh is not None and fresh is not unit:
            old.put(fresh.changed(references=unit.references), replacing=unit)  # the references: update's
            changed = True
    return catalog_bytes(old) if changed else before


def _catalog(data: bytes) -> Catalog:
    """A catalog from the bytes git holds (transmgr writes UTF-8)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TransmgrError("not UTF-8") from exc
    return parse_catalog(text, Path("<git>"))


@contextlib.contextmanager
def _private_index(git: Git, head: str | None) -> Iterator[dict[str, str]]:
    with tempfile.TemporaryDirectory(prefix="transmgr-sync-") as folder:
        env = {"GIT_INDEX_FILE": str(Path(folder) / "index")}
        if head:
            git.run("read-tree", head, env=env)
        yield env


def _commit(git: Git, env: dict[str, str], files: dict[str, bytes], parent: str | None, author: str,
            committer: str, message: str) -> str:
    for path, data in files.items():
        sha = git.run("hash-object", "-w", "--stdin", data=data).stdout.decode().strip()
        git.run("update-index", "--add", "--cacheinfo", f"100644,{sha},{path}", env=env)
    tree = git.text("write-tree", env=env)
    name, email = split_person(author)
    cname, cemail = split_person(committer)
    people = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": cname,
              "GIT_COMMITTER_EMAIL": cemail}
    args = ["commit-tree", tree, "-m", message] + (["-p", parent] if parent else [])
    return git.text(*args, env=people)


# -- merge -----------------------------------------------------------------------------------------


def _merge(git: Git, project: Project, person: str, upstream: str, result: SyncResult) -> None:
    if git.run("rev-parse", "--verify", "--quiet", upstream, check=False).returncode != 0:
        return  # the remote has no such branch yet: the push creates it
    if git.run("merge-base", "--is-ancestor", upstream, "HEAD", check=False).returncode == 0:
        return  # nothing new there
    name, email = split_person(person)
    env = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email}
    merged = git.run("merge", "--no-edit", "--quiet", upstream, env=env, check=False)
    text = (merged.stdout + merged.stderr).decode("utf-8", "replace")
    if merged.returncode == 0:
        result.merged = True
        return
    conflicted = git.run("diff", "--name-only", "--diff-filter=U", check=False).stdout.decode().split()
    po = [path for path in conflicted if path.endswith((".po", ".pot"))]
    if conflicted and len(po) == len(conflicted):
        # The driver merged every file and kept the disagreements as drafts (exit 1 tells git there
        # were some): what it wrote is the merge; committed as such.
        result.conflicts += len(po)
        git.run("add", "--", *po)
        git.run("commit", "--no-edit", "--quiet", env=env)
        result.merged = True
        return
    git.run("merge", "--abort", check=False)
    result.problems.append(f"git merge {upstream} stopped ({text.strip().splitlines()[-1] if text.strip() else 'failed'}): "
                           "undone, tried again next round")


class Syncer:
    """A review server's sync: a round every ``every`` seconds in a thread of its own, and a last one
    when the server stops. ``report`` hears what each round did (problems included)."""

    def __init__(self, project: Project, person: str, every: float, remote: str | None,
                 report: Callable[[SyncResult], None] | None = None) -> None:
        self.project, self.person, self.every, self.remote = project, person, every, remote
        self.report = report
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="git-sync", daemon=True)

    def start(self) -> None:
        check_ready(self.project)
        self.thread.start()

    def stop(self) -> None:
        """Stop, after a last round that commits what was done since the one before (and pushes it:
        tried a few times while the remote keeps moving)."""
        self.stop_event.set()
        self.thread.join(timeout=60)
        for _ in range(5):
            result = self.round()
            if result is None or not self.remote or result.pushed:
                return

    def round(self) -> SyncResult | None:
        try:
            result = sync(self.project, self.person, remote=self.remote)
        except TransmgrError as exc:
            result = SyncResult(problems=[str(exc)])
        if self.report is not None:
            self.report(result)
        return result

    def _loop(self) -> None:
        while not self.stop_event.wait(self.every):
            self.round()
