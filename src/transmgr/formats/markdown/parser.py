"""The Markdown parser: markdown-it-py with mdit-py-plugins, configured once for everything transmgr reads.

CommonMark, plus what GitHub renders (tables, strikethrough, task lists, footnotes), front matter,
definition lists, and Pandoc-style fenced divs (``::: lead``, ``::: {.caption context="photo"}``).
Raw HTML is allowed, as every CommonMark renderer allows it. This is the only module that imports
markdown-it-py and its plugins.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# markdown-it-py is imported when a parser is first built (`transmgr --help` never needs one).

__all__ = ["DIV", "INLINE_SYNTAX", "Token", "block_parser", "block_tokens", "div_attributes", "escape_text", "html_renderer", "inline_tokens", "link_tail", "piece_renderer", "render_piece", "render_tokens"]

DIV = "div"  # the container name: tokens are container_div_open / container_div_close


def _any_div(params: str, markup: str) -> bool:
    return True


_DIV_CLASS = re.compile(r"(?:^|\s)\.([\w-]+)")
_DIV_CONTEXT = re.compile(r"(?:^|\s)context=(?:\"([^\"]*)\"|([^\s\"]+))")


def div_attributes(info: str) -> tuple[list[str], str | None]:
    """The classes and the ``context`` attribute of a fenced div's opening line
    (``lead``, ``{.caption context="photo"}``)."""
    info = info.strip()
    if not info.startswith("{"):
        return ([info.split()[0]] if info else []), None
    body = info.strip("{}")
    context = _DIV_CONTEXT.search(body)
    return _DIV_CLASS.findall(body), (context.group(1) or context.group(2)) if context else None


def _render_div(renderer: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    if token.nesting != 1:
        return "</div>\n"
    classes = [c for c in div_attributes(token.info)[0] if re.fullmatch(r"[\w-]+", c)]
    return f'<div class="{" ".join(classes)}">\n' if classes else "<div>\n"


def _render_html_text(renderer: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    """An HTML block that an edition must not pass through, shown as the text it is."""
    from markdown_it.common.utils import escapeHtml

    return f"<p>{escapeHtml(tokens[idx].content.strip())}</p>\n" if tokens[idx].content.strip() else ""


# markdown-it's own limit on nesting (CommonMark preset: 20) drops everything nested deeper without a
# word. Whole documents are parsed with more room (quotes inside quotes inside lists...); a document
# nested deeper still is refused (formats.markdown.blocks), never read in part. A lone segment's
# inline syntax keeps the preset's limit: images inside links inside images cost time per level.
MAX_NESTING = 50
INLINE_NESTING = 20


# Characters that start inline syntax in markdown-it-py with these plugins (emphasis, code, links,
# images, footnote references, autolinks, HTML, entities, escapes, strikethrough, breaks). A text
# without any is one text token: the inline rules have nothing to find in it.
INLINE_SYNTAX = re.compile(r"[*_`\[\]!<&\\~\n\r]")


def _inline_rule(state: Any) -> None:
    """markdown-it's core rule that parses each inline token's content, except that a content free of
    :data:`INLINE_SYNTAX` becomes its one text token without running the inline rules (the same
    tokens: tests/formats/test_markdown_parser.py; most paragraphs of prose, a third of a build)."""
    from markdown_it.token import Token

    for token in state.tokens:
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        content = token.content
        if INLINE_SYNTAX.search(content) is not None:
            state.md.inline.parse(content, state.md, state.env, token.children)
        elif content:
            text = Token("text", "", 0)
            text.content = content
            token.children.append(text)


def _configured(*, tasks: bool, any_note: bool = False, html: bool = True, nesting: int = MAX_NESTING) -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.container import container_plugin
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin
    from mdit_py_plugins.tasklists import tasklists_plugin

    md = MarkdownIt("commonmark", {"html": html, "xhtmlOut": False, "maxNesting": nesting}).enable(
        ["table", "strikethrough"])
    md.use(front_matter_plugin).use(footnote_plugin, always_match_refs=any_note).use(deflist_plugin)
    if tasks:
        md.use(tasklists_plugin)
    md.use(container_plugin, name=DIV, validate=_any_div, render=_render_div)
    md.add_render_rule("html_text", _render_html_text)
    md.core.ruler.at("inline", _inline_rule)
    return md


@functools.lru_cache(maxsize=1)
def block_parser() -> MarkdownIt:
    """The parser for whole documents (blocks with source maps, inline children)."""
    return _configured(tasks=False)


@functools.lru_cache(maxsize=1)
def segment_parser() -> MarkdownIt:
    """The parser for segmentation: blocks and their maps only. Inline parsing (half the time) is
    left out, and footnote definitions stay where they are written (``footnote_reference_open``)."""
    md = _configured(tasks=False)
    md.core.ruler.disable(["inline", "footnote_tail", "text_join"])
    return md


# The block parses of the last few texts: segmentation parses a document, and its editions check
# their skeleton against that same parse instead of parsing the source again.
_BLOCK_PARSES: dict[str, tuple[list[Token], dict[str, Any]]] = {}


def block_tokens(text: str) -> tuple[list[Token], dict[str, Any]]:
    """:func:`segment_parser`'s tokens and env for ``text`` (blocks with source maps, no inline
    parsing), parsed once for the last few texts: callers read them and never change them."""
    known = _BLOCK_PARSES.get(text)
    if known is not None:
        return known
    env: dict[str, Any] = {}
    parsed = segment_parser().parse(text, env), env
    if len(_BLOCK_PARSES) >= 4:
        _BLOCK_PARSES.pop(next(iter(_BLOCK_PARSES)))
    _BLOCK_PARSES[text] = parsed
    return parsed


@functools.lru_cache(maxsize=1)
def html_renderer() -> MarkdownIt:
    """The parser and renderer for HTML editions (task lists rendered as checkboxes)."""
    return _configured(tasks=True)


@functools.lru_cache(maxsize=1)
def piece_renderer() -> MarkdownIt:
    """The renderer for one segment's text on its own: raw HTML is shown as text, never passed through,
    and a footnote reference is a reference, with no list of notes after it."""
    md = _configured(tasks=False, any_note=True, html=False, nesting=INLINE_NESTING)
    md.core.ruler.disable("footnote_tail")
    return md


@functools.lru_cache(maxsize=1)
def _inline_parser() -> MarkdownIt:
    md = _configured(tasks=False, any_note=True, nesting=INLINE_NESTING)
    # Escapes and entities stay tokens of their own: their source form is in ``markup``.
    md.core.ruler.disable("text_join")
    return md


class _Anything(dict):  # type: ignore[type-arg]
    """A reference table that knows every label: a lone segment's reference links resolve.

    Labels starting with ``^`` are footnotes, not links: the table does not know them.
    """

    def __contains__(self, key: object) -> bool:
        return not str(key).startswith("^")

    def __missing__(self, key: str) -> Any:
        return {"title": "", "href": "#"}

    def get(self, key: Any, default: Any = None) -> Any:
        return self[key] if key in self else default  # noqa: SIM401 - dict.get would skip __missing__


def escape_text(text: str) -> str:
    """``text`` escaped as markdown-it's renderer escapes a text token."""
    from markdown_it.common.utils import escapeHtml

    return escapeHtml(text)


