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
same for the end. It builds the same ``POFile``/``POEntry`` objects, so writing still goes
through polib (see po.py's ``format_catalog``); whatever it accepts is written back and read
again with the same values (bench/fuzz_reader.py checks this and the verdicts on mutated files).

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
5. An empty ``msgid_plural ""`` is refused: polib takes an empty msgid_plural for "not a plural
   entry" and would drop it, breaking the entry, on the next write.
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
11. The header is kept as polib's metadata: its ``Key: value`` fields (the first of a repeated key,
    as gettext reads ``charset=`` and ``plural=``), written back in gettext's field order with
    ``charset=UTF-8`` (files are written in UTF-8); header text that is not a field is not kept.

Not differences: ``domain`` directives are refused, as msgfmt with ``-o`` refuses them
("directive ignored"); an obsolete entry's ``#.`` and ``#:`` lines are not written back, as
gettext's own tools (msgmerge, msgattrib) drop them.
"""

from __future__ import annotations

import bisect
import codecs
import gc
import re
from pathlib import Path

from transmgr.catalog.model import Catalog, Header, Read, Unit
from transmgr.errors import CatalogError

WRAP_WIDTH = 79

# gettext's whitespace between tokens (po-lex.c); str.strip() would also eat \x1c-\x1f, \x85...
_WS = " \t\r\f\v"
_STRING = r'"(?:[^"\\]|\\.)*"'
_ONE_STRING = re.compile(rf"{_STRING}")
_ONE_KEYWORD = re.compile(rf"(msgctxt|msgid_plural|msgid|msgstr)[ \t\r\f\v]*({_STRING})")
_LEX = re.compile(
    rf"[ \t\r\f\v]*(?:({_STRING})|msgstr\[([0-9]+)\]|([A-Za-z_$][A-Za-z0-9_$]*)|([0-9]+)|([\[\]])|(#))"
)
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+)|(.)|$)")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "a": "\a", '"': '"', "\\": "\\"}
_FLAG_SPLIT = re.compile(r"[ \t\r\f\v]+")
# A line break, then any blank lines (whitespace only), then the next line's start.
_BLANK_LINES = re.compile(r"\n(?:[ \t\r\f\v]*\n)+")
_BYTE_ESCAPE = re.compile(r"\\[0-7x]")

# Token kinds (gettext's po-gram-gen.y terminals; MSGSTR_N is 'msgstr' '[' N ']' written together).
STRING, MSGID, MSGSTR, MSGCTXT, MSGID_PLURAL, MSGSTR_N = range(6)
P_STRING, P_MSGID, P_MSGCTXT, P_MSGID_PLURAL = range(6, 10)
COMMENT, LBRACKET, RBRACKET, NUMBER, DOMAIN = range(10, 15)
_KEYWORDS = {"msgid": MSGID, "msgstr": MSGSTR, "msgctxt": MSGCTXT, "msgid_plural": MSGID_PLURAL, "domain": DOMAIN}
_PREV_KEYWORDS = {"msgid": P_MSGID, "msgctxt": P_MSGCTXT, "msgid_plural": P_MSGID_PLURAL}
_NAMES = {STRING: "a string", MSGID: "msgid", MSGSTR: "msgstr", MSGCTXT: "msgctxt", MSGID_PLURAL: "msgid_plural",
          MSGSTR_N: "msgstr[N]", P_STRING: "a '#|' string", P_MSGID: "'#| msgid'", P_MSGCTXT: "'#| msgctxt'",
          P_MSGID_PLURAL: "'#| msgid_plural'", COMMENT: "a comment", LBRACKET: "'['", RBRACKET: "']'",
          NUMBER: "a number", DOMAIN: "domain"}

# Parser states: what the grammar has seen of the current entry.
(IDLE, P_CTXT_KW, P_CTXT, P_ID_KW, P_ID, P_PL_KW, P_PL, CTXT_KW, CTXT, ID_KW, ID, PL_KW, PL, STR_KW, STR,
 IDX_KW, IDX_LB, IDX_N, IDX_RB, PSTR) = range(20)
# The state a string moves to (a keyword's first string, or one more string of the same field).
_AFTER_STRING = {CTXT_KW: CTXT, CTXT: CTXT, ID_KW: ID, ID: ID, PL_KW: PL, PL: PL, STR_KW: STR, STR: STR,
                 IDX_RB: PSTR, PSTR: PSTR}
_AFTER_PREV_STRING = {P_CTXT_KW: P_CTXT, P_CTXT: P_CTXT, P_ID_KW: P_ID, P_ID: P_ID, P_PL_KW: P_PL, P_PL: P_PL}
# Fields the strings of a state go to: index into _Parser.values.
F_CTXT, F_ID, F_PLURAL, F_STR, F_PCTXT, F_PID, F_PPLURAL, F_PSTR = range(8)


class _Syntax:
    """Raises the one-line error for a line."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self, line: int, what: str, hint: str = "fix the entry or check it with 'msgfmt -c'") -> CatalogError:
        return CatalogError(f"PO syntax error: {what}", path=self.path, line=line, hint=hint)


