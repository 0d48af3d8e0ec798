"""A fast, strict PO parser producing transmgr's catalog model (:mod:`transmgr.catalog.model`).

polib's own parser is lenient where msgfmt is strict (an unterminated string or a msgid
without msgstr passes), breaks lines at vertical tabs and U+2028 (``str.splitlines``), refuses
``#:file.c:1`` without a space and is the slowest step of every workflow. This reader follows
GNU gettext's own lexer and grammar (``po-lex.c``, ``po-gram-gen.y``): it reads tokens, not
lines, so ``msgid`` and its string may sit on different lines, ``msgstr [ 0 ]`` is a plural
form, a backslash right before a newline joins two lines anywhere (even in a comment), a raw CR
inside a string or a comment is kept (CRLF line endings are whitespace), and a comment, a ``#|``
line or a ``#~`` marker in the middle of an entry is an error. It accepts what
``msgfmt -c --check-format`` accepts and refuses what it refuses, with the line number: duplicate
keywords within an entry, ``#~`` on some lines of an entry only, the context separator EOT in a
string, duplicate entries, and msgfmt's check that msgid and msgstr (every msgid_plural and
msgstr[N]) of a translated, non-fuzzy, live entry all begin with ``\\n`` or none does, and the
same for the end. It builds transmgr's catalog model (model.py); whatever it accepts is written
back and read again with the same values (bench/fuzz_reader.py checks this and the verdicts on
mutated files). The lexical pieces are in lexical.py, the grammar in grammar.py, and the fast path
for files laid out the usual way in fastpath.py.

Deliberate differences from ``msgfmt -c --check-format`` (GNU gettext 0.21), each for a reason:

1. ``--check-header`` checks are not made: a missing or untranslated header entry, a missing or
   invalid ``Plural-Forms``, a plural expression that can divide by zero or exceed nplurals, a
   plural entry with more or fewer forms than nplurals. Plain ``msgfmt`` accepts such files
   (the test suite holds transmgr to reading them), templates and fresh catalogs have such
   headers, and transmgr writes the header itself.
2. ``--check-format`` checks are not made (c-format, python-format... directives compared between
   msgid and msgstr): they need a parser per programming language; transmgr's own checks compare
   placeholders.
3. A NUL character in a string (raw, or escaped as ``\\0``, ``\\000``, ``\\x00``, ``\\400``) is kept
   with the text after it, and the duplicate and newline checks look at the whole text; msgfmt
   cuts each quoted string at a NUL (a known gettext FIXME), so a NUL can make it see a
   duplicate or a newline mismatch the reader does not, or the reverse. What msgfmt sees changes
   with the way a value is split into quoted strings, which a write changes: no verdict on NULs
   can hold across a write, and transmgr's own writer puts NULs in catalogs (the editions drop
   them).
4. An escape that makes bytes which are not valid in the file's charset (``\\377`` or ``\\xff`` in a
   UTF-8 file) is refused: msgfmt copies the raw bytes into the MO file; a Python string cannot
   hold them. Escaped bytes are decoded in the file's charset, and out-of-range escapes keep the
   low byte as gettext does (``\\x141`` is ``A``).
5. An empty ``msgid_plural ""`` is refused: most tools (polib, Babel) take an empty msgid_plural
   for "not a plural entry" and would drop it, breaking the entry, on their next write.
6. A header entry (``msgid ""``, no msgctxt) with a ``msgid_plural`` is refused: the header is
   kept as metadata, which has no plural forms.
7. Bytes not valid in the declared charset are refused everywhere but in comments, where they
   are read as U+FFFD (msgfmt does not check comments; such a comment is written back with
   U+FFFD). msgfmt knows the charset only once it has read the header entry and the token after
   it, and checks no byte before: transmgr decodes the whole file, so it refuses such bytes in
   the header entry, in entries above it and right after the ``#`` of the comment that follows it.
8. Charsets (po.py): a charset Python does not know, a Python codec that is no charset
   (``idna``, ``unicode_escape``...) and one that does not encode ASCII as ASCII (UTF-16, UTF-7)
   are refused, where msgfmt only warns that the name is not portable and then checks no byte;
   a file without a charset, with a non-portable name such as ``utf8``, or with an untouched
   template's ``charset=CHARSET`` is read as UTF-8 and checked (msgfmt checks nothing then).
9. A UTF-8 byte order mark at the start is accepted and dropped (po.py); gettext 0.21 reports a
   syntax error.
10. ``#=`` lines (gettext 1.0's sticky flags) are read as flags; gettext 0.21 reads them as plain
    comments. Only ``#,`` flags make an entry fuzzy for the newline check, as for msgfmt.
11. The header is kept as its fields: its ``Key: value`` fields (the first of a repeated key,
    as gettext reads ``charset=`` and ``plural=``), written back in gettext's field order with
    ``charset=UTF-8`` (files are written in UTF-8); header text that is not a field is not kept
    (an MO file made from a UTF-8 file holds the header's msgstr as read, as msgfmt's does).

Not differences: ``domain`` directives are refused, as msgfmt with ``-o`` refuses them
("directive ignored"); an obsolete entry's ``#.`` and ``#:`` lines are not written back, as
gettext's own tools (msgmerge, msgattrib) drop them.
"""

