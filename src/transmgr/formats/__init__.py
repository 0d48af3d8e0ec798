"""Source formats: one :class:`Format` per kind of document, in one table.

To add a format, write a module with a class that has what :class:`transmgr.formats.base.Format`
lists (parse, inline, render_source, render_html, render_text, plain, piece_html, title) and add
one line to :data:`FORMATS`.
"""

from __future__ import annotations

from pathlib import Path

from transmgr.errors import SourceError
from transmgr.formats.base import Format, Inline, Role, Span, has_prose, sentence_mask
from transmgr.formats.markdown import MARKDOWN, MarkdownFormat
from transmgr.formats.text import TEXT
from transmgr.segment.assemble import Builder
from transmgr.segment.model import Document

#: Every source format, in the order documentation lists them.
FORMATS: tuple[Format, ...] = (MARKDOWN, TEXT)

__all__ = ["FORMATS", "Format", "Inline", "MarkdownFormat", "Role", "Span", "format_for", "format_named",
           "has_prose", "read_source", "segment_document", "segment_text", "suffixes"]


def suffixes() -> tuple[str, ...]:
    """Every file suffix a source document may have."""
    return tuple(suffix for fmt in FORMATS for suffix in fmt.suffixes)


def format_named(name: str) -> Format:
    """The format called ``name`` (``markdown``, ``text``)."""
    for fmt in FORMATS:
        if fmt.name == name:
            return fmt
    raise SourceError(f"unknown document format {name!r}", hint=f"use one of {', '.join(f.name for f in FORMATS)}")


def format_for(path: Path) -> Format:
    """The format of the document at ``path``, by its suffix."""
    suffix = path.suffix.lower()
    for fmt in FORMATS:
        if suffix in fmt.suffixes:
            return fmt
    raise SourceError(f"unsupported document type {suffix or '(none)'}", path=path,
                      hint=f"use one of {', '.join(suffixes())}")


def read_source(path: Path) -> str:
    """Read a source document as UTF-8 (a BOM is dropped, CRLF is kept as written)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise SourceError("source document not found", path=path) from exc
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", path=path) from exc
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            f"not UTF-8 (byte 0x{data[exc.start]:02x})", path=path, line=line, hint="convert the file to UTF-8"
        ) from exc


def segment_text(
    text: str, *, name: str = "document", fmt: str | Format = "markdown", level: str = "paragraph",
    language: str = "en", path: Path | None = None,
) -> Document:
    """Segment ``text`` written in ``fmt`` (a format or its name) at ``level``."""
    chosen = format_named(fmt) if isinstance(fmt, str) else fmt
    builder = Builder(text, level=level, language=language, mask=lambda flat: sentence_mask(chosen.inline(flat)))
    chosen.parse(builder, text)
    parts, blocks = builder.finish()
    return Document(name=name, path=path or Path(name), fmt=chosen.name, parts=parts, blocks=blocks)


def segment_document(path: Path, *, name: str | None = None, level: str = "paragraph", language: str = "en",
                     fmt: Format | None = None) -> Document:
    """Read and segment the source document at ``path`` (its format from its suffix unless given)."""
    chosen = fmt or format_for(path)
    return segment_text(read_source(path), name=name or path.stem, fmt=chosen, level=level, language=language,
                        path=path)
