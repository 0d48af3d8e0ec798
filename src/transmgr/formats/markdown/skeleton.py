"""Editions parsed from the source's blocks: each source parsed once, each translation never at block level.

The source is parsed once with every segment's text replaced by stand-in characters (one per line
of the segment, from Unicode's supplementary private use planes), the *skeleton*. An edition in one
language copies the skeleton's block tokens, puts each segment's text in place of its stand-ins in
the tokens' content, and runs markdown-it's core rules after the block rule (inline parsing,
task lists, footnotes), which is what a parse of the whole edition's Markdown would have done
with the same blocks.

It is used only where it gives exactly what a whole parse gives: the skeleton's blocks must equal
the source's own parse (the same tokens, the same content once the source's texts are put back),
no reference definition may hold a segment, and in an edition every text must keep the block
structure: no line of it may start with what starts a block (``#``, ``>``, a list marker, ``|``,
``<``, an indent...), end with a space, or hold an unescaped ``|``; a text over several lines must
have the source's lines with their prefixes. Anything else is parsed whole (:func:`parse_edition`
returns None), so the fast path can only be slower to apply, never different.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from transmgr.segment.model import Document, Segment

_FIRST = 0xF0000  # planes 15 and 16: private use, neither space nor punctuation to markdown-it
_LAST = 0x10FFFD
_STAND_INS = STAND_INS = re.compile("[\U000F0000-\U0010FFFD]")
_RUN = re.compile("[\U000F0000-\U0010FFFD](?:\n[ \t]*[\U000F0000-\U0010FFFD])*")
_PREFIX = re.compile(r"[ \t>]*")
# What may start a block, or change one, at the start of a line.
_UNSAFE_START = re.compile(
    r"$|[\s>|]|<(?![/]?(?:a|abbr|b|bdi|bdo|br|cite|code|data|del|dfn|em|i|img|ins|kbd|mark|q|s|samp|small|span|strong"
    r"|sub|sup|time|u|var)[\s/>])[A-Za-z/!?]|<[^<>]*>[ \t]*$|#{1,6}(?:[ \t]|$)|[*+:~-](?:[ \t]|$)|:{3}|\d{1,9}[.)](?:[ \t]|$)|\[\^|\[[^\]]*\]:"
    r"|([=_*-])[ \t]*(?:\1[ \t]*)+$|=+[ \t]*$|`{3}|~{3}")
_PIPE = re.compile(r"(?<!\\)\|")
# A line that could be a table's delimiter row: where there is one, a pipe in a text could make a table.
_DELIMITER_ROW = re.compile(
    r"^[ \t>]*(?:\|[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?|:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?)[ \t]*$",
    re.MULTILINE)
_UNSAFE_INSIDE = re.compile(r"(?:^|[ \t])#+$|-->|\?>|]]>|</(?:script|pre|style|textarea)", re.IGNORECASE)
_SKIPPED_RULES = ("normalize", "block")
_FIELDS: tuple[str, ...] = ()
# The block tokens something changes after the block rule (inline parsing, task lists, the HTML
# edition's heading ids and raw HTML): each edition has its own; the others are shared.
_CHANGED = frozenset(["inline", "heading_open", "html_block", "list_item_open", "bullet_list_open", "ordered_list_open"])


@dataclass
class Skeleton:
    """The block tokens of a document whose segments are stand-ins, and what each stand-in stands for."""

    tokens: list[Token]
    env: dict[str, Any]
    pieces: list[tuple[int, int]]  # stand-in number -> (segment number, line of the segment)
    prefixes: list[list[str]]  # segment number -> the prefix of each of its lines in the source (the first "")
    segments: list[Segment]
    tables: bool  # a line of the source could be a table's delimiter row: a pipe in a text could make a table
    source: list[Token]  # the source's own tokens (as its whole parse gives them), made from the skeleton


def skeleton_from_blocks(document: Document, md: MarkdownIt, blocks: list[Token], blocks_env: dict[str, Any],
                         ) -> Skeleton | None:
    """The skeleton of a document whose every segment is one line standing alone as the whole content
    of an inline token of ``blocks`` (the source's block parse, as :func:`make_skeleton` takes it),
    each segment's own text keeping the blocks where it stands: made from that parse, with no second
    parse. It is the one :func:`make_skeleton` makes (tests/formats/test_skeleton.py compares them):
    the guard that lets any text take a segment's place says the source's own text can, so the
    source's blocks are the skeleton's. None for any other document."""
    segments = [part for part in document.parts if not isinstance(part, str)]
    if _FIRST + len(segments) > _LAST:
        return None
    tables = any(_DELIMITER_ROW.search(part if isinstance(part, str) else part.raw) for part in document.parts)
    for part in document.parts:
        raw = part if isinstance(part, str) else part.raw
        if _STAND_INS.search(raw):
            return None
        if not isinstance(part, str) and ("\n" in raw or not _keeps_blocks(raw, [raw], tables)):
            return None
    tokens: list[Token] = []
    number = 0
    for token in blocks:
        if (number < len(segments) and token.type == "inline" and token.content == segments[number].raw
                and token.map is not None and token.map[0] + 1 == segments[number].line):
            token = _copy(token)
            token.content = chr(_FIRST + number)
            number += 1
        tokens.append(token)
    if number != len(segments):
        return None  # a segment inside other text, a table's cell on its row, a value of the front matter...
    skeleton = Skeleton(tokens, blocks_env, [(n, 0) for n in range(len(segments))], [[""] for _ in segments],
                        segments, tables, [])
    skeleton.source = _finish(md, [_copy(t) if t.type in _CHANGED else t for t in blocks], blocks_env)[0]
    return skeleton


def make_skeleton(document: Document, md: MarkdownIt, blocks: list[Token], blocks_env: dict[str, Any]) -> Skeleton | None:
    """The skeleton of ``document`` for ``md``; None when it cannot give what a parse of the source
    gives: its block tokens with the source's texts put in must be ``blocks`` (the source's parse by a
    parser with the same block rules, before inline parsing), source lines included, and its
    reference definitions ``blocks_env``'s."""
    from markdown_it.rules_core import StateCore

    out: list[str] = []
    pieces: list[tuple[int, int]] = []
    prefixes: list[list[str]] = []
    segments: list[Segment] = []
    for part in document.parts:
        if isinstance(part, str):
            if _STAND_INS.search(part):
                return None
            out.append(part)
            continue
        if _STAND_INS.search(part.raw):
            return None
        number = len(segments)
        segments.append(part)
        lines = part.raw.split("\n")
        line_prefixes = [""]
        for index, line in enumerate(lines):
            if _FIRST + len(pieces) > _LAST:
                return None
            stand_in = chr(_FIRST + len(pieces))
            pieces.append((number, index))
            if index == 0:
                out.append(stand_in)
                continue
            prefix = _PREFIX.match(line).group(0)  # type: ignore[union-attr]
            if prefix == line:
                return None  # an empty line inside a segment: not a line a stand-in can hold
            line_prefixes.append(prefix)
            out.append("\n" + prefix + stand_in)
        prefixes.append(line_prefixes)
    env: dict[str, Any] = {}
    state = StateCore("".join(out), md, env)
    for rule in md.core.ruler.__rules__:
        if rule.enabled and rule.name in _SKIPPED_RULES:
            rule.fn(state)
    for value in env.get("references", {}).values():
        if any(_STAND_INS.search(str(v)) for v in value.values()):
            return None  # a link title in a reference definition: the definition holds a segment
    if env.get("references", {}) != blocks_env.get("references", {}):
        return None
    tables = any(_DELIMITER_ROW.search(part if isinstance(part, str) else part.raw) for part in document.parts)
    skeleton = Skeleton(state.tokens, env, pieces, prefixes, segments, tables, [])
    texts = [segment.raw for segment in segments]
    filled = _put(skeleton, texts, check=False)
    if filled is None or _shape(filled, lines=True) != _shape(blocks, lines=True):
        return None
    skeleton.source = _finish(md, filled, skeleton.env)[0]
    return skeleton


