"""The prose inside a Markdown document's HTML blocks: element text, ``alt`` and ``title`` attributes.

READMEs centre their logo and tagline with ``<p align="center">…</p>`` and put headings in
``<h4>``; a reader sees that text, so it is translated. The block is read with the standard
library's HTML parser (which knows tags, attributes, comments and character references); the
text between block-level boundaries (and line breaks, ``<br>``) is a segment, inline tags
(``<b>``, ``<a href>``) staying inside it as they are written; an image's alt text is a segment of
its own unless it stands inside such text. Comments, ``<script>``, ``<style>``, ``<pre>``, ``<code>``,
``<kbd>``, ``<samp>`` and any element marked ``translate="no"`` give nothing.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements whose start or end separates one run of text from the next.
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "html", "li", "main", "nav", "ol", "p", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
})
_SKIP = frozenset({"script", "style", "pre", "code", "kbd", "samp", "textarea", "svg", "math", "template"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr"})
_ATTRIBUTE = r"""(?:^|\s){name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"""
_LETTERS = re.compile(r"[^\W\d_]{2,}")


class _Reader(HTMLParser):
    """Collects ``(kind, [(start, end)])`` in document order, offsets into the whole document."""

    def __init__(self, text: str, start: int) -> None:
        super().__init__(convert_charrefs=False)
        self.source = text
        self.base = start
        self.line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        self.found: list[tuple[str, list[tuple[int, int]]]] = []
        self.run: list[tuple[int, int]] = []  # pieces of the current run of text (data and inline tags)
        self.attributes: list[tuple[str, list[tuple[int, int]]]] = []  # alt and title found in the run
        self.has_words = False
        self.skipping: list[str] = []  # open elements whose content gives nothing

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def close_run(self) -> None:
        if self.run and self.has_words:
            # The run's tags, attributes and all, are in its text: their alt and title go with it.
            start, end = self.run[0][0], self.run[-1][1]
            self.found.append(("html", [(a + self.base, b + self.base) for a, b in _line_ranges(self.source, start, end)]))
        else:
            self.found += self.attributes
        self.run, self.attributes, self.has_words = [], [], False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self.position()
        raw = self.get_starttag_text() or ""
        if self.skipping:
            if tag == self.skipping[-1] and tag not in _VOID:
                self.skipping.append(tag)
            return
        no = any(name == "translate" and (value or "").lower() == "no" for name, value in attrs)
        if tag in _BLOCK or tag in _SKIP or no:
            self.close_run()
        if tag in _SKIP or no:
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        for name, kind in (("alt", "image-alt"), ("title", "image-title")):
            found = self.attribute(raw, start, name, kind)
            if found is not None:
                (self.found if tag in _BLOCK else self.attributes).append(found)
        if tag not in _BLOCK:
            self.run.append((start, start + len(raw)))

    handle_startendtag = handle_starttag

    def attribute(self, raw: str, start: int, name: str, kind: str) -> tuple[str, list[tuple[int, int]]] | None:
        match = re.search(_ATTRIBUTE.format(name=name), raw, re.IGNORECASE)
        if match is None:
            return None
        group = next(g for g in (1, 2, 3) if match.group(g) is not None)
        value = match.group(group)
        if not _LETTERS.search(value):
            return None
        lead = len(value) - len(value.lstrip())
        a = self.base + start + match.start(group) + lead
        return kind, [(a, a + len(value.strip()))]

    def handle_endtag(self, tag: str) -> None:
        start = self.position()
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in _BLOCK:
            self.close_run()
            return
        end = self.source.find(">", start)
        self.run.append((start, end + 1 if end >= 0 else len(self.source)))

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        start = self.position()
        text = data.strip()
        if not text:
            if self.run:
                self.run.append((start, start))  # spaces inside a run belong to it
            return
        lead = len(data) - len(data.lstrip())
        self.run.append((start + lead, start + lead + len(text)))
        self.has_words = self.has_words or bool(_LETTERS.search(text))

    def handle_entityref(self, name: str) -> None:
        self._reference()

    def handle_charref(self, name: str) -> None:
        self._reference()

    def _reference(self) -> None:
        if self.skipping:
            return
        start = self.position()
        end = self.source.find(";", start)
        self.run.append((start, end + 1 if end >= 0 else start + 1))

    def handle_comment(self, data: str) -> None:
        self.close_run()

    def handle_decl(self, decl: str) -> None:
        self.close_run()

    def handle_pi(self, data: str) -> None:
        self.close_run()


def _line_ranges(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The non-blank part of every line of ``text[start:end]``: a run that spans lines folds into one."""
    ranges = []
    position = start
    while position < end:
        stop = text.find("\n", position, end)
        stop = end if stop < 0 else stop
        line = text[position:stop]
        lead = len(line) - len(line.lstrip())
        body = line.strip()
        if body:
            ranges.append((position + lead, position + lead + len(body)))
        position = stop + 1
    return ranges


def html_segments(text: str, start: int, end: int) -> list[tuple[str, list[tuple[int, int]]]]:
    """The segments of the HTML block ``text[start:end]``: ``(kind, line ranges)`` in document order."""
    reader = _Reader(text[start:end], start)
    reader.feed(text[start:end])
    reader.close()
    reader.close_run()
    return sorted(reader.found, key=lambda item: item[1][0][0])
