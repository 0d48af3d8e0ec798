"""What every source format provides: parsing into segments, its inline syntax, and its editions.

A :class:`Format` is the only place that knows a format's syntax. Segmentation asks it for the
document's blocks and segments; engine protection, the markup checks, word counts and sentence
splitting ask it which parts of a segment's text are prose and which are syntax
(:class:`Inline`); the build asks it to render the edition in the source's own format, and the
HTML and text editions of the document.
"""

from __future__ import annotations

import enum
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from transmgr.editions.labels import label
from transmgr.editions.model import Piece, Status
from transmgr.editions.page import lang_attrs
from transmgr.editions.typography import apply_typography
from transmgr.errors import SourceError

if TYPE_CHECKING:
    from transmgr.editions.html import PageLinks
    from transmgr.editions.model import Edition
    from transmgr.segment.assemble import Builder
    from transmgr.segment.model import Document


class Role(str, enum.Enum):
    """What a piece of syntax inside a segment's text is."""

    CODE = "code"            # inline code, never translated
    TARGET = "target"        # a link's destination or reference label (with the brackets around it)
    URL = "url"              # an autolink or bare URL
    TAG = "tag"              # an inline HTML tag
    MARKER = "marker"        # emphasis, strikethrough, link brackets: kept, moved with the words
    ESCAPE = "escape"        # a backslash escape (\*)
    ENTITY = "entity"        # a character reference (&amp;)
    NOTE = "note"            # a footnote reference ([^1])
    BREAK = "break"          # a hard line break
    PLACEHOLDER = "placeholder"  # {name}, {0}, %s: filled in by a program


#: Roles whose text is not prose: masked for the checks, never counted as words.
OPAQUE = frozenset({Role.CODE, Role.TARGET, Role.URL, Role.TAG, Role.ESCAPE, Role.ENTITY, Role.NOTE,
                    Role.BREAK, Role.PLACEHOLDER})


@dataclass(frozen=True)
class Span:
    """One piece of syntax in a text: ``text[start:end]``; ``value`` is what it stands for (a URL, code)."""

    start: int
    end: int
    role: Role
    value: str = ""


@dataclass(frozen=True)
class Inline:
    """A segment's text split into syntax spans (sorted, not overlapping) and the prose between them."""

    text: str
    spans: tuple[Span, ...] = field(default=())
    #: Images: ``(alt_start, alt_end, title_start, title_end)`` (an empty title when there is none).
    images: tuple[tuple[int, int, int, int], ...] = field(default=())

    def prose(self) -> Iterator[tuple[int, int]]:
        """The ``(start, end)`` runs of prose: everything no span covers."""
        position = 0
        for span in self.spans:
            if span.start > position:
                yield position, span.start
            position = max(position, span.end)
        if position < len(self.text):
            yield position, len(self.text)

    def prose_text(self, separator: str = " ") -> str:
        """The prose runs joined by ``separator``: what a reader reads, without the syntax."""
        return separator.join(self.text[a:b] for a, b in self.prose())

    def masked(self, mask: str, *, keep_length: bool = False, roles: frozenset[Role] = OPAQUE) -> str:
        """The text with every span of ``roles`` replaced by ``mask`` (repeated to the span's length
        with ``keep_length``, so that offsets stay valid)."""
        out = []
        position = 0
        for span in self.spans:
            if span.role not in roles or span.start < position:
                continue
            out.append(self.text[position:span.start])
            out.append(mask * (span.end - span.start) if keep_length else mask)
            position = span.end
        out.append(self.text[position:])
        return "".join(out)

    def values(self, *roles: Role) -> list[str]:
        """The values of the spans of ``roles``, in order (the URLs of targets, the content of code...)."""
        return [span.value for span in self.spans if span.role in roles]


# Brace placeholders ({}, {0}, {name}, {name!r:>10}, {{ template }}) and printf forms that cannot be prose.
_PLACEHOLDER = re.compile(
    r"\{\{[^{}]*\}\}|\{\}|\{\d+(?:![rsa])?(?::[^{}]*)?\}|\{[A-Za-z_][\w.]*(?:\[\w+\])?(?:![rsa])?(?::[^{}]*)?\}"
    r"|%\([A-Za-z_]\w*\)[-+ #0]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|(?<![\w%])%[sd](?![A-Za-z])"
)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_SAFE_SCHEMES = ("http", "https", "mailto")


