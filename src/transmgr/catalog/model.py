"""transmgr's catalog model: a :class:`Catalog` of frozen :class:`Unit` values, and its :class:`Header`.

A unit is one PO entry as transmgr sees it: its key (msgctxt, msgid), source and translation, and
what the PO file says beside them (flags, translator comments, the ``#.`` kind, references, the
previous source). What transmgr derives from those (the state, the draft's origin, the review
stamp) is computed once per unit, on first use. Units are values: a change makes a new unit
(:meth:`Unit.changed`) that the catalog stores in place of the old one (:meth:`Catalog.put`).

A unit read from a file remembers its text there; the writer copies that text unchanged while the
unit is the one read, so rewriting a file changes only what changed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import gc
import hashlib
import json
import re
from collections.abc import Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from transmgr.lazy import once

if TYPE_CHECKING:
    from transmgr.catalog.assessment import Assessment

Key = tuple[str | None, str]
T = TypeVar("T")

DRAFT_TAG = "draft:"
REVIEW_TAG = "reviewed:"
ORIGIN_TAG = "origin:"
NOTE_TAG = "review-note:"
REJECTED_TAG = "rejected:"  # <date> <who>: a reviewer sent this draft back (the note says why)
EDITOR_TAG = "translator:"  # <date> <who>: the person who last wrote the translation's text
SUGGESTION_TAG = "suggestion:"  # <date> {"by": ..., "text": ...}: a proposal kept beside the translation
COMMENT_TAG = "comment:"  # <text> (<who> <date>): a reviewer's comment; not part of the translation
TOKENS_TAG = "tokens:"  # <n>: the tokens a language model spent on the draft (kept after acceptance)
STATE_TAGS = (DRAFT_TAG, REVIEW_TAG, ORIGIN_TAG, NOTE_TAG, REJECTED_TAG, EDITOR_TAG, SUGGESTION_TAG)
_REVIEW = re.compile(r"^reviewed:\s+(\d{4}-\d{2}-\d{2})\s+([0-9a-f]{12})\s+(.+)$")
_DATED = re.compile(r"^(?P<origin>.*?)\s+(?P<date>\d{4}-\d{2}-\d{2})(?:\s+#(?P<digest>[0-9a-f]{8}))?$")


def text_digest(texts: tuple[str, ...]) -> str:
    """An 8-hex-digit digest of a draft's text(s): recorded with the draft, so that an edit made to it
    anywhere (a PO editor) is seen when it is accepted."""
    return hashlib.sha256("\x00".join(texts).encode("utf-8")).hexdigest()[:8]
_WHO = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})\s+(?P<who>.+)$")


class State(str, enum.Enum):
    """The state of one unit; values are the names used in output and options.

    =============  ============================================================================
    untranslated   empty msgstr (a fuzzy unit with an empty msgstr counts as untranslated too)
    draft          ``#, fuzzy`` plus ``# draft: <origin> <YYYY-MM-DD>``
    translated     msgstr set, not fuzzy, no valid review stamp
    reviewed       not fuzzy, plus ``# reviewed: <YYYY-MM-DD> <digest> <who>``
    stale          a review stamp whose digest no longer matches msgid and msgstr
    =============  ============================================================================
    """

    UNTRANSLATED = "untranslated"
    DRAFT = "draft"
    TRANSLATED = "translated"
    REVIEWED = "reviewed"
    STALE = "stale"


STATES = tuple(State)


@dataclass(frozen=True)
class ReviewStamp:
    """Who reviewed a unit, when, and the digest of what they saw."""

    date: str
    digest: str
    who: str


def read_stamp(value: str) -> ReviewStamp | None:
    """The review stamp a ``# reviewed: <value>`` comment holds (None when it holds none)."""
    match = _REVIEW.match(f"{REVIEW_TAG} {value}")
    return ReviewStamp(*match.groups()) if match else None


@dataclass(frozen=True)
class Mark:
    """A dated act by a person kept in a unit's comments: who rejected it, who wrote its text."""

    date: str
    who: str


@dataclass(frozen=True)
class Suggestion:
    """A translation someone proposed, kept beside the unit's translation until a reviewer takes or drops it."""

    date: str
    by: str
    text: str
    origin: str | None = None  # where the text came from, when it says (a merged branch's draft)


