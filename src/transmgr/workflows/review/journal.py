"""The review history: every change of a unit, with who, when, and its text and state before and after.

One JSON-lines file per catalog, beside the catalogs: ``<locales>/.history/<lang>/<doc>.jsonl``.
Only the review core (:mod:`transmgr.workflows.review.core`) appends to it, under the catalogs'
lock and after the catalog itself was written, one ``write`` for all the records of an action;
so the catalog is always ahead of or equal to its history, never behind it. A PO file never
needs its history to be read: the history says how a unit got where it is, and lets the last
action be undone.

The files are meant to be committed with the catalogs. Records only ever get appended, so
``transmgr git-setup`` tells git to merge them by keeping both sides' lines (``merge=union``);
a unit's history is then the records of both branches, ordered by time.

When a unit on disk is not what its last record left (a PO editor, ``msgcat``, a merge, or a
process killed between writing the catalog and its history), the core records the difference as
an ``outside`` record before its own, so every unit's history replays to its current state.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transmgr.catalog import Unit
from transmgr.catalog.model import COMMENT_TAG
from transmgr.errors import TransmgrError

HISTORY_DIR = ".history"
FORMAT = 1
OUTSIDE = "outside"  # the action of a record the core writes for a change it did not make


def journal_path(locales: Path, lang: str, doc: str) -> Path:
    """Where the history of ``lang``'s catalog of ``doc`` is kept."""
    return locales / HISTORY_DIR / lang / f"{doc}.jsonl"


def _comment_lines(comments: str) -> list[str]:
    return [line for line in comments.split("\n") if line.startswith(COMMENT_TAG)] if comments else []


@dataclass(frozen=True)
class Snapshot:
    """What a review action can change in a unit: enough to show it and to put it back."""

    msgstr: str
    plural: tuple[str, ...]
    fuzzy: bool
    comments: str
    previous: tuple[str | None, str | None, str | None]
    state: str
    revision: str

    @classmethod
    def of(cls, unit: Unit) -> Snapshot:
        return cls(unit.msgstr, unit.msgstr_plural, unit.fuzzy, unit.comments,
                   (unit.previous_msgctxt, unit.previous_msgid, unit.previous_msgid_plural),
                   unit.state.value, unit.revision)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"state": self.state, "rev": self.revision, "msgstr": self.msgstr}
        if self.plural:
            data["plural"] = list(self.plural)
        if self.fuzzy:
            data["fuzzy"] = True
        if self.comments:
            data["comments"] = self.comments
        if any(self.previous):
            data["previous"] = list(self.previous)
        return data

    @classmethod
    def from_dict(cls, data: Any) -> Snapshot:
        if not isinstance(data, dict):
            raise ValueError("not a snapshot")
        previous = data.get("previous") or [None, None, None]
        return cls(str(data["msgstr"]), tuple(str(p) for p in data.get("plural", ())), bool(data.get("fuzzy")),
                   str(data.get("comments", "")), (previous[0], previous[1], previous[2]),
                   str(data["state"]), str(data["rev"]))

    def restored_on(self, unit: Unit, undone: Snapshot) -> Unit:
        """``unit`` put back as this snapshot was, undoing the change to ``undone``; reviewers'
        comments added since stay, those the undone change added go."""
        added = set(_comment_lines(undone.comments)) - set(_comment_lines(self.comments))
        removed = [line for line in _comment_lines(self.comments) if line not in _comment_lines(undone.comments)]
        comment_lines = [line for line in _comment_lines(unit.comments) if line not in added] + removed
        other = [line for line in self.comments.split("\n") if line and not line.startswith(COMMENT_TAG)] \
            if self.comments else []
        flags = tuple(f for f in unit.flags if f != "fuzzy")
        return unit.changed(
            msgstr=self.msgstr, msgstr_plural=self.plural, flags=("fuzzy", *flags) if self.fuzzy else flags,
            comments="\n".join(other + comment_lines), previous_msgctxt=self.previous[0],
            previous_msgid=self.previous[1], previous_msgid_plural=self.previous[2],
        )


