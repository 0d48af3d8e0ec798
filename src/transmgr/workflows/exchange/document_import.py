"""Import: fill a catalog from an existing translation of the whole document.

The translated document is segmented exactly like the source. When both have the same block
structure (the same kinds of blocks in the same order, the same number of segments in each),
segment *n* of the translation is the translation of source segment *n*, and it is imported as
a translation. Otherwise the two are aligned (:mod:`transmgr.alignment`): each 1–1 pair whose
confidence reaches the threshold is imported as a draft (``# draft: aligned 97%``); pairs below
it, merges and splits are listed and imported only when asked; ``strict`` refuses any structural
mismatch before anything is written, naming the first block that differs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from transmgr.alignment import Bead, align, pieces
from transmgr.catalog import State, read_catalog
from transmgr.checks.glossary import Glossary, load_glossary
from transmgr.errors import SourceError
from transmgr.formats import Format, format_for, segment_document, suffixes
from transmgr.formats.base import Role as Syntax
from transmgr.segment import Block, Segment
from transmgr.workflows.project import Project
from transmgr.workflows.review.core import ReviewCore
from transmgr.workflows.review.identity import acting_person
from transmgr.workflows.review.requests import Actor, Request, Role
from transmgr.workflows.review.rules import is_copy_of_source

THRESHOLD = 90.0  # percent: aligned pairs at least this sure are imported without being asked


@dataclass(frozen=True)
class AlignedPair:
    """Source segments and the translated segments aligned with them, and how sure the alignment is."""

    source: tuple[str, ...]
    target: tuple[str, ...]
    confidence: float  # 0..1, the pair's posterior probability
    source_lines: tuple[int, ...] = ()
    target_lines: tuple[int, ...] = ()
    contexts: tuple[str | None, ...] = ()
    imported: bool = False
    reason: str = ""  # why a pair was not imported

    @property
    def kind(self) -> str:
        return f"{len(self.source)}-{len(self.target)}"

    @property
    def percent(self) -> int:
        return int(self.confidence * 100)  # rounded down: 99.6% is not called certain


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
    aligned: tuple[AlignedPair, ...] = ()  # empty when the structures matched one to one
    dry_run: bool = False
    copies: int = 0  # segments equal to their source, not taken (stand-ins of a fallback edition)
    entries: int = 0  # the source's entries (a repeated segment once): each is imported, unchanged, kept, a copy
    #                   or not imported (no sure pair)
    repeats: tuple[int, ...] = ()  # source lines of a repeated segment translated otherwise than where it first
    #                                occurs (one entry holds one translation: the first was taken)

    @property
    def not_imported(self) -> int:
        """Entries the translation gave no text for: left out, or paired too unsurely (see ``listed``)."""
        return self.entries - self.imported - self.unchanged - self.kept - self.copies

    @property
    def listed(self) -> tuple[AlignedPair, ...]:
        """The pairs a person should look at: not imported, merges and splits, and left-out segments."""
        return tuple(p for p in self.aligned if not p.imported or p.kind != "1-1")


def _concept_finder(glossary: Glossary | None, lang: str) -> Callable[[str], frozenset[int]] | None:
    """A function naming the glossary concepts (by line) a text in ``lang`` holds; None without a glossary."""
    if not glossary:
        return None
    return lambda text: frozenset(concept.line for concept, _ in glossary.concepts_in(text, lang))


def _marks(text: str, fmt: Format) -> frozenset[str]:
    """What a translation keeps as it is: a segment's link destinations, URLs and code."""
    return frozenset(fmt.inline(text).values(Syntax.TARGET, Syntax.URL, Syntax.CODE))


