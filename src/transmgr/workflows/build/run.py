"""Build: compile each selected document and language into its editions under build/.

Every segment of the source is looked up in the language's PO file by (msgctxt, msgid).
Reviewed, translated and stale entries are published; drafts only when asked; anything else
follows the untranslated policy (fall back to the source, omit, or fail). An edition whose share
of translated source words is below the language's threshold is not written (and an older copy
is removed), so the index never links an edition that is no longer good enough. Only a file build
itself wrote is ever removed (see :mod:`transmgr.workflows.build.record`); any other stays, reported.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import math
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from transmgr.config import BUILD_FORMATS, UNTRANSLATED_POLICIES
from transmgr.editions import (
    IndexEntry,
    LanguageLink,
    PageLinks,
    compile_catalog,
    render_html,
    render_index,
    render_parallel,
    source_edition,
)
from transmgr.editions.page import relative_href
from transmgr.errors import BuildError, CatalogError, TransmgrError
from transmgr.files import write_bytes_atomic
from transmgr.segment import Document
from transmgr.workflows.build.model import (
    INDEX_PATH,
    BuildResult,
    EditionResult,
    Resolved,
    check_formats,
    edition_kinds,
    output_path,
    parallel_path,
    percent_done,
    resolve_edition,
    result_from_json,
    result_to_json,
)
from transmgr.workflows.build.record import BuildRecord
from transmgr.workflows.fingerprint import code_fingerprint
from transmgr.formats.base import count_words
from transmgr.workflows.project import Project, SourceDocument

# The edition formats, in the order of build.formats' default (config.BUILD_FORMATS): each names
# the builder's method that makes its bytes (None: nothing to write, as an MO file without a catalog).
EDITION_FORMATS: dict[str, Callable[[_Builder, SourceDocument, Resolved, list[str], str], str | bytes | None]]


class _Builder:
    """One build run: options, the build folder, and what has been written."""

    def __init__(self, project: Project, formats: tuple[str, ...], include_drafts: bool, policy: str,
                 day: dt.date, record: BuildRecord | None = None) -> None:
        self.project = project
        self.config = project.config
        self.formats = formats
        self.include_drafts = include_drafts
        self.policy = policy
        self.day = day
        self.out = self.config.build_dir
        self.written: list[Path] = []
        self.pages: list[Path] = []
        self.titles: dict[str, str] = {}  # document -> source title, for the index
        self.record = record
        self.skipped: set[tuple[str, str]] = set()  # (lang, doc) judged not good enough in this run
        self.broken: dict[tuple[str, str], str] = {}  # (lang, doc) whose catalog does not parse: why
        self.gone: list[Path] = []  # outputs of documents no longer in the project, removed
        self.suffixes: dict[str, str] = {}  # document -> the suffix of its edition in its own format
        # In a worker process (see _render_in_worker): outputs are collected, not written, and
        # outdated editions are named, not removed; the parent process writes and removes.
        self.pending: list[tuple[str, bytes]] | None = None
        self.to_remove: list[str] = []

    def document_key(self, doc: SourceDocument, langs: tuple[str, ...]) -> str:
        """A digest of everything the editions of ``doc`` are made from: its source's bytes, every
        language's catalog (the HTML editions link the languages published), the build's settings
        and transmgr's own code."""
        config = self.config
        parts = [_read_or_none(doc.path), code_fingerprint().encode(), json.dumps([
            self.formats, langs, self.include_drafts, self.policy, self.day.isoformat(), config.source_language,
            config.segmentation, list(config.languages), [config.build.threshold_for(lang) for lang in config.languages],
            doc.name, config.word.code_styles, config.word.monospaced,
        ]).encode()]
        for lang in config.languages:
            parts.append(_read_or_none(self.project.po_path(lang, doc.name)))
        digest = hashlib.sha256()
        for part in parts:
            digest.update(len(part).to_bytes(8, "little") + part)
        return digest.hexdigest()

    def reuse(self, doc: SourceDocument, entry: dict[str, object]) -> list[EditionResult]:
        """The results recorded for ``doc`` by the build that wrote its files (nothing written now)."""
        results = [result_from_json(self.out, item) for item in entry["results"]]  # type: ignore[attr-defined]
        self.titles[doc.name] = str(entry.get("title") or doc.name)
        for result in results:
            if not result.built:
                self.skipped.add((result.lang, doc.name))
        if "html" in self.formats and (self.out / parallel_path(doc.name)).is_file():
            self.pages.append(self.out / parallel_path(doc.name))
        return results

    def apply(self, doc: SourceDocument, rendered: _Rendered) -> list[EditionResult]:
        """Write what a worker rendered for ``doc``, remove its outdated editions, complete its results."""
        before = len(self.written)
        for rel, data in rendered.outputs:
            self.write(rel, data)
        written = set(self.written[before:])
        self.titles[doc.name] = rendered.title
        results = []
        for result in rendered.results:
            removed: list[Path] = []
            kept: list[tuple[Path, str]] = []
            if result.lang in rendered.to_remove:
                self.skipped.add((result.lang, doc.name))
                removed, kept = self.remove_edition(doc.name, result.lang)
            results.append(dataclasses.replace(
                result, written=tuple(p for p in result.files if p in written), removed=tuple(removed),
                kept=tuple(kept)))
        if "html" in self.formats:
            self.pages.append(self.out / parallel_path(doc.name))
        return results

    def remember(self, doc: SourceDocument, key: str, results: list[EditionResult]) -> None:
        if self.record is None:
            return
        outputs = [str(path.relative_to(self.out)) for result in results for path in result.files]
        if "html" in self.formats:
            outputs.append(parallel_path(doc.name))
        self.record.remember_document(doc.name, key, self.titles.get(doc.name, doc.name),
                                      [result_to_json(self.out, r) for r in results], outputs)

    def write(self, rel: str, data: str | bytes) -> Path:
        path = self.out / rel
        if self.pending is not None:
            self.pending.append((rel, data if isinstance(data, bytes) else data.encode("utf-8")))
            return path
        encoded = data if isinstance(data, bytes) else data.encode("utf-8")
        changed = write_bytes_atomic(path, encoded, durable=False)  # an edition can be built again
        if self.record is not None:
            self.record.note(rel, encoded)
        if changed:
            self.written.append(path)
        return path

    def resolve(self, doc: SourceDocument, document: Document, lang: str, weights: list[int]) -> Resolved:
        try:
            catalog = self.project.load_catalog(lang, doc.name)
        except CatalogError as exc:  # this language is not built and says why; the others are
            self.broken[(lang, doc.name)] = str(exc)
            catalog = None
        return resolve_edition(
            document, lang, self.config.source_language, catalog, weights,
            include_drafts=self.include_drafts, policy=self.policy,
        )

    def verdict(self, doc: str, resolved: Resolved) -> tuple[bool, float, float, str | None]:
        """(built, percent, threshold, reason)."""
        edition = resolved.edition
        lang = edition.lang
        threshold = self.config.build.threshold_for(lang)
        percent = percent_done(edition, self.include_drafts)
        if (lang, doc) in self.broken:
            return False, percent, threshold, f"its catalog cannot be read: {self.broken[(lang, doc)]}"
        if edition.is_source:
            return True, percent, threshold, None
        if resolved.catalog is None:
            path = self.project.relative(self.project.po_path(lang, doc))
            return False, percent, threshold, f"no catalog {path} yet (run 'transmgr update')"
        if percent + 1e-9 < threshold:
            total = edition.total_words
            needed = math.ceil(threshold * total / 100 - 1e-9) - round(percent * total / 100)
            return False, percent, threshold, (
                f"{percent:.1f}% of source words translated{' (drafts included)' if self.include_drafts else ''}, "
                f"below the {threshold:g}% threshold "
                f"({needed} more word{'s' if needed != 1 else ''} to translate)"
            )
        return True, percent, threshold, None

    def fail_on_untranslated(self, doc: SourceDocument, resolved: Resolved) -> None:
        if self.policy != "fail" or not resolved.untranslated:
            return
        line, entry = resolved.untranslated[0]
        lang = resolved.edition.lang
        count = len(resolved.untranslated)
        what = f"{lang}/{doc.name}: {count} untranslated segment{'s' if count != 1 else ''} and build.untranslated is 'fail'"
        if entry is None:
            raise BuildError(what + "; this one is not in the catalog", path=doc.path, line=line,
                             hint="run 'transmgr update', translate it, or build with --untranslated fallback")
        raise BuildError(what, path=self.project.po_path(lang, doc.name), line=entry.line or None,
                         hint=f"translate (or accept) {'it' if count == 1 else 'them'}, or build with --untranslated "
                              "fallback or omit")

    def build_document(self, doc: SourceDocument, langs: tuple[str, ...]) -> list[EditionResult]:
        """Resolve every language of one document, then write the selected editions and its parallel page."""
        document = self.project.segment(doc)
        fmt = self.project.format_of(doc)
        self.titles[doc.name] = fmt.title(document) or doc.name
        weights = [count_words(segment.text, fmt) for segment in document.segments()]
        wanted = self.config.languages if "html" in self.formats else langs
        resolved = {lang: self.resolve(doc, document, lang, weights) for lang in wanted}
        verdicts = {lang: self.verdict(doc.name, r) for lang, r in resolved.items()}
        for lang in langs:
            if verdicts[lang][0]:
                self.fail_on_untranslated(doc, resolved[lang])
        published = [lang for lang in self.config.languages if lang in verdicts and verdicts[lang][0]]
        results = []
        for lang in langs:
            built, percent, threshold, reason = verdicts[lang]
            before = len(self.written)
            files: list[Path] = []
            removed: list[Path] = []
            kept: list[tuple[Path, str]] = []
            if built:
                files = self.write_edition(doc, resolved[lang], published)
            elif self.pending is not None:
                self.to_remove.append(lang)
            else:
                self.skipped.add((lang, doc.name))
                removed, kept = self.remove_edition(doc.name, lang)
            results.append(EditionResult(
                doc.name, lang, built, percent, threshold,
                {s.value: n for s, n in resolved[lang].edition.words.items() if n},
                tuple(files), tuple(self.written[before:]), tuple(removed), reason, resolved[lang].missing,
                tuple(kept),
            ))
        if "html" in self.formats:
            self.write_parallel(doc, document, resolved, published, whole=set(langs) >= set(self.config.languages))
        return results

    def suffix(self, doc: str) -> str:
        """The suffix of ``doc``'s edition in its own format (``.md``, ``.docx``, ``.html``, ``.txt``)."""
        if doc not in self.suffixes:
            self.suffixes.update({d.name: self.project.format_of(d).edition_suffix
                                  for d in self.project.documents()})
        return self.suffixes.get(doc, ".md")

    def kinds(self, doc: str) -> tuple[str, ...]:
        """The editions this build makes of ``doc`` (source, html, txt, mo) for the formats asked."""
        return edition_kinds(self.formats, self.suffix(doc))

    def rel(self, kind: str, lang: str, doc: str) -> str:
        """Where the ``kind`` edition of ``doc`` in ``lang`` goes."""
        return output_path(kind, lang, doc, self.suffix(doc))

    def write_edition(self, doc: SourceDocument, resolved: Resolved, published: list[str]) -> list[Path]:
        files = []
        for kind in self.kinds(doc.name):
            rel = self.rel(kind, resolved.edition.lang, doc.name)
            data = EDITION_FORMATS[kind](self, doc, resolved, published, rel)
            if data is not None:
                files.append(self.write(rel, data))
        return files

    def source_edition(self, doc: SourceDocument, resolved: Resolved, published: list[str],
                       rel: str) -> str | bytes:
        return self.project.format_of(doc).render_source(resolved.edition)

    def text_edition(self, doc: SourceDocument, resolved: Resolved, published: list[str], rel: str) -> str:
        return self.project.format_of(doc).render_text(resolved.edition)

    def html_edition(self, doc: SourceDocument, resolved: Resolved, published: list[str], rel: str) -> str | bytes:
        edition, source = resolved.edition, self.project.format_of(doc)
        links = PageLinks(
            languages=tuple(LanguageLink(other, None if other == edition.lang else
                                         relative_href(rel, f"{other}/{doc.name}.html"))
                            for other in published),
            parallel=relative_href(rel, parallel_path(doc.name)),
            index=relative_href(rel, INDEX_PATH),
            own_name=rel.rsplit("/", 1)[-1],
        )
        if source.edition_suffix == ".html":  # a web page: its own edition is the HTML one
            return source.render_source(edition, links)
        heading = source.edition_title(edition) or self.titles.get(doc.name) or doc.name
        return render_html(edition, source.render_html(edition), heading, links, self.day)

    def mo_edition(self, doc: SourceDocument, resolved: Resolved, published: list[str], rel: str) -> bytes | None:
        return compile_catalog(resolved.catalog)[0] if resolved.catalog is not None else None

    def remove_edition(self, doc: str, lang: str) -> tuple[list[Path], list[tuple[Path, str]]]:
        """Remove the outdated outputs of an edition that build wrote; keep (and say why) any other file."""
        removed: list[Path] = []
        kept: list[tuple[Path, str]] = []
        for kind in self.kinds(doc):
            rel = self.rel(kind, lang, doc)
            path = self.out / rel
            if not path.exists() and not path.is_symlink():
                continue
            why = self.record.why_not_removable(rel) if self.record is not None else "no build record"
            if why is not None:
                kept.append((path, why))
                continue
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise BuildError(f"cannot remove an outdated edition: {exc.strerror}", path=path) from exc
            if self.record is not None:
                self.record.forget(rel)
            removed.append(path)
        return removed, kept

    def write_parallel(self, doc: SourceDocument, document: Document, resolved: dict[str, Resolved],
                       published: list[str], *, whole: bool = True) -> None:
        """The parallel page of ``doc``; with no translation to put beside the source, none (an older one is
        removed when this build covers every language, ``whole``: a build of one language leaves the others'
        pages as they are)."""
        source = self.config.source_language
        if not any(lang != source for lang in published):
            if whole:
                self.remove_page(parallel_path(doc.name))
            return
        first = resolved[source].edition if source in published else source_edition(document, source)
        columns = [first] + [resolved[lang].edition for lang in published if lang != source]
        not_included = [lang for lang in self.config.languages if lang not in published]
        rel = parallel_path(doc.name)
        fmt = self.project.format_of(doc)
        self.pages.append(self.write(rel, render_parallel(
            columns, self.day, title=fmt.edition_title(first) or doc.name, render_piece=fmt.piece_html,
            index_href=relative_href(rel, INDEX_PATH), not_included=not_included,
        )))

    def remove_gone(self, present: set[str]) -> None:
        """Remove the recorded outputs of documents no longer in the project (renamed or deleted)."""
        if self.record is None:
            return
        for name in [name for name in self.record.documents if name not in present]:
            for rel in self.record.documents[name].get("outputs", []):
                path = self.out / rel
                if path.is_file() and self.record.why_not_removable(rel) is None:
                    path.unlink(missing_ok=True)
                    self.record.forget(rel)
                    self.gone.append(path)
            del self.record.documents[name]
            self.record.changed = True

    def remove_page(self, rel: str) -> None:
        """Remove a page build wrote earlier that no longer has a reason to be (kept if someone changed it)."""
        path = self.out / rel
        if self.pending is not None or not path.is_file() or (
                self.record is not None and self.record.why_not_removable(rel) is not None):
            return
        path.unlink(missing_ok=True)
        if self.record is not None:
            self.record.forget(rel)

    def write_index(self) -> None:
        """The index of every document of the project, linking the editions present in build/."""
        entries = []
        for doc in self.project.documents():
            title = self.titles.get(doc.name) or self.source_title(doc)
            editions: dict[str, dict[str, str]] = {}
            for lang in self.config.languages:
                if (lang, doc.name) in self.skipped:
                    continue  # whatever is left of it (a file build did not write) is not an edition to link
                paths = {kind: self.rel(kind, lang, doc.name) for kind in BUILD_FORMATS}
                files = {kind: relative_href(INDEX_PATH, rel) for kind, rel in paths.items()
                         if (self.out / rel).is_file()}
                if files:
                    editions[lang] = files
            parallel = parallel_path(doc.name)
            entries.append(IndexEntry(doc.name, title, editions, self.suffix(doc.name),
                                      relative_href(INDEX_PATH, parallel) if (self.out / parallel).is_file() else None))
        self.pages.append(self.write(INDEX_PATH, render_index(entries, self.config.source_language)))

    def source_title(self, doc: SourceDocument) -> str:
        try:
            document = self.project.segment(doc)
        except TransmgrError:
            return doc.name  # an unreadable document not built in this run: its name will do
        return self.project.format_of(doc).title(document) or doc.name


