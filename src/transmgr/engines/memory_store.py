"""The translation memory kept on disk: its units, their exact keys and the fuzzy index's word
postings in an SQLite file beside the other caches (``.transmgr/memory/<lang>.sqlite``).

Building the fuzzy index of a large memory takes seconds (python-docs-fr's 53,000 units: about a
second for the postings alone), and a draft run would pay it before its first answer. The store
pays it once per change of the memory: a run whose catalogs and TMX files hold the bytes they held
when the store was written (a digest of each) opens it and answers its first query with a few
indexed reads; a run whose files changed reads the catalogs as before and compares the memory
units themselves (a digest): drafts written since, or reviews of nothing the memory holds, leave
them equal, and the store stands. Only a different memory writes a new store (atomically, so a
run never reads half of one). Answers are those of the in-memory index (tests compare them): the
same length windows, words and candidates, read from the file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import threading
from array import array
from collections.abc import Callable, Iterable
from pathlib import Path

from transmgr.catalog.fuzzy import FuzzyIndex, postings_of
from transmgr.files import TEMP_SUFFIX

MemoryUnit = tuple[str, str, int, str]  # as engines/memory.py: source, translation, rank, where
FORMAT = 1  # the layout of the file; another one is rebuilt


def normal(text: str) -> str:
    """A text as exact lookups compare it: surrounding and repeated whitespace ignored."""
    return " ".join(text.split())


def best_units(units: Iterable[MemoryUnit]) -> dict[str, MemoryUnit]:
    """The unit each exact key keeps: the highest rank, the first of equal ones."""
    best: dict[str, MemoryUnit] = {}
    for unit in units:
        key = normal(unit[0])
        if key and unit[1].strip() and (key not in best or unit[2] > best[key][2]):
            best[key] = unit
    return best


def units_digest(best: dict[str, MemoryUnit], threshold: float) -> str:
    digest = hashlib.sha256(f"{FORMAT} {threshold!r}".encode())
    for key, (source, target, rank, where) in best.items():
        digest.update("\x00".join((key, source, target, str(rank), where, "\x01")).encode("utf-8"))
    return digest.hexdigest()


def files_signature(paths: Iterable[Path], extra: str) -> str:
    """A digest of each file's bytes (or its absence), with ``extra`` (the settings). The bytes, not
    the size and time: a catalog edited in place to the same size with its time put back (``touch
    -r``, ``rsync -t``) must not keep a translation it no longer holds in the memory; hashing is a
    small part of reading (python-docs-fr's 481 files, 16 MB: about 30 ms)."""
    digest = hashlib.sha256(f"{FORMAT} {extra}".encode())
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            digest.update(f"{path}:-;".encode())
            continue
        digest.update(f"{path}:{len(data)}:".encode())
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


class StoredMemory(FuzzyIndex[MemoryUnit]):
    """A memory read from its store. Its first queries are answered by indexed reads of the file
    (a few milliseconds) while a thread reads the whole memory into this process; from then on it
    answers as the in-memory index does, at the same speed."""

    def __init__(self, path: Path, threshold: float, *, load: bool = True,
                 read_units: Callable[[], list[MemoryUnit]] | None = None) -> None:
        self.path = path
        self.threshold = threshold
        self._bound = threshold / (2 - threshold)
        self._lock = threading.Lock()  # draft's threads share one connection, one query at a time
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        (lengths, self._count, self._digest), = self._db.execute("SELECT lengths, count, digest FROM meta").fetchall()
        found = array("I")
        found.frombytes(lengths)
        self.lengths = found.tolist()  # bisected by the window
        self._known: dict[str, list[int] | None] = {}  # postings read so far (None: no text holds the word)
        self._loaded: tuple[list[str], list[MemoryUnit], dict[str, MemoryUnit], dict[str, list[int]]] | None = None
        self.ready = threading.Event()  # set when the whole memory is in this process
        self._read_units = read_units  # the memory's units, should the file turn out to be damaged
        if load:
            threading.Thread(target=self._load, name="memory-load", daemon=True).start()

    def _load(self) -> None:
        try:
            with contextlib.closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)) as db:
                if db.execute("SELECT digest FROM meta").fetchall() != [(self._digest,)]:
                    return  # another run put a different memory there since: this one keeps reading its own
                rows = db.execute("SELECT key, source, target, rank, place FROM units ORDER BY id").fetchall()
                postings = {}
                for word, blob in db.execute("SELECT word, ids FROM postings"):
                    numbers = array("I")
                    numbers.frombytes(blob)
                    postings[word] = numbers.tolist()
        except sqlite3.Error:
            return  # the file went away (replaced by a newer store): this one keeps reading its connection
        units = [(str(source), str(target), int(rank), str(place)) for _, source, target, rank, place in rows]
        exact = {str(row[0]): unit for row, unit in zip(rows, units)}
        self._loaded = ([unit[0] for unit in units], units, exact, postings)
        self.ready.set()

    def close(self) -> None:
        self._db.close()

    def __len__(self) -> int:
        return int(self._count)

    def _query(self, sql: str, args: tuple[object, ...] = ()) -> list[tuple[object, ...]] | None:
        """The rows of ``sql``; None when the file turned out damaged (then the memory is read into
        this process from the catalogs, the file removed for the next run to write again)."""
        with self._lock:
            if self._loaded is not None:
                return None
            try:
                return self._db.execute(sql, args).fetchall()
            except sqlite3.DatabaseError:
                self._recover()
                return None

    def _recover(self) -> None:
        if self._read_units is None:
            raise OSError(f"{self.path}: the translation memory's store is damaged")
        with contextlib.suppress(OSError):
            self.path.unlink()
        ordered = _ordered(best_units(self._read_units()))
        units = [unit for _, unit in ordered]
        texts = [unit[0] for unit in units]
        self.lengths = [len(text) for text in texts]
        self._count = len(units)
        self._loaded = (texts, units, dict(ordered), postings_of(texts))
        self.ready.set()

    def exact(self, text: str) -> MemoryUnit | None:
        rows = self._query("SELECT source, target, rank, place FROM units WHERE key = ?", (normal(text),))
        if rows is None:
            return self._loaded[2].get(normal(text)) if self._loaded is not None else None
        return _unit(rows[0]) if rows else None

    def _texts(self, numbers: range | list[int]) -> list[str]:
        if isinstance(numbers, range):
            rows = self._query("SELECT source FROM units WHERE id >= ? AND id < ? ORDER BY id",
                               (numbers.start, numbers.stop))
            if rows is not None:
                return [str(row[0]) for row in rows]
        else:
            rows = self._query(f"SELECT id, source FROM units WHERE id IN ({','.join('?' * len(numbers))})",
                               tuple(numbers))
            if rows is not None:
                found: dict[int, str] = {int(n): str(t) for n, t in rows}  # type: ignore[call-overload]
                return [found[number] for number in numbers]
        assert self._loaded is not None
        sources = self._loaded[0]
        return [sources[number] for number in numbers]

    def _payload(self, number: int) -> MemoryUnit:
        rows = self._query("SELECT source, target, rank, place FROM units WHERE id = ?", (number,))
        if rows is None:
            assert self._loaded is not None
            return self._loaded[1][number]
        return _unit(rows[0])

    def _postings(self, words: set[str]) -> list[list[int]]:
        known = self._known
        wanted = [word for word in words if word not in known]
        for start in range(0, len(wanted), 500):  # one query for a query's words (SQLite takes 999 at most)
            chunk = wanted[start:start + 500]
            rows = self._query(f"SELECT word, ids FROM postings WHERE word IN ({','.join('?' * len(chunk))})",
                               tuple(chunk))
            if rows is None:
                break
            found: dict[str, bytes] = {str(word): bytes(blob) for word, blob in rows}  # type: ignore[call-overload]
            for word in chunk:
                blob = found.get(word)
                if blob is None:
                    known[word] = None
                    continue
                numbers = array("I")
                numbers.frombytes(blob)
                known[word] = numbers.tolist()
        loaded = self._loaded
        if loaded is not None:
            postings = loaded[3]
            return [posting for word in words if (posting := postings.get(word)) is not None]
        return [posting for word in words if (posting := known[word]) is not None]


