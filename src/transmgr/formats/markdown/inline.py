"""Markdown's inline syntax as markdown-it-py reads it, with the exact place of every piece in the text.

markdown-it-py gives inline tokens no source positions, so :func:`markdown_inline` walks the
tokens of one segment's text in order and finds each token's source form at the cursor: text as
it is, escapes and entities by their ``markup``, code spans by their backtick runs, links by
their brackets and the destination and title after them, HTML tags as written. What the parser
calls syntax therefore is syntax here, with no second grammar to disagree with it. Should a
token not be found where it belongs (a case the walk does not know), the text is read without
Markdown syntax, as prose with placeholders and URLs: never an exception.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from transmgr.formats.base import Inline, Role, Span, with_prose_spans
from transmgr.formats.markdown.parser import INLINE_SYNTAX, inline_tokens, link_tail

if TYPE_CHECKING:
    from markdown_it.token import Token

_MARKERS = {"em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"}


class _Misaligned(Exception):
    """A token was not where the walk expected it."""


class _Walk:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.spans: list[Span] = []
        self.images: list[tuple[int, int, int, int]] = []
        self.labels: list[int] = []  # where the text of each open link or image starts

    def add(self, start: int, end: int, role: Role, value: str = "") -> None:
        if end > start:
            self.spans.append(Span(start, end, role, value))
        self.pos = end

    def expect(self, literal: str) -> int:
        if not literal or not self.text.startswith(literal, self.pos):
            raise _Misaligned(literal)
        return self.pos + len(literal)

    def skip_blanks(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t":
            self.pos += 1

    def tokens(self, tokens: list[Token]) -> None:
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.type == "link_open" and token.markup in ("autolink", "linkify"):
                self.autolink(token)
                while index < len(tokens) and tokens[index].type != "link_close":
                    index += 1  # the autolink's own text: already taken with it
            else:
                self.token(token, tokens[index + 1] if index + 1 < len(tokens) else None)
            index += 1

    def token(self, token: Token, following: Token | None) -> None:
        kind = token.type
        if kind == "text":
            self.pos = self.expect(token.content) if token.content else self.pos
            if following is not None and following.type == "softbreak":
                self.skip_blanks()  # the parser drops spaces before a line break
        elif kind == "text_special":
            role = Role.ESCAPE if token.info == "escape" else Role.ENTITY
            self.add(self.pos, self.expect(token.markup), role, token.content)
        elif kind == "softbreak":
            self.skip_blanks()
            self.pos = self.expect("\n")
            self.skip_blanks()
        elif kind == "hardbreak":
            start = self.pos
            if self.text.startswith("\\\n", self.pos):
                end = self.pos + 2
            else:
                self.skip_blanks()
                end = self.expect("\n")
            self.add(start, end, Role.BREAK)
            self.skip_blanks()
        elif kind == "code_inline":
            self.code(token)
        elif kind in _MARKERS:
            self.add(self.pos, self.expect(token.markup), Role.MARKER, kind)
        elif kind == "html_inline":
            self.add(self.pos, self.expect(token.content), Role.TAG, token.content)
        elif kind == "link_open":
            self.add(self.pos, self.expect("["), Role.MARKER, kind)
            self.labels.append(self.pos)
        elif kind == "link_close":
            self.link_end()
        elif kind == "image":
            self.add(self.pos, self.expect("!["), Role.MARKER, kind)
            alt_start = self.pos
            self.labels.append(alt_start)
            self.tokens(token.children or [])
            alt_end = self.pos
            title = self.link_end()
            self.images.append((alt_start, alt_end, *title))
        elif kind == "footnote_ref":
            end = self.text.find("]", self.pos)
            if not self.text.startswith("[^", self.pos) or end < 0:
                raise _Misaligned("[^")
            self.add(self.pos, end + 1, Role.NOTE, self.text[self.pos:end + 1])
        else:
            raise _Misaligned(kind)

    def autolink(self, token: Token) -> None:
        start = self.pos
        self.pos = self.expect("<")
        end = self.text.find(">", self.pos)
        if end < 0:
            raise _Misaligned("<")
        self.add(start, end + 1, Role.URL, self.text[start + 1:end])

    def code(self, token: Token) -> None:
        start = self.pos
        ticks = self.expect(token.markup)
        end = ticks
        while True:
            end = self.text.find(token.markup, end)
            if end < 0:
                raise _Misaligned("`")
            after = end + len(token.markup)
            if (end == ticks or self.text[end - 1] != "`") and (after >= len(self.text) or self.text[after] != "`"):
                break
            end = after
            while end < len(self.text) and self.text[end] == "`":
                end += 1
        self.add(start, end + len(token.markup), Role.CODE, token.content)

    def link_end(self) -> tuple[int, int]:
        """The ``]`` that ends a link's text and whatever follows it: ``(dest "title")``, ``[ref]``, nothing.

        Returns the ``(start, end)`` of the title (empty when there is none). The tail of a collapsed
        (``[text][]``) or shortcut (``[text]``) reference is a marker whose value is ``ref:`` and the
        text, which is the reference's label."""
        start = self.pos
        label = self.text[self.labels.pop() if self.labels else start:start]
        after = self.expect("]")
        if self.text.startswith("(", after):
            tail = link_tail(self.text, after)
            if tail is None:
                raise _Misaligned("](")
            end, title_start, title_end, destination = tail
            if title_end > title_start:
                self.add(start, title_start, Role.TARGET, destination)
                self.pos = title_end
                self.add(title_end, end, Role.MARKER)
                return title_start, title_end
            self.add(start, end, Role.TARGET, destination)
        elif self.text.startswith("[", after):
            close = self.text.find("]", after)
            if close < 0:
                raise _Misaligned("][")
            written = self.text[after + 1:close]
            if written:
                self.add(start, close + 1, Role.TARGET, written)
            else:
                self.add(start, close + 1, Role.MARKER, "ref:" + label)
        else:
            self.add(start, after, Role.MARKER, "ref:" + label)
        return self.pos, self.pos




