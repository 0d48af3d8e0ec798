"""Source formats: one :class:`Format` per kind of document, in one table.

To add a format, write a module with a class that has what :class:`transmgr.formats.base.Format`
lists (read, parse, inline, render_source, render_html, render_text, plain, piece_html, title,
edition_title) and add one line to :data:`FORMATS`: its name, where it is, and its file suffixes
(said there only, so that a document's format is known without importing any format).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from transmgr.errors import SourceError
from transmgr.lazy import Registry, exports
from transmgr.segment.model import Document

if TYPE_CHECKING:
    from transmgr.formats.base import Format as Format
    from transmgr.formats.base import Inline as Inline
    from transmgr.formats.base import Role as Role
    from transmgr.formats.base import Span as Span
    from transmgr.formats.base import has_prose as has_prose
    from transmgr.formats.base import read_source as read_source
    from transmgr.formats.base import sentence_mask as sentence_mask
    from transmgr.formats.markdown import MARKDOWN as MARKDOWN
    from transmgr.formats.markdown import MarkdownFormat as MarkdownFormat

#: Every source format, in the order documentation lists them: its name, where its :class:`Format`
#: object is (imported when a document of that format is met), the file suffixes it reads and what
#: a reader calls such a file (the index labels the edition in the source's own format so).
FORMATS: Registry[Format] = Registry("document format", {
    "markdown": ("transmgr.formats.markdown:MARKDOWN", ((".md", ".markdown"), "Markdown")),
    "text": ("transmgr.formats.text:TEXT", ((".txt", ".text"), "Text")),
    "html": ("transmgr.formats.webpage:PAGE", ((".html", ".htm"), "Web page")),
    "docx": ("transmgr.formats.word:DOCX", ((".docx",), "Word")),
})

_getattr, _lazy = exports(__name__, {
    "Format": "transmgr.formats.base", "Inline": "transmgr.formats.base", "Role": "transmgr.formats.base",
    "Span": "transmgr.formats.base", "has_prose": "transmgr.formats.base", "sentence_mask": "transmgr.formats.base",
    "read_source": "transmgr.formats.base",
    "MARKDOWN": "transmgr.formats.markdown", "MarkdownFormat": "transmgr.formats.markdown",
})
__getattr__ = _getattr
__all__ = sorted([*_lazy, "FORMATS", "format_for", "format_label", "format_named", "segment_document", "segment_text", "suffixes"])


def suffixes() -> tuple[str, ...]:
    """Every file suffix a source document may have."""
    return tuple(suffix for name in FORMATS for suffix in FORMATS.info(name)[0])


def format_named(name: str) -> Format:
    """The format called ``name`` (``markdown``, ``text``)."""
    if name in FORMATS:
        return FORMATS.get(name)
    raise SourceError(FORMATS.unknown(name), hint=f"use one of {', '.join(FORMATS)}")


def format_label(name: str) -> str:
    """What a reader calls a document of format ``name`` (``Word`` for ``docx``)."""
    return str(FORMATS.info(name)[1])


def format_for(path: Path) -> Format:
    """The format of the document at ``path``, by its suffix."""
    suffix = path.suffix.lower()
    for name in FORMATS:
        if suffix in FORMATS.info(name)[0]:
            return FORMATS.get(name)
    raise SourceError(f"unsupported document type {suffix or '(none)'}", path=path,
                      hint=f"use one of {', '.join(suffixes())}")


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
    text = chosen.read(path)
    return segment_text(text, name=name or path.stem, fmt=chosen, level=level, language=language, path=path)
