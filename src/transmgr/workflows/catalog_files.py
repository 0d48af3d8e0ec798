"""PO files outside any project, where people run msgfmt and msgmerge: statistics, an MO file,
a merge with a new template. Each reads the file as strictly as every other command."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transmgr.catalog import STATES, Catalog, MergeStats, State, merge_catalog, read_catalog
from transmgr.catalog.fastpath import UnusualLayout
from transmgr.catalog.lean import scan
from transmgr.catalog.model import Header, paused_gc
from transmgr.catalog.po import stream_template
from transmgr.catalog.store import CatalogFile, redo_on_change
from transmgr.editions.mo import compile_catalog, compile_scanned
from transmgr.errors import CatalogError
from transmgr.files import remove_stray_temporaries, write_bytes_atomic


def _must_exist(path: Path, what: str = "PO file") -> None:
    """A file named on the command line that is not there: said so, without a project's advice."""
    if not path.is_file():
        raise CatalogError(f"{what} not found" if not path.exists() else f"{what} expected, found a folder",
                           path=path, hint="check the path")


@dataclass(frozen=True)
class FileStatus:
    """Entries and source words of one PO file by state (obsolete entries apart)."""

    path: Path
    entries: dict[str, int] = field(default_factory=dict)
    words: dict[str, int] = field(default_factory=dict)
    obsolete: int = 0

    @property
    def total_entries(self) -> int:
        return sum(self.entries.values())

    @property
    def total_words(self) -> int:
        return sum(self.words.values())

    @property
    def percent_done(self) -> float:
        """Share of source words translated (translated, reviewed or stale), as a percentage."""
        done = sum(self.words[s] for s in ("translated", "reviewed", "stale"))
        return 100.0 * done / self.total_words if self.total_words else 100.0

    @property
    def percent_reviewed(self) -> float:
        return 100.0 * self.words["reviewed"] / self.total_words if self.total_words else 100.0

    def as_dict(self) -> dict[str, object]:
        return {"path": str(self.path), "entries": dict(self.entries), "words": dict(self.words),
                "obsolete": self.obsolete, "total_entries": self.total_entries, "total_words": self.total_words,
                "percent_done": round(self.percent_done, 2), "percent_reviewed": round(self.percent_reviewed, 2)}


def file_status(path: Path) -> FileStatus:
    """Count the live entries of ``path`` by state, and their source words.

    The header is not an entry. Words are the msgid's whitespace-separated words (a bare catalog
    has no document to tell prose from markup). A plural entry with some forms empty counts as
    untranslated; ``msgfmt --statistics`` counts it by its first form.
    """
    _must_exist(path)
    entries = {state.value: 0 for state in STATES}
    words = {state.value: 0 for state in STATES}
    obsolete = 0
    with paused_gc():
        for is_obsolete, state, count in _counted(path):
            if is_obsolete or state is None:
                obsolete += 1
                continue
            entries[state.value] += 1
            words[state.value] += count
    return FileStatus(path, entries, words, obsolete)


def _counted(path: Path) -> Iterator[tuple[bool, State | None, int]]:
    """(obsolete, state, source words) of each entry: by the lean read, or (another charset or
    layout, or an error to report) the full one."""
    scanned = scan(path)
    if scanned is not None:
        for entry in scanned.entries:
            msgid = entry.msgid
            ascii_words = msgid.isascii() and not _SEPARATORS.search(msgid)
            yield (entry.obsolete, None if entry.obsolete else entry.state,
                   len(msgid.split() if ascii_words else msgid.decode("utf-8").split()))
        return
    for unit in read_catalog(path):
        yield unit.obsolete, None if unit.obsolete else unit.state, len(unit.msgid.split())


# ASCII characters str.split() takes for whitespace and bytes.split() does not
_SEPARATORS = re.compile(rb"[\x1c-\x1f]")


@dataclass(frozen=True)
class CompiledFile:
    """One MO file written from a PO file."""

    source: Path
    output: Path
    messages: int  # translations in the MO file (the header not counted)
    drafts_left_out: int
    written: bool


