"""Segmented documents kept between runs in the cache folder (``.transmgr/segments/``).

Segmenting a document parses its whole syntax (markdown-it-py for Markdown) and counting its
words parses every segment's inline syntax again: the bulk of ``transmgr status``. The result is
stored as JSON beside a key made of everything it depends on: the source's bytes, its format,
the project's segmentation level and source language, and transmgr's own segmenting code (its
version and the size and time of every file of ``transmgr/formats`` and ``transmgr/segment``).
A stored result whose key differs is never used. The cache is a convenience: one that cannot be
read or written is ignored, and deleting ``.transmgr/`` loses nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transmgr.errors import TransmgrError
from transmgr.files import write_text_atomic
from transmgr.segment.model import Block, Document, Segment
from transmgr.workflows.fingerprint import code_fingerprint

if TYPE_CHECKING:
    from transmgr.workflows.project import Project, SourceDocument

_FORMAT = 1  # of the JSON below


def segmented(project: Project, doc: SourceDocument) -> tuple[Document, list[int]]:
    """The segmented document and the words of each segment (in ``document.segments()`` order),
    from the cache when its key matches, else segmented now (and stored)."""
    fmt_name = doc.path.suffix.lower()
    try:
        data = doc.path.read_bytes()
    except OSError:
        return _segment(project, doc)  # which reports what is wrong with the file
    config = project.config
    key = hashlib.sha256(b"\0".join([
        data, fmt_name.encode(), config.segmentation.encode(), config.source_language.encode(),
        code_fingerprint("formats", "segment").encode(), str(_FORMAT).encode(),
    ])).hexdigest()
    store = config.cache_dir / "segments" / f"{doc.name}.json"
    found = _load(store, key, doc)
    if found is not None:
        return found
    document, words = _segment(project, doc)
    with contextlib.suppress(OSError, TransmgrError):  # a read-only project: no cache, same results
        write_text_atomic(store, json.dumps(_dump(document, words, key), ensure_ascii=False))
    return document, words


def _segment(project: Project, doc: SourceDocument) -> tuple[Document, list[int]]:
    from transmgr.formats.base import count_words  # the formats and their parsers only on a miss

    fmt = project.format_of(doc)
    document = project.segment(doc)
    return document, [count_words(segment.text, fmt) for segment in document.segments()]


def _dump(document: Document, words: list[int], key: str) -> dict[str, Any]:
    segments = list(document.segments())
    index = {id(segment): n for n, segment in enumerate(segments)}
    return {
        "format": _FORMAT, "key": key, "name": document.name, "fmt": document.fmt, "words": words,
        "segments": [[s.text, s.raw, s.kind, s.line, s.context, s.slot, s.line_break] for s in segments],
        "parts": [part if isinstance(part, str) else index[id(part)] for part in document.parts],
        "blocks": [[b.kind, b.line, [index[id(s)] for s in b.segments], b.level, b.ordered, b.marker,
                    list(b.separators)] for b in document.blocks],
    }


def _load(store: Path, key: str, doc: SourceDocument) -> tuple[Document, list[int]] | None:
    try:
        data = json.loads(store.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != _FORMAT or data.get("key") != key:
            return None
        segments = [Segment(text, raw, kind, line, context, slot, line_break)
                    for text, raw, kind, line, context, slot, line_break in data["segments"]]
        parts = tuple(part if isinstance(part, str) else segments[part] for part in data["parts"])
        blocks = tuple(Block(kind, line, tuple(segments[n] for n in members), level, ordered, marker,
                             tuple(separators))
                       for kind, line, members, level, ordered, marker, separators in data["blocks"])
        words = [int(n) for n in data["words"]]
        if len(words) != len(segments):
            return None
        return Document(name=data["name"], path=doc.path, fmt=data["fmt"], parts=parts, blocks=blocks), words
    except (OSError, ValueError, TypeError, KeyError, IndexError):
        return None  # no cache, or one this version cannot read: segment again
