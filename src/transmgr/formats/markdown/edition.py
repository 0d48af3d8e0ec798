"""Markdown editions: the source with every segment replaced, and the HTML and text rendered from it.

The Markdown edition is :meth:`Document.render` with each translation fitted to the place it
takes in the source's syntax (:func:`fit_translation`): inline prose through the guard, a table
cell with its pipes escaped, an image's alt text with its brackets escaped, HTML text with its
markup escaped, a front-matter value quoted as YAML quotes it. Everything else is the source, byte
for byte.

The HTML edition is that same Markdown rendered by markdown-it-py's renderer, so tables, images,
footnotes, task lists and nested quotes come out as a CommonMark+GFM renderer shows them. Before
rendering, each language's typography is applied to the prose of each segment and the segments
shown as drafts or in the source language are marked with private-use characters, which become
``<span>`` elements after rendering. Headings get GitHub-style ids computed from the *source*
headings, so ``#anchor`` links work in every language. Raw HTML that the source has passes through;
raw HTML that only a translation has is shown as text.
"""

from __future__ import annotations

import copy
import functools
import html
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from transmgr.editions.chars import one_line
from transmgr.editions.labels import label
from transmgr.editions.model import UNTRANSLATED_COMMENT, Edition, Piece, Status
from transmgr.editions.page import lang_attrs
from transmgr.formats.base import Role, typeset, typeset_prose
from transmgr.formats.markdown.front_matter import yaml_value
from transmgr.formats.markdown.guard import fit_markdown
from transmgr.formats.markdown.inline import RAW_TEXT, markdown_inline
from transmgr.formats.markdown.parser import (
    INLINE_SYNTAX,
    block_parser,
    block_tokens,
    escape_text,
    html_renderer,
    render_tokens,
)
from transmgr.formats.markdown.skeleton import (
    STAND_INS,
    Skeleton,
    keeps_blocks,
    make_skeleton,
    parse_edition,
    skeleton_from_blocks,
    template_tokens,
)
from transmgr.formats.markdown.text_edition import tokens_to_text
from transmgr.lazy import Recent
from transmgr.segment.drop import drop_segments
from transmgr.segment.model import Document, Segment

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# Marks around a segment shown as a draft or in the source language, made spans after rendering.
# The character next to the text is punctuation (U+2E4F), as CommonMark's emphasis rules read it:
# ``**bold text.**`` at a segment's end or ``*(an aside)*`` at its start still pair up, as they do
# beside the space or line start the segment has in the source. The private-use characters make
# each mark a sequence no document has.
_OPEN, _SEP, _CLOSE = "\ue020", "\ue021\u2e4f", "\u2e4f\ue022"
_MARK = re.compile(f"{_OPEN}(\\d+){_SEP}|{_CLOSE}")
_NO_MARKS = {ord(_OPEN): None, ord(_SEP[0]): None, ord(_CLOSE[-1]): None}  # the private-use characters of marks
_MARK_CHARACTER = re.compile(f"[{_OPEN}{_SEP[0]}{_CLOSE[-1]}]")
_MARKS = re.compile(f"{_OPEN}\\d+{_SEP}|{_CLOSE}")
_TAG = re.compile(r"<[^<>]*>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Attributes whose values are translated (html-attribute segments): a tag is the source's whatever they say.
_PROSE_ATTRIBUTE = re.compile(r"""(\s(?:alt|title)\s*=\s*)(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+)""", re.IGNORECASE)
# What the task-list plugin writes for "- [ ]" and "- [x]": markup of the renderer, not of a translation.
_CHECKBOX = re.compile(r'<input class="task-list-item-checkbox"(?: checked="checked")? disabled="disabled" '
                       r'type="checkbox">')
_HARD_BREAK = re.compile(r"(\\|  +)\n")
_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")
_SETEXT_LINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*(\n|$)")
_HTML_SPECIAL = re.compile(r"[<>&]")


# -- fitting a translation into its place ---------------------------------------------------------

def same_raw_text(translation: str, source: str) -> bool:
    """True unless ``translation`` changed a ``<script>``, ``<style>`` or ``<textarea>`` element its
    source has: program text an edition never takes from a catalog (the source's segment is shown
    then). Such an element only the translation has is markup the source lacks, escaped as text."""
    if "<" not in source:
        return True

    def raw(text: str) -> list[str]:
        return sorted(v for v in markdown_inline(text).values(Role.CODE) if v.startswith(RAW_TEXT))

    theirs = raw(source)
    return not theirs or raw(translation) == theirs


def fit_translation(text: str, segment: Segment) -> str:
    """``text`` (a translation of ``segment``) written so that it stays inside the segment's place."""
    slot = segment.slot
    if slot.startswith("yaml"):
        return yaml_value(text, slot)
    if slot in ("html", "html-attribute"):
        return _fit_html(one_line(text).strip(), segment.text, attribute=slot == "html-attribute")
    if slot == "cell":
        return _escape_unescaped(fit_markdown(text, segment.text), "|")
    if slot in ("alt", "title"):
        # Alt texts and titles are plain text: every ASCII punctuation mark is escaped, so that
        # nothing in them (a backtick, a bracket, a quote) can pair with the syntax around them.
        return _PUNCTUATION.sub(r"\\\g<0>", one_line(text).strip())
    if "][]" in segment.text or "]" in segment.text:
        text = _keep_reference_labels(text, segment.text)
    if segment.kind in ("title", "heading") and "|" in text:
        # Above a setext underline, a line with a pipe would be a table's header and the underline its
        # delimiter row: the pipes are escaped (they read the same).
        text = _escape_unescaped(text, "|")
    if "\n" in segment.text and _HARD_BREAK.search(text):
        lines = _HARD_BREAK.split(text)
        out = fit_markdown(lines[0], segment.text)
        for index in range(1, len(lines) - 1, 2):
            out += lines[index] + segment.line_break + fit_markdown(lines[index + 1], segment.text)
        return out
    return fit_markdown(text, segment.text)


def _keep_reference_labels(text: str, msgid: str) -> str:
    """``[text][]`` and ``[text]`` use their text as the label of a reference definition: when a
    translation changes the text, it is written ``[translated][label]`` so the link still resolves."""
    labels = [span.value[4:] for span in markdown_inline(msgid).spans if span.value.startswith("ref:")]
    if not labels:
        return text
    tails = [span for span in markdown_inline(text).spans if span.value.startswith("ref:")]
    if len(tails) != len(labels):
        return text
    out = []
    position = 0
    for span, wanted in zip(tails, labels):
        out.append(text[position:span.start])
        out.append(text[span.start:span.end] if span.value[4:] == wanted else f"][{wanted}]")
        position = span.end
    out.append(text[position:])
    return "".join(out)


def _escape_unescaped(text: str, characters: str) -> str:
    out = []
    escaped = False
    for char in text:
        if char in characters and not escaped:
            out.append("\\")
        out.append(char)
        escaped = char == "\\" and not escaped
    return "".join(out)


def _fit_html(text: str, msgid: str, *, attribute: bool) -> str:
    """HTML text: the tags and character references of the msgid may stay, every other markup
    character is escaped; in an attribute value every quote is too."""
    if attribute:
        return html.escape(html.unescape(text), quote=True)
    allowed = set(_TAG.findall(msgid)) | set(re.findall(r"&#?\w+;", msgid))
    out = []
    position = 0
    for match in re.finditer(r"<[^<>]*>|&#?\w+;", text):
        out.append(_HTML_SPECIAL.sub(lambda m: html.escape(m.group(0)), text[position:match.start()]))
        piece = match.group(0)
        out.append(piece if piece in allowed else html.escape(piece))
        position = match.end()
    out.append(_HTML_SPECIAL.sub(lambda m: html.escape(m.group(0)), text[position:]))
    return "".join(out)


# -- the Markdown edition ------------------------------------------------------------------------

def render_markdown(edition: Edition, *, mark: Callable[[Segment, Piece, str], str] | None = None,
                    stand_ins: bool = False) -> str:
    """The Markdown text of ``edition`` (omitted segments and emptied blocks removed).

    ``mark`` (used for the HTML edition) may rewrite each fitted text, source texts included; with
    ``stand_ins`` (the Markdown edition itself) a segment that shows its source because it is not
    translated is followed by an HTML comment no reader sees, so that an import knows it.
    """
    document = edition.document
    pieces = edition.piece_map()
    dropped = {key for key, piece in pieces.items() if not piece.shown}
    if dropped:
        document = drop_segments(document, dropped, _without_underline)
    return document.render(_translator(edition, pieces, mark, stand_ins))


def _translator(edition: Edition, pieces: dict[int, Piece], mark: Callable[[Segment, Piece, str], str] | None,
                stand_ins: bool) -> Callable[[Segment], str | None]:
    """What an edition writes for each segment (None: its source text), as :meth:`Document.render` takes it."""

    fitted = _fitted_texts(edition)

    def translate(segment: Segment) -> str | None:
        piece = pieces[id(segment)]
        known = fitted.get(id(segment))
        if known is None:
            keep = piece.status in (Status.FALLBACK, Status.SOURCE) or piece.text == segment.text \
                or not same_raw_text(piece.text, segment.text)
            known = fitted[id(segment)] = keep, segment.raw if keep else (fit_translation(piece.text, segment) or segment.raw)
        keep, text = known
        if mark is not None:
            return mark(segment, piece, text)
        if stand_ins and piece.status is Status.FALLBACK and not edition.is_source and segment.slot in ("inline", "cell"):
            return segment.raw + UNTRANSLATED_COMMENT
        return None if keep else text

    return translate


# Each segment's text fitted to its place, for the last few editions: the Markdown, HTML and text
# editions of one edition fit the same translations.
_FITTED: Recent[dict[int, tuple[bool, str]]] = Recent(4)


def _fitted_texts(edition: Edition) -> dict[int, tuple[bool, str]]:
    """Segment id -> (whether the edition shows the source's own text, the text it writes), filled as
    the segments are fitted."""
    return _FITTED.get(edition, dict)


def edition_tokens(edition: Edition, md: MarkdownIt, *, mark: Callable[[Segment, Piece, str], str] | None = None,
                   ) -> tuple[list[Token], dict[str, Any]] | None:
    """The tokens ``md.parse`` gives for the edition's Markdown, made from the source's skeleton
    (:mod:`transmgr.formats.markdown.skeleton`) without parsing the edition's blocks; None when the
    edition must be parsed whole (a segment left out, a text that could change the blocks)."""
    pieces = edition.piece_map()
    if any(not piece.shown for piece in pieces.values()):
        return None
    skeleton = _skeleton(edition.document)
    if skeleton is None:
        return None
    translate = _translator(edition, pieces, mark, False)

    def text_of(segment: Segment) -> str:
        text = translate(segment)
        return segment.raw if text is None or text == segment.text else text

    return parse_edition(skeleton, md, text_of)


def _without_underline(after: str) -> str:
    """The rest of a removed heading's line is gone; its setext underline goes too."""
    setext = _SETEXT_LINE.match(after)
    return after[setext.end():] if setext else after


# -- the HTML edition ------------------------------------------------------------------------------

@functools.lru_cache(maxsize=4096)
def typeset_markdown(text: str, lang: str) -> str:
    """One segment's Markdown with ``lang``'s typography: the HTML edition and the parallel page's cell
    typeset the same text, once."""
    if INLINE_SYNTAX.search(text) is None:  # what markdown_inline reads as prose only (most texts)
        return typeset_prose(text, lang)
    return typeset(markdown_inline(text), lang)


def render_html_body(edition: Edition) -> str:
    """The article's HTML: the Markdown edition rendered by markdown-it-py, with ids, typography and marks."""
    lang, source_lang = edition.lang, edition.source_lang
    spans: list[str] = []

    def mark(segment: Segment, piece: Piece, text: str) -> str:
        if _MARK_CHARACTER.search(text):  # a text's own mark characters would read as marks: dropped
            text = text.translate(_NO_MARKS)
        if segment.slot not in ("inline", "cell", "html"):
            return text
        text_lang = source_lang if piece.status is Status.FALLBACK else lang
        text = typeset_markdown(text, text_lang)
        if piece.status is Status.FALLBACK and lang != source_lang:
            title = html.escape(label(lang, "fallback_title"))
            spans.append(f'<span class="fallback" {lang_attrs(source_lang)} title="{title}">')
        elif piece.status is Status.DRAFT:
            spans.append(f'<span class="draft" title="{html.escape(label(lang, "draft_title"))}">')
        else:
            return text
        return f"{_OPEN}{len(spans) - 1}{_SEP}{text}{_CLOSE}"

    if all(piece.shown for piece in edition.piece_map().values()):
        filled = _from_template(edition, mark)
        if filled is not None:
            return _place_marks(filled, spans).lstrip("\n")
        spans.clear()
    source_tags = _source_tags(edition.document)
    ids = heading_ids(edition.document, edition)
    md = html_renderer()
    parsed = edition_tokens(edition, md, mark=mark)
    if parsed is None:
        spans.clear()
        env: dict[str, Any] = {}
        tokens = md.parse(render_markdown(edition, mark=mark), env)
    else:
        tokens, env = parsed
    return _place_marks(render_tokens(md, tokens, env, _adjuster(ids, source_tags)), spans).lstrip("\n")


def _adjuster(ids: list[str], source_tags: set[str]) -> Callable[[list[Token]], None]:
    """What the HTML edition changes in the tokens before rendering: ids on headings (the source's),
    raw HTML only the translation has shown as text."""

    def adjust(tokens: list[Token]) -> None:
        headings = iter(ids)
        for token in _walk(tokens):
            if token.type == "heading_open":
                name = next(headings, None)
                if name:
                    token.attrSet("id", name)
            elif token.type in ("html_block", "html_inline"):
                content = _COMMENT.sub("", token.content)
                tags = _TAG.findall(_MARKS.sub("", content))
                if all(_tag_key(tag) in source_tags or _CHECKBOX.fullmatch(tag) for tag in tags):
                    token.content = content if content.strip() else ""
                else:  # markup only a translation has: shown as text, never run
                    token.type = "text" if token.type == "html_inline" else "html_text"
                    token.content = _MARKS.sub("", content)

    return adjust


def _from_template(edition: Edition, mark: Callable[[Segment, Piece, str], str]) -> str | None:
    """The HTML body from the source's rendered template, each segment's stand-in replaced by its
    text escaped: what rendering the edition's tokens gives when every text is free of inline syntax
    and keeps the blocks (tests/formats/test_skeleton.py); None otherwise (the edition is rendered)."""
    template = _template(edition.document, html=True)
    texts = _template_texts(edition, template, mark) if template is not None else None
    if template is None or texts is None:
        return None
    html_of = {stand_in: escape_text(text) for stand_in, text in texts.items()}
    return STAND_INS.sub(lambda match: html_of[match.group(0)], template.body)  # the front matter's are not there


def text_from_template(edition: Edition) -> str | None:
    """The text edition from the source's template tokens, each stand-in read as its segment's text
    (the same conditions as :func:`_from_template`); None when the edition must be parsed."""
    if not all(piece.shown for piece in edition.piece_map().values()):
        return None
    template = _template(edition.document, html=False)
    texts = _template_texts(edition, template, None) if template is not None else None
    if template is None or texts is None:
        return None
    return tokens_to_text(template.tokens, texts)


def _template_texts(edition: Edition, template: _Template,
                    mark: Callable[[Segment, Piece, str], str] | None) -> dict[str, str] | None:
    """Each stand-in's text in ``edition`` (as :func:`edition_tokens` puts it in), when every one is
    free of inline syntax and keeps the blocks; else None."""
    skeleton = template.skeleton
    translate = _translator(edition, edition.piece_map(), mark, False)
    texts: dict[str, str] = {}
    for number, (segment, stand_in) in enumerate(zip(skeleton.segments, template.stand_ins)):
        text = translate(segment)
        if text is None or text == segment.text:
            text = segment.raw
        if INLINE_SYNTAX.search(text) is not None or "\0" in text or not keeps_blocks(skeleton, number, text):
            return None
        texts[stand_in] = text
    return texts


@dataclass(frozen=True)
class _Template:
    """A document's tokens with a stand-in for each segment, and their HTML (an HTML template)."""

    skeleton: Skeleton
    tokens: list[Token]
    stand_ins: list[str]
    body: str


_TEMPLATES: Recent[_Template | None] = Recent(16)


def _template(document: Document, *, html: bool) -> _Template | None:
    """The document's template for the HTML edition (``html``) or the text edition, made once for
    every edition of it; None: its skeleton makes none, or a stand-in is not rendered once, as text."""
    return _TEMPLATES.get(document, lambda: _make_template(document, html), html)


def _make_template(document: Document, html: bool) -> _Template | None:
    shaped = _template_tokens(document)
    if shaped is None:
        return None
    skeleton, tokens, env, stand_ins, hidden = shaped
    if html:
        body = render_tokens(html_renderer(), _adjustable(tokens), env,
                             _adjuster(heading_ids(document), _source_tags(document)))
    else:
        body = tokens_to_text(tokens)
    shown = [stand_in for stand_in in stand_ins if stand_in not in hidden]  # front matter: never rendered
    found = STAND_INS.findall(body)
    if len(found) == len(shown) and set(found) == set(shown):  # each stand-in rendered once, as text
        return _Template(skeleton, tokens, stand_ins, body)
    return None


_TEMPLATE_TOKENS: Recent[tuple[Skeleton, list[Token], dict[str, Any], list[str], set[str]] | None] = Recent(8)


def _template_tokens(document: Document) -> tuple[Skeleton, list[Token], dict[str, Any], list[str], set[str]] | None:
    """The document's template tokens, made once for its HTML and text templates. The two parsers'
    core rules differ only by task lists, which find nothing to do in a template: each inline token
    of one holds a stand-in alone, never a ``[ ]``."""

    def make() -> tuple[Skeleton, list[Token], dict[str, Any], list[str], set[str]] | None:
        skeleton = _skeleton(document)
        shaped = template_tokens(skeleton, block_parser()) if skeleton is not None else None
        return None if skeleton is None or shaped is None else (skeleton, *shaped)

    return _TEMPLATE_TOKENS.get(document, make)


def _adjustable(tokens: list[Token]) -> list[Token]:
    """``tokens`` with a copy of each token the HTML edition's adjuster changes (headings, raw HTML), so
    that the text template's tokens stay as parsed."""
    out = []
    for token in tokens:
        if token.type in ("heading_open", "html_block"):
            token = copy.copy(token)
            token.attrs = dict(token.attrs)
        elif token.children and any(child.type == "html_inline" for child in token.children):
            token = copy.copy(token)
            token.children = _adjustable(token.children or [])
        out.append(token)
    return out


def _walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def _place_marks(body: str, spans: list[str]) -> str:
    """Marks become spans in text; inside a tag (an alt attribute) they are dropped."""
    def span(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return "</span>"
        number = int(match.group(1))
        return spans[number] if number < len(spans) else ""  # not a mark this edition made

    out = []
    position = 0
    for tag in _TAG.finditer(body):
        out.append(_MARK.sub(span, body[position:tag.start()]))
        out.append(_MARKS.sub("", tag.group(0)))
        position = tag.end()
    out.append(_MARK.sub(span, body[position:]))
    return "".join(out)


# The source's skeleton, tokens and tags, for the last few documents: every language's edition of a
# document needs them, and parsing the source again for each was a sixth of a build.
_PARSED: Recent[tuple[Skeleton | None, list[Token], set[str]]] = Recent(8)


def _source_parse(document: Document) -> tuple[Skeleton | None, list[Token], set[str]]:
    """The document's skeleton (None: its editions are parsed whole), the block tokens of the source
    and every tag of its raw HTML (blocks and inline). The source's blocks are the parse its
    segmentation made; the tokens come from the skeleton, or from a whole parse when there is none."""
    return _PARSED.get(document, lambda: _parse_source(document))


def _parse_source(document: Document) -> tuple[Skeleton | None, list[Token], set[str]]:
    source = document.render(lambda segment: None)
    blocks, env = block_tokens(source)  # the parse segmentation made
    skeleton = skeleton_from_blocks(document, block_parser(), blocks, env) or make_skeleton(document, block_parser(),
                                                                                            blocks, env)
    tokens = skeleton.source if skeleton is not None else block_parser().parse(source, {})
    found: set[str] = set()
    for token in _walk(tokens):
        if token.type in ("html_block", "html_inline"):
            found.update(_tag_key(tag) for tag in _TAG.findall(_COMMENT.sub("", token.content)))
    return skeleton, tokens, found


def _skeleton(document: Document) -> Skeleton | None:
    """The document's skeleton, made once for every edition of it (None: its editions are parsed whole)."""
    return _source_parse(document)[0]


def _source_tags(document: Document) -> set[str]:
    """Every tag of the source's raw HTML (blocks and inline): the only markup an edition passes through."""
    return _source_parse(document)[2]


def _tag_key(tag: str) -> str:
    """A tag with the values of its translated attributes (alt, title) left out."""
    return _PROSE_ATTRIBUTE.sub(r'\1""', tag)


def slug(text: str, seen: dict[str, int]) -> str:
    """GitHub's heading id: lower case, punctuation dropped, spaces as hyphens, repeats numbered."""
    text = unicodedata.normalize("NFC", text).lower()
    base = "".join(ch for ch in text if ch.isalnum() or ch in " -_").replace(" ", "-")
    count = seen.get(base, 0)
    seen[base] = count + 1
    return base if not count else f"{base}-{count}"


def heading_ids(document: Document, edition: Edition | None = None) -> list[str]:
    """The ids of the document's headings in order: slugs of the source's text, as GitHub makes them.

    With ``edition``, headings whose every segment the edition leaves out are skipped.
    """
    tokens = _source_parse(document)[1]
    shown = edition.piece_map() if edition is not None else {}
    heading_lines = {}
    for block in document.blocks:
        if block.kind in ("title", "heading"):
            heading_lines[block.line] = all(not shown[id(s)].shown for s in block.segments) if shown else False
    ids: list[str] = []
    seen: dict[str, int] = {}
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        text = plain_text(tokens[index + 1].children or [])
        name = slug(text, seen)
        line = token.map[0] + 1 if token.map else 0
        if not heading_lines.get(line, False):
            ids.append(name)
    return ids


def plain_text(tokens: list[Token]) -> str:
    """The text a reader reads in inline tokens: words, code, alt texts; no markup."""
    out = []
    for token in tokens:
        if token.type in ("text", "code_inline", "text_special"):
            out.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif token.type == "image":
            out.append(plain_text(token.children or []))
    return "".join(out)
