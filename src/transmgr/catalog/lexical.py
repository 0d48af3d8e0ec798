"""The lexical pieces of a PO file, as gettext's lexer (``po-lex.c``) reads them: whitespace, quoted
strings and their C escapes, comment lines (flags, references, notes), lines joined by a backslash,
and the runs of non-blank lines that entries usually stand in."""

from __future__ import annotations

import re
from pathlib import Path
from sys import intern

from transmgr.errors import CatalogError

# gettext's whitespace between tokens (po-lex.c); str.strip() would also eat \x1c-\x1f, \x85...
WS = " \t\r\f\v"
QUOTED = r'"(?:[^"\\]|\\.)*"'
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+)|(.)|$)")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "a": "\a", '"': '"', "\\": "\\"}
FLAG_SPLIT = re.compile(r"[ \t\r\f\v]+")
# A line break, then any blank lines (whitespace only), then the next line's start.
_BLANK_LINES = re.compile(r"\A(?:[ \t\r\f\v]*\n)+|\n(?:[ \t\r\f\v]*\n)+")  # blank lines: at the start, or after a line


class Syntax:
    """Raises the one-line error for a line."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self, line: int, what: str, hint: str = "fix the entry or check it with 'msgfmt -c'") -> CatalogError:
        return CatalogError(f"PO syntax error: {what}", path=self.path, line=line, hint=hint)


def unescape(body: str, number: int = 0, error: Syntax | None = None, charset: str = "utf-8") -> str:
    """Resolve C escapes as gettext does: \\n and friends, octal \\ooo and hex \\xhh (bytes in ``charset``)."""
    if "\\" not in body:
        return body
    try:
        return _unescape_bytes(body, number, error, charset)
    except UnicodeEncodeError as exc:  # text that did not come from this charset
        raise _fail(error, number, f"a character that {charset} cannot encode", "fix the charset") from exc


def _unescape_bytes(body: str, number: int, error: Syntax | None, charset: str) -> str:
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


def _fail(error: Syntax | None, number: int, what: str, hint: str) -> CatalogError:
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


def blocks(text: str) -> list[tuple[int, int, int, int]]:
    """The runs of non-blank lines of ``text``: (first line, last line, start offset, end offset),
    found by the blank lines between them (one regular expression over the text, not a loop over
    its lines). The end offset is that of the line break after the run (or of the text's end)."""
    found: list[tuple[int, int, int, int]] = []
    position, line = 0, 1
    for gap in _BLANK_LINES.finditer(text):
        if gap.start() > position:
            last = line + text.count("\n", position, gap.start())
            found.append((line, last, position, gap.start()))
            line = last
        line += gap.group().count("\n")
        position = gap.end()
    end = len(text.rstrip(WS + "\n"))
    if position < end:
        found.append((line, line + text.count("\n", position, end), position, end))
    return found


def read_comments(comments: list[str]) -> tuple[bool, str, tuple[tuple[str, str], ...], tuple[str, ...], str]:
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
                # one string per file name and line number, however many entries name them
                references.append((intern(file), intern(lineno)) if file and lineno.isdigit() else (token, ""))
        elif kind == "#," or kind == "#=":  # '#=' is gettext 1.0's sticky-flag line
            found = parse_flags(rest)
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


def parse_flags(rest: str) -> list[str]:
    """Flags as gettext reads them: separated by commas or whitespace (``range: 1..5`` stays one)."""
    flags = []
    for piece in rest.split(","):
        piece = piece.strip(WS)
        if not piece:
            continue
        if (" " in piece or "\t" in piece or "\r" in piece or "\f" in piece or "\v" in piece) \
                and not piece.startswith("range:"):
            flags += FLAG_SPLIT.split(piece)
        else:
            flags.append(piece)
    return flags