EDITION_FORMATS = {
    "source": _Builder.source_edition,
    "html": _Builder.html_edition,
    "txt": _Builder.text_edition,
    "mo": _Builder.mo_edition,
}
assert tuple(EDITION_FORMATS) == BUILD_FORMATS, "config.BUILD_FORMATS and EDITION_FORMATS must list the same formats"


@dataclass(frozen=True)
class _Rendered:
    """One document's editions rendered by a worker process, for the parent to write."""

    title: str
    results: list[EditionResult]
    outputs: list[tuple[str, bytes]]
    to_remove: list[str]


_WORKER: _Builder | None = None
# Documents a build renders in worker processes, one per processor, when there are this many or
# more to build (fewer are done faster than worker processes start).
PARALLEL_FROM = 8


def _start_worker(root: Path, formats: tuple[str, ...], include_drafts: bool, policy: str, day: dt.date,
                  parent: int) -> None:
    global _WORKER
    _watch_parent(parent)  # the build's own pid: a worker started after the build was killed ends at once
    _WORKER = _Builder(Project.load(root), formats, include_drafts, policy, day)


def _watch_parent(parent: int) -> None:
    """End this worker when the build that started it is gone (killed: it cannot tell its workers),
    instead of leaving it blocked on a queue nobody reads."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _render_in_worker(task: tuple[SourceDocument, tuple[str, ...]]) -> _Rendered:
    doc, langs = task
    builder = _WORKER
    assert builder is not None
    builder.pending, builder.to_remove = [], []
    results = builder.build_document(doc, langs)
    return _Rendered(builder.titles.get(doc.name, doc.name), results, builder.pending, builder.to_remove)


def _workers(count: int) -> int:
    """Worker processes for ``count`` documents: none below PARALLEL_FROM or on one processor."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 0 if count < PARALLEL_FROM or cpus < 2 else min(cpus, count)


