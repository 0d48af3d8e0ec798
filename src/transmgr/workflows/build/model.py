"""What a build decides for each edition and reports: the results, where the outputs go, and
which text each segment of a document shows in a language's edition."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transmgr.catalog import Catalog, State, Unit
from transmgr.catalog.lean import Found, Lookup
from transmgr.editions import Edition, Piece, Status
from transmgr.errors import BuildError
from transmgr.lazy import Registry
from transmgr.segment import Document

_PUBLISHED = {State.REVIEWED: Status.REVIEWED, State.TRANSLATED: Status.TRANSLATED, State.STALE: Status.STALE}
_COUNTED = (Status.REVIEWED, Status.TRANSLATED, Status.STALE, Status.SOURCE)


@dataclass(frozen=True)
class EditionResult:
    """What happened to one document in one language."""

    doc: str
    lang: str
    built: bool
    percent: float  # share of source words published as translations, 0..100
    threshold: float
    words: dict[str, int] = field(default_factory=dict)  # source words per status
    files: tuple[Path, ...] = ()  # outputs (written now or already up to date)
    written: tuple[Path, ...] = ()
    removed: tuple[Path, ...] = ()
    reason: str | None = None  # why it was not built
    missing: int = 0  # segments the catalog does not have yet (run `transmgr update`)
    kept: tuple[tuple[Path, str], ...] = ()  # outdated outputs left in place, with why: build did not write them
    unreadable: bool = False  # not built because its catalog cannot be read (the build then exits 1)


@dataclass(frozen=True)
class BuildResult:
    """Every edition considered, plus the pages shared between languages (parallel, index)."""

    editions: tuple[EditionResult, ...]
    pages: tuple[Path, ...]
    written: tuple[Path, ...]
    formats: tuple[str, ...]
    day: dt.date
    gone: tuple[Path, ...] = ()  # outputs of documents no longer in the project, removed

    @property
    def built(self) -> tuple[EditionResult, ...]:
        return tuple(e for e in self.editions if e.built)

    @property
    def skipped(self) -> tuple[EditionResult, ...]:
        return tuple(e for e in self.editions if not e.built)


@dataclass(frozen=True)
class Resolved:
    edition: Edition
    catalog: Catalog | Lookup | None
    missing: int
    untranslated: tuple[tuple[int, Unit | Found | None], ...]  # (segment line, entry) of each untranslated segment


@dataclass(frozen=True)
class EditionFormat:
    """What the table says about an edition format: where its file goes (``{lang}``, ``{doc}``,
    ``{suffix}``: that of the source's own format) and its label on the index (empty: the source
    format's own name, Markdown or Word)."""

    path: str
    label: str


#: The edition formats, in the order of reports and of the index: the function that makes each
#: edition's bytes (:mod:`.editions`), where it goes and its label. ``build.formats`` picks some
#: (default: :data:`transmgr.config.BUILD_FORMATS`); ``md`` and ``docx`` name the ``source``
#: edition of the documents of that type only.
EDITIONS: Registry[Callable[..., str | bytes | None]] = Registry("edition format", {
    "source": ("transmgr.workflows.build.editions:source_edition", EditionFormat("{lang}/{doc}{suffix}", "")),
    "html": ("transmgr.workflows.build.editions:html_edition", EditionFormat("{lang}/{doc}.html", "HTML")),
    "txt": ("transmgr.workflows.build.editions:text_edition", EditionFormat("{lang}/{doc}.txt", "Text")),
    "mo": ("transmgr.workflows.build.editions:mo_edition", EditionFormat("{lang}/LC_MESSAGES/{doc}.mo", "MO")),
})
BY_TYPE = {"md": ".md", "docx": ".docx"}  # a format named by file type: the source edition of documents of that type


def edition_kinds(formats: Iterable[str], suffix: str) -> tuple[str, ...]:
    """What a build writes of a document whose own edition has ``suffix`` for the ``formats`` asked:
    names of :data:`EDITIONS`, each once, in table order. A document whose own edition has the path
    of another one (a web page's is its HTML edition, a text's its text edition) gets it once."""
    kinds: list[str] = []
    for fmt in formats:
        kind: str | None = fmt
        if fmt in BY_TYPE:
            kind = "source" if BY_TYPE[fmt] == suffix else None
        if kind == "source":
            own = output_path("source", "{lang}", "{doc}", suffix)
            kind = next((k for k in EDITIONS if k != "source" and output_path(k, "{lang}", "{doc}", suffix) == own),
                        "source")
        if kind is not None and kind not in kinds:
            kinds.append(kind)
    return tuple(k for k in EDITIONS if k in kinds)


def output_path(kind: str, lang: str, doc: str, suffix: str = ".md") -> str:
    """Where an edition of ``kind`` goes, relative to the build folder; ``suffix`` is that of the
    edition in the source's own format (``.docx`` for a Word source)."""
    path: str = EDITIONS.info(kind).path
    return path.format(lang=lang, doc=doc, suffix=suffix)


def parallel_path(doc: str) -> str:
    return f"{doc}.parallel.html"


INDEX_PATH = "index.html"


def format_choices() -> tuple[str, ...]:
    """Every name ``--format`` and ``build.formats`` take: the edition formats and the file types."""
    return ("source", *BY_TYPE, *(k for k in EDITIONS if k != "source"))


def check_formats(formats: Iterable[str]) -> tuple[str, ...]:
    """Validate and order the formats asked for (see :func:`format_choices`)."""
    chosen = list(formats)
    choices = format_choices()
    for fmt in chosen:
        if fmt not in choices:
            raise BuildError(f"unknown edition format {fmt!r}", hint=f"use {', '.join(choices)}")
    return tuple(f for f in choices if f in chosen)


def resolve_edition(
    document: Document, lang: str, source_lang: str, catalog: Catalog | Lookup | None, weights: list[int], *,
    include_drafts: bool = False, policy: str = "fallback",
) -> Resolved:
    """Look every segment up in ``catalog`` and decide what the edition shows for it."""
    pieces: list[Piece] = []
    words = dict.fromkeys(Status, 0)
    missing = 0
    untranslated: list[tuple[int, Unit | Found | None]] = []
    for segment, weight in zip(document.segments(), weights):
        entry = catalog.get((segment.context, segment.text)) if catalog is not None else None
        state = State.UNTRANSLATED if entry is None else entry.state
        missing += entry is None
        if state in _PUBLISHED:
            piece = Piece(entry.msgstr, _PUBLISHED[state])  # type: ignore[union-attr]
        elif state is State.DRAFT and include_drafts:
            piece = Piece(entry.msgstr, Status.DRAFT)  # type: ignore[union-attr]
        elif lang == source_lang:
            piece = Piece(segment.text, Status.SOURCE)
        else:
            untranslated.append((segment.line, entry))
            piece = Piece("", Status.OMITTED) if policy == "omit" else Piece(segment.text, Status.FALLBACK)
        pieces.append(piece)
        words[piece.status] += weight
    edition = Edition(document, lang, source_lang, tuple(pieces), words)
    return Resolved(edition, catalog, missing, tuple(untranslated))


def percent_done(edition: Edition, include_drafts: bool) -> float:
    """Share of source words the edition shows as translations, 0..100 (100 for an empty document)."""
    if not edition.total_words:
        return 100.0
    counted = _COUNTED + ((Status.DRAFT,) if include_drafts else ())
    return 100.0 * edition.share(*counted)


def result_to_json(out: Path, result: EditionResult) -> dict[str, object]:
    return {"doc": result.doc, "lang": result.lang, "built": result.built, "percent": result.percent,
            "threshold": result.threshold, "words": result.words, "files": [relative(out, p) for p in result.files],
            "reason": result.reason, "missing": result.missing,
            "kept": [[relative(out, p), why] for p, why in result.kept], "unreadable": result.unreadable}


def relative(out: Path, path: Path) -> str:
    """``path`` relative to the build folder ``out`` it is in, as a string (what ``relative_to`` gives,
    read off the strings: a build records tens of thousands)."""
    folder, whole = str(out), str(path)
    if whole.startswith(folder) and whole[len(folder):len(folder) + 1] == os.sep:
        return whole[len(folder) + 1:]
    return str(path.relative_to(out))


# pathlib's own way to a folder's entry by its name (what Path.iterdir uses), four times cheaper than
# ``folder / name``, which parses the name; ``/`` where a Python has it no more
# (tests/workflows/build/test_incremental.py checks that both give the same path).
_CHILD: Callable[[Path, str], Path] = getattr(Path, "_make_child_relpath", Path.__truediv__)


def child_path(folder: Path, name: str) -> Path:
    """``folder / name`` for a ``name`` without a slash, ``.`` or ``..`` (a file's name)."""
    if "/" in name or name in ("", ".", ".."):
        return folder / name
    return _CHILD(folder, name)


def result_from_json(out: Path, item: dict[str, Any], folders: dict[str, Path] | None = None) -> EditionResult:
    """The result :func:`result_to_json` wrote; ``folders`` keeps the folders' paths from one result to
    the next (a rebuild of 2,000 documents makes 28,000 paths: each a name joined to its folder's path)."""
    folders = {} if folders is None else folders

    def path(rel: str) -> Path:
        head, _, name = rel.rpartition("/")
        folder = folders.get(head)
        if folder is None:
            folder = folders[head] = out / head if head else out
        return child_path(folder, name)

    return EditionResult(item["doc"], item["lang"], item["built"], item["percent"], item["threshold"],
                         dict(item["words"]), tuple(path(rel) for rel in item["files"]),
                         reason=item["reason"],
                         missing=item["missing"], kept=tuple((out / rel, why) for rel, why in item["kept"]),
                         unreadable=bool(item.get("unreadable", False)))
