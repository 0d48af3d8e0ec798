"""One Word paragraph as a msgid with codes, and a translation written back into it.

Inside a paragraph, runs formatted otherwise than most of its text (bold, italic, underline,
another style or font), hyperlinks and things that are not text (a line break, an image, a
footnote reference) become codes (:mod:`transmgr.formats.codes`): ``The world is <1>deeply
concerned</1>.<2/>``. Runs in a code character style or a monospaced font are a verbatim span,
``<c3>pip install</c3>``: visible, never changed (the edition writes the source's text). A field
(HYPERLINK, REF, PAGEREF, a table of contents' entries) keeps its instruction as a code and offers
its result, the text Word shows: ``<4/>Chapter one<5/>`` (begin and instruction, then the end). A
paragraph's leading and trailing spaces, tabs and runs of two spaces or more are codes too, so
alignment survives translation. The edition rebuilds only the runs: each gets the formatting its
code stood for; paragraph properties, numbering, bookmarks and everything around stay.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from transmgr.formats import codes
from transmgr.formats.word.package import Styles, local, run_is_code, w

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Elements that hold runs: their runs are part of the paragraph's text.
_CONTAINERS = {"smartTag", "ins", "customXml", "sdt", "sdtContent", "moveTo", "dir", "bdo"}
# Paragraph children that only mark a place (kept: bookmarks move to the paragraph's ends).
_MARKS = {"bookmarkStart", "bookmarkEnd", "proofErr", "commentRangeStart", "commentRangeEnd", "permStart",
          "permEnd", "lastRenderedPageBreak"}
_SPACES = re.compile(r"\t|  +")


@dataclass
class Code:
    """What one code stands for: a run format, a hyperlink or simple field around runs, elements kept
    whole, a run of whitespace, or a verbatim span's text."""

    rpr: Any = None  # the w:rPr element of the runs (None: no properties)
    link: Any = None  # a w:hyperlink or w:fldSimple element without its runs
    objects: list[Any] = field(default_factory=list)
    space: str = ""  # an empty code standing for whitespace kept as it is
    verbatim: str | None = None  # the source's text of a verbatim span


@dataclass
class Paragraph:
    """One paragraph read: its msgid (with codes), what each code stands for, its base format."""

    element: Any
    kind: str
    text: str
    codes: dict[int, Code]
    base: Any  # the w:rPr of most of its text


@dataclass
class _Token:
    text: str | None  # None: an object
    rpr: Any = None
    link: Any = None
    objects: list[Any] = field(default_factory=list)
    code: bool = False  # a run in a code style or font
    space: bool = False  # whitespace to keep as a code


def _key(rpr: Any) -> bytes:
    if rpr is None:
        return b""
    from lxml import etree

    try:
        return etree.tostring(rpr, method="c14n")
    except (etree.C14NError, ValueError):  # C14N refuses a relative namespace URI: the plain form then
        return etree.tostring(rpr)


def _object(child: Any, run: Any) -> Any:
    """A copy of ``run`` holding only its properties and ``child``."""
    holder = copy.deepcopy(run)
    for other in list(holder):
        if other.tag != w("rPr"):
            holder.remove(other)
    holder.append(copy.deepcopy(child))
    return holder