def _ordered(best: dict[str, MemoryUnit]) -> list[tuple[str, MemoryUnit]]:
    """The units by exact key, numbered as the store numbers them: in ascending length of the source."""
    return sorted(best.items(), key=lambda item: len(item[1][0]))


def _unit(row: tuple[object, ...]) -> MemoryUnit:
    return (str(row[0]), str(row[1]), int(row[2]), str(row[3]))  # type: ignore[call-overload]


def open_store(path: Path, signature: str, threshold: float,
               read_units: Callable[[], list[MemoryUnit]]) -> StoredMemory | list[MemoryUnit]:
    """The memory at ``path``: as it is when it was written for ``signature``; otherwise from
    ``read_units()``, kept when those units are the stored ones, else written anew. When the
    store cannot be read or written (a read-only cache folder, a full disk), the units read:
    the caller keeps them in memory for this run."""
    units: list[MemoryUnit] | None = None
    try:
        current = _stored(path)
        if current is not None and current[0] == signature:
            return StoredMemory(path, threshold, read_units=read_units)
        units = read_units()
        best = best_units(units)
        digest = units_digest(best, threshold)
        if current is not None and current[1] == digest:
            _sign(path, signature)  # the same memory: only the files' signature was out of date
        else:
            _write(path, signature, digest, best)
        return StoredMemory(path, threshold, read_units=lambda: units or [])
    except (OSError, sqlite3.Error):
        return units if units is not None else read_units()


