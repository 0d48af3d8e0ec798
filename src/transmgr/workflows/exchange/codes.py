"""Inline codes for exchange files (XLIFF, TMX): a segment's syntax as numbered codes, paired where it pairs.

A CAT tool shows a segment's syntax as codes it lets the translator move but not edit: every
syntax span of the document's format (an emphasis marker, a link's brackets and destination, a
code span, an HTML tag, a Word or web page's formatting code) becomes one code carrying only its
number; the original is found again from the catalog's msgid on import. Syntax that opens and
closes (emphasis, a link's ``[`` and its ``](url)``, ``<b>``…``</b>``, ``<1>``…``</1>``) is a
*pair* of codes, so that a tool keeps the two ends together and in order: a link's brackets can
no longer be swapped or split from each other. Only emphasis and inline HTML formatting of a
Markdown text may be dropped (both ends together); every other code must come back exactly once.

:func:`check_codes` decides whether a target's codes are the source's: none missing (but a
deletable pair), none added or repeated, every pair whole, in order and not crossing another.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from transmgr.formats import Format
from transmgr.formats.base import Role

_NUMBERED = re.compile(r"(open|close):(\d+)")
_HTML_OPEN = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)\b[^>]*(?<!/)>\Z")
_HTML_CLOSE = re.compile(r"</([A-Za-z][A-Za-z0-9-]*)\s*>\Z")
_EMPHASIS = {"em_close": "em_open", "strong_close": "strong_open", "s_close": "s_open"}
_LINK_OPENERS = ("link_open", "image")
_FORMATTING_TAGS = {"b", "i", "em", "strong", "s", "u", "sub", "sup", "small", "mark", "span", "del", "ins", "q",
                    "abbr", "cite", "kbd", "code"}


@dataclass(frozen=True)
class Code:
    """One code of a segment: ``ph`` (standalone), ``open`` or ``close``; ``pair`` joins the two ends
    of a pair (the open code's id); ``deletable`` pairs may be dropped as a whole."""

    id: str
    kind: str
    original: str
    pair: str = ""
    deletable: bool = False


def pieces(text: str, fmt: Format) -> list[str | Code]:
    """``text`` as runs of prose and :class:`Code`\\ s, numbered from 1 in order, pairs matched."""
    inline = fmt.inline(text)
    out: list[str | Code] = []
    position = 0
    number = 0
    open_stack: list[tuple[int, str, bool]] = []  # (index in out, what closes it, deletable)
    for span in inline.spans:
        if span.start < position:
            continue
        if span.start > position:
            out.append(text[position:span.start])
        number += 1
        original = text[span.start:span.end]
        out.append(Code(str(number), "ph", original))
        _pair(out, open_stack, span.role, span.value, original)
        position = span.end
    if position < len(text):
        out.append(text[position:])
    return out


def _pair(out: list[str | Code], stack: list[tuple[int, str, bool]], role: Role, value: str, original: str) -> None:
    """Make the code just added the open end of a pair, or the close end of the pair open on the stack."""
    index = len(out) - 1
    code = out[index]
    assert isinstance(code, Code)
    opens = closes = None
    deletable = False
    numbered = _NUMBERED.fullmatch(value) if role is Role.TAG else None
    if numbered:  # a Word or web page's formatting code <1>…</1>
        if numbered.group(1) == "open":
            opens = f"code:{numbered.group(2)}"
        else:
            closes = f"code:{numbered.group(2)}"
    elif role is Role.MARKER and value in _EMPHASIS.values():
        opens, deletable = value, True
    elif role is Role.MARKER and value in _EMPHASIS:
        closes = _EMPHASIS[value]
    elif role is Role.MARKER and value in _LINK_OPENERS:
        opens = "link"
    elif (role is Role.TARGET or (role is Role.MARKER and value.startswith("ref:"))) and stack \
            and stack[-1][1] == "link":
        closes = "link"
    elif role is Role.TAG and _HTML_OPEN.match(original):
        name = _HTML_OPEN.match(original).group(1).lower()  # type: ignore[union-attr]
        opens, deletable = f"html:{name}", name in _FORMATTING_TAGS
    elif role is Role.TAG and _HTML_CLOSE.match(original):
        closes = f"html:{_HTML_CLOSE.match(original).group(1).lower()}"  # type: ignore[union-attr]
    if opens is not None:
        stack.append((index, opens, deletable))
    elif closes is not None and stack and stack[-1][1] == closes:
        start, _, deletable = stack.pop()
        opening = out[start]
        assert isinstance(opening, Code)
        out[start] = Code(opening.id, "open", opening.original, opening.id, deletable)
        out[index] = Code(code.id, "close", code.original, opening.id, deletable)


def fill_element(parent: Any, items: list[str | Code], code_element: Callable[[Any, Code], Any]) -> None:
    """Put ``items`` into the XML element ``parent`` (lxml or ElementTree alike): text as its text and
    the tails of the elements ``code_element(parent, code)`` adds for each code."""
    last = None
    for item in items:
        if isinstance(item, str):
            if last is None:
                parent.text = (parent.text or "") + item
            else:
                last.tail = (last.tail or "") + item
        else:
            last = code_element(parent, item)


def codes_of(items: list[str | Code]) -> list[Code]:
    return [item for item in items if isinstance(item, Code)]


def matched_codes(source: list[str | Code], target: list[str | Code]) -> list[str | Code]:
    """``target``'s codes given the numbers of the source's codes with the same originals (a pair by
    both its ends, so that two links with the same ``[`` keep their own destinations); a code the
    source lacks becomes its text."""
    by_pair: dict[tuple[str, str], list[tuple[Code, Code]]] = {}
    singles: dict[str, list[Code]] = {}
    source_codes = codes_of(source)
    closes = {code.pair: code for code in source_codes if code.kind == "close"}
    for code in source_codes:
        if code.kind == "open" and code.pair in closes:
            by_pair.setdefault((code.original, closes[code.pair].original), []).append((code, closes[code.pair]))
        elif code.kind == "ph":
            singles.setdefault(code.original, []).append(code)
    target_closes = {code.pair: code for code in codes_of(target) if code.kind == "close"}
    renamed: dict[str, Code] = {}
    for code in codes_of(target):
        if code.kind == "open" and code.pair in target_closes:
            found = by_pair.get((code.original, target_closes[code.pair].original))
            if found:
                opening, closing = found.pop(0)
                renamed[code.id] = opening
                renamed[target_closes[code.pair].id] = closing
    out: list[str | Code] = []
    for item in target:
        if not isinstance(item, Code):
            out.append(item)
        elif item.id in renamed:
            out.append(renamed[item.id])
        elif item.kind == "ph" and singles.get(item.original):
            out.append(singles[item.original].pop(0))
        else:
            out.append(item.original)
    return out


def check_codes(source: list[Code], found: list[tuple[str, str]]) -> str | None:
    """Why the codes ``found`` in a target (``(kind, id)`` in order: ``ph``, ``open`` or ``close``
    and the source code's id; for a close, the id of its pair's open code) are not the source's;
    None when they are."""
    by_id = {code.id: code for code in source}
    opens = {code.pair: code for code in source if code.kind == "open"}
    seen = Counter(f"{kind}:{ident}" for kind, ident in found)
    repeated = sorted(key for key, count in seen.items() if count > 1)
    if repeated:
        return f"code {repeated[0].split(':')[1]} appears {seen[repeated[0]]} times"
    stack: list[str] = []
    for kind, ident in found:
        if kind == "close":
            if ident not in opens:
                return f"a closing code for {ident}, which the source does not open"
            if not stack or stack[-1] != ident:
                if ident in stack:
                    return f"codes {stack[-1]} and {ident} cross"
                return f"code {ident} closes before it opens"
            stack.pop()
        elif kind == "open":
            if ident not in opens:
                return f"code {ident} is not a pair the source opens"
            stack.append(ident)
        elif ident not in by_id or by_id[ident].kind != "ph":
            return f"code {ident} is not in the source"
    if stack:
        return f"code {stack[-1]} opens and never closes"
    for code in source:
        key = f"{code.kind}:{code.pair if code.kind != 'ph' else code.id}"
        if key in seen or code.deletable:
            continue
        return f"code {code.id} ({code.original!r}) is missing"
    return None
