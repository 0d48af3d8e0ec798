"""Segmentation of source documents (Markdown, plain text) into blocks and segments."""

from __future__ import annotations

from pathlib import Path

from transmgr.errors import SourceError
from transmgr.segment.assemble import Builder
from transmgr.segment.markdown import parse_markdown
from transmgr.segment.model import BLOCK_KINDS, Block, Document, Segment
from transmgr.segment.text import parse_text

# Explicit table: file suffix -> (format name, parser).
PARSERS = {
    ".md": ("markdown", parse_markdown),
    ".markdown": ("markdown", parse_markdown),
    ".txt": ("text", parse_text),
    ".text": ("text", parse_text),
}

__all__ = ["BLOCK_KINDS", "PARSERS", "Block", "Document", "Segment", "read_source", "segment_document", "segment_text"]


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
    text: str, *, name: str = "document", fmt: str = "markdown", level: str = "paragraph", language: str = "en",
    path: Path | None = None,
) -> Document:
    """Segment ``text`` written in ``fmt`` ("markdown" or "text") at ``level``."""
    parsers = {fmt_name: parser for fmt_name, parser in PARSERS.values()}
    if fmt not in parsers:
        raise SourceError(f"unknown document format {fmt!r}", hint=f"use one of {', '.join(sorted(parsers))}")
    builder = Builder(text, level=level, language=language)
    parsers[fmt](builder, text)
    parts, blocks = builder.finish()
    return Document(name=name, path=path or Path(name), fmt=fmt, parts=parts, blocks=blocks)


def segment_document(path: Path, *, name: str | None = None, level: str = "paragraph", language: str = "en") -> Document:
    """Read and segment the source document at ``path``."""
    suffix = path.suffix.lower()
    if suffix not in PARSERS:
        raise SourceError(
            f"unsupported document type {suffix or '(none)'}", path=path,
            hint=f"use one of {', '.join(sorted(PARSERS))}",
        )
    fmt = PARSERS[suffix][0]
    return segment_text(read_source(path), name=name or path.stem, fmt=fmt, level=level, language=language, path=path)
