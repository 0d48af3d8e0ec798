"""Fit a translation into a Markdown edition without letting it change the document around it.

A translation replaces one segment of the source, so whatever it holds must stay inside that
segment: it is folded to one line (a CommonMark parser ends a line at a lone CR as at LF), its
control characters are dropped, and it is escaped where it would start a block of its own
(heading, list, quote, code fence, thematic break, link reference definition, HTML block), add
raw HTML its msgid does not have, or link to a ``javascript:``, ``vbscript:`` or ``data:`` URL
(any scheme but http(s) and mailto, as in the HTML edition; a link of the msgid may stay).
"""

from __future__ import annotations

import html
import re

from transmgr.editions.chars import one_line
from transmgr.formats.base import safe_url

_BLOCK_START = re.compile(
    r"#{1,6}(?:\s|$)|>|[-*+](?:\s|$)|\d{1,9}[.)](?:\s|$)|:::|=+\s*$|-+\s*$"
    r"|[:~](?:[ \t]|$)"  # a definition's marker (definition lists): the paragraph above would become its term
    r"|(?:[-*_][ \t]*){3,}$"  # thematic break: *** or _ _ _
    r"|`{3,}[^`]*$|~{3,}"  # code fence
    r"|\[(?:\\.|[^\\\]])*\]:"  # link reference definition
    r"|\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$"  # a table's delimiter row, under a line before it
)
# The start of an HTML block (CommonMark kinds 1 to 6): the rest of the line would be raw HTML.
_HTML_BLOCK = re.compile(
    r"<(?:(?:script|pre|style|textarea)(?:[\s>]|$)|!--|\?|![A-Za-z]|!\[CDATA\["
    r"|/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog"
    r"|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe"
    r"|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary"
    r"|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:[\s/>]|$))",
    re.IGNORECASE,
)
_LONE_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>\s*$")  # kind 7: a line holding one tag
# Raw HTML: a translation may repeat the tags of its msgid (``<sup>``), nothing else. An open or
# closing tag as CommonMark reads it (a quoted attribute value may hold "<" and ">"):
_HTML_TAG = re.compile(
    r"<[A-Za-z][A-Za-z0-9-]*"
    r"(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?>"
    r"|</[A-Za-z][A-Za-z0-9-]*\s*>"
)
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*>")
_EMAIL_AUTOLINK = re.compile(
    r"<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*>"
)
_LINK = re.compile(r"(!?)\[([^\[\]\n]*)\]\(")
_LINK_TARGET = re.compile(r"\]\(")
_ANGLE = re.compile("<")
# Where a construct starts that can swallow a backtick (raw HTML, an autolink, a link's target or
# reference label), so that backticks after it may pair differently than a plain scan says.
_SWALLOWS = re.compile(r"<|\]\(|\]\[")
_ESCAPABLE = re.compile(r"\\([!-/:-@\[-`{-~])")
_TARGET_WINDOW = 256  # enough for any scheme written with character references
_BACKTICKS = re.compile(r"`+")
_TICKS_OR_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]|`+")


def find_code_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of every code span in ``text``, paired as CommonMark pairs backtick runs.

    An opening run closes at the next run of exactly its length (``` ``a`b`` ```); a run with no
    such closer is literal text, and so is a backtick escaped by a backslash outside code. Linear
    time: the runs of each length are visited once, in order (a regex with a back-reference took
    cubic time on a long run of backticks).
    """
    if "`" not in text:
        return []
    runs: dict[int, list[int]] = {}
    for run in _BACKTICKS.finditer(text):
        runs.setdefault(run.end() - run.start(), []).append(run.start())
    if not runs:
        return []
    passed = dict.fromkeys(runs, 0)  # per run length: how many of its runs lie behind the scan
    spans = []
    pos = 0
    while match := _TICKS_OR_ESCAPE.search(text, pos):
        pos = match.end()
        if match.group(0)[0] == "\\":
            continue
        length = pos - match.start()
        starts = runs.get(length, [])
        k = passed.get(length, 0)
        while k < len(starts) and starts[k] < pos:
            k += 1
        passed[length] = k
        if k < len(starts):  # the closer: a whole run of the same length (backslashes are literal in code)
            pos = starts[k] + length
            spans.append((match.start(), pos))
    return spans


def fit_markdown(text: str, msgid: str) -> str:
    """``text`` (a translation of ``msgid``) made safe to stand where ``msgid`` stood in Markdown."""
    text = one_line(text).strip()
    out = []
    last = 0
    for start, end in _trusted_code_spans(text):
        out += [_guard_inline(text[last:start], msgid), text[start:end]]  # in code "<" is already literal
        last = end
    out.append(_guard_inline(text[last:], msgid))
    return _guard_block_start("".join(out))


def _trusted_code_spans(text: str) -> list[tuple[int, int]]:
    """The code spans every CommonMark parser finds: those before any construct that can swallow a backtick.

    After ``[a](http://x`)`` a parser takes the backtick as part of the URL and pairs the next ones
    differently, which could hide ``<script>`` inside what only seems to be code: from the first such
    construct on, code spans get the same escaping as text (an odd backslash in code at worst).
    """
    trusted = []
    last = 0
    for start, end in find_code_spans(text):
        if _SWALLOWS.search(text, last, start):
            break
        trusted.append((start, end))
        last = end
    return trusted


def _guard_inline(text: str, msgid: str) -> str:
    if "](" in text:
        text = _drop_unsafe_links(text, msgid)
    if "<" in text:
        text = _ANGLE.sub(lambda m: _guard_angle(m, msgid), text)
    if "](" not in text:
        return text
    # Whatever link syntax is left with a dangerous target (a title, nested brackets, <...>) stops being one.
    return _LINK_TARGET.sub(lambda m: "](" if _target_allowed(m.string, m.end(), msgid) else "]\\(", text)


def _guard_angle(match: re.Match[str], msgid: str) -> str:
    """A "<" stays when it starts a safe autolink, a tag of the msgid, or nothing a parser would read as HTML."""
    text, pos = match.string, match.start()
    autolink = _AUTOLINK.match(text, pos)
    if autolink:
        return "<" if safe_url(autolink.group(0)[1:-1]) or autolink.group(0) in msgid else _escape(match)
    if _EMAIL_AUTOLINK.match(text, pos):
        return "<"
    tag = _HTML_TAG.match(text, pos)
    if tag and tag.group(0) in msgid:
        return "<"
    follower = text[pos + 1:pos + 2]
    return _escape(match) if follower and follower.isascii() and (follower.isalpha() or follower in "/!?") else "<"


def _drop_unsafe_links(text: str, msgid: str) -> str:
    """Links with a dangerous target become their text, as in the HTML edition."""
    out = []
    last = 0
    for match in _LINK.finditer(text):
        if match.start() < last or _target_allowed(text, match.end(), msgid):
            continue
        close = _target_end(text, match.end())
        if close is None:
            continue  # not a well-formed link: the last pass escapes its "(" instead
        out += [text[last:match.start()], match.group(1), match.group(2)]
        last = close
    out.append(text[last:])
    return "".join(out)


def _target_end(text: str, pos: int) -> int | None:
    """The end of ``(target "title")`` whose target starts at ``pos``, or None when there is no such end."""
    depth = 0
    quote = None
    for i in range(pos, min(len(text), pos + 4 * _TARGET_WINDOW)):
        char = text[i]
        if quote:
            quote = None if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            if not depth:
                return i + 1
            depth -= 1
    return None


def _target_allowed(text: str, pos: int, msgid: str) -> bool:
    """Whether the link target starting at ``pos`` is safe once a renderer decodes it, or is the msgid's own."""
    window = text[pos:pos + _TARGET_WINDOW].lstrip(" \t")
    raw = window.split(None, 1)[0] if window.strip() else ""
    if raw and "](" + raw in msgid:
        return True
    # A renderer removes backslash escapes and decodes character references (&#106;avascript:).
    target = html.unescape(_ESCAPABLE.sub(r"\1", window.removeprefix("<")))
    return safe_url(target)


def _escape(match: re.Match[str]) -> str:
    """The matched text with a backslash before it, unless an odd run of backslashes already escapes it.

    (A backslash put before ``\\<script>`` would escape the translator's backslash, not the "<".)
    """
    text = match.string
    start = match.start()
    before = start
    while before and text[before - 1] == "\\":
        before -= 1
    return match.group(0) if (start - before) % 2 else "\\" + match.group(0)


def _guard_block_start(text: str) -> str:
    if _HTML_BLOCK.match(text) or _LONE_TAG.match(text):
        return "\\" + text
    match = _BLOCK_START.match(text)
    if not match:
        return text
    head = match.group(0)
    if head[0].isdigit():
        digits = head.rstrip(".) \t")
        return digits + "\\" + text[len(digits):]
    return "\\" + text
