"""Inline Markdown (emphasis, strong, links, inline code) to safe HTML or to plain text.

The HTML path escapes first and only then turns markup into tags: every character that comes
from a catalog is escaped with :func:`html.escape`, so a translation holding ``<script>`` shows
as text. Code spans, backslash escapes, link targets and autolinks are set aside as
placeholders before escaping and typography, and put back escaped. A link keeps the URL the
translation gives; only http(s), mailto and relative URLs become links (``javascript:`` does not).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from transmgr.editions.chars import strip_controls

_BACKTICKS = re.compile(r"`+")
_TICKS_OR_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]|`+")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_LINK = re.compile(r"(!?)\[([^\[\]\n]*)\]\(\s*<?([^\s()<>]*(?:\([^\s()]*\))?[^\s()<>]*)>?(?:\s+\"([^\"]*)\")?\s*\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^\s<>]+)>")
_HOLE = re.compile("\ue000(\\d+)\ue001")
_BOTH = re.compile(r"\*\*\*(?=\S)(.+?)(?<=\S)\*\*\*")
_STRONG = (
    re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"),
    re.compile(r"(?<![\w\\])__(?=\S)(.+?)(?<=\S)__(?![\w])"),
)
_EMPHASIS = (
    re.compile(r"(?<!\*)\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?!\*)"),
    re.compile(r"(?<![\w\\])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w])"),
)
_SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def safe_url(url: str) -> bool:
    """True for http(s), mailto and scheme-less (relative, ``#anchor``) URLs."""
    squeezed = _CONTROL.sub("", url)  # browsers ignore tabs and newlines inside a scheme
    scheme = _SCHEME.match(squeezed)
    return scheme is None or scheme.group(1).lower() in _SAFE_SCHEMES


class _Holes:
    """Placeholders for pieces that must skip escaping, emphasis and typography."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def put(self, replacement: str) -> str:
        self.items.append(replacement)
        return f"\ue000{len(self.items) - 1}\ue001"

    def fill(self, text: str) -> str:
        while "\ue000" in text:
            text = _HOLE.sub(lambda m: self.items[int(m.group(1))], text)
        return text


def _clean(text: str) -> str:
    return strip_controls(text.replace("\ue000", "").replace("\ue001", ""))


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


def _sub_code_spans(text: str, replace: Callable[[str], str]) -> str:
    """``text`` with every code span replaced by ``replace(its content)``."""
    out = []
    last = 0
    for start, end in find_code_spans(text):
        ticks = 1
        while text[start + ticks] == "`":
            ticks += 1
        content = text[start + ticks:end - ticks]
        out += [text[last:start], replace(content.strip() or content)]
        last = end
    out.append(text[last:])
    return "".join(out)


def inline_to_html(text: str, typography: Callable[[str], str] | None = None) -> str:
    """Safe HTML for one segment's text; ``typography`` rewrites the plain-text runs."""
    holes = _Holes()
    text = _clean(text)
    text = _sub_code_spans(text, lambda code: holes.put(f"<code>{html.escape(code)}</code>"))
    text = _ESCAPED.sub(lambda m: holes.put(html.escape(m.group(1))), text)
    text = _AUTOLINK.sub(lambda m: _autolink(holes, m.group(1)), text)
    text = _LINK.sub(lambda m: _link(holes, m), text)
    if typography is not None:
        text = typography(text)
    text = html.escape(text, quote=False)
    text = _BOTH.sub(r"<strong><em>\1</em></strong>", text)
    for pattern in _STRONG:
        text = pattern.sub(r"<strong>\1</strong>", text)
    for pattern in _EMPHASIS:
        text = pattern.sub(r"<em>\1</em>", text)
    return holes.fill(text)


def _autolink(holes: _Holes, url: str) -> str:
    if not safe_url(url):
        return holes.put(html.escape(f"<{url}>"))
    return holes.put(f'<a href="{html.escape(url)}">{html.escape(url)}</a>')


def _link(holes: _Holes, match: re.Match[str]) -> str:
    bang, label, url, title = match.groups()
    if not safe_url(url):
        return bang + label  # the text stays, the dangerous target goes
    attrs = f' href="{html.escape(url)}"'
    if title:
        attrs += f' title="{html.escape(title)}"'
    # The label stays in the text so that emphasis and typography reach it.
    return holes.put(f"{html.escape(bang)}<a{attrs}>") + label + holes.put("</a>")


def inline_to_text(text: str, *, urls: bool = True) -> str:
    """Plain text for one segment: markers dropped, a link as ``label (url)`` (or just its label)."""
    holes = _Holes()
    text = _clean(text)
    text = _sub_code_spans(text, holes.put)
    text = _ESCAPED.sub(lambda m: holes.put(m.group(1)), text)
    text = _AUTOLINK.sub(lambda m: holes.put(m.group(1)), text)

    def link(match: re.Match[str]) -> str:
        label, url = match.group(2), match.group(3)
        if not urls or not url or url == label or url.startswith("#"):
            return label
        return label + holes.put(f" ({url})")

    text = _LINK.sub(link, text)
    for pattern in (_BOTH, *_STRONG, *_EMPHASIS):
        text = pattern.sub(r"\1", text)
    return holes.fill(text)