def _unescape(body: str, number: int = 0, error: _Syntax | None = None, charset: str = "utf-8") -> str:
    """Resolve C escapes as gettext does: \\n and friends, octal \\ooo and hex \\xhh (bytes in ``charset``)."""
    if "\\" not in body:
        return body
    try:
        return _unescape_bytes(body, number, error, charset)
    except UnicodeEncodeError as exc:  # text that did not come from this charset
        raise _fail(error, number, f"a character that {charset} cannot encode", "fix the charset") from exc


def _unescape_bytes(body: str, number: int, error: _Syntax | None, charset: str) -> str:
    out = bytearray()
    position = 0
    for match in _ESCAPE.finditer(body):
        out += body[position:match.start()].encode(charset)
        position = match.end()
        octal, hexa, char = match.groups()
        if octal is not None or hexa is not None:
            # gettext stores the value in a char: only the low byte is kept (\x141 is 'A').
            value = (int(octal, 8) if octal is not None else int(hexa[-2:], 16)) & 0xFF
            if value == 4:
                raise _fail(error, number, "context separator <EOT> within string", "remove the escape")
            out.append(value)
        elif char is not None and char in _ESCAPES:
            out += _ESCAPES[char].encode(charset)
        else:
            raise _fail(error, number, f"invalid control sequence {match.group(0)!r}", "escape a backslash as \\\\")
    out += body[position:].encode(charset)
    try:
        return out.decode(charset)
    except UnicodeDecodeError as exc:
        raise _fail(error, number, f"escaped bytes are not valid {charset}",
                    f"write the characters themselves, or escape their {charset} bytes") from exc


def _fail(error: _Syntax | None, number: int, what: str, hint: str) -> CatalogError:
    if error is None:
        return CatalogError(f"PO syntax error: {what}")
    return error(number, what, hint)


def comment_start(line: str) -> int:
    """Where a comment starts in ``line`` (gettext's lexer: a ``#`` outside a string that is not
    ``#~`` or ``#|``), or -1. Used to tell bytes inside comments, which msgfmt never checks."""
    index, end, in_string = 0, len(line), False
    while index < end:
        char = line[index]
        if in_string:
            if char == "\\":
                index += 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char == "#":
            following = line[index + 1:index + 2]
            if following not in ("~", "|"):
                return index
            index += 1
        index += 1
    return -1


def splice_lines(lines: list[str]) -> None:
    """Join a line ending in a backslash with the next one, in place, as gettext's lexer does
    everywhere (strings, comments, between tokens). Only a backslash right before the newline
    counts, not one before a CR. The joined lines become "\\n" (the only string with a newline
    in ``lines``), so line numbers stay right."""
    index, last = 0, len(lines) - 1
    while index < last:
        if not lines[index].endswith("\\"):
            index += 1
            continue
        end, parts = index, []
        while end < last and lines[end].endswith("\\"):
            parts.append(lines[end][:-1])
            end += 1
        parts.append(lines[end])
        lines[index] = "".join(parts)
        for follow in range(index + 1, end + 1):
            lines[follow] = "\n"  # no line any more, and unlike a blank line it leaves the '#|' mode alone
        index = end + 1


