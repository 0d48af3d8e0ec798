"""What build wrote: the digest of every output, so that build only ever removes files of its own,
and what each document's editions were built from, so that a rebuild skips what has not changed.

The record lives in the cache folder (``.transmgr/build-record.sqlite``), not in build/, so that a
published build/ holds editions only. It is an SQLite file so that a build saves only what it changed
(a rebuild after one catalog changed rewrote 8 MB of JSON for 2,000 documents); a record that cannot
be read is no record, and the next save writes it anew. A JSON record of an earlier version is read
once and replaced. An outdated edition is removed only when it is a regular
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

import contextlib
import hashlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from transmgr.config import Config
from transmgr.errors import TransmgrError
from transmgr.files import TEMP_SUFFIX

RECORD_FILE = "build-record.sqlite"
_JSON_RECORD = "build-record.json"  # the record as versions before 0.9 kept it
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
        # What changed since the record was read: saved as rows; everything when ``_whole``.
        self._files: set[str] = set()
        self._documents: set[str] = set()
        self._whole = False
        if self.path.exists():
            self._read()
        else:
            self._read_json(self.path.with_name(_JSON_RECORD))

    def _read(self) -> None:
        try:
            with contextlib.closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)) as db:
                meta = dict(db.execute("SELECT name, value FROM meta"))
                if meta.get("version") != str(_VERSION) or meta.get("build_dir") != self.build_name:
                    self._whole = True  # another version's record, or another build folder's
                    return
                for rel, digest, size, mtime_ns in db.execute("SELECT rel, digest, size, mtime_ns FROM files"):
                    if type(rel) is str and type(digest) is str and type(size) is int and type(mtime_ns) is int:
                        self.digests[rel] = digest
                        self.stats[rel] = (size, mtime_ns)
                for name, text in db.execute("SELECT name, entry FROM documents"):
                    entry = json.loads(text) if type(text) is str else None
                    if type(name) is str and isinstance(entry, dict):
                        self.documents[name] = entry
                self._index_key = meta.get("index_key") or None
        except (sqlite3.Error, ValueError):  # a damaged record: nothing is known to be ours
            self.digests, self.stats, self.documents, self._index_key = {}, {}, {}, None
            self._whole = True

    def _read_json(self, path: Path) -> None:
        """An earlier version's record (saved as SQLite at the next save)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # no record (or an unreadable one): nothing is known to be ours
        self._whole = True
        if isinstance(data, dict) and data.get("version") == _VERSION and data.get("build_dir") == self.build_name:
            files = data.get("files")
            stats = data.get("stats")
            if isinstance(files, dict) and isinstance(stats, dict):
                for rel, digest in files.items():
                    stat = stats.get(rel)
                    if isinstance(digest, str) and isinstance(stat, list) and len(stat) == 2 \
                            and all(type(n) is int for n in stat):
                        self.digests[rel], self.stats[rel] = digest, (stat[0], stat[1])
            documents = data.get("documents")
            if isinstance(documents, dict):
                self.documents = {k: v for k, v in documents.items() if isinstance(v, dict)}
            index_key = data.get("index_key")
            self._index_key = index_key if isinstance(index_key, str) else None
            self.changed = True

    def note(self, rel: str, data: bytes) -> None:
        """Remember that ``rel`` now holds ``data``, written by build."""
        stat = (self.build_dir / rel).stat()
        self.noted(rel, digest_of(data), stat.st_size, stat.st_mtime_ns)

    def noted(self, rel: str, digest: str, size: int, mtime_ns: int) -> None:
        """:meth:`note` for a file written elsewhere (a worker process), by its digest, size and time."""
        if self.digests.get(rel) != digest or self.stats.get(rel) != (size, mtime_ns):
            self.digests[rel] = digest
            self.stats[rel] = (size, mtime_ns)
            self._files.add(rel)
            self.changed = True

    def forget(self, rel: str) -> None:
        if self.digests.pop(rel, None) is not None:
            self._files.add(rel)
            self.changed = True
        self.stats.pop(rel, None)

    def forget_document(self, doc: str) -> None:
        if self.documents.pop(doc, None) is not None:
            self._documents.add(doc)
            self.changed = True

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
        self._documents.add(doc)
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
        """Save what changed (in one transaction: a build killed meanwhile leaves the record as it was)."""
        if not self.changed:
            return
        try:
            if self._whole or not self.path.exists():
                self._save_whole()
            else:
                try:
                    with contextlib.closing(sqlite3.connect(self.path)) as db, db:
                        self._save_rows(db, self._files, self._documents)
                except sqlite3.Error:
                    self._save_whole()  # damaged since it was read: written anew
        except (sqlite3.Error, OSError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else str(exc)
            raise TransmgrError(f"cannot write the build record: {reason}", path=self.path,
                                hint="check the permissions of the folder (the editions are written)") from exc
        self._files.clear()
        self._documents.clear()
        self._whole = False
        self.changed = False
        with contextlib.suppress(OSError):
            self.path.with_name(_JSON_RECORD).unlink()

    def _save_whole(self) -> None:
        """The whole record, into a new file that then takes the record's place."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Named as every writer's temporary file, so that one a killed build left is cleaned up.
        handle, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=TEMP_SUFFIX, dir=self.path.parent)
        os.close(handle)
        temporary = Path(name)
        try:
            with contextlib.closing(sqlite3.connect(temporary)) as db:
                db.execute("PRAGMA journal_mode = OFF")
                db.executescript(_SCHEMA)
                with db:
                    self._save_rows(db, self.digests.keys(), self.documents.keys())
            os.replace(temporary, self.path)
        finally:
            temporary.unlink(missing_ok=True)

    def _save_rows(self, db: sqlite3.Connection, files: Iterable[str], documents: Iterable[str]) -> None:
        meta = {"version": str(_VERSION), "build_dir": self.build_name, "index_key": self._index_key or ""}
        db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())
        for rel in files:
            if rel in self.digests:
                db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", (rel, self.digests[rel], *self.stats[rel]))
            else:
                db.execute("DELETE FROM files WHERE rel = ?", (rel,))
        for name in documents:
            if name in self.documents:
                db.execute("INSERT OR REPLACE INTO documents VALUES (?, ?)",
                           (name, json.dumps(self.documents[name], ensure_ascii=False, separators=(",", ":"))))
            else:
                db.execute("DELETE FROM documents WHERE name = ?", (name,))


_SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (rel TEXT PRIMARY KEY, digest TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL);
CREATE TABLE documents (name TEXT PRIMARY KEY, entry TEXT NOT NULL);
"""