def _stored(path: Path) -> tuple[str, str] | None:
    """(files signature, units digest) of the store at ``path``; None without a usable one."""
    if not path.is_file():
        return None
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            rows = db.execute("SELECT format, signature, digest FROM meta").fetchall()
    except sqlite3.Error:
        return None  # damaged, or from another layout: written anew
    if len(rows) != 1 or rows[0][0] != FORMAT:
        return None
    return str(rows[0][1]), str(rows[0][2])


def _sign(path: Path, signature: str) -> None:
    try:
        with contextlib.closing(sqlite3.connect(path)) as db, db:
            db.execute("UPDATE meta SET signature = ?", (signature,))
    except sqlite3.Error:
        pass  # read-only or busy: the next run compares the units again


def _write(path: Path, signature: str, digest: str, best: dict[str, MemoryUnit]) -> None:
    """Write the store to a temporary file and rename it over ``path`` (a reader sees one or the other)."""
    ordered = _ordered(best)
    texts = [unit[0] for _, unit in ordered]
    lengths = array("I", (len(text) for text in texts))
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}{TEMP_SUFFIX}")
    temporary.unlink(missing_ok=True)
    try:
        with contextlib.closing(sqlite3.connect(temporary)) as db:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")  # a store is made again from the catalogs if it is lost
            db.execute("CREATE TABLE meta (format INTEGER, signature TEXT, digest TEXT, lengths BLOB, count INTEGER)")
            db.execute("CREATE TABLE units (id INTEGER PRIMARY KEY, key TEXT, source TEXT, target TEXT, "
                       "rank INTEGER, place TEXT)")
            db.execute("CREATE TABLE postings (word TEXT PRIMARY KEY, ids BLOB) WITHOUT ROWID")
            db.executemany("INSERT INTO units VALUES (?, ?, ?, ?, ?, ?)",
                           ((number, key, *unit) for number, (key, unit) in enumerate(ordered)))
            db.execute("CREATE UNIQUE INDEX units_key ON units (key)")
            db.executemany("INSERT INTO postings VALUES (?, ?)",
                           ((word, array("I", numbers).tobytes()) for word, numbers in postings_of(texts).items()))
            db.execute("INSERT INTO meta VALUES (?, ?, ?, ?, ?)", (FORMAT, signature, digest, lengths.tobytes(),
                                                                  len(ordered)))
            db.commit()
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
