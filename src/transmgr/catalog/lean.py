"""A lean read for the jobs that need only each entry's strings and state: compiling an MO file,
counting a file's states and building editions (``transmgr compile``, ``transmgr status FILE``,
``transmgr build``, which looks entries up by key through :class:`Lookup`).

A UTF-8 catalog laid out the usual way (the reader's fast path, fastpath.py) is scanned as bytes
with the fast path's own expression: each entry gives its msgctxt, msgid and msgstr as the bytes
an MO file stores, whether it is fuzzy, and its comments kept as bytes until a state needs them
(only an entry with translator comments can carry a review stamp). No unit is built, no text is
decoded into str, no comment parsed that does not mention a flag (a review stamp is found in the
comments' bytes): about a third of the full reader's time and memory on a large catalog.

Whenever the full reader could see something else — another charset, bytes that are not UTF-8,
a layout the fast path refuses (which is also every error) — :func:`scan` answers None and the
caller reads the catalog in full, which reports any error with its line. Both give the same MO
bytes and the same counts (tests/catalog/test_lean.py compares them on every fixture).
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from transmgr.catalog.fastpath import _ENTRY_BYTES, _Unusual, _value
from transmgr.catalog.lexical import Syntax, read_comments
from transmgr.catalog.model import REVIEW_TAG, State, read_stamp
from transmgr.catalog.po import declared_charset, is_utf8
from transmgr.errors import CatalogError

# The first translator comment (a '#' line that is no note, reference or flag: '#', or '# ', then its
# text) whose text starts with the review tag: where Unit.stamp reads a unit's review stamp.
_STAMP_LINE = re.compile(rb"^# ?" + re.escape(REVIEW_TAG.encode()) + rb"([^\n]*)", re.MULTILINE)


@dataclass(slots=True)
class Entry:
    """One entry as an MO file and the state counts need it; strings are UTF-8 bytes, unescaped."""

    context: bytes | None
    msgid: bytes
    msgstr: bytes
    obsolete: bool
    fuzzy: bool
    comments: bytes  # the comment lines (b"" for none), parsed only when a state needs them

    @property
    def state(self) -> State:
        """The entry's :class:`State`, as the full reader's unit has it (Unit.state: its review stamp
        compared with the digest of its strings, here taken of their bytes)."""
        if not self.msgstr:
            return State.UNTRANSLATED
        if self.fuzzy:
            return State.DRAFT
        line = _STAMP_LINE.search(self.comments)
        stamp = None if line is None else read_stamp(line.group(1).decode("utf-8").strip())
        if stamp is None:
            return State.TRANSLATED
        digest = hashlib.sha256(b"\x00".join((self.context or b"", self.msgid, b"", self.msgstr))).hexdigest()[:12]
        return State.REVIEWED if stamp.digest == digest else State.STALE


@dataclass(frozen=True)
class Scanned:
    """A catalog as the lean read gives it: the header's msgstr (None without a header) and its entries."""

    header: str | None
    entries: list[Entry]


@dataclass(frozen=True, slots=True)
class Found:
    """One entry of a :class:`Lookup`, as a build reads it (the attributes of a unit it uses)."""

    msgid: str
    msgstr: str
    state: State
    obsolete: bool = False
    line: int = 0  # not known: the lean read does not count lines


class Lookup:
    """A catalog read by the lean read for a job that looks its live entries up by key, counts their
    states and compiles it (a build): each entry's translation is decoded, and its state found, when
    it is looked up."""

    def __init__(self, scanned: Scanned) -> None:
        self.scanned = scanned
        self._index = {(None if entry.context is None else entry.context.decode("utf-8"), entry.msgid.decode("utf-8")):
                       entry for entry in scanned.entries if not entry.obsolete}

    def get(self, key: tuple[str | None, str]) -> Found | None:
        """The live entry with ``key`` (msgctxt, msgid)."""
        entry = self._index.get(key)
        return None if entry is None else Found(key[1], entry.msgstr.decode("utf-8"), entry.state)

    def __iter__(self) -> Iterator[Found]:
        for entry in self.scanned.entries:
            yield Found(entry.msgid.decode("utf-8"), entry.msgstr.decode("utf-8"), entry.state, entry.obsolete)


def lookup(path: Path) -> Lookup | None:
    """The catalog at ``path`` for looking its entries up (:class:`Lookup`), or None when it must be read
    in full (see the module), or is not there."""
    scanned = scan(path)
    return None if scanned is None else Lookup(scanned)


def scan(path: Path) -> Scanned | None:
    """The entries of the PO file at ``path``, or None when it must be read in full (see the module)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    charset, _ = declared_charset(data, path)
    if codecs.lookup(charset).name not in ("utf-8", "ascii") or not is_utf8(data):
        return None
    if codecs.lookup(charset).name == "ascii" and not data.isascii():
        return None
    if b"\\\n" in data or b"\x04" in data:
        return None
    return _scan(data, path)


def _text(strings: bytes, prefix: int) -> bytes:
    """A keyword's strings as bytes: the quotes and line joins taken off, escapes decoded."""
    if b"\\" not in strings:
        return strings.replace(b'"\n"' if prefix == 1 else b'"\n#~ "', b"")[1:-1]
    return _value(strings.decode("utf-8"), prefix, 0, Syntax(Path()), "utf-8").encode("utf-8")


def _scan(data: bytes, path: Path) -> Scanned | None:
    entries: list[Entry] = []
    header: str | None = None
    seen: set[tuple[bytes | None, bytes]] = set()
    pending = b""  # a run of comments only, which belongs to the entry below it
    position = 0
    try:
        for match in _ENTRY_BYTES.finditer(data):
            if match.start() != position:
                return None  # text between entries that is no entry
            position = match.end()
            comments, ctxt, msgid, msgstr, o_comments, o_ctxt, o_msgid, o_msgstr, only = match.groups()
            if only is not None:
                pending += only + b"\n"
                continue
            obsolete = msgid is None
            if obsolete:
                comments, ctxt, msgid, msgstr = o_comments, o_ctxt, o_msgid, o_msgstr
            prefix = 4 if obsolete else 1
            # one string without escapes (most of them) is its bytes between the quotes
            source = msgid[1:-1] if b"\\" not in msgid and b"\n" not in msgid else _text(msgid, prefix)
            key = (None if ctxt is None else _text(ctxt, prefix), source)
            if key in seen:
                return None  # a duplicate: the full reader says where
            seen.add(key)
            translation = msgstr[1:-1] if b"\\" not in msgstr and b"\n" not in msgstr else _text(msgstr, prefix)
            if pending:
                comments, pending = pending + comments, b""
            fuzzy = exempt = False
            if b"fuzzy" in comments:
                # a '#=' fuzzy makes a draft, but only a '#,' one spares the entry msgfmt's newline check
                exempt, _, _, flags, _ = read_comments(comments.decode("utf-8").split("\n")[:-1])
                fuzzy = "fuzzy" in flags
            if (source and translation and not obsolete and not exempt
                    and ((source[:1] == b"\n") != (translation[:1] == b"\n")
                         or (source[-1:] == b"\n") != (translation[-1:] == b"\n"))):
                return None  # msgfmt's newline check fails: the full reader says where
            if not obsolete and key == (None, b""):
                if header is None:
                    header = translation.decode("utf-8")
                continue
            entries.append(Entry(key[0], source, translation, obsolete, fuzzy, comments))
    except (_Unusual, CatalogError, UnicodeError):  # an escape that does not decode: the full reader says so
        return None
    if pending or position != len(data):
        return None
    return Scanned(header, entries)
