"""Segment Markdown into blocks and segments from markdown-it-py's tokens and their source maps.

Every block that holds prose gives a block of segments: headings (the first level-1 heading is
the ``title``), paragraphs (``list-item``, ``quote``, ``footnote``, ``term``, ``definition``, or
the kind a fenced div names: ``::: lead``, ``::: caption``), table cells (``table-header``,
``table-cell``), the text of HTML blocks (``html``, with ``alt`` and ``title`` attributes as
``image-alt`` and ``image-title``) and the prose values of the front matter (``front-matter``).
A paragraph whose only words are the alt texts of its images (a badge row) gives those alt texts
instead, and one with no words at all (a URL, a version number) gives nothing.

Segments are cut out of the original text: markdown-it-py maps each block to its lines, and each
line of a block's content is found at the end of its source line (after the markers of quotes,
lists and indentation), so an edition that keeps every segment reproduces the source byte for
byte. Code, HTML comments, link reference definitions and thematic breaks are never segments.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from transmgr.errors import SourceError
from transmgr.formats.base import Role, has_prose
from transmgr.formats.markdown.front_matter import front_matter_values, yaml_text
from transmgr.formats.markdown.html_text import html_segments
from transmgr.formats.markdown.inline import markdown_inline
from transmgr.formats.markdown.parser import MAX_NESTING, block_tokens, div_attributes
from transmgr.segment.assemble import Builder

if TYPE_CHECKING:
    from markdown_it.token import Token

_DIV_KINDS = {"caption": "caption", "lead": "lead", "quote": "quote", "title": "title"}
_LINE_END = re.compile(r"\r\n|\r|\n")
_ATX_OPEN = re.compile(r"^[ \t]*#{1,6}[ \t]*")
_TASK = re.compile(r"\[[ xX]\][ \t]+")


@dataclass
class _Pending:
    """A block found in the tokens, fed to the builder once all are known (footnotes come last in the
    token stream but must be added where they are written)."""

    start: int
    kind: str
    ranges: list[tuple[int, int]]
    context: str | None
    options: dict[str, object] = field(default_factory=dict)


class _Lines:
    """The source's lines as markdown-it-py numbers them (CR LF, CR and LF all end a line)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        self.ends = []
        for match in _LINE_END.finditer(text):
            self.ends.append(match.start())
            self.starts.append(match.end())
        self.ends.append(len(text))

    def __len__(self) -> int:
        return len(self.starts)

    def line(self, number: int) -> str:
        return self.text[self.starts[number]:self.ends[number]]


def _content_ranges(lines: _Lines, first: int, content: str) -> list[tuple[int, int]] | None:
    """Where each line of a block's ``content`` lies in the source, starting at line ``first``.

    A line keeps the two spaces of a hard break at its end (the last line of a block cannot have
    one). None when a line cannot be found: the block then stays verbatim, never misplaced.
    """
    rows = content.split("\n")
    ranges = []
    for index, row in enumerate(rows):
        number = first + index
        if number >= len(lines):
            return None
        source = lines.line(number)
        hard = index < len(rows) - 1 and row.endswith("  ")
        core = row.strip(" \t") if not hard else row.lstrip(" \t")
        if not core:
            continue
        body = source if hard else source.rstrip(" \t")
        if body.endswith(core):
            start = len(body) - len(core)
        else:
            start = source.find(core.rstrip(" \t"))
            if start < 0:
                return None
            core = core.rstrip(" \t")
        ranges.append((lines.starts[number] + start, lines.starts[number] + start + len(core)))
    return ranges


