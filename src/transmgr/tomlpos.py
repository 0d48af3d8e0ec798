"""Where each key of a TOML file is written: the line numbers that tomllib does not keep.

:func:`key_lines` scans a document that tomllib has already accepted and maps every key path it
defines — through ``[table]`` headers, dotted keys (``a.b = 1``) and inline tables
(``a = { b = { c = 1 } }``) — to the line where it is written, so that a configuration error
can name ``file:line`` whichever TOML style the user chose. It never raises: on text it cannot
follow it returns what it found so far.
"""

from __future__ import annotations

import contextlib
import re

KeyPath = tuple[str, ...]

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_SPACE = " \t"


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.found: dict[KeyPath, int] = {}

    # -- characters -----------------------------------------------------------------------------

    def peek(self, n: int = 1) -> str:
        return self.text[self.pos:self.pos + n]

    def advance(self, n: int = 1) -> None:
        self.line += self.text.count("\n", self.pos, self.pos + n)
        self.pos += n

    def skip_space(self, newlines: bool = False) -> None:
        """Skip blanks (and, inside arrays, newlines and comments)."""
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char in _SPACE or (newlines and char in "\r\n"):
                self.advance()
            elif newlines and char == "#":
                self.skip_line()
            else:
                return

    def skip_line(self) -> None:
        end = self.text.find("\n", self.pos)
        self.advance((end if end >= 0 else len(self.text)) - self.pos)

    def record(self, path: KeyPath, line: int) -> None:
        for depth in range(1, len(path) + 1):
            self.found.setdefault(path[:depth], line)

    # -- keys and values ------------------------------------------------------------------------

    def key(self) -> KeyPath:
        """A dotted key: bare or quoted parts separated by dots."""
        parts = []
        while True:
            self.skip_space()
            char = self.peek()
            if char in ("'", '"'):
                parts.append(self.string())
            else:
                match = _BARE.match(self.text, self.pos)
                if match is None:
                    raise ValueError("key expected")
                parts.append(match.group(0))
                self.advance(match.end() - self.pos)
            self.skip_space()
            if self.peek() != ".":
                return tuple(parts)
            self.advance()

    def string(self) -> str:
        quote = self.peek()
        if self.peek(3) == quote * 3:
            self.advance(3)
            end = self.text.find(quote * 3, self.pos)
            while quote == '"' and end > 0 and self._escaped(end):
                end = self.text.find(quote * 3, end + 1)
            if end < 0:
                raise ValueError("unterminated string")
            while self.text[end + 3:end + 4] == quote:  # up to two quotes may end the content
                end += 1
            value = self.text[self.pos:end]
            self.advance(end + 3 - self.pos)
            return value
        self.advance()
        start = self.pos
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\\" and quote == '"':
                self.advance(2)
                continue
            if char == quote:
                value = self.text[start:self.pos]
                self.advance()
                return value
            if char == "\n":
                break
            self.advance()
        raise ValueError("unterminated string")

    def _escaped(self, index: int) -> bool:
        backslashes = 0
        while index - 1 - backslashes >= 0 and self.text[index - 1 - backslashes] == "\\":
            backslashes += 1
        return backslashes % 2 == 1

    def value(self, path: KeyPath) -> None:
        self.skip_space()
        char = self.peek()
        if char == "{":
            self.advance()
            self.skip_space()
            if self.peek() == "}":
                self.advance()
                return
            while True:
                line = self.line
                key = self.key()
                if self.peek() != "=":
                    raise ValueError("'=' expected")
                self.advance()
                self.record(path + key, line)
                self.value(path + key)
                self.skip_space()
                if self.peek() == ",":
                    self.advance()
                    continue
                if self.peek() == "}":
                    self.advance()
                    return
                raise ValueError("',' or '}' expected")
        if char == "[":
            self.advance()
            while True:
                self.skip_space(newlines=True)
                if self.peek() == "]":
                    self.advance()
                    return
                self.value(path)  # elements are not keys: nothing to record beyond the array's own path
                self.skip_space(newlines=True)
                if self.peek() == ",":
                    self.advance()
                elif self.peek() != "]":
                    raise ValueError("',' or ']' expected")
        if char in ("'", '"'):
            self.string()
            return
        match = re.compile(r"[^,\]}\s#]+").match(self.text, self.pos)
        if match is None:
            raise ValueError("value expected")
        self.advance(match.end() - self.pos)

    # -- the document ---------------------------------------------------------------------------

    def document(self) -> None:
        table: KeyPath = ()
        while self.pos < len(self.text):
            self.skip_space()
            char = self.peek()
            if char in ("\r", "\n"):
                self.advance()
                continue
            if char == "#" or not char:
                self.skip_line()
                continue
            line = self.line
            if char == "[":
                double = self.peek(2) == "[["
                self.advance(2 if double else 1)
                table = self.key()
                self.advance(2 if double else 1)
                self.record(table, line)
                self.skip_line()
                continue
            key = self.key()
            if self.peek() != "=":
                raise ValueError("'=' expected")
            self.advance()
            self.record(table + key, line)
            self.value(table + key)
            self.skip_line()  # a comment may follow


def key_lines(text: str) -> dict[KeyPath, int]:
    """Every key path defined in ``text`` (and each of its prefixes) with the line it is first written on."""
    scanner = _Scanner(text)
    # tomllib accepted the file; whatever the scanner cannot follow simply names no line.
    with contextlib.suppress(ValueError, IndexError):
        scanner.document()
    return scanner.found


def line_of(found: dict[KeyPath, int], path: KeyPath) -> int | None:
    """The line of ``path``, else of its longest prefix that is written somewhere; None if none is."""
    for depth in range(len(path), 0, -1):
        line = found.get(path[:depth])
        if line is not None:
            return line
    return None