_set = object.__setattr__


@dataclass(frozen=True, init=False)
class Unit:
    """One entry of a catalog."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    comments: str = ""  # translator comments ("# ..."), lines joined by newlines; state tags among them
    note: str = ""  # extracted comments ("#. ..."): the kind of segment for transmgr's own catalogs
    references: tuple[tuple[str, str], ...] = ()  # "#: file:line"
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    line: int = field(default=0, compare=False)  # where it was read (0: not read from a file)
    # Its text in the file it was read from, as UTF-8 (the writer copies it), kept by the reader (see
    # kept_text) and by no one else.
    raw: bytes | None = field(default=None, init=False, compare=False, repr=False)

    def __init__(  # dataclass's frozen __init__ took 2.6 µs a unit; this takes 1.3 µs
        self, msgid: str, msgstr: str = "", msgctxt: str | None = None, msgid_plural: str | None = None,
        msgstr_plural: tuple[str, ...] = (), flags: tuple[str, ...] = (), comments: str = "", note: str = "",
        references: tuple[tuple[str, str], ...] = (), previous_msgctxt: str | None = None,
        previous_msgid: str | None = None, previous_msgid_plural: str | None = None, obsolete: bool = False,
        line: int = 0,
    ) -> None:
        # One attribute at a time, always in this order: the instances then share one table of keys
        # (a unit's attributes took 529 bytes set in one dict update, 217 so; 33 MB of an update of a
        # 55,000-unit catalog).
        _set(self, "msgid", msgid)
        _set(self, "msgstr", msgstr)
        _set(self, "msgctxt", msgctxt)
        _set(self, "msgid_plural", msgid_plural)
        _set(self, "msgstr_plural", msgstr_plural)
        _set(self, "flags", flags)
        _set(self, "comments", comments)
        _set(self, "note", note)
        _set(self, "references", references)
        _set(self, "previous_msgctxt", previous_msgctxt)
        _set(self, "previous_msgid", previous_msgid)
        _set(self, "previous_msgid_plural", previous_msgid_plural)
        _set(self, "obsolete", obsolete)
        _set(self, "line", line)
        _set(self, "raw", None)

    @property
    def key(self) -> Key:
        """``(msgctxt, msgid)``: what identifies a unit in its catalog."""
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated_fully(self) -> bool:
        """True when msgstr (or every plural msgstr) is filled."""
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural)
        return bool(self.msgstr)

    @property
    def translated_partly(self) -> bool:
        """True when msgstr or any plural msgstr is filled."""
        return bool(self.msgstr) or any(self.msgstr_plural)

    @property
    def kind(self) -> str:
        """The kind of segment (``paragraph``, ``table-cell``...) the ``#.`` comment names."""
        return self.note.split("\n", 1)[0]

    def changed(self, **values: object) -> Unit:
        """This unit with ``values`` replaced: a new unit (which no longer has the text read), or
        this one when nothing differs."""
        if all(getattr(self, name) == value for name, value in values.items()):
            return self
        return dataclasses.replace(self, **values)  # type: ignore[arg-type]

    # -- what transmgr keeps in translator comments (see State) --------------------------------

    def tagged(self, tag: str) -> str | None:
        """The value of the translator comment line that starts with ``tag``, if any."""
        if tag not in self.comments:
            return None
        for line in self.comments.split("\n"):
            if line.startswith(tag):
                return line[len(tag):].strip()
        return None

    @once
    def digest(self) -> str:
        """A 12-hex-digit digest of msgctxt, msgid, msgid_plural and every msgstr."""
        parts = [self.msgctxt or "", self.msgid, self.msgid_plural or "", self.msgstr, *self.msgstr_plural]
        return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:12]

    @once
    def uid(self) -> str:
        """The unit's stable id: a digest of msgctxt and msgid, the same wherever the unit moves
        (web addresses, ``review`` references, XLIFF unit ids)."""
        key = f"{self.msgctxt or ''}\x04{self.msgid}".encode()
        return "u" + hashlib.sha1(key, usedforsecurity=False).hexdigest()[:12]

    @once
    def revision(self) -> str:
        """A 12-hex-digit digest of everything a review action can change (translations, the fuzzy
        flag, state comments, the previous source), but not reviewers' comments, which accumulate:
        two actions conflict when the second was decided on a revision that is no longer current."""
        comments = "\n".join(line for line in self.comments.split("\n") if not line.startswith(COMMENT_TAG))
        parts = [self.msgstr, *self.msgstr_plural, "fuzzy" if self.fuzzy else "", comments,
                 self.previous_msgctxt or "", self.previous_msgid or "", self.previous_msgid_plural or ""]
        return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:12]

    @once
    def stamp(self) -> ReviewStamp | None:
        """The review stamp, valid or not."""
        value = self.tagged(REVIEW_TAG)
        return None if value is None else read_stamp(value)

    @once
    def state(self) -> State:
        """The unit's :class:`State`."""
        if not self.translated_fully:
            return State.UNTRANSLATED
        if self.fuzzy:
            return State.DRAFT
        stamp = self.stamp
        if stamp is None:
            return State.TRANSLATED
        return State.REVIEWED if stamp.digest == self.digest else State.STALE

    @property
    def draft_origin(self) -> str | None:
        """Where a draft came from, e.g. ``google``, ``memory 92%`` or ``pivot ru via google``."""
        return _undated(self.tagged(DRAFT_TAG))

    @property
    def draft_digest(self) -> str | None:
        """The digest of the text the draft was made with (None for an older draft that has none)."""
        value = self.tagged(DRAFT_TAG)
        match = _DATED.match(value) if value else None
        return match.group("digest") if match else None

    @property
    def draft_edited(self) -> bool:
        """True for a draft whose text is no longer the one it was made with (a person changed it)."""
        digest = self.draft_digest
        return digest is not None and self.fuzzy and digest != text_digest(self.translations)

    @property
    def translations(self) -> tuple[str, ...]:
        """The msgstr, or every plural msgstr."""
        return self.msgstr_plural if self.msgid_plural is not None else (self.msgstr,)

    @property
    def origin(self) -> str | None:
        """Where the current translation came from: the draft origin, else the recorded origin."""
        return _undated(self.tagged(DRAFT_TAG) or self.tagged(ORIGIN_TAG))

    @property
    def review_note(self) -> str | None:
        """The reviewer's note left when the translation was rejected, if any."""
        return self.tagged(NOTE_TAG)

    @property
    def rejected(self) -> Mark | None:
        """Who sent this draft back, and when (None: not a rejected draft)."""
        return _mark(self.tagged(REJECTED_TAG)) if self.fuzzy else None

    @property
    def editor(self) -> Mark | None:
        """The person who last wrote the translation's text, and when (None: a tool, or not recorded)."""
        return _mark(self.tagged(EDITOR_TAG))

    @once
    def assessment(self) -> Assessment | None:
        """The language-model judge's assessment, current or stale (:mod:`transmgr.catalog.assessment`)."""
        if "assessed:" not in self.comments:
            return None
        from transmgr.catalog.assessment import read_assessment

        return read_assessment(self.comments, self.digest)

    @once
    def suggestions(self) -> tuple[Suggestion, ...]:
        """The suggestions kept beside the translation, oldest first."""
        if SUGGESTION_TAG not in self.comments:
            return ()
        found = []
        for line in self.comments.split("\n"):
            if line.startswith(SUGGESTION_TAG):
                parsed = _suggestion(line[len(SUGGESTION_TAG):].strip())
                if parsed is not None:
                    found.append(parsed)
        return tuple(found)