class _Reader:
    """The tokens of a paragraph: text runs, objects, and fields as instruction, result and end."""

    def __init__(self, styles: Styles) -> None:
        self.styles = styles
        self.out: list[_Token] = []
        self.instruction: _Token | None = None  # the field instruction being read (begin ... separate)
        self.depth = 0  # fields begun inside the instruction, not yet ended

    def run(self, run: Any, link: Any) -> None:
        chars = [c.get(w("fldCharType")) for c in run.iter(w("fldChar"))]
        rpr = run.find(w("rPr"))
        if self.instruction is not None:
            self.instruction.objects.append(copy.deepcopy(run))
            for kind in chars:
                if kind == "begin":
                    self.depth += 1
                elif kind == "end":
                    if self.depth == 0:
                        self.instruction = None  # a field without a result: begin ... end, all of it kept
                    else:
                        self.depth -= 1
                elif kind == "separate" and self.depth == 0:
                    self.instruction = None  # the result follows: its text is offered
            return
        if "begin" in chars:
            self.instruction = _Token(None, rpr, link, [copy.deepcopy(run)])
            self.out.append(self.instruction)
            self.depth = 0
            if chars[-1] == "separate" or chars[-1] == "end":
                self.instruction = None
            return
        if chars:  # a field's end (or a stray separate): kept where it is
            self.out.append(_Token(None, rpr, link, [copy.deepcopy(run)]))
            return
        code = run_is_code(rpr, self.styles)
        for child in run:
            name = local(child)
            if name in ("rPr", "lastRenderedPageBreak"):
                continue
            if name == "t":
                self.out.append(_Token(child.text or "", rpr, link, code=code))
            elif name == "tab":
                self.out.append(_Token("\t", rpr, link, code=code))
            elif name == "softHyphen":
                self.out.append(_Token("\u00ad", rpr, link, code=code))
            elif name == "noBreakHyphen":
                self.out.append(_Token("\u2011", rpr, link, code=code))
            else:  # a break, a drawing, a reference, a symbol: kept whole in its run
                self.out.append(_Token(None, rpr, link, [_object(child, run)]))

    def children(self, parent: Any, link: Any) -> None:
        for child in parent:
            name = local(child)
            if name == "r":
                self.run(child, link)
            elif self.instruction is not None:
                self.instruction.objects.append(copy.deepcopy(child))
            elif name in ("hyperlink", "fldSimple"):
                holder = copy.deepcopy(child)
                for inner in list(holder):
                    holder.remove(inner)
                self.children(child, holder)
            elif name in _CONTAINERS:
                self.children(child, link)
            elif name in _MARKS or name == "pPr":
                continue
            else:  # math, a deletion, anything else: kept whole
                self.out.append(_Token(None, None, link, [copy.deepcopy(child)]))


def _spaces_apart(tokens: list[_Token]) -> list[_Token]:
    """Whitespace that lays text out becomes tokens of its own, kept as it is: tabs and runs of two
    spaces or more (indentation and alignment). A single space at the paragraph's start or end is
    dropped, as Word users leave them unseen."""
    texts = [n for n, t in enumerate(tokens) if t.text is not None and not t.code and t.text.strip(" \t")]
    out: list[_Token] = []
    for n, token in enumerate(tokens):
        if token.text is None or token.code or not token.text:
            out.append(token)
            continue
        text = token.text
        leading = n == 0 or all(t.text is not None and not t.text.strip() for t in tokens[:n])
        if (not texts or n < texts[0]) and leading:  # before the first words: only indentation counts
            text = text if _SPACES.fullmatch(text) else ""
        if texts and n > texts[-1]:
            text = ""  # after the last words: nothing a reader sees
        if texts and n == texts[0] and all(t.text is not None for t in tokens[:n]):
            lead = len(text) - len(text.lstrip(" \t"))
            if lead and not _SPACES.match(text[:lead]):
                text = text[lead:]
        if texts and n == texts[-1]:
            text = text.rstrip(" \t")
        position = 0
        for match in _SPACES.finditer(text):
            if match.start() > position:
                out.append(_Token(text[position:match.start()], token.rpr, token.link))
            out.append(_Token(match.group(0), token.rpr, token.link, space=True))
            position = match.end()
        if position < len(text):
            out.append(_Token(text[position:], token.rpr, token.link))
    return out


