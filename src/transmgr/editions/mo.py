"""GNU MO files: the binary catalogs gettext loads, written without going through msgfmt.

The layout is GNU's (revision 0, little-endian, messages sorted by their original bytes,
context written as ``msgctxt\\x04msgid``, plural forms joined by NUL) without the optional
hash table, which is what ``msgfmt --no-hash`` writes: libintl then finds messages by binary
search and Python's :mod:`gettext` never reads the table. :func:`compile_catalog` chooses the
entries: translated, reviewed and stale ones, drafts only when asked.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

from transmgr.catalog import Catalog, State
from transmgr.catalog.lean import Scanned

MAGIC = 0x950412DE
_HEADER_WORDS = 7
_CHARSET = re.compile(r"(charset=)[^\s;]+", re.IGNORECASE)
_PUBLISHED = (State.TRANSLATED, State.REVIEWED, State.STALE)


@dataclass(frozen=True)
class Message:
    """One compiled message; ``plurals`` holds every msgstr[n] of a plural entry."""

    msgid: str
    msgstr: str = ""
    context: str | None = None
    msgid_plural: str | None = None
    plurals: tuple[str, ...] = ()

    def key(self) -> bytes:
        """The original string as the MO file stores it."""
        text = self.msgid if self.msgid_plural is None else f"{self.msgid}\x00{self.msgid_plural}"
        if self.context is not None:
            text = f"{self.context}\x04{text}"
        return text.encode("utf-8")

    def value(self) -> bytes:
        """The translation as the MO file stores it."""
        text = "\x00".join(self.plurals) if self.msgid_plural is not None else self.msgstr
        return text.encode("utf-8")


def header_value(text: str | None, metadata: Iterable[tuple[str, str]]) -> bytes | None:
    """The MO file's header entry: the header's msgstr as read (``text``, from a UTF-8 file) without
    its POT-Creation-Date line, as msgfmt writes it; else one from the fields (:func:`header_message`);
    None for a catalog with neither, or with an empty header (msgfmt writes no header entry then)."""
    if text is not None:
        if not text:
            return None  # an empty header is no message to msgfmt
        lines = text.split("\n")
        first = next((n for n, line in enumerate(lines) if line.startswith("POT-Creation-Date:")), None)
        if first is not None:  # msgfmt drops the field (its first line), not a repetition of it
            del lines[first]
        return "\n".join(lines).encode("utf-8")
    fields = list(metadata)
    return header_message(fields).value() if fields else None


def header_message(metadata: Iterable[tuple[str, str]]) -> Message:
    """The header entry (msgid ``""``) from ordered header fields, declaring UTF-8 as its charset.

    Like msgfmt, the POT-Creation-Date is left out: it changes with every extraction while the
    translations may not, and an MO file should change only when they do.
    """
    lines = []
    for key, value in metadata:
        if key.lower() == "pot-creation-date":
            continue
        if key.lower() == "content-type":
            value = _CHARSET.sub(r"\1UTF-8", value) if _CHARSET.search(value) else "text/plain; charset=UTF-8"
        lines.append(f"{key}: {value}\n")
    return Message("", "".join(lines))


def compile_pairs(pairs: list[tuple[bytes, bytes]]) -> bytes:
    """The MO file of (original, translation) pairs as the MO file stores them."""
    pairs = sorted(pairs)
    count = len(pairs)
    originals_at = 4 * _HEADER_WORDS
    translations_at = originals_at + 8 * count
    strings_at = translations_at + 8 * count
    keys = [key for key, _ in pairs]
    values = [value for _, value in pairs]
    table = array("I", [0]) * (4 * count)
    offset = strings_at
    for base, strings in ((0, keys), (2 * count, values)):
        for n, string in enumerate(strings):
            table[base + 2 * n] = len(string)
            table[base + 2 * n + 1] = offset
            offset += len(string) + 1
    header = array("I", [MAGIC, 0, count, originals_at, translations_at, 0, strings_at])
    if header.itemsize != 4:  # pragma: no cover - every platform Python runs on has 4-byte unsigned int
        raise RuntimeError("array('I') is not 32 bits wide here")
    if sys.byteorder != "little":  # pragma: no cover - big-endian hosts
        header.byteswap()
        table.byteswap()
    blob = b"".join((b"\x00".join(keys), b"\x00", b"\x00".join(values), b"\x00")) if count else b""
    return header.tobytes() + table.tobytes() + blob


def compile_catalog(catalog: Catalog, *, include_drafts: bool = False) -> tuple[bytes, int]:
    """The MO file of ``catalog`` (the header and every translated, reviewed or stale unit, and drafts with ``include_drafts`` as ``msgfmt --use-fuzzy`` takes them; never an obsolete unit) and
    how many translations it holds."""
    published = _PUBLISHED + ((State.DRAFT,) if include_drafts else ())
    header = header_value(catalog.header.text, catalog.metadata.items())
    pairs = [] if header is None else [(b"", header)]
    for unit in catalog:
        if unit.obsolete or unit.state not in published:
            continue
        if unit.msgid_plural is None:
            key, value = unit.msgid, unit.msgstr
        else:
            key, value = f"{unit.msgid}\x00{unit.msgid_plural}", "\x00".join(unit.msgstr_plural)
        if unit.msgctxt is not None:
            key = f"{unit.msgctxt}\x04{key}"
        pairs.append((key.encode("utf-8"), value.encode("utf-8")))
    return compile_pairs(pairs), len(pairs) - (header is not None)


def compile_scanned(scanned: Scanned, *, include_drafts: bool = False) -> tuple[bytes, int, int]:
    """:func:`compile_catalog` of a catalog read by the lean read (catalog/lean.py): the same bytes,
    the number of translations, and the drafts left out."""
    header = header_value(scanned.header, ())
    pairs = [] if header is None else [(b"", header)]
    drafts = 0
    for entry in scanned.entries:
        if entry.obsolete or not entry.msgstr:
            continue
        if entry.fuzzy and not include_drafts:
            drafts += 1
            continue
        key = entry.msgid if entry.context is None else entry.context + b"\x04" + entry.msgid
        pairs.append((key, entry.msgstr))
    return compile_pairs(pairs), len(pairs) - (header is not None), drafts