def safe_url(url: str) -> bool:
    """True for http(s), mailto and scheme-less (relative, ``#anchor``) URLs: the links an edition keeps."""
    squeezed = _CONTROL.sub("", url)  # browsers ignore tabs and newlines inside a scheme
    scheme = _SCHEME.match(squeezed)
    return scheme is None or scheme.group(1).lower() in _SAFE_SCHEMES


_BARE_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>()\[\]«»\"“”„`]+[^\s<>()\[\]«»\"“”„`.,;:!?'’]")


def prose_spans(text: str, start: int, end: int) -> list[Span]:
    """Placeholders and bare URLs inside a run of prose: syntax in every format."""
    run = text[start:end]
    found = [Span(m.start(), m.end(), Role.PLACEHOLDER, m.group(0)) for m in _PLACEHOLDER.finditer(text, start, end)] \
        if "{" in run or "%" in run else []
    if "://" in run:
        found += [Span(m.start(), m.end(), Role.URL, m.group(0)) for m in _BARE_URL.finditer(text, start, end)]
    found.sort(key=lambda span: span.start)
    kept: list[Span] = []
    for span in found:
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


def with_prose_spans(text: str, spans: list[Span], images: tuple[tuple[int, int, int, int], ...] = ()) -> Inline:
    """An :class:`Inline` from a format's syntax ``spans`` plus the placeholders and URLs in its prose."""
    spans = sorted(spans, key=lambda span: (span.start, span.end))
    extra: list[Span] = []
    position = 0
    for span in [*spans, Span(len(text), len(text), Role.MARKER)]:
        if span.start > position:
            extra += prose_spans(text, position, span.start)
        position = max(position, span.end)
    return Inline(text, tuple(sorted(spans + extra, key=lambda span: (span.start, span.end))), images)


def sentence_mask(inline: Inline) -> str:
    """The text with its syntax hidden from a sentence splitter, offsets kept: code, URLs, tags and
    whole links and images (a full stop inside them ends no sentence) become ``x``."""
    text = list(inline.text)
    spans = inline.spans
    for index, span in enumerate(spans):
        end = span.end
        if span.role is Role.MARKER and span.value in ("link_open", "image"):
            end = next((later.end for later in spans[index + 1:] if later.role is Role.TARGET), span.end)
        elif span.role not in OPAQUE:
            continue
        text[span.start:end] = "x" * (end - span.start)
    return "".join(text)


_LETTERS = re.compile(r"[^\W\d_]{2,}")
_HOLE = "\ue030"


def typeset(inline: Inline, lang: str) -> str:
    """The text with ``lang``'s no-break spaces in its prose: code, URLs, tags and targets untouched.

    Each opaque span stands in as one private-use character (not a letter, not a space) while the
    rules run, so a short word before a link or code still binds to it.
    """
    holes: list[str] = []
    masked = []
    position = 0
    for span in inline.spans:
        if span.role not in OPAQUE or span.start < position:
            continue
        masked.append(inline.text[position:span.start].replace(_HOLE, ""))
        masked.append(_HOLE)
        holes.append(inline.text[span.start:span.end])
        position = span.end
    masked.append(inline.text[position:].replace(_HOLE, ""))
    if not holes:
        return apply_typography("".join(masked), lang)
    pieces = iter(holes)
    return re.sub(_HOLE, lambda m: next(pieces, ""), apply_typography("".join(masked), lang))


def typeset_prose(text: str, lang: str) -> str:
    """:func:`typeset` of a text with no syntax of its format (``with_prose_spans(text, [])``), made
    without building its :class:`Inline` when nothing in it can be a placeholder or a URL."""
    if "{" in text or "%" in text or "://" in text or _HOLE in text:
        return typeset(with_prose_spans(text, []), lang)
    return apply_typography(text, lang)