class _Parser:
    """gettext's PO grammar as a state machine over tokens; builds units."""

    def __init__(self, error: _Syntax, charset: str, check_controls: bool) -> None:
        self.error = error
        self.charset = charset
        self.check_controls = check_controls
        self.entries: list[Unit] = []
        self.lasts: list[int] = []  # the line each unit ends on
        self.seen: dict[tuple[str | None, str], int] = {}
        self.comments: list[str] = []
        self.state = IDLE
        self.obsolete = False
        self.values: list[str | None] = [None] * 7
        self.plurals: list[str] = []
        self.field = F_ID
        self.cur = ""
        self.msgid_line = 0
        self.msgstr_line = 0
        self.keyword_line = 0
        self.completed_by = -1  # the last token kind of the entry completed last (for error messages)
        self.carry_previous = False  # the next line starts in '#|' mode (see lex)
        self.pending_index = 0  # N of a "msgstr [ N ]" written apart
        self.last_line = 0  # the line of the last keyword or string read (where an entry ends)

    # -- lexing -------------------------------------------------------------------------------

    def string(self, token: str, number: int) -> str:
        """The value of a quoted string (``check_controls``: the file has an EOT somewhere)."""
        body = token[1:-1]
        if "\\" in body:
            body = _unescape(body, number, self.error, self.charset)
        if self.check_controls and "\x04" in body:
            raise self.error(number, "context separator <EOT> within string", "remove the U+0004 character")
        return body

    def lex(self, line: str, number: int, obsolete: bool, previous: bool) -> list[tuple[int, object, bool]]:
        """All tokens of a (stripped, non-empty) line, as gettext's po-lex.c reads them.

        Sets ``carry_previous`` when the line ends in a comment read in ``#|`` mode: gettext's lexer
        leaves that mode only when it reads a newline itself, and a comment swallows its newline,
        so the next line is read in ``#|`` mode too.
        """
        self.carry_previous = False
        tokens: list[tuple[int, object, bool]] = []
        position, end = 0, len(line)
        while position < end:
            match = _LEX.match(line, position)
            if match is None:
                rest = line[position:].lstrip(_WS)
                if not rest:
                    break
                if rest[0] == '"':
                    raise self.error(number, "end of line within string",
                                     'close the string with a double quote; escape inner quotes as \\"')
                raise self.error(number, f"unexpected text {_FLAG_SPLIT.split(rest, 1)[0][:40]!r}")
            position = match.end()
            string, index, name, digits, bracket, _hash = match.groups()
            if string is not None:
                tokens.append((P_STRING if previous else STRING, self.string(string, number), obsolete))
            elif index is not None:
                if previous:
                    raise self.error(number, "unknown keyword 'msgstr' in a '#|' line", "a '#|' line holds the "
                                     "previous msgctxt, msgid and msgid_plural only")
                tokens.append((MSGSTR_N, int(index), obsolete))
            elif name is not None:
                kind = (_PREV_KEYWORDS if previous else _KEYWORDS).get(name)
                if kind is None:
                    where = " in a '#|' line" if previous else ""
                    raise self.error(number, f"unknown keyword {name!r}{where}")
                tokens.append((kind, None, obsolete))
            elif digits is not None:
                tokens.append((NUMBER, int(digits), obsolete))
            elif bracket is not None:
                tokens.append((LBRACKET if bracket == "[" else RBRACKET, None, obsolete))
            else:
                following = line[position:position + 1]
                if following == "~":
                    obsolete = True
                    position += 1
                    if line[position:position + 1] == "|":
                        previous = True
                        position += 1
                elif following == "|":
                    previous = True
                    position += 1
                else:
                    tokens.append((COMMENT, line[position - 1:], False))
                    self.carry_previous = previous
                    break
        return tokens

    # -- the grammar --------------------------------------------------------------------------

    def begin(self, obsolete: bool, field: int, state: int, number: int) -> None:
        self.obsolete = obsolete
        self.values = [None] * 7
        self.plurals = []
        self.field = field
        self.cur = ""
        self.state = state
        self.keyword_line = number
        if field == F_ID:
            self.msgid_line = number

    def switch(self, field: int, state: int, number: int) -> None:
        """The current field's strings are complete; the next keyword starts ``field``."""
        if field == F_STR or (field == F_PSTR and self.field == F_PLURAL):
            self.msgstr_line = number  # where msgfmt reports the entry's -c errors
        if self.field == F_PSTR:
            self.plurals.append(self.cur)
        else:
            self.values[self.field] = self.cur
        self.field = field
        self.cur = ""
        self.state = state
        self.keyword_line = number
        if field == F_ID:
            self.msgid_line = number

    def token(self, kind: int, value: object, obsolete: bool, number: int) -> None:
        state = self.state
        if kind in (STRING, P_STRING):
            following = (_AFTER_STRING if kind == STRING else _AFTER_PREV_STRING).get(state)
            if following is not None:
                if obsolete != self.obsolete:
                    raise self._inconsistent(number)
                self.cur += value  # type: ignore[operator]
                self.state = following
                return
            raise self._misplaced(kind, number)
        if state in (STR, PSTR):
            if state == PSTR and (kind in (MSGSTR, MSGSTR_N)):
                if obsolete != self.obsolete:
                    raise self._inconsistent(number)
                self.switch(F_PSTR, IDX_KW, number)
                if kind == MSGSTR_N:
                    self.index(value, number)  # type: ignore[arg-type]
                return
            self.complete(kind)
            state = IDLE
        if state == IDLE:
            if kind == COMMENT:
                self.comments.append(value)  # type: ignore[arg-type]
            elif kind == MSGID:
                self.begin(obsolete, F_ID, ID_KW, number)
            elif kind == MSGCTXT:
                self.begin(obsolete, F_CTXT, CTXT_KW, number)
            elif kind == P_MSGID:
                self.begin(obsolete, F_PID, P_ID_KW, number)
            elif kind == P_MSGCTXT:
                self.begin(obsolete, F_PCTXT, P_CTXT_KW, number)
            else:
                raise self._misplaced(kind, number)
            return
        if kind == COMMENT:
            raise self._misplaced(kind, number)
        if obsolete != self.obsolete:
            raise self._inconsistent(number)
        if state == ID:
            if kind == MSGSTR:
                self.switch(F_STR, STR_KW, number)
            elif kind == MSGID_PLURAL:
                self.switch(F_PLURAL, PL_KW, number)
            elif kind == MSGSTR_N:
                raise self.error(number, f"msgstr[{value}] without msgid_plural", "write msgstr, or add msgid_plural")
            else:
                raise self._missing_msgstr(kind)
        elif state == PL:
            if kind == MSGSTR:
                self.switch(F_PSTR, IDX_KW, number)
                self.state = IDX_KW
            elif kind == MSGSTR_N:
                self.switch(F_PSTR, IDX_KW, number)
                self.index(value, number)  # type: ignore[arg-type]
            elif kind == MSGID_PLURAL:
                raise self.error(number, "duplicate msgid_plural in one entry",
                                 "an entry has one msgid_plural: remove the second one")
            else:
                raise self.error(self.msgid_line, "missing msgstr[0]",
                                 'add msgstr[0] "" and msgstr[1] "" after the msgid_plural')
        elif state == CTXT:
            if kind == MSGID:
                self.switch(F_ID, ID_KW, number)
            elif kind == MSGCTXT:
                raise self.error(number, "duplicate msgctxt in one entry", "an entry has one msgctxt: remove one")
            else:
                raise self.error(self.keyword_line, "msgctxt without msgid", "add the msgid and msgstr of this entry")
        elif state == IDX_KW:
            if kind == LBRACKET:
                self.state = IDX_LB
            else:
                raise self.error(number, "msgstr in a plural entry", "write msgstr[0], msgstr[1]... instead")
        elif state == IDX_LB:
            if kind != NUMBER:
                raise self.error(number, "msgstr[ without a number", "write msgstr[0], msgstr[1]...")
            self.pending_index = value  # type: ignore[assignment]
            self.state = IDX_N
        elif state == IDX_N:
            if kind != RBRACKET:
                raise self.error(number, "msgstr[N without ']'", "write msgstr[0], msgstr[1]...")
            self.index(self.pending_index, number)  # type: ignore[arg-type]
        elif state in (P_ID, P_PL):
            if kind == MSGID:
                self.switch(F_ID, ID_KW, number)
            elif kind == MSGCTXT:
                self.switch(F_CTXT, CTXT_KW, number)
            elif kind == P_MSGID_PLURAL and state == P_ID:
                self.switch(F_PPLURAL, P_PL_KW, number)
            else:
                raise self._misplaced(kind, number)
        elif state == P_CTXT and kind == P_MSGID:
            self.switch(F_PID, P_ID_KW, number)
        elif state == STR_KW and kind == LBRACKET:
            raise self.error(number, "msgstr[N] without msgid_plural", "write msgstr, or add msgid_plural")
        else:
            raise self._misplaced(kind, number)

    def index(self, index: int, number: int) -> None:
        """``msgstr[index]`` of a plural entry; gettext wants 0, 1, 2... in this order."""
        expected = len(self.plurals)
        if index != expected:
            if index < expected:
                what = f"plural form has wrong index: duplicate msgstr[{index}] (line {number})"
                hint = "an entry has one msgstr[N] of each N: remove the duplicate"
            else:
                what = f"plural form has wrong index: msgstr[{index}] where msgstr[{expected}] belongs (line {number})"
                hint = "number the plural forms msgstr[0], msgstr[1]... without gaps"
            raise self.error(self.msgid_line, what, hint)
        self.state = IDX_RB

    def _inconsistent(self, number: int) -> CatalogError:
        return self.error(number, "inconsistent use of #~",
                          "prefix every line of an obsolete entry with '#~' (or no line of a live entry)")

    def _missing_msgstr(self, kind: int) -> CatalogError:
        if kind == MSGID:
            return self.error(self.msgid_line, "missing msgstr (a second msgid follows)",
                              'an entry has one msgid: remove the duplicate, or add msgstr "" after the first')
        return self.error(self.msgid_line, "missing msgstr", 'add msgstr "" after the msgid')

    def _misplaced(self, kind: int, number: int) -> CatalogError:
        state = self.state
        name = _NAMES[kind]
        if state == ID:
            return self._missing_msgstr(kind)
        if state == PL:
            return self.error(self.msgid_line, "missing msgstr[0]",
                              'add msgstr[0] "" and msgstr[1] "" after the msgid_plural')
        if state in (CTXT_KW, ID_KW, PL_KW, STR_KW, IDX_RB, P_CTXT_KW, P_ID_KW, P_PL_KW):
            if kind == STRING and state in (P_CTXT_KW, P_ID_KW, P_PL_KW):
                return self.error(number, "a string continuing a '#|' line must be a '#|' line too",
                                  "prefix the line with '#|'")
            return self.error(self.keyword_line, "a keyword without a string", 'write the keyword and its string, e.g. msgstr ""')
        if state == IDX_KW and kind == STRING:
            return self.error(number, "msgstr in a plural entry", "write msgstr[0], msgstr[1]... instead")
        if state in (P_CTXT, P_ID, P_PL):
            if kind == STRING:
                return self.error(number, "a string continuing a '#|' line must be a '#|' line too",
                                  "prefix the line with '#|'")
            return self.error(number, f"{name} after a '#|' line",
                              "'#|' lines go right before the entry's msgctxt or msgid; put comments above them")
        if state != IDLE:
            return self.error(number, f"{name} inside an entry",
                              "put comments above the entry's first line; an entry is msgctxt, msgid, msgstr")
        # between entries
        last = self.completed_by
        if kind == STRING:
            if last == COMMENT:
                return self.error(number, "a string after a comment", "a comment ends the entry's text above it")
            return self.error(number, "a string without a keyword before it")
        if kind == MSGSTR and last in (STR, PSTR):
            return self.error(number, "duplicate msgstr in one entry", "an entry has one msgstr: remove one")
        if kind == MSGSTR_N and last == STR:
            return self.error(number, "msgstr[N] after msgstr", "write msgstr, or add msgid_plural")
        if kind == MSGID_PLURAL and last in (STR, PSTR):
            return self.error(number, "msgid_plural after msgstr", "msgid_plural goes right after the msgid")
        if kind == DOMAIN:
            return self.error(number, "'domain' directives are not supported",
                              "split the catalog: one PO file per domain")
        if kind == P_MSGID_PLURAL:
            return self.error(number, "'#| msgid_plural' without '#| msgid'", "add the previous msgid above it")
        if kind in (MSGSTR, MSGSTR_N, MSGID_PLURAL):
            return self.error(number, f"{name} without msgid")
        if kind == P_STRING:
            return self.error(number, "a '#|' string without '#| msgid' before it")
        return self.error(number, f"unexpected {name}")

    def complete(self, kind: int) -> None:
        """The entry is complete; ``kind`` is the token after it."""
        last_state = self.state
        if self.field == F_PSTR:
            self.plurals.append(self.cur)
        else:
            self.values[self.field] = self.cur
        plurals = self.plurals
        ctxt, msgid, plural, msgstr, prev_ctxt, prev_id, prev_plural = self.values
        assert msgid is not None
        obsolete = self.obsolete
        number = self.msgid_line
        fuzzy = False
        note, comments = "", ""
        references: tuple[tuple[str, str], ...] = ()
        flags: tuple[str, ...] = ()
        if self.comments:
            fuzzy, note, references, flags, comments = _read_comments(self.comments)
            self.comments = []
        if plural is not None:
            if plural == "":
                raise self.error(number, "empty msgid_plural",
                                 "write the plural of the msgid, or remove msgid_plural and use msgstr")
            if msgid == "" and ctxt is None and not obsolete:
                raise self.error(number, "the header entry (msgid \"\") has a msgid_plural", "remove the msgid_plural")
        entry = Unit(msgid, "" if plural is not None else msgstr or "", ctxt, plural, tuple(plurals), flags,
                     comments, note, references, prev_ctxt, prev_id, prev_plural, obsolete, number)
        if plural is not None:
            if msgid and plurals[0] and not obsolete and not fuzzy:
                self.check_newlines(msgid, plural, plurals)
        elif msgid and msgstr and not obsolete and not fuzzy and (
            (msgid[0] == "\n") != (msgstr[0] == "\n") or (msgid[-1] == "\n") != (msgstr[-1] == "\n")
        ):
            self.check_newlines(msgid, None, [msgstr])
        key = (ctxt, msgid)
        seen = self.seen
        if key in seen:
            raise CatalogError(f"duplicate message definition (first defined at line {seen[key]})",
                               path=self.error.path, line=number, hint="merge the two entries, e.g. with 'msguniq'")
        seen[key] = number
        self.entries.append(entry)
        self.lasts.append(self.last_line)
        self.state = IDLE
        self.completed_by = last_state if kind != COMMENT else COMMENT

    def check_newlines(self, msgid: str, plural: str | None, msgstrs: list[str]) -> None:
        """msgfmt's check_pair: all strings begin with '\\n' or none does; the same for the end."""
        begins = msgid[0] == "\n"
        ends = msgid[-1] == "\n"
        names = ["msgstr"] if plural is None else [f"msgstr[{n}]" for n in range(len(msgstrs))]
        strings = list(zip(names, msgstrs))
        if plural is not None:
            strings.insert(0, ("msgid_plural", plural))
        for name, text in strings:
            if (text[:1] == "\n") != begins:
                raise self.error(self.msgstr_line, f"'msgid' and '{name}' entries do not both begin with '\\n'",
                                 "start both with \\n or neither (or mark the entry fuzzy)")
            if (text[-1:] == "\n") != ends:
                raise self.error(self.msgstr_line, f"'msgid' and '{name}' entries do not both end with '\\n'",
                                 "end both with \\n or neither (or mark the entry fuzzy)")

    def finish(self, number: int) -> None:
        state = self.state
        if state in (STR, PSTR):
            self.complete(-1)
        elif state == ID:
            raise self._missing_msgstr(-1)
        elif state == PL:
            raise self.error(self.msgid_line, "missing msgstr[0]",
                             'add msgstr[0] "" and msgstr[1] "" after the msgid_plural')
        elif state == CTXT:
            raise self.error(self.keyword_line, "msgctxt without msgid", "add the msgid and msgstr of this entry")
        elif state in (P_CTXT, P_ID, P_PL):
            raise self.error(self.keyword_line, "'#|' lines without an entry after them", "remove them")
        elif state != IDLE:
            raise self.error(self.keyword_line, "end of file inside an entry", "complete the entry")


