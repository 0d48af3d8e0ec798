"""A page segment's HTML as a msgid with numbered codes, and a translation written back as HTML."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from transmgr.formats import codes
from transmgr.formats.webpage.reader import OPAQUE, SPACE, VOID

_INNER_OPEN = re.compile(r"(<\d+>) ")
_INNER_CLOSE = re.compile(r" (</\d+>)")

_TOKEN = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^>]*?(/?)>|[^<]+|<", re.DOTALL)


@dataclass(frozen=True)
class Coded:
    """A segment's inline HTML as a msgid with codes, and what each code stands for."""

    text: str
    opens: dict[int, str]  # code -> the start tag (or the whole element, for an empty or a verbatim code)
    closes: dict[int, str]  # code -> its end tag
    verbatim: set[int] = field(default_factory=set)  # codes of elements kept whole whose text shows


def coded(raw: str) -> Coded:
    """The msgid of a segment's HTML: text with entities resolved and spaces folded, inline tags as codes."""
    out: list[str] = []
    opens: dict[int, str] = {}
    closes: dict[int, str] = {}
    stack: list[tuple[str, int]] = []
    opaque: list[str] = []  # the tags of an element kept whole, while inside it
    verbatim: set[int] = set()
    number = 0
    for token in _TOKEN.finditer(raw):
        piece = token.group(0)
        closing, name, self_closing = token.group(1), token.group(2), token.group(3)
        if opaque:
            opaque.append(piece)
            if name and name.lower() == opaque[0] and closing:
                out.append(_verbatim(number, opaque[1:], opens, verbatim))
                opaque.clear()
            continue
        if piece.startswith("<!--"):
            continue
        if name is None:
            out.append(codes.escape_text(html.unescape(piece)))
            continue
        tag = name.lower()
        if closing:
            found = next((i for i in range(len(stack) - 1, -1, -1) if stack[i][0] == tag), None)
            if found is None:
                continue
            for _, code in stack[found + 1:]:
                out.append(f"</{code}>")  # implied end of an element left open inside
                closes[code] = ""
            code = stack[found][1]
            del stack[found:]
            out.append(f"</{code}>")
            closes[code] = piece
            continue
        number += 1
        keep_whole = tag in OPAQUE or re.search(r"""\stranslate\s*=\s*["']?no\b""", piece, re.IGNORECASE)
        if keep_whole and not self_closing and tag not in VOID:
            opaque[:] = [tag, piece]
            continue
        if tag in VOID or self_closing:
            opens[number] = piece
            out.append(f"<{number}/>")
        else:
            opens[number] = piece
            stack.append((tag, number))
            out.append(f"<{number}>")
    for _, code in reversed(stack):
        out.append(f"</{code}>")
        closes[code] = ""
    if opaque:  # an element kept whole that the segment does not close
        out.append(_verbatim(number, opaque[1:], opens, verbatim))
    text = SPACE.sub(" ", "".join(out))
    # A space just inside a code goes outside it: "<1> Share </1>" reads "<1>Share</1>" (the page's
    # indentation is not part of the words); repeated for codes opening or closing together.
    for _ in range(4):
        text = _INNER_OPEN.sub(r" \1", _INNER_CLOSE.sub(r"\1 ", text))
    return Coded(SPACE.sub(" ", text).strip(), opens, closes, verbatim)


def _verbatim(number: int, pieces: list[str], opens: dict[int, str], verbatim: set[int]) -> str:
    """An element kept whole (code, kbd, translate="no"): written back as it is; in the msgid its text
    shows as a verbatim span (or, with no text, an empty code)."""
    whole = "".join(pieces)
    opens[number] = whole
    text = SPACE.sub(" ", html.unescape(re.sub(r"<[^>]*>", "", whole))).strip()
    if not text:
        return f"<{number}/>"
    verbatim.add(number)
    return f"<c{number}>{codes.escape_text(text)}</c{number}>"


def render_coded(translation: str, source: Coded) -> str:
    """A translation with codes as HTML: each code back to the tag it stood for, text escaped.
    Codes that do not pair up are left out (the ``codes`` check reports them)."""
    pieces = codes.parse(translation, set(source.opens))
    out: list[str] = []
    open_now: list[int] = []
    written: set[int] = set()
    for item in pieces.items:
        if isinstance(item, int):
            out.append(source.opens.get(item, ""))
            continue
        kept = next((code for code in item.codes if code in source.verbatim), None)
        around = tuple(code for code in item.codes if code not in source.verbatim)
        # close what is open and not around this run, open what is around it and not open
        common = 0
        while common < len(open_now) and common < len(around) and open_now[common] == around[common]:
            common += 1
        for code in reversed(open_now[common:]):
            out.append(source.closes.get(code, ""))
        for code in around[common:]:
            out.append(source.opens.get(code, ""))
        open_now = list(around)
        if kept is not None:  # an element kept whole: the source's, once, whatever the translation holds
            if kept not in written:
                out.append(source.opens.get(kept, ""))
                written.add(kept)
            continue
        out.append(html.escape(item.text, quote=False))
    for code in reversed(open_now):
        out.append(source.closes.get(code, ""))
    return "".join(out)
