"""Text preparation for machine engines: markup protection, kept whitespace and splitting long text.

Engines translate prose, not syntax: they reformat numbers ("60,000" becomes "60 000"), put
spaces inside Markdown links, drop emphasis markers and translate placeholder names. Before
sending, every piece of syntax is replaced by an opaque token ``[X<n>X]`` (a form engines pass
through unchanged, used by Weblate for the same reason); after the answer comes back each token
is put back. A token that is lost, duplicated or invented means the engine damaged the markup,
and the answer is not used as a draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transmgr.formats import Inline
from transmgr.formats.base import with_prose_spans

_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")
_TOKEN = re.compile(r"\[\s*[XxХх]\s*(\d+)\s*[XxХх]\s*\]")
_SPACED_TOKEN = re.compile(r"(?P<pre>[ \t]*)\[\s*[XxХх]\s*(?P<n>\d+)\s*[XxХх]\s*\](?P<post>[ \t]*)")
_LETTER = re.compile(r"[^\W\d_]")
_WORDISH = frozenset("._:/+-")  # characters that join a number to a name: urllib3, HTTP/2, GPLv3, COVID-19


def _in_a_name(text: str, start: int, end: int) -> bool:
    """True when the number ``text[start:end]`` is part of a name (a word with letters around it)."""
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in _WORDISH):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] in _WORDISH):
        end += 1
    return bool(_LETTER.search(text, start, end))


@dataclass(frozen=True)
class Protected:
    """Text with its syntax replaced by tokens, what each token stands for, and how it was attached.

    ``glued`` says, per token, whether the source had no space before and after it: engines put
    spaces around tokens ("* word *" is no longer emphasis), so those spaces are taken out again,
    and a run of spaces the engine left beside a token becomes one.
    """

    text: str
    pieces: tuple[str, ...]
    glued: tuple[tuple[bool, bool], ...] = ()

    def restore(self, translated: str) -> str | None:
        """Put the protected pieces back into ``translated``; None if any token was lost or doubled."""
        seen: list[int] = []

        def put_back(match: re.Match[str]) -> str:
            number = int(match.group("n"))
            seen.append(number)
            if number >= len(self.pieces):
                return match.group(0)
            left, right = self.glued[number] if number < len(self.glued) else (False, False)
            before = "" if left or not match.group("pre") else " "
            after = "" if right or not match.group("post") else " "
            return before + self.pieces[number] + after

        restored = _SPACED_TOKEN.sub(put_back, translated)
        if sorted(seen) != list(range(len(self.pieces))):
            return None
        return restored


def protect(text: str, inline: Inline | None = None, *, numbers: bool = True, first: int = 0) -> Protected:
    """Replace the syntax of ``text`` (its format's ``inline`` spans: code, links, tags, markers,
    placeholders...) and, with ``numbers``, its numbers by ``[X<n>X]`` tokens counted from ``first``
    (a number inside a name such as ``urllib3``, ``HTTP/2`` or ``GPLv3`` stays as written); without
    ``inline``, text has no syntax but placeholders and URLs."""
    if inline is None or inline.text != text:
        inline = with_prose_spans(text, [])
    found = [(span.start, span.end) for span in inline.spans]
    for start, end in inline.prose() if numbers else ():
        # A number of its own becomes a token (engines reformat numbers); one inside a name stays as written.
        found += [(m.start(), m.end()) for m in _NUMBER.finditer(text, start, end)
                  if not _in_a_name(text, m.start(), m.end())]
    pieces: list[str] = []
    glued: list[tuple[bool, bool]] = []
    out = []
    position = 0
    for start, end in sorted(found):
        if start < position or end <= start:
            continue
        out.append(text[position:start])
        pieces.append(text[start:end])
        glued.append((start > 0 and not text[start - 1].isspace(), end < len(text) and not text[end].isspace()))
        out.append(f"[X{first + len(pieces) - 1}X]")
        position = end
    out.append(text[position:])
    return Protected("".join(out), tuple(pieces), tuple(glued))


def has_words(text: str, inline: Inline | None = None) -> bool:
    """True when ``text`` has a letter outside its markup (otherwise there is nothing to send)."""
    return has_prose(protect(text, inline).text)


def has_prose(protected: str) -> bool:
    """True when already protected text has a letter outside its tokens."""
    return bool(_LETTER.search(_TOKEN.sub(" ", protected)))


def split_whitespace(text: str) -> tuple[str, str, str]:
    """``(leading, core, trailing)``: engines drop surrounding whitespace, so it is kept aside."""
    core = text.strip()
    if not core:
        return text, "", ""
    start = text.index(core[0])
    return text[:start], core, text[start + len(core):]


def split_long(text: str, limit: int, language: str = "en") -> list[tuple[str, str]]:
    """Cut ``text`` into ``(chunk, separator)`` pairs, each chunk under ``limit`` characters.

    Cuts fall between sentences when possible, else between words, else anywhere; joining
    every chunk and separator in order gives ``text`` back exactly.
    """
    if len(text) < limit:
        return [(text, "")]
    from transmgr.segment.sentences import split_sentences  # pysbd: only when a text is long

    pieces: list[tuple[int, int]] = []
    for start, end in split_sentences(text, language):
        pieces.extend(_cut_words(text, start, end, limit))
    chunks: list[list[int]] = []
    for start, end in pieces:
        if chunks and end - chunks[-1][0] < limit:
            chunks[-1][1] = end
        else:
            chunks.append([start, end])
    if not chunks:
        return [(text, "")]
    chunks[0][0] = 0
    result = []
    for number, (start, end) in enumerate(chunks):
        following = chunks[number + 1][0] if number + 1 < len(chunks) else len(text)
        result.append((text[start:end], text[end:following]))
    return result


def _cut_words(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Spans of ``text[start:end]`` under ``limit`` characters, cut at spaces where possible."""
    spans = []
    while end - start >= limit:
        cut = text.rfind(" ", start + 1, start + limit - 1)
        if cut <= start:
            cut = start + limit - 1
        spans.append((start, cut))
        start = cut
        while start < end and text[start] == " ":
            start += 1
    if end > start:
        spans.append((start, end))
    return spans


def join_chunks(translated: list[str], separators: list[str]) -> str:
    """Join translated chunks with the separators the source had between them."""
    return "".join(chunk + sep for chunk, sep in zip(translated, separators))
