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
from pathlib import Path

from transmgr.catalog.lexical import Syntax, read_comments, unescape
from transmgr.catalog.model import Read, Unit
from transmgr.errors import CatalogError

_S = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
# A comment line as the strict reader keeps it: no '#~' or '#|', no whitespace at its end.
_C = r"#(?:[^~|\n \t\r\f\v]|[^~|\n][^\n]*[^\n \t\r\f\v])?"
_LIVE = rf"((?:{_C}\n)*)(?:msgctxt ({_S}(?:\n{_S})*)\n)?msgid ({_S}(?:\n{_S})*)\nmsgstr ({_S}(?:\n{_S})*)"
_OBSOLETE = (rf"((?:{_C}\n)*)(?:#~ msgctxt ({_S}(?:\n#~ {_S})*)\n)?#~ msgid ({_S}(?:\n#~ {_S})*)\n"
             rf"#~ msgstr ({_S}(?:\n#~ {_S})*)")
# One entry (live, obsolete) or a run of comments only, then blank lines (or the end of the text).
_ENTRY = re.compile(rf"(?:{_LIVE}|{_OBSOLETE}|((?:{_C}\n)*{_C}))(?:\n(?:[ \t\r\f\v]*\n)+|[ \t\r\f\v\n]*\Z)")
_BYTE_ESCAPE = re.compile(r"\\[0-7x]")


class _Unusual(Exception):
    """The file is not laid out the usual way: the strict reader reads it."""


def read_usual(text: str, path: Path, charset: str) -> list[Unit] | None:
    """The units of ``text`` with their text as read, or None when the file is not laid out the
    usual way (or has an error, which the strict reader then reports)."""
    if "\\\n" in text or "\x04" in text:
        return None
    error = Syntax(path)
    utf8 = codecs.lookup(charset).name == "utf-8"
    units: list[Unit] = []
    seen: set[tuple[str | None, str]] = set()
    pending: list[str] = []  # comments of a run of comments only, for the entry below them
    match_at = _ENTRY.match
    position, line, end = 0, 1, len(text)
    try:
        while position < end:
            match = match_at(text, position)
            if match is None:
                return None
            groups = match.groups()
            start = position
            position = match.end()
            if groups[8] is not None:
                pending += groups[8].split("\n")
                line += text.count("\n", start, position)
                continue
            obsolete = groups[0] is None and groups[2] is None
            comments, ctxt, msgid, msgstr = groups[4:8] if obsolete else groups[:4]
            group = 7 if obsolete else 3
            number = line + text.count("\n", start, match.start(group))
            line += text.count("\n", start, position)
            prefix = 4 if obsolete else 1
            key = (None if ctxt is None else _value(ctxt, prefix, number, error, charset),
                   _value(msgid, prefix, number, error, charset))
            if key in seen:
                return None
            seen.add(key)
            translation = _value(msgstr, prefix, number, error, charset)
            lines = comments.split("\n")[:-1] if comments else []
            if pending:
                lines = pending + lines
            fuzzy, note, references, flags, translator = read_comments(lines) if lines else (False, "", (), (), "")
            msgid_text = key[1]
            if (msgid_text and translation and not obsolete and not fuzzy
                    and ((msgid_text[0] == "\n") != (translation[0] == "\n")
                         or (msgid_text[-1] == "\n") != (translation[-1] == "\n"))):
                return None  # msgfmt's newline check fails: the strict reader says where
            unit = Unit(msgid_text, translation, key[0], None, (), flags, translator, note, references,
                        None, None, None, obsolete, number)
            if not pending:
                block = text[start:match.end(group + 1)]
                if utf8 or _BYTE_ESCAPE.search(block) is None:
                    object.__setattr__(unit, "read", Read(block, unit))  # the reader's own unit, not shared yet
            pending = []
            units.append(unit)
    except _Unusual:
        return None
    if pending:
        return None  # comments after the last entry
    return units


def _value(strings: str, prefix: int, number: int, error: Syntax, charset: str) -> str:
    """The value of a keyword's strings (``prefix``: 1 for '"', 4 for '#~ "' on continuation lines)."""
    if "\n" not in strings:
        body = strings[1:-1]
        return body if "\\" not in body else _unescaped(body, number, error, charset)
    parts = strings.split("\n")
    bodies = [parts[0][1:-1]] + [part[prefix:-1] for part in parts[1:]]
    if "\\" in strings:
        bodies = [_unescaped(body, number, error, charset) if "\\" in body else body for body in bodies]
    return "".join(bodies)


def _unescaped(body: str, number: int, error: Syntax, charset: str) -> str:
    try:
        return unescape(body, number, error, charset)
    except CatalogError as exc:
        raise _Unusual from exc