def has_prose(inline: Inline, *, images: bool = True) -> bool:
    """True when the text has words to translate: a run of two letters or more outside its syntax
    (and, with ``images=False``, outside the alt texts and titles of its images)."""
    runs = list(inline.prose())
    if not images and inline.images:
        cuts = sorted((a, b) for alt_a, alt_b, title_a, title_b in inline.images
                      for a, b in ((alt_a, alt_b), (title_a, title_b)) if b > a)
        runs = [piece for run in runs for piece in _cut(run, cuts)]
    return any(_LETTERS.search(inline.text, a, b) for a, b in runs)


def _cut(run: tuple[int, int], cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    start, end = run
    pieces = []
    for a, b in cuts:
        if b <= start or a >= end:
            continue
        if a > start:
            pieces.append((start, a))
        start = max(start, b)
    if start < end:
        pieces.append((start, end))
    return pieces


def marked_piece(inner: str, piece: Piece, lang: str, source_lang: str) -> str:
    """A segment's HTML ``inner`` marked as what it is: a fallback in the source's language, or a draft."""
    if piece.status is Status.FALLBACK and lang != source_lang:
        title = html.escape(label(lang, "fallback_title"))
        return f'<span class="fallback" {lang_attrs(source_lang)} title="{title}">{inner}</span>'
    if piece.status is Status.DRAFT:
        return f'<span class="draft" title="{html.escape(label(lang, "draft_title"))}">{inner}</span>'
    return inner


class Format(Protocol):
    """A source format: how documents in it are segmented, what its inline syntax is, how editions look.
    Its file suffixes are said once, in :data:`transmgr.formats.FORMATS`."""

    name: str
    edition_suffix: str  # of the edition in the source's own format (build/<lang>/<doc><suffix>)

    def read(self, path: Path) -> str:
        """The text :meth:`parse` segments: a text file's content (:func:`read_source`), or what a
        binary format makes of its file (a Word document's flat text)."""
        ...

    def parse(self, builder: Builder, text: str) -> None:
        """Feed the blocks of ``text`` to ``builder`` in document order (ranges of the source text)."""
        ...

    def inline(self, text: str) -> Inline:
        """The syntax and prose of one segment's text (a msgid or a translation)."""
        ...

    def render_source(self, edition: Edition, links: PageLinks | None = None) -> str | bytes:
        """The edition in the source's own format: the source with every segment replaced (bytes for
        a binary format; ``links``: the other editions, for formats that can link them)."""
        ...

    def render_html(self, edition: Edition) -> str:
        """The body of the HTML edition (the article's content)."""
        ...

    def render_text(self, edition: Edition) -> str:
        """The plain-text edition."""
        ...

    def plain(self, text: str) -> str:
        """What a reader reads of one segment's text, without its syntax."""
        ...

    def edition_title(self, edition: Edition) -> str | None:
        """The edition's title as its pages show it, in plain text (the page's ``<title>``)."""
        ...

    def piece_html(self, piece: Piece, lang: str, source_lang: str) -> str:
        """One segment's text as HTML on its own (the parallel edition's cells)."""
        ...

    def title(self, document: Document) -> str | None:
        """The document's title in plain text, if it has one."""
        ...


def read_source(path: Path) -> str:
    """A UTF-8 text source (a BOM dropped), no larger than the source limit (:mod:`.limits`)."""
    from transmgr.formats.limits import read_limited

    data = read_limited(path)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            f"not UTF-8 (byte 0x{data[exc.start]:02x})", path=path, line=line, hint="convert the file to UTF-8"
        ) from exc


def title_block_text(document: Document, plain: Callable[[str], str]) -> str | None:
    """The text of ``document``'s ``title`` block in plain text (its segments joined), if it has one."""
    for block in document.blocks:
        if block.kind == "title":
            return plain(" ".join(segment.text for segment in block.segments))
    return None


_WORD = re.compile(r"\w+(?:['’ʼ-]\w+)*")


def count_words(text: str, fmt: Format) -> int:
    """Words of a segment's text that a reader reads: its prose, not its syntax (code, URLs, tags)."""
    return len(_WORD.findall(fmt.inline(text).prose_text()))
