"""gettext's PO grammar (``po-gram-gen.y``) as a state machine over the tokens of each line: the
strict reader, which accepts what ``msgfmt -c`` accepts and refuses what it refuses, with the line
(reader.py lists the deliberate differences).

Longer than transmgr's other modules (the house limit is 450 lines) on purpose: one state machine
whose states and transitions mirror gettext's grammar rule for rule reads best, and is checked
against gettext best, in one place; cut in two, each half would need the other's states."""

from __future__ import annotations

import re
from pathlib import Path

from transmgr.catalog.lexical import FLAG_SPLIT, QUOTED, WS, Syntax, read_comments, splice_lines, unescape
from transmgr.catalog.model import Unit
from transmgr.errors import CatalogError

_ONESTRING = re.compile(rf"{QUOTED}")
_ONE_KEYWORD = re.compile(rf"(msgctxt|msgid_plural|msgid|msgstr)[ \t\r\f\v]*({QUOTED})")
_LEX = re.compile(
    rf"[ \t\r\f\v]*(?:({QUOTED})|msgstr\[([0-9]+)\]|([A-Za-z_$][A-Za-z0-9_$]*)|([0-9]+)|([\[\]])|(#))"
)

# Token kinds (gettext's po-gram-gen.y terminals; MSGSTR_N is 'msgstr' '[' N ']' written together).
STRING, MSGID, MSGSTR, MSGCTXT, MSGID_PLURAL, MSGSTR_N = range(6)
PSTRING, P_MSGID, P_MSGCTXT, P_MSGID_PLURAL = range(6, 10)
COMMENT, LBRACKET, RBRACKET, NUMBER, DOMAIN = range(10, 15)
_KEYWORDS = {"msgid": MSGID, "msgstr": MSGSTR, "msgctxt": MSGCTXT, "msgid_plural": MSGID_PLURAL, "domain": DOMAIN}
_PREV_KEYWORDS = {"msgid": P_MSGID, "msgctxt": P_MSGCTXT, "msgid_plural": P_MSGID_PLURAL}
_NAMES = {STRING: "a string", MSGID: "msgid", MSGSTR: "msgstr", MSGCTXT: "msgctxt", MSGID_PLURAL: "msgid_plural",
          MSGSTR_N: "msgstr[N]", PSTRING: "a '#|' string", P_MSGID: "'#| msgid'", P_MSGCTXT: "'#| msgctxt'",
          P_MSGID_PLURAL: "'#| msgid_plural'", COMMENT: "a comment", LBRACKET: "'['", RBRACKET: "']'",
          NUMBER: "a number", DOMAIN: "domain"}

# Parser states: what the grammar has seen of the current entry.
(IDLE, P_CTXT_KW, P_CTXT, P_ID_KW, P_ID, P_PL_KW, P_PL, CTXT_KW, CTXT, ID_KW, ID, PL_KW, PL, STR_KW, STR,
 IDX_KW, IDX_LB, IDX_N, IDX_RB, PSTR) = range(20)
# The state a string moves to (a keyword's first string, or one more string of the same field).
_AFTERSTRING = {CTXT_KW: CTXT, CTXT: CTXT, ID_KW: ID, ID: ID, PL_KW: PL, PL: PL, STR_KW: STR, STR: STR,
                 IDX_RB: PSTR, PSTR: PSTR}
_AFTER_PREVSTRING = {P_CTXT_KW: P_CTXT, P_CTXT: P_CTXT, P_ID_KW: P_ID, P_ID: P_ID, P_PL_KW: P_PL, P_PL: P_PL}
# Fields the strings of a state go to: index into Parser.values.
F_CTXT, F_ID, F_PLURAL, F_STR, F_PCTXT, F_PID, F_PPLURAL, F_PSTR = range(8)


class Parser:
    """gettext's PO grammar as a state machine over tokens; builds units."""

    def __init__(self, error: Syntax, charset: str, check_controls: bool) -> None:
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
            body = unescape(body, number, self.error, self.charset)
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
                rest = line[position:].lstrip(WS)
                if not rest:
                    break
                if rest[0] == '"':
                    raise self.error(number, "end of line within string",
                                     'close the string with a double quote; escape inner quotes as \\"')
                raise self.error(number, f"unexpected text {FLAG_SPLIT.split(rest, 1)[0][:40]!r}")
            position = match.end()
            string, index, name, digits, bracket, _hash = match.groups()
            if string is not None:
                tokens.append((PSTRING if previous else STRING, self.string(string, number), obsolete))
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
        if kind in (STRING, PSTRING):
            following = (_AFTERSTRING if kind == STRING else _AFTER_PREVSTRING).get(state)
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
        if kind == PSTRING:
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
            fuzzy, note, references, flags, comments = read_comments(self.comments)
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


def parse_strict(text: str, path: Path, charset: str) -> tuple[list[Unit], list[int]]:
    """The units of ``text`` and the line each ends on; every syntax error is a :class:`CatalogError`."""
    error = Syntax(path)
    lines = text.split("\n")
    if "\\\n" in text:
        splice_lines(lines)
    check_controls = "\x04" in text
    parser = Parser(error, charset, check_controls)
    token = parser.token
    string = parser.string
    lex = parser.lex
    after_string = _AFTERSTRING
    one_keyword = _ONE_KEYWORD.fullmatch
    one_string = _ONESTRING.fullmatch
    keywords = _KEYWORDS
    ws = WS + "\n"
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
    return parser.entries, parser.lasts
