"""Reading a web page: its charset, and the segments its HTML holds (Python's own tokenizer, which
reports each tag's position, so that the edition keeps every byte outside the segments)."""

from __future__ import annotations

import codecs
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from transmgr.errors import SourceError

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
OPAQUE = frozenset({"code", "kbd", "samp", "var"})  # inside a segment: one code holding the element whole
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr", "param"})
_LETTERS = re.compile(r"[^\W\d_]{2,}")
SPACE = re.compile(r"[ \t\n\r\f]+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)


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


class PageReader(HTMLParser):
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
            if tag not in VOID and not raw.endswith("/>"):
                self.skipping.append(tag)
            return
        if (dict(attrs).get("translate") or "").lower() == "no" or tag in _SKIP:
            if tag in _BLOCK or tag in _SKIP:
                self.close_run()
            if tag not in VOID:
                self.skipping.append(tag)
            elif self.run.start >= 0:
                self.extend(start, end, False)
            return
        if tag in OPAQUE:
            if tag not in VOID:
                self.opaque.append(tag)
            self.extend(start, end, False)
            return
        if self.opaque:
            self.extend(start, end, False)
            return
        if tag in _BLOCK:
            self.close_run()
            if tag not in VOID:
                self.blocks.append(tag)
        elif tag not in ("br", "wbr") or self.run.start >= 0:
            self.extend(start, end, False)
        self.attributes(tag, raw, start, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # <span/>: an empty element (a void one for the skipping stacks)
        if tag not in VOID:
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