def align_segments(original: list[Segment], version: list[Segment], fmt: Format, source_lang: str, lang: str,
                   glossary: Glossary | None = None, *, band: int | None = None) -> list[AlignedPair]:
    """Align the translated segments ``version`` with the source's ``original`` (``band``: see
    :func:`transmgr.alignment.align`)."""
    beads: list[Bead] = align(pieces([(fmt.plain(s.text), s.kind) for s in original], _concept_finder(glossary, source_lang),
                                     [_marks(s.text, fmt) for s in original]),
                              pieces([(fmt.plain(s.text), s.kind) for s in version], _concept_finder(glossary, lang),
                                     [_marks(s.text, fmt) for s in version]),
                              band=band)
    return [AlignedPair(tuple(original[i].text for i in b.source), tuple(version[j].text for j in b.target),
                        b.confidence, tuple(original[i].line for i in b.source), tuple(version[j].line for j in b.target),
                        tuple(original[i].context for i in b.source))
            for b in beads]


def align_documents(source: Path, translated: Path, source_lang: str, lang: str, *, level: str = "paragraph",
                    glossary: Glossary | None = None) -> list[AlignedPair]:
    """Align two documents of the same format (a source and its translation), segment by segment."""
    fmt = format_for(source)
    original = segment_document(source, level=level, language=source_lang, fmt=fmt)
    version = segment_document(translated, level=level, language=lang, fmt=fmt)
    return align_segments(list(original.segments()), list(version.segments()), fmt, source_lang, lang, glossary)


