"""Paired inline codes: formatting inside a Word or HTML paragraph as ``<1>…</1>`` and ``<2/>``.

A paragraph of a Word document or a web page mixes text with formatting (bold, a link, another
style, a line break, an image, a footnote reference). Its msgid shows that formatting as numbered
codes: ``<1>deeply concerned</1>`` for a span, ``<2/>`` for something that stands alone. The
translator moves the codes with the words they belong to; the edition maps each code back to the
formatting it stood for. Why this syntax: PO editors (Poedit, Weblate, Lokalize) show and
highlight XML-like tags and offer to copy them; machine engines with tag handling (DeepL, Google,
Microsoft) keep them, and transmgr protects them as it protects all syntax (``[X0X]`` tokens);
numbered codes carry no attribute a translator could damage, and no URL or style name to
translate. The numbers count from 1 in the order the codes open in the source.

Code that must stay as it is (a Word run in a code style or a monospaced font, a web page's
``<code>``) is a *verbatim* span, ``<c3>pip install transmgr</c3>``: the translator and a model see
its text, which is syntax (an engine gets a token, the checks compare it), and an edition writes
the source's text there whatever the translation holds.

A literal ``<`` in the text that would read as a code (``<1>``) is written ``&lt;`` in the msgid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transmgr.formats.base import Inline, Role, Span, with_prose_spans

CODE = re.compile(r"<(/?)(c?)(\d{1,4})(/?)>")  # closing, verbatim, number, empty
_LOOKS_LIKE_CODE = re.compile(r"<(?=/?c?\d{1,4}/?>)")
_ESCAPED = re.compile(r"&lt;(?=/?c?\d{1,4}/?>)")


def escape_text(text: str) -> str:
    """Literal text for a msgid: a ``<`` that would read as a code becomes ``&lt;``."""
    return _LOOKS_LIKE_CODE.sub("&lt;", text)


def unescape_text(text: str) -> str:
    """The literal text of a run of msgid text between codes."""
    return _ESCAPED.sub("<", text)


def code_inline(text: str) -> Inline:
    """The codes of ``text`` as tag spans (their value: ``open:N``, ``close:N`` or ``empty:N``), a
    verbatim span ``<cN>…</cN>`` as one code span (its value: the text inside), plus the placeholders
    and URLs of its prose."""
    spans = []
    matches = list(CODE.finditer(text))
    index = 0
    while index < len(matches):
        match = matches[index]
        closing, verbatim, number, empty = match.groups()
        if verbatim and not closing and not empty:
            end = next((k for k in range(index + 1, len(matches))
                        if matches[k].group(1) and matches[k].group(3) == number), None)
            if end is not None:
                inside = text[match.end():matches[end].start()]
                spans.append(Span(match.start(), matches[end].end(), Role.CODE, unescape_text(CODE.sub("", inside))))
                index = end + 1
                continue
        kind = "close" if closing else ("empty" if empty else "open")
        spans.append(Span(match.start(), match.end(), Role.TAG, f"{kind}:{int(number)}"))
        index += 1
    return with_prose_spans(text, spans)


def verbatim_codes(text: str) -> dict[int, str]:
    """The verbatim spans of ``text``: code number -> the text inside."""
    found = {}
    for span in code_inline(text).spans:
        if span.role is Role.CODE:
            number = CODE.match(text, span.start)
            if number is not None:
                found[int(number.group(3))] = span.value
    return found


def plain(text: str) -> str:
    """What a reader reads of a text with codes: the codes left out."""
    return unescape_text(CODE.sub("", text))


@dataclass(frozen=True)
class Run:
    """A run of text and the codes open around it, outermost first."""

    text: str
    codes: tuple[int, ...]


@dataclass(frozen=True)
class Pieces:
    """A text with codes as what an edition places: runs of text and the empty codes between them."""

    items: tuple[Run | int, ...]  # a Run, or the number of an empty code
    well_formed: bool


def parse(text: str, known: set[int] | None = None) -> Pieces:
    """Split ``text`` into runs and empty codes. Codes that do not pair up (a closing code without
    its opening one, a code left open, one the source does not have when ``known`` is given) make
    it not ``well_formed``: their runs then carry the codes still open, the stray codes are dropped."""
    items: list[Run | int] = []
    stack: list[int] = []
    filled: set[int] = set()  # open codes with something inside them already
    well_formed = True
    position = 0
    for match in CODE.finditer(text):
        if match.start() > position:
            items.append(Run(unescape_text(text[position:match.start()]), tuple(stack)))
            filled.update(stack)
        position = match.end()
        closing, _, digits, empty = match.groups()
        number = int(digits)
        if known is not None and number not in known:
            well_formed = False
            continue
        if empty:
            items.append(number)
            filled.update(stack)
        elif not closing:
            stack.append(number)
        elif stack and stack[-1] == number:
            if number not in filled:  # "<2></2>": an element with nothing in it is still placed
                items.append(Run("", tuple(stack)))
                filled.update(stack)
            stack.pop()
        elif number in stack:  # closes codes opened inside it first: they were not closed
            well_formed = False
            while stack and stack.pop() != number:
                pass
        else:
            well_formed = False
    if position < len(text):
        items.append(Run(unescape_text(text[position:]), tuple(stack)))
    if stack:
        well_formed = False
    return Pieces(tuple(items), well_formed)


def codes_of(text: str) -> list[str]:
    """The codes of ``text`` as written, for comparing a translation's codes with its source's."""
    return [match.group(0) for match in CODE.finditer(text)]
