"""Build: compile each selected document and language into its editions under build/.

Every segment of the source is looked up in the language's PO file by (msgctxt, msgid).
Reviewed, translated and stale entries are published; drafts only when asked; anything else
follows the untranslated policy (fall back to the source, omit, or fail). An edition whose share
of translated source words is below the language's threshold is not written (and an older copy
is removed), so the index never links an edition that is no longer good enough. Documents are
rendered in worker processes when there are many (:class:`.builder.Builder` does the work).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import gc
import os
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from transmgr.config import UNTRANSLATED_POLICIES, config_error
from transmgr.errors import BuildError, TransmgrError
from transmgr.formats.base import count_words
from transmgr.workflows.build.builder import Builder, Rendered
from transmgr.workflows.build.model import INDEX_PATH, BuildResult, EditionResult, check_formats, resolve_edition
from transmgr.workflows.build.record import BuildRecord
from transmgr.workflows.project import Project, SourceDocument

_WORKER: Builder | None = None
# Documents a build renders in worker processes, one per processor, when there are this many or
# more to build (fewer are done faster than worker processes start).
PARALLEL_FROM = 8


def _start_worker(root: Path, formats: tuple[str, ...], include_drafts: bool, policy: str, day: dt.date,
                  parent: int, min_score: float | None = None) -> None:
    global _WORKER
    _watch_parent(parent)  # the build's own pid: a worker started after the build was killed ends at once
    _WORKER = Builder(Project.load(root), formats, include_drafts, policy, day, min_score=min_score)
    # A worker makes and drops hundreds of thousands of tokens a document, few of them in cycles:
    # the cyclic collector's passes over the long-lived objects (modules, caches) took 6% of a build.
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def _watch_parent(parent: int) -> None:
    """End this worker when the build that started it is gone (killed: it cannot tell its workers),
    instead of leaving it blocked on a queue nobody reads."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _render_in_worker(task: tuple[SourceDocument, tuple[str, ...]]) -> Rendered:
    doc, langs = task
    builder = _WORKER
    assert builder is not None
    builder.pending, builder.to_remove = [], []
    key = builder.document_key(doc, langs)  # before its files are read to render it: see build's key_of
    results = builder.build_document(doc, langs)
    return Rendered(builder.titles.get(doc.name, doc.name), results, builder.pending, builder.to_remove, key)


def _workers(count: int) -> int:
    """Worker processes for ``count`` documents: none below PARALLEL_FROM or on one processor."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 0 if count < PARALLEL_FROM or cpus < 2 else min(cpus, count)


def build(
    project: Project, docs: list[str] | None = None, langs: list[str] | None = None, *,
    formats: Iterable[str] | None = None, include_drafts: bool = False, untranslated: str | None = None,
    day: dt.date | None = None, min_score: float | None = None,
) -> BuildResult:
    """Build the editions of the selected documents and languages (default: all) into build/.

    ``formats`` defaults to the configuration's ``build.formats``, ``untranslated`` to
    ``build.untranslated``, ``min_score`` (the lowest document score of a judge's assessments an
    edition is published with) to ``build.min_score``; ``day`` (default: today) is the build date printed in HTML colophons.
    """
    config = project.config
    if formats:
        chosen = check_formats(formats)
    else:
        try:
            chosen = check_formats(config.build.formats)
        except BuildError as exc:  # a name in the configuration: said at its line
            raise config_error(config, ("build", "formats"), f"build.formats: {exc.message}", exc.hint) from exc
    policy = untranslated or config.build.untranslated
    if policy not in UNTRANSLATED_POLICIES:
        raise BuildError(f"unknown untranslated policy {policy!r}", hint=f"use {', '.join(UNTRANSLATED_POLICIES)}")
    languages = project.languages(langs)
    documents = project.documents(docs)
    with project.building():
        record = BuildRecord(config)  # read under the lock: another build may have just saved it
        floor = min_score if min_score is not None else config.build.min_score
        builder = Builder(project, chosen, include_drafts, policy, day or dt.date.today(), record, min_score=floor,
                          documents=None if docs else documents)  # listed once
        keys: dict[str, str] = {}
        unchanged: dict[str, dict[str, object] | None] = {}
        for doc in documents:  # from the record when the files look as they did, else read and hashed
            signature = builder.input_signature(doc, languages)
            builder.signatures[doc.name] = signature
            known = record.known_key(doc.name, signature)
            if known is None and doc.name not in record.documents:
                unchanged[doc.name] = None  # never built: its key is made just before it is rendered
                continue
            keys[doc.name] = known or builder.document_key(doc, languages)
            unchanged[doc.name] = record.unchanged_document(doc.name, keys[doc.name])

        def key_of(doc: SourceDocument) -> str:
            """The document's key, made before its files are read to render it (a file changed
            meanwhile then makes the next build render it again). A worker makes the keys of the
            documents it renders (reading and hashing every input in the parent was a third of its time,
            taken from the workers' two processors)."""
            if doc.name not in keys:
                keys[doc.name] = builder.document_key(doc, languages)
            return keys[doc.name]
        if policy == "fail":  # fail before writing anything
            check = Builder(project, (), include_drafts, policy, builder.day)
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
            rendered: Iterator[Rendered] = iter(())
            pool = None
            if workers:
                pool = concurrent.futures.ProcessPoolExecutor(
                    workers, initializer=_start_worker,
                    initargs=(project.root, chosen, include_drafts, policy, builder.day, os.getpid(), floor))
                rendered = pool.map(_render_in_worker, [(doc, languages) for doc in todo], chunksize=2)
            try:
                for doc in documents:
                    entry = unchanged[doc.name]
                    if entry is not None:
                        results.extend(builder.reuse(doc, entry))
                        continue
                    if pool is not None:
                        done = next(rendered)
                        key, doc_results = done.key, builder.apply(doc, done)
                    else:
                        key = key_of(doc)
                        doc_results = builder.build_document(doc, languages)
                    builder.remember(doc, key, doc_results)
                    results.extend(doc_results)
            finally:
                if pool is not None:
                    pool.shutdown(cancel_futures=True)
            if not docs:  # a build of every document: what build wrote for documents now gone goes too
                builder.remove_gone({doc.name for doc in documents})
            if "html" in chosen:
                # The index stands when what it is made from is as it was: the documents, their titles,
                # the languages skipped, the files in build/ (see Builder.index_key).
                index_key = None if docs else builder.index_key()
                if index_key is not None and record.index_current(index_key):
                    builder.pages.append(builder.out / INDEX_PATH)
                else:
                    builder.write_index()
                    record.index_key = index_key
        except BaseException:
            with contextlib.suppress(TransmgrError):
                record.save()  # what was written before the error is build's own too
            raise
        record.save()
    return BuildResult(tuple(results), tuple(builder.pages), tuple(builder.written), chosen, builder.day,
                       tuple(builder.gone))


__all__ = ["build", "resolve_edition"]