def import_translation(
    project: Project,
    lang: str,
    doc: str,
    translated: Path,
    *,
    origin: str = "translator",
    as_draft: bool = False,
    overwrite: bool = False,
    strict: bool = False,
    threshold: float = THRESHOLD,
    include_uncertain: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """Set the translations of ``lang`` for ``doc`` from the translated document ``translated``.

    Entries that are reviewed are kept unless ``overwrite``; with ``as_draft`` the imported texts
    become drafts (``# draft: <origin>``), otherwise translations (``# origin: <origin>``). A
    translation whose structure differs from the source's is aligned (see the module) unless
    ``strict``; ``include_uncertain`` also imports pairs below ``threshold`` and the joined text of
    a split (1-2); ``dry_run`` aligns and writes nothing.
    """
    lang = project.language(lang)
    source = project.documents([doc])[0]
    if not translated.is_file():
        raise SourceError("translated document not found", path=translated)
    if translated.suffix.lower() not in suffixes():
        raise SourceError(f"unsupported document type {translated.suffix or '(none)'}", path=translated,
                          hint=f"use one of {', '.join(suffixes())}")
    level = project.config.segmentation
    fmt = project.format_of(source)
    original = project.segment(source)
    version = segment_document(translated, name=doc, level=level, language=lang, fmt=fmt)
    mismatch = _mismatch(original.blocks, version.blocks, source.path, translated)
    if mismatch is not None and strict:
        raise mismatch
    path = project.po_path(lang, doc)
    if not path.exists():
        raise SourceError("no catalog for this language and document yet", path=path,
                          hint="run 'transmgr update' first")
    aligned: list[AlignedPair] = []
    segments = list(original.segments())
    translated_segments = list(version.segments())
    glossary = load_glossary(project.config)

    def diagonal(pairs: list[AlignedPair]) -> bool:
        return len(pairs) == len(segments) and all(
            p.kind == "1-1" and p.source_lines == (segments[n].line,) and p.confidence * 100 >= threshold
            for n, p in enumerate(pairs))

    found: list[AlignedPair] = []
    if not strict:
        if mismatch is None:  # the same structure: check the diagonal within a narrow band first (fast)
            found = align_segments(segments, translated_segments, fmt, project.config.source_language, lang,
                                   glossary, band=3)
        if not diagonal(found):
            found = align_segments(segments, translated_segments, fmt, project.config.source_language, lang, glossary)
    # Segment n translates segment n when the structures match and the alignment agrees, every pair sure.
    one_to_one = mismatch is None and (strict or diagonal(found))
    if one_to_one:
        pairs = [(src, tr.text, origin, as_draft) for src_block, tr_block in zip(original.blocks, version.blocks)
                 for src, tr in zip(src_block.segments, tr_block.segments)]
    else:
        by_line = {(s.line, s.text): s for s in segments}
        pairs = []
        for pair in found:
            reason = ""
            if not pair.source or not pair.target:
                reason = "left out of the translation" if not pair.target else "not in the source"
            elif len(pair.source) > 1:
                reason = "two source segments in one translated segment: split it by hand"
            elif pair.confidence * 100 < threshold and not include_uncertain:
                reason = f"{pair.percent}% sure, below {threshold:g}%"
            elif len(pair.target) > 1 and not include_uncertain:
                reason = "one source segment translated as two: import with --include-uncertain"
            if reason:
                aligned.append(dataclasses.replace(pair, reason=reason))
                continue
            aligned.append(dataclasses.replace(pair, imported=True))
            src = by_line[(pair.source_lines[0], pair.source[0])]
            pairs.append((src, " ".join(pair.target), f"aligned {pair.percent}%", True))

    catalog = read_catalog(path)
    missing = [s for s in original.segments() if catalog.get((s.context, s.text)) is None]
    if missing:
        raise SourceError(
            f"{len(missing)} segment(s) of the source are not in the catalog, e.g. line {missing[0].line}",
            path=path, hint="the source changed since the last update: run 'transmgr update' first",
        )
    unchanged = kept = copies = 0
    requests: list[Request] = []
    done: dict[tuple[str | None, str], str] = {}
    repeats: list[int] = []  # lines of repeated segments translated otherwise than their first occurrence
    for src, text, how, draft in pairs:
        key = (src.context, src.text)
        entry = catalog.get(key)
        if entry is None:
            continue
        if key in done:
            if text != done[key]:
                repeats.append(src.line)
            continue
        done[key] = text
        if entry.msgstr == text and entry.state is not State.DRAFT:
            unchanged += 1
            continue
        if is_copy_of_source(entry, text, fmt):
            copies += 1  # a stand-in of an edition built with fallbacks, not a translation
            continue
        if entry.state in (State.REVIEWED, State.STALE) and not overwrite:
            kept += 1
            continue
        requests.append(Request(doc, entry.uid, "import", seen=entry.revision, text=text, origin=how,
                                state=State.DRAFT if draft else State.TRANSLATED))
    entries = len({(s.context, s.text) for s in segments})
    if dry_run or not requests:
        return ImportResult(lang, doc, path, len(requests), unchanged, kept, written=False, aligned=tuple(aligned),
                            dry_run=dry_run, copies=copies, entries=entries, repeats=tuple(repeats))
    core = ReviewCore(project, lang, Actor(acting_person(project), Role.REVIEWER, "import"))
    applied = core.apply(requests, all_or_nothing=False)
    # An entry changed on disk since it was read keeps the newer work: counted as kept; a request the
    # entry already satisfied (the same text written meanwhile) as unchanged.
    unchanged += len(applied.outcomes) - len(applied.changed)
    return ImportResult(lang, doc, path, len(applied.changed), unchanged, kept + len(applied.conflicts),
                        bool(applied.changed), tuple(aligned), copies=copies, entries=entries,
                        repeats=tuple(repeats))


def _mismatch(
    source_blocks: tuple[Block, ...], translated_blocks: tuple[Block, ...], source_path: Path, translated: Path
) -> SourceError | None:
    """The first difference between the two block structures, as the error a strict import raises; None if none."""
    for number, (src, tr) in enumerate(zip(source_blocks, translated_blocks), start=1):
        if src.kind != tr.kind or len(src.segments) != len(tr.segments):
            return SourceError(
                f"block {number} does not match the source: {tr.kind} with {len(tr.segments)} segment(s) where "
                f"{source_path.name}:{src.line} has a {src.kind} with {len(src.segments)}",
                path=translated, line=tr.line, hint="keep the source's block structure in the translation",
            )
    if len(source_blocks) != len(translated_blocks):
        extra = len(translated_blocks) - len(source_blocks)
        where = translated_blocks[len(source_blocks)].line if extra > 0 else None
        return SourceError(
            f"the translation has {len(translated_blocks)} blocks, the source {len(source_blocks)}",
            path=translated, line=where, hint="keep the source's block structure in the translation",
        )
    return None