def _mark(value: str | None) -> Mark | None:
    match = _WHO.match(value) if value else None
    return Mark(match.group("date"), match.group("who")) if match else None


def _suggestion(value: str) -> Suggestion | None:
    match = _WHO.match(value)
    if match is None:
        return None
    try:
        data = json.loads(match.group("who"))
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("by"), str) or not isinstance(data.get("text"), str):
        return None
    origin = data.get("origin")
    return Suggestion(match.group("date"), data["by"], data["text"], origin if isinstance(origin, str) else None)


def _undated(value: str | None) -> str | None:
    if value is None:
        return None
    match = _DATED.match(value)
    return match.group("origin") if match else value


@dataclass(frozen=True)
class Header:
    """The header entry: its fields in order, its comments and flags (and, rarely, more)."""

    fields: tuple[tuple[str, str], ...] = ()
    comments: str = ""
    flags: tuple[str, ...] = ()
    note: str = ""
    references: tuple[tuple[str, str], ...] = ()
    previous_msgid: str | None = None
    raw: bytes | None = field(default=None, init=False, compare=False, repr=False)  # as Unit.raw
    # The msgstr of a UTF-8 file's header as read, lines that are no field included: what msgfmt puts
    # in an MO file (a changed header has none, and its fields are compiled instead).
    text: str | None = field(default=None, init=False, compare=False, repr=False)

    def changed(self, **values: object) -> Header:
        """This header with ``values`` replaced (a new header, or this one when nothing differs)."""
        if all(getattr(self, name) == value for name, value in values.items()):
            return self
        return dataclasses.replace(self, **values)  # type: ignore[arg-type]

    def get(self, name: str, default: str | None = None) -> str | None:
        """The value of field ``name``."""
        return next((value for key, value in self.fields if key == name), default)

    def with_fields(self, values: Mapping[str, str]) -> Header:
        """A copy with the fields in ``values`` set (existing ones keep their place, new ones go last)."""
        pending = dict(values)
        fields = [(key, pending.pop(key, value)) for key, value in self.fields]
        return self.changed(fields=tuple(fields + list(pending.items())))


