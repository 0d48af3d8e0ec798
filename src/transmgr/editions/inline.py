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

_CODE = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\(\s*<?([^\s()<>]*(?:\([^\s()]*\))?[^\s()<>]*)>?(?:\s+\"([^\"]*)\")?\s*\)")
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
    return text.replace("\ue000", "").replace("\ue001", "").replace("\x00", "")


def inline_to_html(text: str, typography: Callable[[str], str] | None = None) -> str:
    """Safe HTML for one segment's text; ``typography`` rewrites the plain-text runs."""
    holes = _Holes()
    text = _clean(text)
    text = _CODE.sub(lambda m: holes.put(f"<code>{html.escape(m.group(2).strip() or m.group(2))}</code>"), text)
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
    text = _CODE.sub(lambda m: holes.put(m.group(2).strip() or m.group(2)), text)
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