def render_piece(text: str) -> str:
    """One segment's text as HTML on its own, by :func:`piece_renderer` (a text free of inline syntax
    is escaped as markdown-it escapes a text token, without a parse)."""
    if INLINE_SYNTAX.search(text) is None and "\0" not in text:
        return escape_text(text)
    return piece_renderer().renderInline(text, {})


def inline_tokens(text: str) -> list[Token]:
    """The inline tokens of ``text`` read as one paragraph's content, every reference resolving."""
    env: dict[str, Any] = {"references": _Anything()}
    tokens = _inline_parser().parseInline(text, env)
    return tokens[0].children or [] if tokens else []


def link_tail(text: str, pos: int) -> tuple[int, int, int, str] | None:
    """The inline destination and title after ``](`` at ``pos`` (the position of ``(``).

    ``(end, title_start, title_end, destination)``: ``end`` is after the closing ``)``; the title's
    content is ``text[title_start:title_end]`` (empty when there is none). None when it is not one.
    """
    from markdown_it.helpers import parseLinkDestination, parseLinkTitle

    limit = len(text)
    position = pos + 1
    while position < limit and text[position] in " \t\n":
        position += 1
    destination = ""
    if position < limit and text[position] != ")":
        found = parseLinkDestination(text, position, limit)
        if not found.ok:
            return None
        destination = text[position:found.pos]
        position = found.pos
    title_start = title_end = position
    spaced = position
    while spaced < limit and text[spaced] in " \t\n":
        spaced += 1
    if spaced < limit and spaced > position and text[spaced] in "\"'(":
        title = parseLinkTitle(text, spaced, limit)
        if title.ok:
            title_start, title_end = spaced + 1, title.pos - 1
            position = title.pos
    while position < limit and text[position] in " \t\n":
        position += 1
    if position >= limit or text[position] != ")":
        return None
    return position + 1, title_start, title_end, destination


def render_tokens(md: MarkdownIt, tokens: list[Token], env: Mapping[str, Any],
                  adjust: Callable[[list[Token]], None] | None = None) -> str:
    """Render ``tokens`` to HTML with ``md``'s renderer, after ``adjust`` changed them (ids on headings)."""
    if adjust is not None:
        adjust(tokens)
    return md.renderer.render(tokens, md.options, dict(env))