@dataclass(frozen=True)
class Record:
    """One action on one unit."""

    at: str  # UTC, ISO 8601 with microseconds: records sort by it
    uid: str
    msgid: str
    action: str
    who: str
    role: str
    via: str  # cli, terminal, web, xliff, import, draft, file (an outside change)
    old: Snapshot
    new: Snapshot
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"v": FORMAT, "at": self.at, "uid": self.uid, "action": self.action, "who": self.who,
                                "role": self.role, "via": self.via}
        if self.note:
            data["note"] = self.note
        data.update(msgid=self.msgid, old=self.old.as_dict(), new=self.new.as_dict())
        return data

    @classmethod
    def from_dict(cls, data: Any) -> Record:
        if not isinstance(data, dict):
            raise ValueError("not a record")
        return cls(str(data["at"]), str(data["uid"]), str(data.get("msgid", "")), str(data["action"]),
                   str(data["who"]), str(data.get("role", "")), str(data.get("via", "")),
                   Snapshot.from_dict(data["old"]), Snapshot.from_dict(data["new"]),
                   str(data["note"]) if data.get("note") else None)


def now_stamp() -> str:
    """The current time as records write it."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def append_records(path: Path, records: list[Record]) -> None:
    """Append ``records`` to ``path`` in one write (call it holding the catalogs' lock).

    A last line left unfinished by a killed writer is ended first, so it spoils only itself.
    """
    if not records:
        return
    text = "".join(json.dumps(record.as_dict(), ensure_ascii=False, separators=(",", ":")) + "\n"
                   for record in records)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
    except OSError as exc:
        raise TransmgrError(f"cannot write the review history: {exc.strerror}", path=path,
                            hint="check the folder's permissions") from exc
    try:
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            text = "\n" + text
        os.write(fd, text.encode("utf-8"))
        os.fsync(fd)
    except OSError as exc:
        raise TransmgrError(f"cannot write the review history: {exc.strerror}", path=path,
                            hint="check the disk space and the file's permissions") from exc
    finally:
        os.close(fd)


def read_records(path: Path, uid: str | None = None, *, start: int = 0) -> Iterator[tuple[int, Record]]:
    """``(offset after the line, record)`` for each readable record of ``path`` from byte ``start``
    (of unit ``uid`` only, when given); lines that do not parse (a merge gone wrong, an unfinished
    last line) are passed over."""
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        return
    except OSError as exc:
        raise TransmgrError(f"cannot read the review history: {exc.strerror}", path=path) from exc
    needle = f'"uid":"{uid}"'.encode() if uid else None
    with stream:
        stream.seek(start)
        offset = start
        for line in stream:
            offset += len(line)
            if not line.endswith(b"\n") or (needle is not None and needle not in line):
                continue
            try:
                record = Record.from_dict(json.loads(line))
            except (ValueError, KeyError, TypeError, IndexError):
                continue
            if uid is None or record.uid == uid:
                yield offset, record


def history_of(path: Path, uid: str) -> list[Record]:
    """Every record of unit ``uid`` in ``path``, oldest first."""
    return sorted((record for _, record in read_records(path, uid)), key=lambda record: record.at)


class LastRecords:
    """The last record of every unit in one history file, kept current by reading only what was
    appended since (the file is append-only; one that shrank or was replaced is read again)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._last: dict[str, Record] = {}
        self._offset = 0
        self._inode: int | None = None

    def refresh(self) -> dict[str, Record]:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            self._last, self._offset, self._inode = {}, 0, None
            return self._last
        if stat.st_ino != self._inode or stat.st_size < self._offset:
            self._last, self._offset, self._inode = {}, 0, stat.st_ino
        for offset, record in read_records(self.path, start=self._offset):
            known = self._last.get(record.uid)
            if known is None or record.at >= known.at:
                self._last[record.uid] = record
            self._offset = offset
        return self._last