def _cell_ranges(line: str, offset: int) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each cell's content in a table row, split as markdown-it-py splits it
    (at every ``|`` not escaped by a backslash; code spans do not protect a pipe)."""
    text = line.rstrip(" \t")
    begin = len(text) - len(text.lstrip(" \t"))
    cuts = []
    escaped = False
    for position in range(begin, len(text)):
        char = text[position]
        if char == "|" and not escaped:
            cuts.append(position)
        escaped = char == "\\" and not escaped
    bounds = [begin - 1, *cuts, len(text)]
    cells = []
    for n in range(len(bounds) - 1):
        a, b = bounds[n] + 1, bounds[n + 1]
        edge = (n == 0 and cuts and cuts[0] == begin) or (n == len(bounds) - 2 and cuts and cuts[-1] == len(text) - 1)
        if edge and a >= b:
            continue  # the empty side of a leading or trailing pipe
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip(" \t"))
        cells.append((offset + a + lead, offset + a + len(piece.rstrip(" \t"))))
    return cells


class _Walker:
    def __init__(self, text: str, prose_keys: Sequence[str]) -> None:
        self.text = text
        self.lines = _Lines(text)
        self.prose_keys = prose_keys
        self.pending: list[_Pending] = []
        self.seen_title = False
        self.containers: list[str] = []  # innermost last: quote, item, note, term, definition, or a div kind
        self.divs: list[tuple[str, str | None]] = []
        self.lists: list[tuple[bool, str]] = []  # (ordered, marker) of each open list
        self.item_marker = ""
        self.first_in_item = False
        self.row: tuple[int, list[tuple[int, int]]] | None = None  # the current table row's line, cells
        self.cell = 0
        self.header = False

    @property
    def context(self) -> str | None:
        return next((c for _, c in reversed(self.divs) if c is not None), None)

    def add(self, kind: str, ranges: list[tuple[int, int]], **options: object) -> None:
        ranges = [(a, b) for a, b in ranges if b > a]
        if ranges:
            self.pending.append(_Pending(ranges[0][0], kind, ranges, self.context, dict(options)))

    def walk(self, tokens: list[Token]) -> None:
        for index, token in enumerate(tokens):
            handler = getattr(self, "on_" + token.type, None)
            if handler is not None:
                handler(token, tokens, index)

    # -- containers ---------------------------------------------------------------------------------

    def on_container_div_open(self, token: Token, tokens: list[Token], index: int) -> None:
        classes, context = div_attributes(token.info)
        kind = next((_DIV_KINDS[c] for c in classes if c in _DIV_KINDS), "")
        self.divs.append((kind, context))

    def on_container_div_close(self, token: Token, tokens: list[Token], index: int) -> None:
        if self.divs:
            self.divs.pop()

    def _push(self, name: str) -> None:
        self.containers.append(name)

    def _pop(self, name: str) -> None:
        if name in self.containers:
            del self.containers[len(self.containers) - 1 - self.containers[::-1].index(name)]

    def on_blockquote_open(self, token: Token, tokens: list[Token], index: int) -> None:
        self._push("quote")

    def on_blockquote_close(self, token: Token, tokens: list[Token], index: int) -> None:
        self._pop("quote")

    def on_bullet_list_open(self, token: Token, tokens: list[Token], index: int) -> None:
        self.lists.append((False, token.markup))

    def on_ordered_list_open(self, token: Token, tokens: list[Token], index: int) -> None:
        self.lists.append((True, token.markup))

    def on_bullet_list_close(self, token: Token, tokens: list[Token], index: int) -> None:
        if self.lists:
            self.lists.pop()

    on_ordered_list_close = on_bullet_list_close

    def on_list_item_open(self, token: Token, tokens: list[Token], index: int) -> None:
        self._push("item")
        self.item_marker = (token.info + token.markup) if token.info else token.markup
        self.first_in_item = True

    def on_list_item_close(self, token: Token, tokens: list[Token], index: int) -> None:
        self._pop("item")

    def on_footnote_reference_open(self, token: Token, tokens: list[Token], index: int) -> None:
        self._push("note")

    def on_footnote_reference_close(self, token: Token, tokens: list[Token], index: int) -> None:
        self._pop("note")

    def on_dt_open(self, token: Token, tokens: list[Token], index: int) -> None:
        self._push("term")

    def on_dt_close(self, token: Token, tokens: list[Token], index: int) -> None:
        self._pop("term")

    def on_dd_open(self, token: Token, tokens: list[Token], index: int) -> None:
        self._push("definition")

    def on_dd_close(self, token: Token, tokens: list[Token], index: int) -> None:
        self._pop("definition")

    # -- tables -------------------------------------------------------------------------------------

    def on_tr_open(self, token: Token, tokens: list[Token], index: int) -> None:
        if token.map is None:
            self.row = None
            return
        number = token.map[0]
        self.row = (number, _cell_ranges(self.lines.line(number), self.lines.starts[number]))
        self.cell = 0

    def on_th_open(self, token: Token, tokens: list[Token], index: int) -> None:
        self.header = True

    def on_td_open(self, token: Token, tokens: list[Token], index: int) -> None:
        self.header = False

    # -- blocks with prose --------------------------------------------------------------------------

    def on_front_matter(self, token: Token, tokens: list[Token], index: int) -> None:
        if token.map is None:
            return
        first = self.lines.starts[token.map[0] + 1] if token.map[0] + 1 < len(self.lines) else len(self.text)
        end = self.lines.starts[token.map[1] - 1] if token.map[1] - 1 < len(self.lines) else len(self.text)
        for start, stop, slot in front_matter_values(self.text, first, end, self.prose_keys):
            self.add("front-matter", [(start, stop)], slot=slot, sentences=False,
                     text_of=functools.partial(yaml_text, slot=slot))

    def on_html_block(self, token: Token, tokens: list[Token], index: int) -> None:
        if token.map is None:
            return
        start = self.lines.starts[token.map[0]]
        end = self.lines.ends[token.map[1] - 1]
        for kind, ranges in html_segments(self.text, start, end):
            self.add(kind, ranges, slot="html" if kind == "html" else "html-attribute",
                     sentences=kind == "html")

    def on_inline(self, token: Token, tokens: list[Token], index: int) -> None:
        parent = tokens[index - 1] if index else None
        if parent is None:
            return
        if parent.type in ("th_open", "td_open"):
            self.table_cell(token)
            return
        if parent.map is None:
            return
        if parent.type == "heading_open":
            self.heading(token, parent)
            return
        ranges = _content_ranges(self.lines, parent.map[0], token.content)
        if ranges is None:
            return
        kind = self.paragraph_kind()
        options: dict[str, object] = {"hard_breaks": True}
        if kind == "list-item":
            if self.first_in_item and ranges:
                task = _TASK.match(self.text, ranges[0][0], ranges[0][1])
                if task:
                    ranges[0] = (task.end(), ranges[0][1])
            ordered, _ = self.lists[-1] if self.lists else (False, "")
            options.update(level=max(0, len(self.lists) - 1), ordered=ordered, marker=self.item_marker)
        elif kind == "quote":
            options.update(level=max(0, self.containers.count("quote") - 1))
        self.first_in_item = False
        self.prose(kind, ranges, options)

    def paragraph_kind(self) -> str:
        inner = self.containers[-1] if self.containers else ""
        kind = {"quote": "quote", "item": "list-item", "note": "footnote", "term": "term",
                "definition": "definition"}.get(inner, "paragraph")
        for name, _ in reversed(self.divs):
            if name:
                return name if kind == "paragraph" or name == "caption" else kind
        return kind

    def heading(self, token: Token, parent: Token) -> None:
        assert parent.map is not None
        level = int(parent.tag[1:])
        kind = "title" if level == 1 and not self.seen_title else "heading"
        self.seen_title = self.seen_title or kind == "title"
        for name, _ in reversed(self.divs):
            if name == "caption":
                kind = "caption"
                break
        if parent.markup.startswith("#"):
            number = parent.map[0]
            line = self.lines.line(number)
            opening = _ATX_OPEN.match(line)
            position = line.find(token.content, opening.end() if opening else 0) if token.content else -1
            if position < 0:
                return
            start = self.lines.starts[number] + position
            ranges: list[tuple[int, int]] | None = [(start, start + len(token.content))]
        else:
            ranges = _content_ranges(self.lines, parent.map[0], token.content)
        if ranges:
            self.prose(kind, ranges, {"level": level, "hard_breaks": True})

    def table_cell(self, token: Token) -> None:
        if self.row is None:
            return
        _, cells = self.row
        position = self.cell
        self.cell += 1
        if position < len(cells):
            start, end = cells[position]
            self.prose("table-header" if self.header else "table-cell", [(start, end)],
                       {"slot": "cell", "sentences": False})

    def prose(self, kind: str, ranges: list[tuple[int, int]], options: dict[str, object]) -> None:
        """Add the block if it has words; a block whose only words are its images' alt texts and
        titles gives those as blocks of their own."""
        flat = " ".join(self.text[a:b] for a, b in ranges)
        inline = markdown_inline(flat)
        if has_prose(inline, images=False):
            self.add(kind, ranges, **options)
            return
        if len(ranges) != 1:
            return  # images spread over several lines: rare enough to leave as they are
        base = ranges[0][0]
        found: list[tuple[int, str, list[tuple[int, int]], str]] = []
        for alt_start, alt_end, title_start, title_end in inline.images:
            for start, end, part in ((alt_start, alt_end, "image-alt"), (title_start, title_end, "image-title")):
                text = flat[start:end]
                if end > start and has_prose(markdown_inline(text)):
                    found.append((start, part, [(base + start, base + end)], "alt" if part == "image-alt" else "title"))
        for span in inline.spans:  # an HTML <img> (a badge in <a>): its alt and title, as in an HTML block
            if span.role is Role.TAG and _IMG_TAG.match(span.value):
                for part, where in html_segments(self.text, base + span.start, base + span.end):
                    if part in ("image-alt", "image-title"):
                        found.append((where[0][0] - base, part, where, "html-attribute"))
        for _, part, where, slot in sorted(found, key=lambda item: item[0]):
            self.add(part, where, slot=slot, sentences=False)


_LETTERS = re.compile(r"[^\W\d_]{2,}")
_IMG_TAG = re.compile(r"<img\b", re.IGNORECASE)
# A reference definition with a title: [label]: destination "title" (or 'title', or (title)).
_DEFINITION = re.compile(
    r"""^ {0,3}\[((?:[^\]\\]|\\.){1,999})\]:[ \t]*\n?[ \t]*(?:<[^<>\n]*>|[^\s<][^\s]*)[ \t]*\n?[ \t]*"""
    r"""(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|\(((?:[^()\\]|\\.)*)\))[ \t]*$""", re.MULTILINE)
_TOO_DEEP = re.compile(r"^[ \t]*(?:>[ \t]?){" + str(MAX_NESTING - 10) + ",}", re.MULTILINE)


def _reference_titles(text: str, tokens: list[Token], env: dict[str, object]) -> list[tuple[int, int]]:
    """Where the titles of the document's reference definitions are (``[rules]: url "Visitor
    rules"``): a reader sees them as a link's tooltip. Definitions make no tokens; one is found by
    its syntax, outside code and HTML blocks, and counted only if the parser defined its label."""
    references = env.get("references")
    if not isinstance(references, dict) or "[" not in text:
        return []
    from markdown_it.common.utils import normalizeReference

    lines = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    verbatim = [(lines[t.map[0]], lines[t.map[1]] if t.map[1] < len(lines) else len(text))
                for t in tokens if t.map is not None and t.type in ("code_block", "fence", "html_block")]
    found = []
    for match in _DEFINITION.finditer(text):
        group = next(g for g in (2, 3, 4) if match.group(g) is not None)
        start, end = match.start(group), match.end(group)
        if any(a <= start < b for a, b in verbatim) or not match.group(group).strip():
            continue
        if normalizeReference(match.group(1)) in references and _LETTERS.search(match.group(group)):
            found.append((start, end))
    return found


def parse_markdown(builder: Builder, text: str, prose_keys: Sequence[str] = ("title", "description", "summary")) -> None:
    """Feed the blocks of Markdown ``text`` to ``builder``, in document order."""
    deep = _TOO_DEEP.search(text)
    if deep is not None:
        raise SourceError(f"quotes nested over {MAX_NESTING - 10} deep", line=text.count("\n", 0, deep.start()) + 1,
                          hint="nest fewer quotes; nothing deeper would be read")
    walker = _Walker(text, prose_keys)
    tokens, env = block_tokens(text)
    walker.walk(tokens)
    for start, end in _reference_titles(text, tokens, env):
        walker.add("link-title", [(start, end)], slot="title", sentences=False)
    for block in sorted(walker.pending, key=lambda pending: pending.start):
        builder.context = block.context
        builder.add_block(block.kind, block.ranges, **block.options)  # type: ignore[arg-type]
    builder.context = None