@functools.lru_cache(maxsize=4096)
def markdown_inline(text: str) -> Inline:
    """The syntax spans and prose of one segment's Markdown text."""
    if INLINE_SYNTAX.search(text) is None:  # no syntax to find: not parsed (most msgids, half a check run)
        return with_prose_spans(text, [])
    return parsed_inline(text)


def parsed_inline(text: str) -> Inline:
    """:func:`markdown_inline` by markdown-it-py, whatever the text."""
    walk = _Walk(text)
    try:
        walk.tokens(inline_tokens(text))
        if text[walk.pos:].strip():
            raise _Misaligned("rest")
    except _Misaligned:
        return with_prose_spans(text, [])
    return with_prose_spans(text, _raw_text_as_code(text, walk.spans), tuple(walk.images))


_RAW_OPEN = re.compile(r"<(script|style|textarea)\b", re.IGNORECASE)
RAW_TEXT = "raw:"  # the value of a code span that is a raw-text element: <script>...</script>


def _raw_text_as_code(text: str, spans: list[Span]) -> list[Span]:
    """A ``<script>``, ``<style>`` or ``<textarea>`` element written inline, from its opening tag to its
    closing one, as one code span: what is inside is program text, never prose to translate (an
    edition refuses a translation that changed it: see ``formats.markdown.edition``)."""
    if not any(span.role is Role.TAG and _RAW_OPEN.match(span.value) for span in spans):
        return spans
    out: list[Span] = []
    index = 0
    while index < len(spans):
        span = spans[index]
        opened = _RAW_OPEN.match(span.value) if span.role is Role.TAG else None
        if opened is None:
            out.append(span)
            index += 1
            continue
        closing = re.compile(rf"</{opened.group(1)}\s*>", re.IGNORECASE)
        end = next((k for k in range(index + 1, len(spans)) if spans[k].role is Role.TAG
                    and closing.fullmatch(spans[k].value)), None)
        stop = spans[end].end if end is not None else len(text)
        out.append(Span(span.start, stop, Role.CODE, RAW_TEXT + text[span.start:stop]))
        index = end + 1 if end is not None else len(spans)
        while index < len(spans) and spans[index].start < stop:
            index += 1
    return out