def parse_edition(skeleton: Skeleton, md: MarkdownIt, text_of: Callable[[Segment], str]) -> tuple[list[Token], dict[str, Any]] | None:
    """The tokens and env of the edition whose segments read ``text_of(segment)``, as ``md.parse`` of
    its whole Markdown gives them; None when a text could change the blocks (parse it whole)."""
    tokens = _put(skeleton, [text_of(segment) for segment in skeleton.segments], check=True)
    return None if tokens is None else _finish(md, tokens, skeleton.env)


def template_tokens(skeleton: Skeleton, md: MarkdownIt) -> tuple[list[Token], dict[str, Any], list[str], set[str]] | None:
    """The skeleton's tokens after ``md``'s core rules with every stand-in left as text, each
    segment's stand-in, and those of the front matter (which no edition renders), when each segment is
    one line that is the whole content of an inline token, or a value of the front matter: rendered,
    they are a template each edition fills with its segments' rendered texts (each translation's text
    free of inline syntax is then never parsed). None for any other skeleton."""
    placed: list[str] = []
    hidden: set[str] = set()
    for token in skeleton.tokens:
        if not token.content:
            continue
        found = _STAND_INS.findall(token.content)
        if not found:
            continue
        if token.type == "front_matter":
            hidden.update(found)
        elif token.type != "inline" or len(token.content) != 1:
            return None  # a segment beside other text, over several lines, or outside an inline token
        placed += found
    stand_ins = [chr(_FIRST + number) for number in range(len(skeleton.segments))]
    if any(len(prefixes) != 1 for prefixes in skeleton.prefixes) or sorted(placed) != stand_ins:
        return None  # one line each: stand-in n is segment n
    tokens = [_copy(token) if token.type in _CHANGED else token for token in skeleton.tokens]
    finished, env = _finish(md, tokens, skeleton.env)
    return finished, env, stand_ins, hidden


