"""Import: fill a catalog from an existing translation of the whole document.

The translated document is segmented exactly like the source; when both have the same block
structure (the same kinds of blocks in the same order, the same number of segments in each),
segment *n* of the translation is the translation of source segment *n*. A structural
mismatch stops the import before anything is written, naming the first block that differs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from transmgr.catalog import Catalog, State, set_draft, set_translation
from transmgr.catalog.po import po_date
from transmgr.catalog.store import modify_catalog
from transmgr.errors import SourceError
from transmgr.formats import segment_document, suffixes
from transmgr.segment import Block
from transmgr.workflows.project import Project


@dataclass(frozen=True)
class ImportResult:
    """What an import did to one catalog."""

    lang: str
    doc: str
    path: Path
    imported: int
    unchanged: int
    kept: int
    written: bool


def import_translation(
    project: Project,
    lang: str,
    doc: str,
    translated: Path,
    *,
    origin: str = "translator",
    as_draft: bool = False,
    overwrite: bool = False,
    day: dt.date | None = None,
) -> ImportResult:
    """Set the translations of ``lang`` for ``doc`` from the translated document ``translated``.

    Entries that are reviewed are kept unless ``overwrite``; with ``as_draft`` the imported texts
    become drafts (``# draft: <origin>``), otherwise translations (``# origin: <origin>``).
    """
    project.languages([lang])
    source = project.documents([doc])[0]
    if not translated.is_file():
        raise SourceError("translated document not found", path=translated)
    if translated.suffix.lower() not in suffixes():
        raise SourceError(f"unsupported document type {translated.suffix or '(none)'}", path=translated,
                          hint=f"use one of {', '.join(suffixes())}")
    level = project.config.segmentation
    original = project.segment(source)
    version = segment_document(translated, name=doc, level=level, language=lang, fmt=project.format_of(source))
    _check_alignment(original.blocks, version.blocks, source.path, translated)
    path = project.po_path(lang, doc)
    if not path.exists():
        raise SourceError("no catalog for this language and document yet", path=path,
                          hint="run 'transmgr update' first")
    pairs = [(src, tr) for src_block, tr_block in zip(original.blocks, version.blocks)
             for src, tr in zip(src_block.segments, tr_block.segments)]

    def fill(catalog: Catalog) -> tuple[int, int, int]:
        missing = [s for s in original.segments() if catalog.get((s.context, s.text)) is None]
        if missing:
            raise SourceError(
                f"{len(missing)} segment(s) of the source are not in the catalog, e.g. line {missing[0].line}",
                path=path, hint="the source changed since the last update: run 'transmgr update' first",
            )
        imported = unchanged = kept = 0
        done: set[tuple[str | None, str]] = set()
        for src, tr in pairs:
            key = (src.context, src.text)
            entry = catalog.get(key)
            if entry is None or key in done:
                continue
            done.add(key)
            if entry.msgstr == tr.text and entry.state is not State.DRAFT:
                unchanged += 1
                continue
            if entry.state in (State.REVIEWED, State.STALE) and not overwrite:
                kept += 1
                continue
            if as_draft:
                catalog.put(set_draft(entry, tr.text, origin, day=day), replacing=entry)
            else:
                catalog.put(set_translation(entry, tr.text, origin=origin, day=day), replacing=entry)
            imported += 1
        if imported:
            catalog.set_fields({"PO-Revision-Date": po_date()})
        return imported, unchanged, kept

    with project.writing():
        (imported, unchanged, kept), written = modify_catalog(path, fill)
    return ImportResult(lang, doc, path, imported, unchanged, kept, written)


def _check_alignment(
    source_blocks: tuple[Block, ...], translated_blocks: tuple[Block, ...], source_path: Path, translated: Path
) -> None:
    for number, (src, tr) in enumerate(zip(source_blocks, translated_blocks), start=1):
        if src.kind != tr.kind or len(src.segments) != len(tr.segments):
            raise SourceError(
                f"block {number} does not match the source: {tr.kind} with {len(tr.segments)} segment(s) where "
                f"{source_path.name}:{src.line} has a {src.kind} with {len(src.segments)}",
                path=translated, line=tr.line, hint="keep the source's block structure in the translation",
            )
    if len(source_blocks) != len(translated_blocks):
        extra = len(translated_blocks) - len(source_blocks)
        where = translated_blocks[len(source_blocks)].line if extra > 0 else None
        raise SourceError(
            f"the translation has {len(translated_blocks)} blocks, the source {len(source_blocks)}",
            path=translated, line=where, hint="keep the source's block structure in the translation",
        )
