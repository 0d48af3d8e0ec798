"""The plain-text edition of a Markdown document: its blocks as plain prose, from markdown-it-py's tokens.

Titles are underlined with ``=``, other first- and second-level headings with ``-``; list items keep
their markers, indented by level; quotes and code are indented by four spaces; a table becomes one
line per row with ``|`` between cells; a link is written ``label (url)``, an image as its alt text,
a footnote reference as ``[n]`` with the notes at the end. Lines are not wrapped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from transmgr.formats.markdown.parser import block_parser

if TYPE_CHECKING:
    from markdown_it.token import Token

_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)[^<>]*>|<[^<>]*>")
_INLINE_TAGS = frozenset(["a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var"])


def _tag_gap(match: re.Match[str]) -> str:
    """An inline tag leaves nothing between the words it wraps; any other tag separates them."""
    return "" if (match.group(2) or "").lower() in _INLINE_TAGS else " "
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_IMG_ALT = re.compile(r"""<img\b[^>]*?\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)


_NOTHING: Mapping[str, str] = {}


def inline_text(tokens: list[Token], *, urls: bool = True, texts: Mapping[str, str] = _NOTHING) -> str:
    """The text of inline tokens: links as ``label (url)``, images as their alt text, no markup.
    ``texts``: what a text token's content stands for, when not for itself (a template's stand-ins)."""
    out: list[str] = []
    links: list[tuple[int, str | None]] = []
    for token in tokens:
        kind = token.type
        if kind == "text":
            out.append(texts.get(token.content, token.content) if texts else token.content)
        elif kind in ("code_inline", "text_special"):
            out.append(token.content)
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak" or (kind == "html_inline" and _BREAK.fullmatch(token.content.strip())):
            out.append("\n")  # a hard break, or an HTML <br>: a new line, not words glued together
        elif kind == "image":
            out.append(inline_text(token.children or [], urls=False, texts=texts))
        elif kind == "html_inline" and (alt := _IMG_ALT.match(token.content)) is not None:
            out.append(html.unescape(next(g for g in alt.groups() if g is not None)))  # an HTML image: its alt text
        elif kind == "link_open":
            href = str(token.attrGet("href") or "")
            shown = urls and href and not href.startswith("#") and token.markup != "autolink"
            links.append((len(out), href if shown else None))
        elif kind == "link_close":
            start, target = links.pop() if links else (len(out), None)
            label = "".join(out[start:])
            if target and target not in (label, "mailto:" + label):
                out.append(f" ({target})")
        elif kind == "footnote_ref":
            out.append(f"[{token.meta.get('id', 0) + 1}]")
    return "".join(out)


class _Text:
    def __init__(self, texts: Mapping[str, str] = _NOTHING) -> None:
        self.texts = texts
        self.chunks: list[str] = []
        self.notes: list[str] = []
        self.seen_title = False

    def add(self, text: str, indent: str = "") -> None:
        text = text.strip("\n")
        if text.strip():
            self.chunks.append("\n".join(indent + line if line else line for line in text.split("\n")))

    def blocks(self, tokens: list[Token], start: int, end: int, indent: str = "") -> None:
        index = start
        while index < end:
            token = tokens[index]
            kind = token.type
            close = _closing(tokens, index) if token.nesting == 1 else index
            if kind == "heading_open":
                text = " ".join(inline_text(tokens[index + 1].children or [], texts=self.texts).split())
                level = int(token.tag[1:])
                if level == 1 and not self.seen_title:
                    self.seen_title = True
                    self.add(text + "\n" + "=" * len(text), indent)
                elif level <= 2:
                    self.add(text + "\n" + "-" * len(text), indent)
                else:
                    self.add(text, indent)
            elif kind == "paragraph_open":
                self.add(inline_text(tokens[index + 1].children or [], texts=self.texts), indent)
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self.items(tokens, index, close, indent)
            elif kind == "blockquote_open":
                self.blocks(tokens, index + 1, close, indent + "    ")
            elif kind in ("fence", "code_block"):
                self.add(token.content.rstrip("\n"), indent + "    ")
            elif kind == "hr":
                self.add("* * *", indent)
            elif kind == "html_block":
                text = html.unescape(_TAG.sub(_tag_gap, _COMMENT.sub("", token.content)))
                self.add(" ".join(text.split()), indent)
            elif kind == "table_open":
                self.table(tokens, index, close, indent)
            elif kind == "footnote_block_open":
                self.footnotes(tokens, index, close)
            elif kind in ("dl_open", "dd_open", "container_div_open"):
                inner = indent + "    " if kind == "dd_open" else indent
                self.blocks(tokens, index + 1, close, inner)
            elif kind == "dt_open":
                self.add(inline_text(tokens[index + 1].children or [], texts=self.texts), indent)
            index = close + 1

    def items(self, tokens: list[Token], start: int, end: int, indent: str) -> None:
        ordered = tokens[start].type == "ordered_list_open"
        number = int(tokens[start].attrGet("start") or 1) if ordered else 0
        lines: list[str] = []
        index = start + 1
        while index < end:
            if tokens[index].type != "list_item_open":
                index += 1
                continue
            close = _closing(tokens, index)
            marker = f"{number}{tokens[index].markup}" if ordered else "-"
            number += 1
            inner = _Text(self.texts)
            inner.seen_title = True
            inner.blocks(tokens, index + 1, close)
            body = "\n".join(inner.chunks) if tokens[start].hidden or all(
                t.hidden for t in tokens[index:close] if t.type == "paragraph_open") else "\n\n".join(inner.chunks)
            pad = " " * (len(marker) + 1)
            text = "\n".join(pad + line if line and n else line for n, line in enumerate(body.split("\n")))
            lines.append(f"{marker} {text}")
            self.notes += inner.notes
            index = close + 1
        self.add("\n".join(lines), indent)

    def table(self, tokens: list[Token], start: int, end: int, indent: str) -> None:
        rows = []
        cells: list[str] = []
        for token in tokens[start:end]:
            if token.type == "tr_open":
                cells = []
            elif token.type == "inline":
                cells.append(" ".join(inline_text(token.children or [], texts=self.texts).split()))
            elif token.type == "tr_close":
                rows.append(" | ".join(cells))
        self.add("\n".join(rows), indent)

    def footnotes(self, tokens: list[Token], start: int, end: int) -> None:
        index = start + 1
        while index < end:
            if tokens[index].type == "footnote_open":
                close = _closing(tokens, index)
                inner = _Text(self.texts)
                inner.seen_title = True
                inner.blocks(tokens, index + 1, close)
                self.notes.append(f"[{tokens[index].meta.get('id', 0) + 1}] " + " ".join(inner.chunks))
                index = close
            index += 1


def _closing(tokens: list[Token], index: int) -> int:
    depth = 0
    for position in range(index, len(tokens)):
        depth += tokens[position].nesting
        if depth == 0:
            return position
    return len(tokens) - 1


def markdown_to_text(markdown: str) -> str:
    """The plain text of a Markdown document."""
    return tokens_to_text(block_parser().parse(markdown, {}))


def tokens_to_text(tokens: list[Token], texts: Mapping[str, str] = _NOTHING) -> str:
    """The plain text of a Markdown document's tokens (as :func:`block_parser` parses it); ``texts``
    as :func:`inline_text` takes them."""
    text = _Text(texts)
    text.blocks(tokens, 0, len(tokens))
    if text.notes:
        text.chunks.append("\n".join(text.notes))
    return "\n\n".join(text.chunks) + "\n" if text.chunks else ""