def keeps_blocks(skeleton: Skeleton, number: int, text: str) -> bool:
    """Whether one-line ``text`` may take the place of segment ``number`` leaving the blocks as they are."""
    return text == skeleton.segments[number].raw or _keeps_blocks(text, [text], skeleton.tables)


def _put(skeleton: Skeleton, texts: list[str], *, check: bool) -> list[Token] | None:
    """The skeleton's block tokens with ``texts`` in place of the stand-ins (the skeleton's own tokens
    shared where nothing changes them); None when a text could change the blocks (with ``check``)."""
    lines: list[list[str] | None] = []
    for number, text in enumerate(texts):
        wanted = skeleton.prefixes[number]
        split = text.split("\n")
        if len(split) == 1:
            own = split
            lines.append(None if len(wanted) > 1 else own)  # None: the whole text in the first line's place
        elif len(split) == len(wanted) and all(line.startswith(p) for line, p in zip(split[1:], wanted[1:])):
            own = [split[0], *(line[len(p):] for line, p in zip(split[1:], wanted[1:]))]
            lines.append(own)
        else:
            return None
        if check and text != skeleton.segments[number].raw and not _keeps_blocks(text, own, skeleton.tables):
            return None

    def place(match: re.Match[str]) -> str:
        run = match.group(0)
        out: list[str] = []
        position = 0
        for stand_in in _STAND_INS.finditer(run):
            out.append(run[position:stand_in.start()])  # the line break (and the indent the parser kept)
            position = stand_in.end()
            number, line = skeleton.pieces[ord(stand_in.group(0)) - _FIRST]
            own = lines[number]
            if own is None:
                if line == 0:
                    out.append(texts[number])
                elif out and out[-1].strip(" \t\n") == "":
                    out.pop()  # the break before a line the single-line text no longer has
            else:
                out.append(own[line])
        out.append(run[position:])
        return "".join(out)

    tokens = [_copy(token) if token.type in _CHANGED else token for token in skeleton.tokens]
    for index, token in enumerate(tokens):
        if token.content and _STAND_INS.search(token.content):
            if token is skeleton.tokens[index]:
                token = tokens[index] = _copy(token)
            token.content = _RUN.sub(place, token.content)
            if _STAND_INS.search(token.content):
                return None  # a stand-in outside a run (cannot happen in a skeleton that passed)
    return tokens


def _finish(md: MarkdownIt, tokens: list[Token], skeleton_env: dict[str, Any]) -> tuple[list[Token], dict[str, Any]]:
    """What markdown-it's core rules after the block rule make of ``tokens`` (inline parsing, task
    lists, footnotes), with a copy of the skeleton's env."""
    from markdown_it.rules_core import StateCore

    env = copy.deepcopy(skeleton_env)
    state = StateCore("", md, env, tokens)
    for rule in md.core.ruler.__rules__:
        if rule.enabled and rule.name not in _SKIPPED_RULES:
            rule.fn(state)
    return state.tokens, env


def _keeps_blocks(text: str, lines: list[str], tables: bool) -> bool:
    """Whether ``text`` (its ``lines`` without the source's line prefixes), put where a segment stands,
    leaves the blocks of the document as they are."""
    if not text or text[-1].isspace() or "\r" in text or "\0" in text or _STAND_INS.search(text):
        return False
    if "|" in text and _PIPE.search(text) and (tables or _DELIMITER_ROW.search(text)):
        return False
    inside = "#" in text or ">" in text or "</" in text  # every pattern of _UNSAFE_INSIDE has one of them
    return all(not _UNSAFE_START.match(line) and not (inside and _UNSAFE_INSIDE.search(line)) for line in lines)


def _copy(token: Token) -> Token:
    global _FIELDS
    if not _FIELDS:
        _FIELDS = tuple(field.name for field in dataclasses.fields(token))
    new = object.__new__(type(token))  # field by field: cheaper than copy.copy's reduce protocol
    for name in _FIELDS:
        setattr(new, name, getattr(token, name))
    new.attrs = dict(token.attrs)
    new.meta = dict(token.meta)
    if token.children is not None:  # a table's cells come with a list the inline rule appends to
        new.children = list(token.children)
    return new


def _shape(tokens: list[Token], *, lines: bool = False) -> list[tuple[object, ...]]:
    """What a renderer reads of block tokens, and with ``lines`` their source lines (heading ids go by them)."""
    return [(t.type, t.tag, t.nesting, t.content, t.info, t.markup, t.hidden, t.block, tuple(sorted(t.attrs.items())),
             repr(sorted(t.meta.items())) if t.meta else "", t.map if lines else None) for t in tokens]
