"""The reader's fast path: a catalog laid out the usual way, read an entry at a time.

Most catalogs are written by a tool (msgcat, msgmerge, Poedit, polib, transmgr): each entry is a
run of lines between blank lines, comments first, then ``msgctxt``, ``msgid`` and ``msgstr`` each
with one space before its first string and continuation strings on the lines below, live or
all prefixed with ``#~ `` (obsolete). Such an entry is read by one regular expression over its
run of lines instead of token by token. Anything else in the file (a plural, a ``#|`` line,
whitespace at a line's end, an escape that does not decode, a duplicate, a newline mismatch,
an EOT, a backslash joining lines) makes :func:`read_usual` answer None, and the strict reader
(grammar.py) reads the whole file and reports any error with its line. Both give the same units
(tests/catalog/test_fastpath.py reads every fixture both ways, bench/fuzz_reader.py mutated files).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Generator, Iterator
from pathlib import Path

from transmgr.catalog.lexical import Syntax, read_comments, unescape
from transmgr.catalog.model import Unit, kept_text
from transmgr.errors import CatalogError

_S = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
# A comment line as the strict reader keeps it: no '#~' or '#|', no whitespace at its end.
_C = r"#(?:[^~|\n \t\r\f\v]|[^~|\n][^\n]*[^\n \t\r\f\v])?"
_LIVE = rf"((?:{_C}\n)*)(?:msgctxt ({_S}(?:\n{_S})*)\n)?msgid ({_S}(?:\n{_S})*)\nmsgstr ({_S}(?:\n{_S})*)"
_OBSOLETE = (rf"((?:{_C}\n)*)(?:#~ msgctxt ({_S}(?:\n#~ {_S})*)\n)?#~ msgid ({_S}(?:\n#~ {_S})*)\n"
             rf"#~ msgstr ({_S}(?:\n#~ {_S})*)")
# One entry (live, obsolete) or a run of comments only, then blank lines (or the end of the text).
_ENTRY = re.compile(rf"(?:{_LIVE}|{_OBSOLETE}|((?:{_C}\n)*{_C}))(?:\n(?:[ \t\r\f\v]*\n)+|[ \t\r\f\v\n]*\Z)")
# The same over the file's bytes (UTF-8: every byte of the syntax is ASCII, none inside a character).
_ENTRY_BYTES = re.compile(_ENTRY.pattern.encode("ascii"))
_BYTE_ESCAPE = re.compile(rb"\\[0-7x]")
_BLANK_LINES = re.compile(rb"(?:[ \t\r\f\v]*\n)*")


class UnusualLayout(Exception):
    """The file is not laid out the usual way: the strict reader reads it."""


_Unusual = UnusualLayout


def read_usual(data: bytes | str, path: Path, charset: str, *, keep: bool = True) -> list[Unit] | None:
    """The units of a catalog's text with their text as read (without it: ``keep=False``), or None
    when the file is not laid out the usual way (or has an error, which the strict reader then
    reports). ``data`` is the file's text as UTF-8 bytes (or as text): each string is decoded
    on its own, so no copy of the whole file as text is made; ``charset`` is the file's own
    charset, in which escaped bytes (``\\320``) are read."""
    if isinstance(data, str):
        try:
            data = data.encode("utf-8")
        except UnicodeEncodeError:
            return None  # bytes the charset did not decode (marked in a comment): the strict reader
    try:
        return list(iter_usual(data, path, charset, keep=keep))
    except UnusualLayout:
        return None


def iter_usual(data: bytes, path: Path, charset: str, *, keep: bool = True) -> Iterator[Unit]:
    """:func:`read_usual`'s units one at a time, for a reader that lets each go once used (a template
    merged into a catalog); :class:`UnusualLayout` when the file turns out not to be laid out the
    usual way, possibly after some units (the caller then reads it with the strict reader)."""
    yield from _entries(data, path, charset, keep=keep, line=1, seen=set(), pending=[], last=True)


def iter_usual_file(path: Path, charset: str, *, chunk: int = 1 << 20) -> Iterator[Unit]:
    """:func:`iter_usual` for a UTF-8 file read ``chunk`` bytes at a time (the units without their text
    as read: a template's), never the whole file in memory. The file is cut only at a blank line, which
    in a file of the usual layout always ends an entry; any other file ends in :class:`UnusualLayout`."""
    seen: set[int] = set()
    pending: list[str] = []
    line = 1
    carry = b""
    with path.open("rb") as handle:
        while True:
            more = handle.read(chunk)
            data = carry + more
            if more:
                cut = data.rfind(b"\n\n")
                end = _BLANK_LINES.match(data, cut + 2).end() if cut >= 0 else len(data)  # type: ignore[union-attr]
                if end == len(data) or data[end] in b" \t\r\f\v":  # no blank line yet, or maybe one more: read on
                    carry = data
                    continue
                data, carry = data[:end], data[end:]
            line = yield from _entries(data, path, charset, keep=False, line=line, seen=seen, pending=pending,
                                       last=not more)
            if not more:
                return


def _entries(data: bytes, path: Path, charset: str, *, keep: bool, line: int, seen: set[int], pending: list[str],
             last: bool) -> Generator[Unit, None, int]:
    """The units of ``data``, a whole file or a part of one that ends after a blank line (``last``: the
    file's end), whose first line is the file's line ``line``. ``seen`` and ``pending`` carry from
    one part to the next; the generator returns the line after the part."""
    if b"\\\n" in data or b"\x04" in data:
        raise UnusualLayout
    error = Syntax(path)
    utf8 = codecs.lookup(charset).name == "utf-8"
    # ``seen`` holds each key's hash, not the key (which would keep every msgid alive): two keys
    # with one hash are taken for a duplicate, and the strict reader, which finds none, reads the file.
    # ``pending``: comments of a run of comments only, for the entry below them.
    count = data.count
    position = 0
    try:
        for match in _ENTRY_BYTES.finditer(data):
            start = match.start()
            if start != position:
                raise UnusualLayout  # text between entries that is no entry
            position = match.end()
            comments, ctxt, msgid, msgstr, o_comments, o_ctxt, o_msgid, o_msgstr, only = match.groups()
            if only is not None:
                pending += only.decode("utf-8").split("\n")
                line += count(b"\n", start, position)
                continue
            if msgid is None:
                obsolete, group, prefix = True, 7, 4
                comments, ctxt, msgid, msgstr = o_comments, o_ctxt, o_msgid, o_msgstr
            else:
                obsolete, group, prefix = False, 3, 1
            at = match.start(group)
            number = line + count(b"\n", start, at)
            line = number + count(b"\n", at, position)
            # one string without escapes (most of them) is its text between the quotes
            msgid_text = msgid[1:-1].decode("utf-8") if b"\\" not in msgid and b"\n" not in msgid else \
                _value(msgid.decode("utf-8"), prefix, number, error, charset)
            key = (None if ctxt is None else _value(ctxt.decode("utf-8"), prefix, number, error, charset), msgid_text)
            if hash(key) in seen:
                raise UnusualLayout
            seen.add(hash(key))
            translation = msgstr[1:-1].decode("utf-8") if b"\\" not in msgstr and b"\n" not in msgstr else \
                _value(msgstr.decode("utf-8"), prefix, number, error, charset)
            if comments or pending:
                fuzzy, note, references, flags, translator = read_comments(
                    pending + comments.decode("utf-8").split("\n")[:-1])
            else:
                fuzzy, note, references, flags, translator = False, "", (), (), ""
            if (msgid_text and translation and not obsolete and not fuzzy
                    and ((msgid_text[0] == "\n") != (translation[0] == "\n")
                         or (msgid_text[-1] == "\n") != (translation[-1] == "\n"))):
                raise UnusualLayout  # msgfmt's newline check fails: the strict reader says where
            unit = Unit(msgid_text, translation, key[0], None, (), flags, translator, note, references,
                        None, None, None, obsolete, number)
            if pending:
                pending.clear()  # the text read is not the unit's alone
            elif keep:
                block = data[start:match.end(group + 1)]
                if utf8 or _BYTE_ESCAPE.search(block) is None:
                    kept_text(unit, block)  # UTF-8, as the file is written
            yield unit
    except UnicodeDecodeError as exc:
        raise UnusualLayout from exc
    if (pending and last) or position != len(data):
        raise UnusualLayout  # comments after the last entry, or text that is no entry
    return line


def _value(strings: str, prefix: int, number: int, error: Syntax, charset: str) -> str:
    """The value of a keyword's strings (``prefix``: 1 for '"', 4 for '#~ "' on continuation lines)."""
    if "\\" not in strings:
        # A quote, a line break and a quote can only be the end of one string and the start of the next.
        return strings.replace('"\n"' if prefix == 1 else '"\n#~ "', "")[1:-1]
    parts = strings.split("\n")
    bodies = [parts[0][1:-1]] + [part[prefix:-1] for part in parts[1:]]
    # each string on its own, as gettext's lexer reads them ("\x4" "1" is not "\x41")
    return "".join(_unescaped(body, number, error, charset) if "\\" in body else body for body in bodies)


def _unescaped(body: str, number: int, error: Syntax, charset: str) -> str:
    try:
        return unescape(body, number, error, charset)
    except CatalogError as exc:
        raise _Unusual from exc
