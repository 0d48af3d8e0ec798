"""Web pages (``.html``, ``.htm``): the HTML :class:`Format`.

The page is read with the standard library's HTML parser, a tokenizer that reports where each tag
and each run of text stands in the source. That is what an edition needs to keep the page byte
for byte outside the translated text: lxml and html5lib build a tree and write a normalised page
back (quotes, entities, attribute order, implied tags). Block elements (``p``, ``h1``–``h6``,
``li``, ``td``, ``th``, ``dt``, ``dd``, ``figcaption``, ``blockquote``, ``div``…) separate the page's
text into segments; the inline elements inside one (``a``, ``em``, ``strong``, ``span``, ``br``,
``img``…) become paired codes (:mod:`transmgr.formats.codes`), and ``<code>``, ``<kbd>`` and any
element marked ``translate="no"`` one code holding it whole. ``alt`` and ``title`` attributes,
``<meta name="description">`` and ``<title>`` are segments too; ``<script>``, ``<style>``,
``<pre>``, ``<textarea>``, ``<svg>`` and ``<math>`` give nothing.

The translated page sets ``<html lang>`` and ``<link rel="alternate" hreflang>`` for every edition
published, and is written in the charset the page declares (characters it cannot hold as
character references).
"""

from __future__ import annotations

import codecs
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from transmgr.editions.html import PageLinks
from transmgr.editions.model import UNTRANSLATED_ATTRIBUTE, Edition, Status
from transmgr.errors import SourceError
from transmgr.formats import codes
from transmgr.formats.coded import CodedFormat
from transmgr.segment.assemble import Builder
from transmgr.segment.model import Segment

