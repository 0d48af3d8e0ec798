"""Source formats: one :class:`Format` per kind of document, in one table.

To add a format, write a module with a class that has what :class:`transmgr.formats.base.Format`
lists (parse, inline, render_source, render_html, render_text, plain, piece_html, title) and add
one line to :data:`TABLE`.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transmgr.errors import SourceError
from transmgr.segment.model import Document

if TYPE_CHECKING:
    from transmgr.formats.base import Format, Inline, Role, Span, has_prose, sentence_mask
    from transmgr.formats.markdown import MARKDOWN, MarkdownFormat

#: Every source format, in the order documentation lists them: its name, its file suffixes and
#: where its :class:`Format` object is (imported when a document of that format is met).
TABLE: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("markdown", (".md", ".markdown"), "transmgr.formats.markdown:MARKDOWN"),
    ("text", (".txt",), "transmgr.formats.text:TEXT"),
    ("html", (".html", ".htm"), "transmgr.formats.webpage:PAGE"),
    ("docx", (".docx",), "transmgr.formats.word:DOCX"),
)

__all__ = ["FORMATS", "MARKDOWN", "TABLE", "Format", "Inline", "MarkdownFormat", "Role", "Span", "format_for",
           "format_named", "has_prose", "read_source", "segment_document", "segment_text", "sentence_mask", "suffixes"]
_LAZY = {"Format": "transmgr.formats.base", "Inline": "transmgr.formats.base", "Role": "transmgr.formats.base",
         "Span": "transmgr.formats.base", "has_prose": "transmgr.formats.base",
         "sentence_mask": "transmgr.formats.base", "MARKDOWN": "transmgr.formats.markdown",
         "MarkdownFormat": "transmgr.formats.markdown"}


def __getattr__(name: str) -> Any:
    if name == "FORMATS":
        return tuple(_load(where) for _, _, where in TABLE)
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _load(where: str) -> Format:
    module, _, name = where.partition(":")
    fmt: Format = getattr(importlib.import_module(module), name)
    return fmt


def suffixes() -> tuple[str, ...]:
    """Every file suffix a source document may have."""
    return tuple(suffix for _, kinds, _ in TABLE for suffix in kinds)


def format_named(name: str) -> Format:
    """The format called ``name`` (``markdown``, ``text``)."""
    for known, _, where in TABLE:
        if known == name:
            return _load(where)
    raise SourceError(f"unknown document format {name!r}", hint=f"use one of {', '.join(t[0] for t in TABLE)}")


def format_for(path: Path) -> Format:
    """The format of the document at ``path``, by its suffix."""
    suffix = path.suffix.lower()
    for _, kinds, where in TABLE:
        if suffix in kinds:
            return _load(where)
    raise SourceError(f"unsupported document type {suffix or '(none)'}", path=path,
                      hint=f"use one of {', '.join(suffixes())}")


def read_source(path: Path) -> str:
    """A UTF-8 text source (a BOM dropped), no larger than the source limit (:mod:`.limits`)."""
    from transmgr.formats.limits import read_limited

    data = read_limited(path)
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
    from transmgr.formats.base import sentence_mask
    from transmgr.segment.assemble import Builder

    chosen = format_named(fmt) if isinstance(fmt, str) else fmt
    builder = Builder(text, level=level, language=language, mask=lambda flat: sentence_mask(chosen.inline(flat)))
    try:
        chosen.parse(builder, text)
    except SourceError as exc:
        if exc.path is not None or path is None:
            raise
        raise SourceError(exc.message, path=path, line=exc.line, hint=exc.hint) from exc
    parts, blocks = builder.finish()
    return Document(name=name, path=path or Path(name), fmt=chosen.name, parts=parts, blocks=blocks)


def segment_document(path: Path, *, name: str | None = None, level: str = "paragraph", language: str = "en",
                     fmt: Format | None = None) -> Document:
    """Read and segment the source document at ``path`` (its format from its suffix unless given)."""
    chosen = fmt or format_for(path)
    reader = getattr(chosen, "read", None)  # a format whose files are not UTF-8 text reads its own
    text = reader(path) if reader is not None else read_source(path)
    return segment_text(text, name=name or path.stem, fmt=chosen, level=level, language=language, path=path)
