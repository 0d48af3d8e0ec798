"""The machine-translation cache: SQLite under .transmgr/, keyed by engine, language pair and text.

A second draft run over the same text sends nothing. Rows hold the engine's name, the two
language codes, a digest of the source text and the translation: never an API key, a URL or
a request. The file is a cache: deleting it only costs requests.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

from transmgr.errors import EngineError

CACHE_FILE = "mt-cache.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    engine TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    digest TEXT NOT NULL,
    translation TEXT NOT NULL,
    PRIMARY KEY (engine, source, target, digest)
)
"""


def text_digest(text: str) -> str:
    """The key of a source text (its SHA-256)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class TranslationCache:
    """A thread-safe SQLite cache; writes become durable at :meth:`commit`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._dirty = False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level="DEFERRED")
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(_SCHEMA)
            self._db.commit()
        except (sqlite3.Error, OSError) as exc:
            raise EngineError(
                f"cannot open the translation cache: {exc}", path=path,
                hint="it is only a cache: delete the file and run again",
            ) from exc

    def _run(self, sql: str, args: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
        with self._lock:
            try:
                rows = self._db.execute(sql, args).fetchall()
                if not sql.startswith("SELECT"):
                    self._dirty = True
                return rows
            except sqlite3.Error as exc:
                raise EngineError(f"translation cache failed: {exc}", path=self.path,
                                  hint="it is only a cache: delete the file and run again") from exc

    def get(self, engine: str, source: str, target: str, text: str) -> str | None:
        """The cached translation of ``text``, or None."""
        rows = self._run(
            "SELECT translation FROM translations WHERE engine=? AND source=? AND target=? AND digest=?",
            (engine, source, target, text_digest(text)),
        )
        return rows[0][0] if rows else None

    def put(self, engine: str, source: str, target: str, text: str, translation: str) -> None:
        """Remember a translation (durable after the next :meth:`commit`)."""
        self._run("INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?)",
                  (engine, source, target, text_digest(text), translation))

    def commit(self) -> None:
        """Make the translations stored so far durable."""
        with self._lock:
            if not self._dirty:
                return
            try:
                self._db.commit()
                self._dirty = False
            except sqlite3.Error as exc:
                raise EngineError(f"cannot write the translation cache: {exc}", path=self.path,
                                  hint="check the folder's permissions and free space") from exc

    def close(self) -> None:
        """Commit and close."""
        self.commit()
        with self._lock:
            self._db.close()

    def __len__(self) -> int:
        return int(self._run("SELECT COUNT(*) FROM translations")[0][0])
