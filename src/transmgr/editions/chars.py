"""Characters a translation may not bring into an edition: line separators and control characters."""

from __future__ import annotations

import re

# Every line boundary of str.splitlines (LF, CR, CR LF, VT, FF, FS, GS, RS, NEL, U+2028, U+2029):
# CommonMark ends a line at a lone CR too, and editors and browsers break lines at the others.
_LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# Control characters but tab, LF and CR: C0 (NUL, ESC...), DEL and C1.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_BREAKS = "\v\f\x1c\x1d\x1e\x85"
_ANY = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # all of the above, to skip clean text at once


def fold_lines(text: str) -> str:
    """``text`` on one line: each line break becomes a space, as a soft line break in a msgid does."""
    return _LINE_BREAK.sub(" ", text)


def strip_controls(text: str) -> str:
    """``text`` without control characters but tab, LF and CR (those that break a line become spaces)."""
    return _CONTROL.sub(lambda m: " " if m.group(0) in _CONTROL_BREAKS else "", text)


def one_line(text: str) -> str:
    """``text`` folded to one line, with no control character left but tab."""
    return strip_controls(fold_lines(text)) if _ANY.search(text) else text