def _read_comments(comments: list[str]) -> tuple[bool, str, tuple[tuple[str, str], ...], tuple[str, ...], str]:
    """``(fuzzy, note, references, flags, translator comments)`` of an entry's comment lines; fuzzy
    when a ``#,`` line says so (as msgfmt reads it)."""
    fuzzy = False
    notes: list[str] = []
    references: list[tuple[str, str]] = []
    flags: list[str] = []
    translator: list[str] = []
    for line in comments:
        kind = line[:2]
        rest = line[2:]
        if kind == "#.":
            text = rest[1:] if rest.startswith(" ") else rest
            if text or rest:
                notes.append(text)
        elif kind == "#:":
            for token in rest.split():
                file, _, lineno = token.rpartition(":")
                references.append((file, lineno) if file and lineno.isdigit() else (token, ""))
        elif kind == "#," or kind == "#=":  # '#=' is gettext 1.0's sticky-flag line
            found = _flags(rest)
            if kind == "#,":
                # msgfmt checks the format flags of an entry's last '#,' line only: keeping earlier
                # ones would make it check (and refuse) a file it accepted once transmgr rewrote it.
                flags = [f for f in flags if not f.endswith("-format")]
            flags += found
            if kind == "#," and "fuzzy" in found:
                fuzzy = True
        else:
            text = line[1:]  # one '#': "## note" is the comment "# note"
            translator.append(text[1:] if text.startswith(" ") else text)
    return fuzzy, "\n".join(notes), tuple(references), tuple(flags), "\n".join(translator)