class Catalog:
    """A catalog's header and units, in file order; units are found by key."""

    def __init__(self, units: Iterable[Unit] = (), header: Header | None = None, path: Path | None = None) -> None:
        self.header = header or Header()
        self.units: list[Unit] = list(units)
        self.path = path
        self._index: dict[Key, int] | None = None

    def __iter__(self) -> Iterator[Unit]:
        return iter(self.units)

    def __len__(self) -> int:
        return len(self.units)

    def __getitem__(self, index: int) -> Unit:
        return self.units[index]

    @property
    def metadata(self) -> dict[str, str]:
        """The header's fields as a new dict (change them with :meth:`set_fields`)."""
        return dict(self.header.fields)

    def set_fields(self, values: Mapping[str, str]) -> None:
        """Set header fields, e.g. ``{"PO-Revision-Date": "2026-12-02 10:00+0000"}``."""
        self.header = self.header.with_fields(values)

    def _lookup(self) -> dict[Key, int]:
        if self._index is None:
            self._index = {unit.key: number for number, unit in enumerate(self.units) if not unit.obsolete}
        return self._index

    def get(self, key: Key) -> Unit | None:
        """The active (not obsolete) unit with ``key``."""
        number = self._lookup().get(key)
        return self.units[number] if number is not None else None

    def find(self, msgid: str, msgctxt: str | None = None) -> Unit | None:
        """The active unit with this msgid (and msgctxt)."""
        return self.get((msgctxt, msgid))

    def active(self) -> list[Unit]:
        """The units that are not obsolete, in file order."""
        return [unit for unit in self.units if not unit.obsolete]

    def put(self, unit: Unit, *, replacing: Unit | None = None) -> None:
        """Store ``unit`` in place of ``replacing`` (default: the active unit with its key), or add it."""
        old = replacing if replacing is not None else unit
        found = self._lookup().get(old.key) if not old.obsolete else None
        if found is not None and (replacing is None or self.units[found] is replacing):
            self.units[found] = unit
            if unit.key != old.key or unit.obsolete:
                self._index = None
            return
        if replacing is not None:  # an obsolete unit, or one the index does not hold
            for number, existing in enumerate(self.units):
                if existing is replacing:
                    self.units[number] = unit
                    self._index = None
                    return
        self.append(unit)

    def append(self, unit: Unit) -> None:
        self.units.append(unit)
        self._index = None


def kept_text(value: Unit | Header, raw: bytes) -> None:
    """For the reader: ``value`` was read from the text ``raw``, which the writer copies as it
    stands while ``value`` is the one read. A change makes a new unit or header (``changed``,
    ``dataclasses.replace``), which has no such text, so no stale text can be written."""
    object.__setattr__(value, "raw", raw)


@contextlib.contextmanager
def paused_gc() -> Generator[None, None, None]:
    """Pause the cyclic garbage collector while many units are made or walked: units hold no
    reference cycles, and its passes over a heap of 55,000 of them took a quarter of the time of
    reading a 16 MB catalog (and 8% of counting its states)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