def read_paragraph(element: Any, kind: str, styles: Styles | None = None) -> Paragraph:
    """The msgid of one w:p and the table of its codes."""
    reader = _Reader(styles or Styles())
    reader.children(element, None)
    tokens = _spaces_apart(reader.out)
    weights: dict[bytes, int] = {}
    formats: dict[bytes, Any] = {}
    for token in tokens:
        if token.text is not None and token.link is None and not token.code:
            key = _key(token.rpr)
            weights[key] = weights.get(key, 0) + len(token.text.strip())
            formats.setdefault(key, token.rpr)
    base_key = max(weights, key=lambda k: weights[k]) if weights else b""
    base = formats.get(base_key)
    out: list[str] = []
    table: dict[int, Code] = {}
    number = 0
    open_link: tuple[Any, int, bytes] | None = None  # (link element, its code, the key of its format)
    open_format: tuple[bytes, int, bool] | None = None  # (key, code, verbatim) of a span inside the text

    def close_format() -> None:
        nonlocal open_format
        if open_format is not None:
            out.append(f"</c{open_format[1]}>" if open_format[2] else f"</{open_format[1]}>")
            open_format = None

    def close_link() -> None:
        nonlocal open_link
        close_format()
        if open_link is not None:
            out.append(f"</{open_link[1]}>")
            open_link = None

    for token in tokens:
        if open_link is not None and token.link is not open_link[0]:
            close_link()
        if token.link is not None and open_link is None:
            close_format()
            number += 1
            table[number] = Code(rpr=token.rpr, link=token.link)
            open_link = (token.link, number, _key(token.rpr))
            out.append(f"<{number}>")
        if token.text is None or token.space:
            close_format()
            number += 1
            table[number] = Code(rpr=token.rpr, objects=token.objects) if token.text is None else \
                Code(rpr=token.rpr, space=token.text)
            out.append(f"<{number}/>")
            continue
        key = _key(token.rpr)
        around = open_link[2] if open_link is not None else base_key
        if token.code:
            if open_format is None or not open_format[2] or open_format[0] != key:
                close_format()
                number += 1
                table[number] = Code(rpr=token.rpr, verbatim="")
                open_format = (key, number, True)
                out.append(f"<c{number}>")
            code = table[open_format[1]]
            code.verbatim = (code.verbatim or "") + token.text
        elif key == around:
            close_format()
        elif open_format is None or open_format[0] != key or open_format[2]:
            close_format()
            number += 1
            table[number] = Code(rpr=token.rpr)
            open_format = (key, number, False)
            out.append(f"<{number}>")
        out.append(codes.escape_text(token.text))
    close_link()
    return Paragraph(element, kind, _tidy("".join(out)), table, base)


_INNER_OPEN = re.compile(r"(<\d+>) ")
_INNER_CLOSE = re.compile(r" (</\d+>)")


def _tidy(text: str) -> str:
    """A space just inside a formatting code moves outside it ("<1>Share </1>" reads "<1>Share</1> ");
    the text is otherwise as written (whitespace that matters is in codes)."""
    for _ in range(4):
        text = _INNER_OPEN.sub(r" \1", _INNER_CLOSE.sub(r"\1 ", text))
    return text


# -- writing a translated paragraph ----------------------------------------------------------------------

def _text_run(text: str, rpr: Any) -> Any:
    from lxml import etree

    run = etree.Element(w("r"))
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    for index, piece in enumerate(text.split("\t")):
        if index:
            etree.SubElement(run, w("tab"))
        if piece:
            t = etree.SubElement(run, w("t"))
            t.text = piece
            t.set(XML_SPACE, "preserve")
    return run


def write_paragraph(paragraph: Paragraph, translation: str) -> None:
    """Replace the text of ``paragraph`` with ``translation``, each run formatted as its code says; a
    verbatim span gets the source's text, whitespace codes their whitespace."""
    element = paragraph.element
    starts = [copy.deepcopy(c) for c in element if local(c) == "bookmarkStart"]
    ends = [copy.deepcopy(c) for c in element if local(c) == "bookmarkEnd"]
    for child in list(element):
        if local(child) != "pPr":
            element.remove(child)
    for mark in starts:
        element.append(mark)
    pieces = codes.parse(translation, set(paragraph.codes))
    link_code: int | None = None
    link_element: Any = None
    written: set[int] = set()

    def place(run: Any, link: int | None) -> None:
        nonlocal link_code, link_element
        if link is None:
            link_code, link_element = None, None
            element.append(run)
            return
        if link != link_code:
            link_element = copy.deepcopy(paragraph.codes[link].link)
            element.append(link_element)
            link_code = link
        link_element.append(run)

    for item in pieces.items:
        if isinstance(item, int):
            info = paragraph.codes[item]
            if info.space:
                place(_text_run(info.space, info.rpr), None)
                continue
            link_code, link_element = None, None
            for obj in info.objects:
                element.append(copy.deepcopy(obj))
            continue
        verbatim = next((code for code in item.codes if paragraph.codes.get(code, Code()).verbatim is not None), None)
        if not item.text and verbatim is None:
            continue
        rpr = paragraph.base
        link = None
        for code in item.codes:
            around = paragraph.codes.get(code)
            if around is None:
                continue
            if around.link is not None and link is None:
                link = code
            if around.rpr is not None or around.link is not None:
                rpr = around.rpr
        if verbatim is not None:  # the source's code, once, whatever the translation holds there
            if verbatim not in written:
                written.add(verbatim)
                place(_text_run(paragraph.codes[verbatim].verbatim or "", paragraph.codes[verbatim].rpr), link)
            continue
        place(_text_run(item.text, rpr), link)
    for mark in ends:
        element.append(mark)
