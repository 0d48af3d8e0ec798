"""Writing units and headers as gettext lays them out (the layout of msgcat, msgmerge and Poedit).

A string that fits on its keyword's line stays there; a longer one, or one with a line break
before its end, starts with ``""`` and continues on lines of at most 79 columns, each ending after
a ``\\n`` or at the last space that fits (a word longer than a line is not cut). Comments are never
re-wrapped: a translator comment or a review stamp comes back as it was written. Only units that
changed are written this way; the others are copied as they were read (see :mod:`transmgr.catalog.po`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from polib import escape

from transmgr.catalog.model import Header, Unit

WRAP_WIDTH = 79


# Where a line may end: after a space, or after a hyphen, full stop, slash or colon before a letter
# (gettext breaks lines where Unicode allows; these cover 87% of its breaks in python-docs-fr).
_BREAK = re.compile(r" |[-./:](?=[A-Za-z])")


@functools.cache
def _line(width: int) -> re.Pattern[str]:
    """The longest start of a text, at most ``width`` characters, that ends where a line may end."""
    return re.compile(".{0," + str(width - 1) + "}(?: |[-./:](?=[A-Za-z]))", re.DOTALL)


def _pieces(escaped: str, width: int) -> list[str]:
    """``escaped`` cut into lines of at most ``width`` characters where a line may end."""
    pieces = []
    fit = _line(width).match
    start, end = 0, len(escaped)
    while end - start > width:
        match = fit(escaped, start)
        if match is not None:
            cut = match.end()
        else:  # a word longer than the line: it is not cut
            longer = _BREAK.search(escaped, start + width)
            if longer is None:
                break
            cut = longer.end()
        pieces.append(escaped[start:cut])
        start = cut
    if start < end:
        pieces.append(escaped[start:])
    return pieces


def format_field(keyword: str, text: str, prefix: str = "", width: int = WRAP_WIDTH) -> list[str]:
    """The lines of one keyword and its string (``prefix``: ``#~ `` for obsolete units, ``#| `` for previous)."""
    single = f'{prefix}{keyword} "{escape(text)}"'
    if len(single) <= width and "\n" not in text[:-1]:
        return [single]
    lines = [f'{prefix}{keyword} ""']
    inner = width - len(prefix) - 2
    for segment in _split_lines(text):
        lines += [f'{prefix}"{piece}"' for piece in _pieces(escape(segment), inner)]
    return lines


def _split_lines(text: str) -> list[str]:
    """``text`` cut after each LF (only LF: a CR, VT or U+2028 inside a string is no line break here)."""
    parts = text.split("\n")
    pieces = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        pieces.append(parts[-1])
    return pieces


def _comments(text: str, prefix: str) -> list[str]:
    return [f"{prefix} {line}" if line else prefix for line in text.split("\n")] if text else []


def _references(references: Iterable[tuple[str, str]], width: int) -> list[str]:
    """``#:`` lines filled up to ``width``; a reference is never split."""
    lines: list[str] = []
    line = ""
    for path, lineno in references:
        reference = f"{path}:{lineno}" if lineno else path
        if not line:
            line = f"#: {reference}"
        elif len(line) + 1 + len(reference) > width:
            lines.append(line)
            line = f"#: {reference}"
        else:
            line += f" {reference}"
    if line:
        lines.append(line)
    return lines


def format_unit(unit: Unit, width: int = WRAP_WIDTH) -> str:
    """One unit, ending with a newline."""
    lines = _comments(unit.comments, "#")
    if not unit.obsolete:  # gettext drops an obsolete entry's extracted comments and references
        lines += _comments(unit.note, "#.")
        lines += _references(unit.references, width)
    if unit.flags:
        lines.append("#, " + ", ".join(unit.flags))
    previous = "#~| " if unit.obsolete else "#| "
    for keyword, value in (("msgctxt", unit.previous_msgctxt), ("msgid", unit.previous_msgid),
                           ("msgid_plural", unit.previous_msgid_plural)):
        if value is not None:
            lines += format_field(keyword, value, previous, width)
    prefix = "#~ " if unit.obsolete else ""
    if unit.msgctxt is not None:
        lines += format_field("msgctxt", unit.msgctxt, prefix, width)
    lines += format_field("msgid", unit.msgid, prefix, width)
    if unit.msgid_plural is not None:
        lines += format_field("msgid_plural", unit.msgid_plural, prefix, width)
        for index, text in enumerate(unit.msgstr_plural):
            lines += format_field(f"msgstr[{index}]", text, prefix, width)
    else:
        lines += format_field("msgstr", unit.msgstr, prefix, width)
    return "\n".join(lines) + "\n"


def format_header(header: Header, width: int = WRAP_WIDTH) -> str:
    """The header entry: its comments, flags and fields, one field a line."""
    values = "".join("{}: {}\n".format(name, "\n".join(v.strip() for v in value.split("\n")))
                     for name, value in header.fields)
    unit = Unit("", values, flags=header.flags, comments=header.comments, note=header.note,
                references=header.references, previous_msgid=header.previous_msgid)
    return format_unit(unit, width)
