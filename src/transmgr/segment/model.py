"""The document model: blocks made of segments, plus the verbatim text between them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

BLOCK_KINDS = (
    "title", "heading", "paragraph", "list-item", "quote", "caption", "lead", "footnote", "term", "definition",
    "table-header", "table-cell", "image-alt", "image-title", "html", "front-matter", "contents",
    "link-title", "label",
)


@dataclass(frozen=True)
class Segment:
    """One translatable unit: one PO entry.

    ``text`` is the msgid (inline Markdown kept, soft line breaks folded to spaces, hard ones kept);
    ``raw`` is the exact source slice, used when an edition keeps the source text. ``slot`` says
    where the text stands in the source's syntax, so that a translation is escaped for it
    (``inline`` prose, a table ``cell``, an image ``alt``, a link or image ``title``, ``html``
    text, a ``yaml`` value); ``line_break`` is what follows a hard line break in the source (a
    newline and the prefix of the next line, such as ``"\n> "`` in a quote).
    """

    text: str
    raw: str
    kind: str
    line: int
    context: str | None = None
    slot: str = "inline"
    line_break: str = "\n"


@dataclass(frozen=True)
class Block:
    """A structural unit of a document (title, heading, paragraph, list item, quote, caption...)."""

    kind: str
    line: int
    segments: tuple[Segment, ...]
    level: int = 0
    ordered: bool = False
    marker: str = ""
    separators: tuple[str, ...] = ()

    def join(self, texts: list[str]) -> str:
        """Join the (translated) texts of the segments with the source's separators."""
        out = [texts[0]] if texts else []
        for sep, text in zip(self.separators, texts[1:]):
            out.append(sep if sep.strip() == "" and "\n" not in sep else " ")
            out.append(text)
        return "".join(out)


@dataclass(frozen=True)
class Document:
    """A segmented source document.

    ``parts`` interleaves verbatim source text with segments, so that writing every segment's
    ``raw`` back gives the source byte for byte; ``blocks`` gives the structure editions need.
    """

    name: str
    path: Path
    fmt: str
    parts: tuple[str | Segment, ...]
    blocks: tuple[Block, ...] = field(default=())

    def segments(self) -> Iterator[Segment]:
        """Every segment in document order."""
        for part in self.parts:
            if isinstance(part, Segment):
                yield part

    def render(self, translate: Callable[[Segment], str | None]) -> str:
        """Rebuild the document, replacing each segment by ``translate(segment)``.

        A segment whose translation is None or equal to its msgid keeps its exact source text.
        """
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            text = translate(part)
            out.append(part.raw if text is None or text == part.text else text)
        return "".join(out)
