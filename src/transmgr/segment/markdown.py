"""Segment Markdown (CommonMark block syntax plus Pandoc fenced divs) into blocks and segments.

Block syntax understood: ATX and setext headings, paragraphs, bullet and ordered list items
(nested, with continuation lines), block quotes, fenced divs whose class names the kind of the
blocks inside (``::: caption``, ``::: lead``) and whose ``context`` attribute gives their
segments a msgctxt (``::: {.caption context="photo"}``), and, kept verbatim and never translated:
front matter, fenced and indented code, HTML blocks, thematic breaks, tables and link
reference definitions. Inline markup is kept inside the segment text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transmgr.segment.assemble import Builder
from transmgr.segment.syntax import CODE_FENCE as _FENCE
from transmgr.segment.syntax import SETEXT_UNDERLINE as _SETEXT
from transmgr.segment.syntax import TABLE_ROW as _TABLE
from transmgr.segment.syntax import THEMATIC_BREAK as _BREAK

_ATX = re.compile(r"^ {0,3}(#{1,6})([ \t]+|$)(.*?)([ \t]+#+)?[ \t]*$")
_DIV = re.compile(r"^ {0,3}(:{3,})[ \t]*(?:\{([^}]*)\}|([\w-]+))?[ \t]*$")
_DIV_CLASS = re.compile(r"(?:^|\s)\.([\w-]+)")
_DIV_CONTEXT = re.compile(r"(?:^|\s)context=(?:\"([^\"]*)\"|([^\s\"]+))")
_QUOTE = re.compile(r"^( {0,3}>[ ]?)")
_ITEM = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+)(?=\S)")
_HTML = re.compile(r"^ {0,3}<(!--|/?[A-Za-z][\w-]*[\s/>]|/?[A-Za-z][\w-]*$|\?|!)")
_REFDEF = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*\S")
_DIV_KINDS = {"caption": "caption", "lead": "lead", "quote": "quote", "title": "title"}


@dataclass
class _Line:
    start: int  # offset of the line in the document
    text: str   # without the newline

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def _split_lines(text: str) -> list[_Line]:
    lines, offset = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lines.append(_Line(offset, body))
        offset += len(raw)
    return lines


def _starts_block(text: str) -> bool:
    return bool(
        _ATX.match(text) or _FENCE.match(text) or _DIV.match(text) or _BREAK.match(text)
        or _QUOTE.match(text) or _ITEM.match(text) or _HTML.match(text)
    )


def parse_markdown(builder: Builder, text: str) -> None:
    """Feed the blocks of Markdown ``text`` to ``builder``."""
    lines = _split_lines(text)
    divs: list[str] = []
    contexts: list[str | None] = []  # ``::: {context="..."}`` gives the segments inside a msgctxt
    seen_title = False
    i = 0
    if lines and lines[0].text.strip() == "---":
        end = next((j for j in range(1, len(lines)) if lines[j].text.strip() in ("---", "...")), None)
        if end is not None:
            i = end + 1
    in_list = False
    while i < len(lines):
        line = lines[i]
        text_ = line.text
        if line.blank:
            i += 1
            continue
        fence = _FENCE.match(text_)
        if fence:
            marker = fence.group(1)
            j = i + 1
            while j < len(lines) and not lines[j].text.strip().startswith(marker):
                j += 1
            i = j + 1
            in_list = False
            continue
        div = _DIV.match(text_)
        if div:
            if div.group(2) is None and div.group(3) is None:  # a bare ':::' closes the innermost div
                if divs:
                    divs.pop()
                    contexts.pop()
            else:
                attributes = div.group(2) or ""
                found = _DIV_CLASS.search(attributes)
                divs.append(div.group(3) or (found.group(1) if found else ""))
                context = _DIV_CONTEXT.search(attributes)
                contexts.append(context.group(1) or context.group(2) if context else None)
            builder.context = next((c for c in reversed(contexts) if c is not None), None)
            i += 1
            continue
        if _BREAK.match(text_) or _TABLE.match(text_) or _REFDEF.match(text_):
            i += 1
            in_list = False
            continue
        if _HTML.match(text_):
            while i < len(lines) and not lines[i].blank:
                i += 1
            continue
        atx = _ATX.match(text_)
        if atx:
            level = len(atx.group(1))
            start = line.start + atx.start(3)
            kind = "title" if level == 1 and not seen_title else "heading"
            seen_title = seen_title or kind == "title"
            if atx.group(3):
                builder.add_block(_kind(kind, divs), [(start, line.start + atx.end(3))], level=level)
            i += 1
            in_list = False
            continue
        quote = _QUOTE.match(text_)
        if quote:
            i = _parse_quote(builder, lines, i)
            in_list = False
            continue
        item = _ITEM.match(text_)
        indent_cont = in_list and (len(text_) - len(text_.lstrip())) >= 2
        if item or indent_cont:
            i = _parse_item(builder, lines, i, divs)
            in_list = True
            continue
        if text_.startswith("    ") or text_.startswith("\t"):
            while i < len(lines) and (lines[i].blank or lines[i].text.startswith(("    ", "\t"))):
                i += 1
            continue
        # A paragraph, possibly a setext heading.
        ranges = []
        j = i
        while j < len(lines) and not lines[j].blank:
            if j > i and (_starts_block(lines[j].text) or _TABLE.match(lines[j].text)):
                break
            if j > i and _SETEXT.match(lines[j].text):
                break
            ranges.append(_content_range(lines[j], len(lines[j].text) - len(lines[j].text.lstrip())))
            j += 1
        if i < j < len(lines) and _SETEXT.match(lines[j].text):
            level = 1 if lines[j].text.strip().startswith("=") else 2
            kind = "title" if level == 1 and not seen_title else "heading"
            seen_title = seen_title or kind == "title"
            builder.add_block(_kind(kind, divs), ranges, level=level)
            i = j + 1
        else:
            builder.add_block(_kind("paragraph", divs), ranges)
            i = j
        in_list = False


def _kind(default: str, divs: list[str]) -> str:
    for name in reversed(divs):
        if name in _DIV_KINDS:
            return _DIV_KINDS[name] if default in ("paragraph", "title") or name == "caption" else default
    return default


def _content_range(line: _Line, skip: int) -> tuple[int, int]:
    body = line.text.rstrip()
    return (line.start + min(skip, len(body)), line.start + len(body))


def _parse_quote(builder: Builder, lines: list[_Line], i: int) -> int:
    ranges: list[tuple[int, int]] = []
    while i < len(lines) and _QUOTE.match(lines[i].text):
        prefix = _QUOTE.match(lines[i].text)
        assert prefix is not None
        rest = lines[i].text[prefix.end():]
        if not rest.strip():
            if ranges:
                builder.add_block("quote", ranges)
                ranges = []
        else:
            lead = len(rest) - len(rest.lstrip())
            ranges.append(_content_range(lines[i], prefix.end() + lead))
        i += 1
    if ranges:
        builder.add_block("quote", ranges)
    return i


def _parse_item(builder: Builder, lines: list[_Line], i: int, divs: list[str]) -> int:
    first = lines[i]
    item = _ITEM.match(first.text)
    if item:
        indent = len(item.group(1).expandtabs(4))
        ranges = [_content_range(first, item.end())]
        ordered = item.group(2)[0].isdigit()
        marker = item.group(2)
    else:
        indent = len(first.text) - len(first.text.lstrip())
        ranges = [_content_range(first, indent)]
        ordered, marker = False, ""
    i += 1
    while i < len(lines) and not lines[i].blank:
        nxt = lines[i].text
        if _ITEM.match(nxt) or _starts_block(nxt.lstrip()) or _TABLE.match(nxt):
            break
        ranges.append(_content_range(lines[i], len(nxt) - len(nxt.lstrip())))
        i += 1
    builder.add_block("list-item", ranges, level=indent // 2, ordered=ordered, marker=marker)
    return i