def _read_or_none(path: Path) -> bytes:
    try:
        return b"+" + path.read_bytes()
    except OSError:
        return b"-"  # missing (or unreadable, which building reports)


def build(
    project: Project, docs: list[str] | None = None, langs: list[str] | None = None, *,
    formats: Iterable[str] | None = None, include_drafts: bool = False, untranslated: str | None = None,
    day: dt.date | None = None,
) -> BuildResult:
    """Build the editions of the selected documents and languages (default: all) into build/.

    ``formats`` defaults to the configuration's ``build.formats``, ``untranslated`` to
    ``build.untranslated``; ``day`` (default: today) is the build date printed in HTML colophons.
    """
    config = project.config
    chosen = check_formats(formats if formats else config.build.formats)
    policy = untranslated or config.build.untranslated
    if policy not in UNTRANSLATED_POLICIES:
        raise BuildError(f"unknown untranslated policy {policy!r}", hint=f"use {', '.join(UNTRANSLATED_POLICIES)}")
    languages = project.languages(langs)
    documents = project.documents(docs)
    with project.building():
        record = BuildRecord(config)  # read under the lock: another build may have just saved it
        builder = _Builder(project, chosen, include_drafts, policy, day or dt.date.today(), record)
        keys = {doc.name: builder.document_key(doc, languages) for doc in documents}
        unchanged = {doc.name: record.unchanged_document(doc.name, keys[doc.name]) for doc in documents}
        if policy == "fail":  # fail before writing anything
            check = _Builder(project, (), include_drafts, policy, builder.day)
            for doc in documents:
                if unchanged[doc.name] is not None:
                    continue  # built from the same files by a build that passed this check
                document, fmt = project.segment(doc), project.format_of(doc)
                weights = [count_words(segment.text, fmt) for segment in document.segments()]
                for lang in languages:
                    resolved = check.resolve(doc, document, lang, weights)
                    if check.verdict(doc.name, resolved)[0]:
                        check.fail_on_untranslated(doc, resolved)
        results: list[EditionResult] = []
        try:
            todo = [doc for doc in documents if unchanged[doc.name] is None]
            workers = _workers(len(todo))
            rendered: Iterator[_Rendered] = iter(())
            pool = None
            if workers:
                pool = concurrent.futures.ProcessPoolExecutor(
                    workers, initializer=_start_worker,
                    initargs=(project.root, chosen, include_drafts, policy, builder.day, os.getpid()))
                rendered = pool.map(_render_in_worker, [(doc, languages) for doc in todo], chunksize=2)
            try:
                for doc in documents:
                    entry = unchanged[doc.name]
                    if entry is not None:
                        results.extend(builder.reuse(doc, entry))
                        continue
                    doc_results = (builder.apply(doc, next(rendered)) if pool is not None
                                   else builder.build_document(doc, languages))
                    builder.remember(doc, keys[doc.name], doc_results)
                    results.extend(doc_results)
            finally:
                if pool is not None:
                    pool.shutdown(cancel_futures=True)
            if not docs:  # a build of every document: what build wrote for documents now gone goes too
                builder.remove_gone({doc.name for doc in documents})
            if "html" in chosen:
                builder.write_index()
        except BaseException:
            with contextlib.suppress(TransmgrError):
                record.save()  # what was written before the error is build's own too
            raise
        record.save()
    return BuildResult(tuple(results), tuple(builder.pages), tuple(builder.written), chosen, builder.day,
                       tuple(builder.gone))


__all__ = ["INDEX_PATH", "BuildResult", "EditionResult", "build", "output_path", "parallel_path",
           "resolve_edition"]
