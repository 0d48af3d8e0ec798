"""What build wrote: the digest of every output, so that build only ever removes files of its own,
and what each document's editions were built from, so that a rebuild skips what has not changed.

The record lives in the cache folder (``.transmgr/build-record.json``), not in build/, so that a
published build/ holds editions only. An outdated edition is removed only when it is a regular
file inside the build folder (and outside the source and locales folders) that transmgr wrote:
its bytes are those the record holds for its path, or it is an HTML page carrying transmgr's
generator tag. Anything else stays where it is and the build reports it.

For each document the record keeps a key (a digest of its source's bytes, the bytes of every
language's catalog, the build settings and transmgr's code), the signature of those files (inode,
size, time: a later build whose files have the same signature takes the key as recorded instead
of reading them), the results of its editions and the size and time of each file written for
it. A later build whose key for the document is the same, and whose files are all still as
written, reuses those results and writes nothing for it.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from transmgr.config import Config
from transmgr.files import write_text_atomic

RECORD_FILE = "build-record.json"
INDEX_PATH = "index.html"  # as model.INDEX_PATH (the record does not import the build's model)
_GENERATOR = b'<meta name="generator" content="transmgr">'
_VERSION = 2


def digest_of(data: bytes) -> str:
    """The digest the record keeps of a file's bytes."""
    return hashlib.sha256(data).hexdigest()


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


class BuildRecord:
    """The outputs build wrote into one build folder, by path relative to it."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.path = config.cache_dir / RECORD_FILE
        self.build_dir = config.build_dir.resolve()
        # Named relative to the project when inside it, so that a project moved or copied keeps its record.
        try:
            self.build_name = self.build_dir.relative_to(config.root.resolve()).as_posix()
        except ValueError:
            self.build_name = str(self.build_dir)
        self.digests: dict[str, str] = {}
        self.stats: dict[str, tuple[int, int]] = {}  # rel -> (size, mtime_ns) when build wrote or checked it
        self.documents: dict[str, dict[str, Any]] = {}  # document -> {"key", "title", "results", "outputs"}
        self.changed = False
        self._index_key: str | None = None
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # no record (or an unreadable one): nothing is known to be ours
        if isinstance(data, dict) and data.get("version") == _VERSION and data.get("build_dir") == self.build_name:
            files = data.get("files")
            if isinstance(files, dict):
                self.digests = {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str)}
            stats = data.get("stats")
            if isinstance(stats, dict):
                self.stats = {k: (v[0], v[1]) for k, v in stats.items()
                              if isinstance(v, list) and len(v) == 2 and all(isinstance(n, int) for n in v)}
            documents = data.get("documents")
            if isinstance(documents, dict):
                self.documents = {k: v for k, v in documents.items() if isinstance(v, dict)}
            index_key = data.get("index_key")
            self._index_key = index_key if isinstance(index_key, str) else None

    def note(self, rel: str, data: bytes) -> None:
        """Remember that ``rel`` now holds ``data``, written by build."""
        stat = (self.build_dir / rel).stat()
        self.noted(rel, digest_of(data), stat.st_size, stat.st_mtime_ns)

    def noted(self, rel: str, digest: str, size: int, mtime_ns: int) -> None:
        """:meth:`note` for a file written elsewhere (a worker process), by its digest, size and time."""
        if self.digests.get(rel) != digest:
            self.digests[rel] = digest
            self.changed = True
        if self.stats.get(rel) != (size, mtime_ns):
            self.stats[rel] = (size, mtime_ns)
            self.changed = True

    def forget(self, rel: str) -> None:
        if self.digests.pop(rel, None) is not None:
            self.changed = True
        self.stats.pop(rel, None)

    def unchanged_document(self, doc: str, key: str) -> dict[str, Any] | None:
        """What the record holds for ``doc`` when it was built from ``key`` and every file written
        for it is still there as written (same size and time); else None."""
        entry = self.documents.get(doc)
        if entry is None or entry.get("key") != key or not isinstance(entry.get("outputs"), list):
            return None
        folder = str(self.build_dir)
        for rel in entry["outputs"]:
            try:
                stat = os.stat(f"{folder}/{rel}")
            except OSError:
                return None
            if self.stats.get(rel) != (stat.st_size, stat.st_mtime_ns):
                return None
        return entry

    def remember_document(self, doc: str, key: str, title: str, results: list[dict[str, Any]],
                          outputs: list[str], inputs: str | None = None) -> None:
        """Record what ``doc``'s editions were built from (``key``, and the signature of its input
        files when they were read: ``inputs``), their results and files."""
        self.documents[doc] = {"key": key, "title": title, "results": results, "outputs": sorted(outputs),
                               "inputs": inputs}
        self.changed = True

    @property
    def index_key(self) -> str | None:
        """What the index was last written from (None: unknown, or a build of some documents only)."""
        return self._index_key

    @index_key.setter
    def index_key(self, value: str | None) -> None:
        if value != self._index_key:
            self._index_key = value
            self.changed = True

    def index_current(self, key: str) -> bool:
        """True when the index was written for ``key`` and is still as written."""
        if self.index_key != key or INDEX_PATH not in self.stats:
            return False
        try:
            stat = os.stat(self.build_dir / INDEX_PATH)
        except OSError:
            return False
        return self.stats[INDEX_PATH] == (stat.st_size, stat.st_mtime_ns)

    def known_key(self, doc: str, inputs: str) -> str | None:
        """The key recorded for ``doc`` when its input files had the signature ``inputs``, else None."""
        entry = self.documents.get(doc)
        if entry is None or entry.get("inputs") != inputs or not isinstance(entry.get("key"), str):
            return None
        return str(entry["key"])

    def why_not_removable(self, rel: str) -> str | None:
        """None when the output at ``rel`` is build's own to remove, else why it must stay."""
        path = self.build_dir / rel
        if path.is_symlink() or not path.is_file():
            return "not a regular file"
        real = path.resolve()
        if not _inside(real, self.build_dir):
            return "outside the build folder"
        for folder, name in ((self.config.source_dir, "source"), (self.config.locales_dir, "locales")):
            if _inside(real, folder.resolve()):
                return f"inside the {name} folder"
        try:
            data = real.read_bytes()
        except OSError as exc:
            return f"unreadable ({exc.strerror})"
        if self.digests.get(rel) == digest_of(data):
            return None
        if rel.endswith(".html") and _GENERATOR in data[:4096]:
            return None  # an HTML edition built before build kept a record
        if rel in self.digests:
            return "changed since transmgr wrote it"
        return "transmgr has no record of writing it"

    def save(self) -> None:
        """Write the record if it changed (atomically, like every output)."""
        if not self.changed:
            return
        data = {"version": _VERSION, "build_dir": self.build_name, "files": dict(sorted(self.digests.items())),
                "stats": {k: list(v) for k, v in sorted(self.stats.items())}, "documents": self.documents,
                "index_key": self._index_key}
        write_text_atomic(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
        self.changed = False