def _flags(rest: str) -> list[str]:
    """Flags as gettext reads them: separated by commas or whitespace (``range: 1..5`` stays one)."""
    flags = []
    for piece in rest.split(","):
        piece = piece.strip(_WS)
        if not piece:
            continue
        if (" " in piece or "\t" in piece or "\r" in piece or "\f" in piece or "\v" in piece) \
                and not piece.startswith("range:"):
            flags += _FLAG_SPLIT.split(piece)
        else:
            flags.append(piece)
    return flags


def parse_po(text: str, path: Path, charset: str = "utf-8") -> Catalog:
    """Parse PO text into a :class:`Catalog`; every syntax error is a :class:`CatalogError`.

    ``charset`` is the file's charset, which escaped bytes (``\\320\\226``) are decoded in.
    The cyclic garbage collector is paused meanwhile: the entries hold no reference cycles, and
    its passes over a growing heap of entries took a quarter of the time on a 16 MB catalog.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _parse(text, path, charset)
    finally:
        if enabled:
            gc.enable()


def _parse(text: str, path: Path, charset: str) -> Catalog:
    error = _Syntax(path)
    lines = text.split("\n")
    if "\\\n" in text:
        splice_lines(lines)
    check_controls = "\x04" in text
    parser = _Parser(error, charset, check_controls)
    token = parser.token
    string = parser.string
    lex = parser.lex
    after_string = _AFTER_STRING
    one_keyword = _ONE_KEYWORD.fullmatch
    one_string = _ONE_STRING.fullmatch
    keywords = _KEYWORDS
    ws = _WS + "\n"
    number = 0
    for number, raw in enumerate(lines, start=1):
        line = raw.strip(ws)
        if not line:
            if raw != "\n":  # a blank line, not one joined to the line above
                parser.carry_previous = False
            continue
        first = line[0]
        if parser.carry_previous:
            if first == "#" and line[1:2] not in ("~", "|"):  # one more comment: the mode carries on
                token(COMMENT, line, False, number)
                continue
            for kind, value, obsolete in lex(line, number, False, True):
                token(kind, value, obsolete, number)
            continue
        if first == '"':
            if line[-1] == '"' and len(line) > 1:
                if '"' not in line[1:-1] and "\\" not in line and not check_controls:
                    value = line[1:-1]
                elif one_string(line):
                    value = string(line, number)
                else:
                    value = None
                if value is not None:
                    state = parser.state
                    if state in after_string and not parser.obsolete:
                        parser.cur += value
                        parser.state = after_string[state]
                    else:
                        token(STRING, value, False, number)
                    parser.last_line = number
                    continue
        elif first == "m":
            match = one_keyword(line)
            if match:
                kind = keywords[match.group(1)]
                value = string(match.group(2), number)
                if kind == MSGSTR and parser.state == ID and not parser.obsolete:  # the usual msgstr line
                    parser.values[F_ID] = parser.cur
                    parser.field = F_STR
                    parser.cur = value
                    parser.state = STR
                    parser.keyword_line = parser.msgstr_line = number
                else:
                    token(kind, None, False, number)
                    token(STRING, value, False, number)
                parser.last_line = number
                continue
        elif first == "#":
            second = line[1:2]
            if second != "~" and second != "|":
                if parser.state == IDLE:
                    parser.comments.append(line)
                    parser.completed_by = COMMENT
                else:
                    token(COMMENT, line, False, number)
                continue
        for kind, value, obsolete in lex(line, number, False, False):
            token(kind, value, obsolete, number)
            if kind != COMMENT:  # after the token: one that starts an entry completes the one above first
                parser.last_line = number
    parser.finish(number)
    # With spliced lines the raw text is not the lines the entries came from: nothing is kept then.
    # Escaped bytes (\377, \xff) mean characters of the file's charset, and the file is written
    # back in UTF-8: in another charset, a unit that has some is written anew.
    if "\\\n" not in text:
        _attach_raw(text, parser.entries, parser.lasts, codecs.lookup(charset).name == "utf-8")
    return _assemble(parser.entries, path)


def _attach_raw(text: str, entries: list[Unit], lasts: list[int], utf8: bool) -> None:
    """Give each unit that stands alone between blank lines its text as read (:class:`Read`): while
    it stays the unit read, the writer copies that text as it was, byte for byte, whoever wrapped
    its lines (msgcat, Poedit, polib) and however long the catalog."""
    # The runs of non-blank lines: (first line, last line, start offset, end offset), found by the
    # blank lines between them (one regular expression over the text, not a loop over its lines).
    blocks: list[tuple[int, int, int, int]] = []
    position, line = 0, 1
    for gap in _BLANK_LINES.finditer(text):
        if gap.start() > position:
            last = line + text.count("\n", position, gap.start())
            blocks.append((line, last, position, gap.start()))
            line = last
        line += gap.group().count("\n")
        position = gap.end()
    end = len(text.rstrip(_WS + "\n"))
    if position < end:
        blocks.append((line, line + text.count("\n", position, end), position, end))
    firsts = [block[0] for block in blocks]

    def block_of(number: int) -> int:
        index = bisect.bisect_right(firsts, number) - 1
        return index if index >= 0 and blocks[index][1] >= number else -1

    where = [block_of(entry.line) for entry in entries]
    counts: dict[int, int] = {}
    ends: dict[int, int] = {}  # block -> the last line of its entries
    for index, last in zip(where, lasts):
        counts[index] = counts.get(index, 0) + 1
        ends[index] = max(ends.get(index, 0), last)
    for entry, index, last in zip(entries, where, lasts):
        if index < 0 or counts[index] != 1 or blocks[index][1] != last:
            continue  # not alone in its block, or not its last line (comments after it are the next entry's)
        if index > 0 and ends.get(index - 1) != blocks[index - 1][1]:
            continue  # lines after the entry above (comments, which are this entry's) are not in this block
        raw = text[blocks[index][2]:blocks[index][3]].rstrip(_WS)
        if not utf8 and _BYTE_ESCAPE.search(raw):
            continue
        # The reader's own unit, completed after the fact (it is not shared yet).
        object.__setattr__(entry, "read", Read(raw, entry))


def _assemble(entries: list[Unit], path: Path) -> Catalog:
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
    if header.read is not None:
        object.__setattr__(head, "read", Read(header.read.text, head))
    return Catalog(units, head, path)