def compile_file(source: Path, output: Path, *, include_drafts: bool = False) -> CompiledFile:
    """Write the MO file of ``source`` to ``output`` (atomically; unchanged bytes are not rewritten).

    Translated, reviewed and stale entries go in; drafts only with ``include_drafts`` (msgfmt's
    ``--use-fuzzy``).
    """
    _must_exist(source)
    scanned = scan(source)
    if scanned is not None:
        data, messages, drafts = compile_scanned(scanned, include_drafts=include_drafts)
    else:  # another charset or layout, or an error to report: the full read
        catalog = read_catalog(source)
        data, messages = compile_catalog(catalog, include_drafts=include_drafts)
        drafts = 0 if include_drafts else sum(1 for u in catalog if not u.obsolete and u.state is State.DRAFT)
    try:
        written = write_bytes_atomic(output, data)
    except OSError as exc:
        raise CatalogError(f"cannot write the MO file: {exc.strerror}", path=output) from exc
    return CompiledFile(source, output, messages, drafts, written)


@dataclass(frozen=True)
class MergedFile:
    """One PO file merged with a template."""

    path: Path
    stats: MergeStats
    written: bool


def update_file(path: Path, template_path: Path) -> MergedFile:
    """Merge the translations of the PO file ``path`` into the shape of ``template_path``, in place.

    As ``msgmerge --previous -U``: unchanged entries keep their translation and state, an edited
    source keeps its old translation as a draft with the previous msgid (``#|``), removed entries
    become obsolete and come back with their state when their source does. The header is kept,
    with the template's POT-Creation-Date. If another program saves the file meanwhile, the merge
    is made again from what it saved.
    """
    _must_exist(template_path, "template")

    # A temporary file of this PO file that a killed run left (no lock guards a file given by path:
    # one nobody wrote for a minute is no run's in flight).
    remove_stray_temporaries(path.resolve(), idle=60)

    def merge() -> MergedFile:
        file = CatalogFile.read(path)
        if file.catalog is None:
            raise CatalogError("catalog not found", path=path,
                               hint="create it from the template first (cp or msginit), then merge")
        # The template's units are read as the merge takes them, each let go once merged (a
        # template as large as the catalog no longer stays whole beside it); a template the
        # streaming read cannot take is read whole, which reports any error with its line.
        streamed = stream_template(template_path)
        if streamed is not None:
            header, units = streamed
            try:
                merged, stats = merge_catalog(units, file.catalog, metadata=_metadata(file.catalog, header))
            except UnusualLayout:
                streamed = None
        if streamed is None:
            template = read_catalog(template_path, keep=False)  # never written back as read
            merged, stats = merge_catalog(template, file.catalog, metadata=_metadata(file.catalog, template.header))
        return MergedFile(path, stats, file.save(merged))

    return redo_on_change(merge)


def _metadata(old: Catalog, template: Header) -> dict[str, str]:
    metadata = old.metadata
    fields = dict(template.fields)
    if "POT-Creation-Date" in fields:
        metadata["POT-Creation-Date"] = fields["POT-Creation-Date"]
    return metadata


# -- many files in one process, on every core ----------------------------------------------------------

PARALLEL_FROM = 8  # fewer files are done faster than worker processes start


def _workers(count: int) -> int:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 0 if count < PARALLEL_FROM or cpus < 2 else min(cpus, count)


def _compile_one(task: tuple[Path, Path, bool]) -> CompiledFile | CatalogError:
    try:
        return compile_file(task[0], task[1], include_drafts=task[2])
    except CatalogError as exc:
        return exc


def _update_one(task: tuple[Path, Path]) -> MergedFile | CatalogError:
    try:
        return update_file(task[0], task[1])
    except CatalogError as exc:
        return exc


def _each(function: Callable[[Any], Any], tasks: list[Any]) -> list[Any]:
    """``function`` over ``tasks`` in order: in worker processes (one per processor) for many tasks.
    The first error raised is raised here, after every task ran (each file is written whole or not
    at all, so the others' results stand)."""
    workers = _workers(len(tasks))
    if workers:
        import concurrent.futures  # here: a single file's command never needs it (0.7 MB)

        with concurrent.futures.ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(function, tasks, chunksize=max(1, len(tasks) // (workers * 8))))
    else:
        results = [function(task) for task in tasks]
    error = next((r for r in results if isinstance(r, CatalogError)), None)
    if error is not None:
        raise error
    return results


def compile_files(pairs: list[tuple[Path, Path]], *, include_drafts: bool = False) -> list[CompiledFile]:
    """:func:`compile_file` for each (PO file, MO file), on every core when there are many."""
    return _each(_compile_one, [(source, output, include_drafts) for source, output in pairs])


def update_files(pairs: list[tuple[Path, Path]]) -> list[MergedFile]:
    """:func:`update_file` for each (PO file, template), on every core when there are many: what the
    per-file path gives, file by file."""
    return _each(_update_one, pairs)