_BLOCK_KINDS = {
    "p": "paragraph", "li": "list-item", "td": "table-cell", "th": "table-header", "dt": "term",
    "dd": "definition", "blockquote": "quote", "figcaption": "caption", "caption": "caption",
    "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading",
}
# Elements whose start or end ends one segment and starts the next.
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head",
    "header", "hr", "html", "legend", "li", "main", "nav", "ol", "option", "p", "section", "select", "summary",
    "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul", "button", "label",
})
_CHROME = frozenset({"nav", "header", "aside", "footer"})  # a site's menus and banners, around the page itself
_SKIP = frozenset({"script", "style", "pre", "textarea", "svg", "math", "template", "noscript", "object"})
_OPAQUE = frozenset({"code", "kbd", "samp", "var"})  # inside a segment: one code holding the element whole
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr", "param"})
_LETTERS = re.compile(r"[^\W\d_]{2,}")
_SPACE = re.compile(r"[ \t\n\r\f]+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_HTML_TAG = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_LANG = re.compile(r"""(\slang\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_INNER_OPEN = re.compile(r"(<\d+>) ")
_INNER_CLOSE = re.compile(r" (</\d+>)")


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_NOT_CHARSETS = {"idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined"}
_ASCII_PROBE = b"<!DOCTYPE html><meta charset=x>"


def page_charset(data: bytes, path: Path) -> str:
    """The charset a page is written in: its BOM (UTF-8, UTF-16 or UTF-32), its ``<meta charset>``,
    else UTF-8 if it decodes. A declared name that is no charset (a Python codec such as base64,
    zlib, rot13, idna) or one that does not write ASCII as ASCII is refused in one line."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    found = _META_CHARSET.search(data[:4096])
    if found:
        name = found.group(1).decode("ascii")
        hint = 'declare <meta charset="utf-8"> and convert the page'
        try:
            codec = codecs.lookup(name)
        except LookupError as exc:
            raise SourceError(f"unknown charset {name!r} in the page's <meta charset>", path=path, hint=hint) from exc
        if not getattr(codec, "_is_text_encoding", True) or codec.name in _NOT_CHARSETS:
            raise SourceError(f"{name!r} in the page's <meta charset> is not a charset", path=path, hint=hint)
        try:
            compatible = _ASCII_PROBE.decode(codec.name) == _ASCII_PROBE.decode("ascii")
        except (UnicodeError, LookupError):
            compatible = False
        if not compatible:
            raise SourceError(f"charset {name!r} in the page's <meta charset> does not write ASCII as ASCII "
                              "(the page would not read as declared)", path=path, hint=hint)
        return codec.name
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise SourceError(f"not UTF-8 (byte 0x{data[exc.start]:02x}) and no charset declared", path=path, line=line,
                          hint='declare the charset with <meta charset="..."> or convert the page to UTF-8') from exc
    return "utf-8"


def read_page(path: Path) -> str:
    """The page's text, decoded in its charset (a page over the source limit refused before it is read)."""
    from transmgr.formats.limits import read_limited

    data = read_limited(path, what="a web page")
    charset = page_charset(data, path)
    try:
        return data.decode(charset)
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise SourceError(f"bytes that are not {charset}", path=path, line=line,
                          hint="convert the page to the charset it declares") from exc


@dataclass
class _Run:
    """The segment being read: its first and last offsets, and whether it has words."""

    start: int = -1
    end: int = -1
    words: bool = False
    kind: str = "paragraph"
    attributes: list[tuple[str, int, int]] = field(default_factory=list)  # alt/title inside the run


class _Reader(HTMLParser):
    """Finds the page's segments: (kind, start, end, slot) in document order."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.found: list[tuple[str, int, int, str]] = []
        self.run = _Run()
        self.blocks: list[str] = []  # open block elements, for the kind of the text inside them
        self.skipping: list[str] = []
        self.opaque: list[str] = []
        self.titles = 0
        self.has_main = re.search(r"<(?:main|article)\b", text, re.IGNORECASE) is not None

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def extend(self, start: int, end: int, words: bool) -> None:
        if self.run.start < 0:
            self.run.start = start
            self.run.kind = self.kind()
        self.run.end = end
        self.run.words = self.run.words or words

    def in_page(self) -> bool:
        """Whether the text being read is the page's own, not a menu's or a site header's (the
        first h1 there is the page's title): inside ``<main>`` or ``<article>`` when the page has
        one (as mdBook, Sphinx and most site generators write), and outside nav, header, aside, footer."""
        if any(tag in _CHROME for tag in self.blocks):
            return False
        return not self.has_main or any(tag in ("main", "article") for tag in self.blocks)

    def kind(self) -> str:
        for tag in reversed(self.blocks):
            if tag == "title":
                return "front-matter"
            if tag == "h1" and self.titles == 0 and self.in_page():
                return "title"
            if tag in _BLOCK_KINDS:
                return _BLOCK_KINDS[tag]
        return "paragraph"

    def close_run(self) -> None:
        run = self.run
        if run.start >= 0 and run.words:
            self.found.append((run.kind, run.start, run.end, "inline"))
            if run.kind == "title":
                self.titles += 1
        # An alt or title inside a segment's text stays with its code (a segment's text is one run
        # of the page); one outside any text is a segment of its own.
        self.found += [(kind, a, b, "attribute") for kind, a, b in run.attributes
                       if not run.words or b <= run.start or a >= run.end]
        self.run = _Run()

    def attributes(self, tag: str, raw: str, start: int, attrs: list[tuple[str, str | None]]) -> None:
        """alt, title, the labels a reader's tools show (a field's placeholder, aria-label) and a
        description's content as segments of their own."""
        names = {name for name, _ in attrs}
        wanted = []
        if "alt" in names and tag in ("img", "area", "input"):
            wanted.append(("alt", "image-alt"))
        if "title" in names:
            wanted.append(("title", "image-title"))
        if "placeholder" in names and tag in ("input", "textarea"):
            wanted.append(("placeholder", "label"))
        if "aria-label" in names:
            wanted.append(("aria-label", "label"))
        if tag == "meta" and (dict(attrs).get("name") or "").lower() in ("description", "og:description"):
            wanted.append(("content", "front-matter"))
        for name, kind in wanted:
            found = re.search(rf"""\s{name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", raw, re.IGNORECASE)
            if found is None:
                continue
            group = next(g for g in (1, 2, 3) if found.group(g) is not None)
            value = found.group(group)
            if _LETTERS.search(html.unescape(value)):
                self.run.attributes.append((kind, start + found.start(group), start + found.end(group)))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self.position()
        raw = self.get_starttag_text() or ""
        end = start + len(raw)
        if self.skipping:
            if tag not in _VOID and not raw.endswith("/>"):
                self.skipping.append(tag)
            return
        if (dict(attrs).get("translate") or "").lower() == "no" or tag in _SKIP:
            if tag in _BLOCK or tag in _SKIP:
                self.close_run()
            if tag not in _VOID:
                self.skipping.append(tag)
            elif self.run.start >= 0:
                self.extend(start, end, False)
            return
        if tag in _OPAQUE:
            if tag not in _VOID:
                self.opaque.append(tag)
            self.extend(start, end, False)
            return
        if self.opaque:
            self.extend(start, end, False)
            return
        if tag in _BLOCK:
            self.close_run()
            if tag not in _VOID:
                self.blocks.append(tag)
        elif tag not in ("br", "wbr") or self.run.start >= 0:
            self.extend(start, end, False)
        self.attributes(tag, raw, start, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # <span/>: an empty element (a void one for the skipping stacks)
        if tag not in _VOID:
            if self.skipping and self.skipping[-1] == tag:
                self.skipping.pop()
            elif self.opaque and self.opaque[-1] == tag:
                self.opaque.pop()
            elif self.blocks and self.blocks[-1] == tag:
                self.blocks.pop()

    def handle_endtag(self, tag: str) -> None:
        start = self.position()
        close = self.source.find(">", start)
        end = len(self.source) if close < 0 else close + 1
        if self.skipping:
            if tag in self.skipping:
                while self.skipping and self.skipping.pop() != tag:
                    pass
                if not self.skipping and self.run.start >= 0 and tag not in _BLOCK and tag not in _SKIP:
                    self.extend(start, end, False)  # an inline element marked translate="no": kept whole
            return
        if self.opaque:
            if tag in self.opaque:
                while self.opaque and self.opaque.pop() != tag:
                    pass
            self.extend(start, end, False)
            return
        if tag in _BLOCK:
            self.close_run()
            if tag in self.blocks:
                while self.blocks and self.blocks.pop() != tag:
                    pass
        elif self.run.start >= 0:
            self.extend(start, end, False)

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        start = self.position()
        if not data.strip():
            if self.run.start >= 0:
                self.extend(start, start + len(data), False)
            return
        lead = len(data) - len(data.lstrip())
        trail = len(data.rstrip())
        self.extend(start + lead, start + trail, bool(_LETTERS.search(html.unescape(data))) and not self.opaque)

    def handle_entityref(self, name: str) -> None:
        if not self.skipping:
            start = self.position()
            self.extend(start, self.source.find(";", start) + 1 or start + len(name) + 1, False)

    def handle_charref(self, name: str) -> None:
        self.handle_entityref(name)

    def handle_comment(self, data: str) -> None:
        pass  # a comment inside a segment stays in its raw text and out of its msgid

    def close(self) -> None:
        super().close()
        self.close_run()


# -- a segment's HTML and its msgid -------------------------------------------------------------------

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
        keep_whole = tag in _OPAQUE or re.search(r"""\stranslate\s*=\s*["']?no\b""", piece, re.IGNORECASE)
        if keep_whole and not self_closing and tag not in _VOID:
            opaque[:] = [tag, piece]
            continue
        if tag in _VOID or self_closing:
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
    text = _SPACE.sub(" ", "".join(out))
    # A space just inside a code goes outside it: "<1> Share </1>" reads "<1>Share</1>" (the page's
    # indentation is not part of the words); repeated for codes opening or closing together.
    for _ in range(4):
        text = _INNER_OPEN.sub(r" \1", _INNER_CLOSE.sub(r"\1 ", text))
    return Coded(_SPACE.sub(" ", text).strip(), opens, closes, verbatim)


def _verbatim(number: int, pieces: list[str], opens: dict[int, str], verbatim: set[int]) -> str:
    """An element kept whole (code, kbd, translate="no"): written back as it is; in the msgid its text
    shows as a verbatim span (or, with no text, an empty code)."""
    whole = "".join(pieces)
    opens[number] = whole
    text = _SPACE.sub(" ", html.unescape(re.sub(r"<[^>]*>", "", whole))).strip()
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


class PageFormat(CodedFormat):
    """Web pages: block elements are segments, inline elements paired codes."""

    name: str = "html"
    edition_suffix: str = ".html"

    def read(self, path: Path) -> str:
        return read_page(path)

    def parse(self, builder: Builder, text: str) -> None:
        reader = _Reader(text)
        try:
            reader.feed(text)
            reader.close()
        except AssertionError as exc:  # html.parser asserts on some broken markup (an unfinished <![CDATA[)
            raise SourceError(f"the page's markup cannot be read ({exc or 'a broken <![ section'})",
                              line=reader.getpos()[0],
                              hint="fix the markup there (an unfinished <![CDATA[ section, say)") from exc
        for kind, start, end, slot in sorted(reader.found, key=lambda item: item[1]):
            if slot == "attribute":
                builder.add_block(kind, [(start, end)], slot="attribute", sentences=False,
                                  text_of=lambda flat: _SPACE.sub(" ", html.unescape(flat)).strip())
            else:
                builder.add_block(kind, [(start, end)], slot="html", sentences=False,
                                  text_of=lambda flat: coded(flat).text)

    def render_source(self, edition: Edition, links: PageLinks | None = None) -> bytes:
        pieces = edition.piece_map()

        def translate(segment: Segment) -> str | None:
            piece = pieces[id(segment)]
            if piece.status is Status.FALLBACK and not edition.is_source and segment.slot == "html":
                # A stand-in in the source's language: said so to browsers, screen readers and an import.
                return (f'<span lang="{html.escape(edition.source_lang)}" {UNTRANSLATED_ATTRIBUTE}="">'
                        f"{segment.raw}</span>")
            if piece.status in (Status.FALLBACK, Status.SOURCE) or piece.text == segment.text:
                return None
            if not piece.shown:
                return ""
            if segment.slot == "attribute":
                return html.escape(piece.text.replace("\n", " "), quote=True)
            return render_coded(piece.text, coded(segment.raw))

        page = edition.document.render(translate)
        page = _set_lang(page, edition.lang)
        if links is not None and len(links.languages) > 1:
            page = _alternates(page, links)
        path = edition.document.path
        charset = page_charset(path.read_bytes(), path) if path.is_file() else "utf-8"
        return page.encode(charset, "xmlcharrefreplace")



def _set_lang(page: str, lang: str) -> str:
    tag = _HTML_TAG.search(page)
    if tag is None:
        return page
    text = tag.group(0)
    value = f'"{html.escape(lang)}"'
    updated = _LANG.sub(lambda m: m.group(1) + value, text, count=1) if _LANG.search(text) else \
        text[:5] + f" lang={value}" + text[5:]
    return page[:tag.start()] + updated + page[tag.end():]


def _alternates(page: str, links: PageLinks) -> str:
    end = _HEAD_END.search(page)
    if end is None:
        return page
    # Every edition lists them all, itself included, as search engines ask of hreflang alternates; the
    # page's own entry points at its own file name.
    own = links.own_name
    lines = "".join(f'<link rel="alternate" hreflang="{html.escape(link.lang)}" '
                    f'href="{html.escape(link.href if link.href is not None else own)}">\n'
                    for link in links.languages if link.href is not None or own)
    return page[:end.start()] + lines + page[end.start():]


PAGE = PageFormat()