from __future__ import annotations

import bisect
import codecs
import re
from pathlib import Path

from transmgr.catalog.fastpath import read_usual
from transmgr.catalog.grammar import parse_strict
from transmgr.catalog.lexical import WS, blocks
from transmgr.catalog.model import Catalog, Header, Unit, kept_text, paused_gc

_BYTE_ESCAPE = re.compile(r"\\[0-7x]")


def parse_po(text: str | bytes, path: Path, charset: str = "utf-8", *, fast: bool = True,
             keep: bool = True) -> Catalog:
    """Parse PO text into a :class:`Catalog`; every syntax error is a :class:`CatalogError`.

    ``text`` may be the file's UTF-8 bytes. ``charset`` is the file's charset, which escaped bytes
    (``\\320\\226``) are decoded in. A file
    laid out the usual way is read an entry at a time (fastpath.py); any other, and any error,
    token by token (grammar.py); the cyclic garbage collector is paused meanwhile (see
    :func:`paused_gc`). ``fast=False`` reads every file token by token (tests compare the two);
    ``keep=False`` keeps no unit's text as read (a template merged into another catalog is never
    written back as it was read: the memory is saved).
    """
    with paused_gc():
        units = read_usual(text, path, charset, keep=keep) if fast else None
        if units is None:
            if isinstance(text, bytes):  # UTF-8 bytes (see read_catalog): as text for the strict reader
                text = text.decode("utf-8")
            units, lasts = parse_strict(text, path, charset)
            # With spliced lines the raw text is not the lines the entries came from: nothing is
            # kept then. Escaped bytes (\377, \xff) mean characters of the file's charset, and the
            # file is written back in UTF-8: in another charset, a unit that has some is written anew.
            if keep and "\\\n" not in text:
                _attach_raw(text, units, lasts, codecs.lookup(charset).name == "utf-8")
        return assemble(units, path)


def _attach_raw(text: str, entries: list[Unit], lasts: list[int], utf8: bool) -> None:
    """Give each unit that stands alone between blank lines its text as read (:func:`kept_text`): while
    it stays the unit read, the writer copies that text as it was, byte for byte, whoever wrapped
    its lines (msgcat, Poedit, polib) and however long the catalog."""
    runs = blocks(text)
    firsts = [block[0] for block in runs]

    def block_of(number: int) -> int:
        index = bisect.bisect_right(firsts, number) - 1
        return index if index >= 0 and runs[index][1] >= number else -1

    where = [block_of(entry.line) for entry in entries]
    counts: dict[int, int] = {}
    ends: dict[int, int] = {}  # block -> the last line of its entries
    for index, last in zip(where, lasts):
        counts[index] = counts.get(index, 0) + 1
        ends[index] = max(ends.get(index, 0), last)
    for entry, index, last in zip(entries, where, lasts):
        if index < 0 or counts[index] != 1 or runs[index][1] != last:
            continue  # not alone in its block, or not its last line (comments after it are the next entry's)
        if index > 0 and ends.get(index - 1) != runs[index - 1][1]:
            continue  # lines after the entry above (comments, which are this entry's) are not in this block
        raw = text[runs[index][2]:runs[index][3]].rstrip(WS)
        if not utf8 and _BYTE_ESCAPE.search(raw):
            continue
        kept_text(entry, raw.encode("utf-8"))


def assemble(entries: list[Unit], path: Path | None = None) -> Catalog:
    """The catalog of ``entries`` as read: the first entry with an empty msgid becomes its header."""
    header = next((e for e in entries if e.msgid == "" and e.msgctxt is None and not e.obsolete), None)
    units = [entry for entry in entries if entry is not header]
    if header is None:
        return Catalog(units, path=path)
    fields: dict[str, str] = {}
    key = None
    lines = header.msgstr.split("\n")  # not splitlines(): a U+2028 or \v is no line break here
    if lines[-1] == "":
        lines.pop()
    for line in lines:
        name, colon, value = line.partition(":")
        if colon:
            # gettext reads the first of repeated fields (charset=, plural=); so does transmgr
            key = None if name in fields else name
            if key is not None:
                fields[key] = value.strip()
        elif key is not None:
            fields[key] += "\n" + line.strip()
    head = Header(tuple(fields.items()), header.comments, header.flags, header.note, header.references,
                  header.previous_msgid)
    if header.raw is not None:
        kept_text(head, header.raw)
    object.__setattr__(head, "text", header.msgstr)
    return Catalog(units, head, path)
