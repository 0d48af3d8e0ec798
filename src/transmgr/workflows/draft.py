"""The draft workflow: fill untranslated entries from each language's chain of memory, pivots and engines.

Only untranslated entries are drafted: an entry a person translated or reviewed, or an existing
draft, is never touched, so running again resumes where an interrupted run stopped. Requests run
concurrently (each engine bounded by its ``concurrency``); results are applied in the calling
thread and every catalog is saved atomically after each batch (``[draft] batch_size`` entries,
stretched on large catalogs so that saving takes at most a tenth of the run), so a killed run
loses at most the batch in flight. A PO file someone changed while the run went on (a review, an
edit in a PO editor) is read again before saving, and this run's drafts go only into the entries
that are still untranslated there.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from transmgr.catalog import Catalog, State, read_catalog
from transmgr.engines.base import Draft, EngineFailure, EngineStep, EngineStopped, Step, Translator
from transmgr.engines.cache import CACHE_FILE, TranslationCache
from transmgr.engines.memory import TranslationMemory, human_units, read_tmx
from transmgr.engines.pivot import PivotStep, pivot_texts
from transmgr.engines.registry import (
    MEMORY,
    PIVOT,
    StepSpec,
    check_engine_tables,
    create_translator,
    memory_sources,
    parse_step,
)
from transmgr.errors import LanguageError
from transmgr.formats import Format
from transmgr.workflows.draft_file import DraftFile, Key
from transmgr.workflows.project import Project, SourceDocument

MAX_WORKERS = 64
# Saving rewrites whole catalogs, so a batch also lasts at least this many times the last save:
# a run over a large catalog served from the cache does not spend its time rewriting the file,
# while small catalogs are still saved every batch_size entries.
SAVE_COST_FACTOR = 10


@dataclass(frozen=True)
class DraftProgress:
    """Reported after every segment: where the run is, and the engine that answered last."""

    lang: str
    done: int
    total: int
    failures: int
    engine: str | None


@dataclass(frozen=True)
class CatalogDraft:
    """What a run did to one PO file."""

    lang: str
    doc: str
    path: Path
    pending: int
    drafted: int = 0
    no_draft: int = 0
    failed: int = 0
    by_step: Mapping[str, int] = field(default_factory=dict)
    written: bool = False
    skipped: int = 0  # drafts not written: someone translated, reviewed or drafted the entry meanwhile


@dataclass(frozen=True)
class CostRow:
    """Dry run: the segments and characters a step would handle (``send``, ``cached``, ``offline``, ``none``)."""

    lang: str
    step: str
    action: str
    segments: int
    characters: int


@dataclass(frozen=True)
class DraftReport:
    """The result of ``draft``: per catalog, the dry-run costs, engines stopped, failure messages."""

    catalogs: tuple[CatalogDraft, ...]
    costs: tuple[CostRow, ...] = ()
    stopped: Mapping[str, str] = field(default_factory=dict)
    failures: tuple[str, ...] = ()
    requests: int = 0
    dry_run: bool = False

    @property
    def failed(self) -> int:
        return sum(c.failed for c in self.catalogs)


@dataclass(frozen=True)
class _Outcome:
    draft: Draft | None
    step: str | None
    failures: tuple[str, ...] = ()
    stopped: bool = False


Progress = Callable[[DraftProgress], None]


def draft(
    project: Project,
    langs: Sequence[str] | None = None,
    docs: Sequence[str] | None = None,
    *,
    engine: str | None = None,
    limit: int | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    environ: Mapping[str, str] | None = None,
) -> DraftReport:
    """Draft the untranslated entries of ``langs`` (default: every target language).

    ``engine`` replaces the configured chain by that one step; ``limit`` caps the entries
    drafted in this run; ``dry_run`` reports what would be sent and sends nothing.
    Every chain is checked (engine names, language pairs, API keys) before anything is sent.
    """
    config = project.config
    languages = _target_languages(project, langs)
    documents = project.documents(list(docs) if docs else None)
    check_engine_tables(config)
    specs = {
        lang: [parse_step(config, s, lang, from_config=engine is None) for s in ((engine,) if engine else config.chain_for(lang))]
        for lang in languages
    }
    stop = threading.Event()
    translators: dict[str, Translator] = {}
    for lang, chain in specs.items():
        for spec in chain:
            if spec.engine is not None:
                if spec.engine not in translators:
                    translators[spec.engine] = create_translator(config, spec.engine, stop=stop, environ=environ)
                translators[spec.engine].adapter.check_pair(spec.via or config.source_language, lang)
    cache_path = config.cache_dir / CACHE_FILE
    cache = None if dry_run and not cache_path.exists() else TranslationCache(cache_path)
    for translator in translators.values():
        translator.cache = cache
    run = _Run(project, cache, stop, translators, progress, limit)
    try:
        for lang in languages:
            run.language(lang, documents, specs[lang], dry_run)
    finally:
        stop.set()
        for translator in translators.values():
            translator.close()
        if cache is not None:
            cache.close()
    return DraftReport(
        catalogs=tuple(run.catalogs), costs=tuple(run.costs),
        stopped={name: t.stopped for name, t in translators.items() if t.stopped},
        failures=tuple(run.messages), requests=sum(t.requests for t in translators.values()), dry_run=dry_run,
    )


def _target_languages(project: Project, langs: Sequence[str] | None) -> tuple[str, ...]:
    config = project.config
    if not langs:
        return config.target_languages
    selected = project.languages(list(langs))
    if config.source_language in selected:
        raise LanguageError(
            f"'{config.source_language}' is the source language: there is nothing to draft",
            hint="its catalog is filled with the source text by 'transmgr update'",
        )
    return selected


class _Run:
    """The state of one draft run across languages."""

    def __init__(self, project: Project, cache: TranslationCache | None, stop: threading.Event,
                 translators: dict[str, Translator], progress: Progress | None, limit: int | None) -> None:
        self.project = project
        self.config = project.config
        self.cache = cache
        self.stop = stop
        self.translators = translators
        self.progress = progress
        self.left = limit
        self.batch_size = self.config.draft_batch_size
        self.catalogs: list[CatalogDraft] = []
        self.costs: list[CostRow] = []
        self.messages: list[str] = []

    # -- building the chain ---------------------------------------------------------------------

    def _catalogs_of(self, lang: str) -> list[Catalog]:
        found = []
        for doc in self.project.documents():
            path = self.project.po_path(lang, doc.name)
            if path.exists():
                found.append(read_catalog(path))
        return found

    def _steps(self, lang: str, specs: list[StepSpec]) -> list[Step]:
        steps: list[Step] = []
        for spec in specs:
            if spec.kind == MEMORY:
                tmx_files, min_score = memory_sources(self.config)
                units = human_units(self._catalogs_of(lang))
                for path in tmx_files:
                    units += read_tmx(path, self.config.source_language, lang)
                steps.append(TranslationMemory(units, min_score))
            elif spec.kind == PIVOT:
                assert spec.via is not None and spec.engine is not None
                texts = pivot_texts(self._catalogs_of(spec.via))
                steps.append(PivotStep(spec.via, texts, self.translators[spec.engine], lang))
            else:
                assert spec.engine is not None
                steps.append(EngineStep(self.translators[spec.engine], self.config.source_language, lang))
        return steps

    # -- one language -----------------------------------------------------------------------------

    def language(self, lang: str, documents: Sequence[SourceDocument], specs: list[StepSpec], dry_run: bool) -> None:
        files = [DraftFile(doc.name, self.project.po_path(lang, doc.name), self.project.format_of(doc))
                 for doc in documents]
        steps = self._steps(lang, specs)
        groups: dict[str, list[tuple[int, Key]]] = {}
        pending = Counter[int]()
        for number, po in enumerate(files):
            for entry in po.catalog:
                if self.left is not None and self.left <= 0:
                    break
                if entry.obsolete or not entry.msgid or entry.msgid_plural or entry.state != State.UNTRANSLATED:
                    continue
                groups.setdefault(entry.msgid, []).append((number, entry.key))
                pending[number] += 1
                if self.left is not None:
                    self.left -= 1
        if dry_run:
            self._plan(lang, steps, [(text, files[places[0][0]].fmt) for text, places in groups.items()])
            self.catalogs += [CatalogDraft(lang, po.doc, po.path, pending[n]) for n, po in enumerate(files)]
            return
        self._draft(lang, steps, groups, files, pending)

    def _plan(self, lang: str, steps: list[Step], texts: list[tuple[str, Format]]) -> None:
        totals: dict[tuple[str, str], list[int]] = {}
        for text, fmt in texts:
            plan = next((p for p in (step.plan(text, fmt) for step in steps) if p is not None), None)
            key = (plan.step, plan.action) if plan else ("-", "none")
            row = totals.setdefault(key, [0, 0])
            row[0] += 1
            row[1] += plan.characters if plan else 0
        for (step, action), (segments, characters) in totals.items():
            self.costs.append(CostRow(lang, step, action, segments, characters))

    def _draft(self, lang: str, steps: list[Step], groups: dict[str, list[tuple[int, Key]]],
               files: list[DraftFile], pending: Counter[int]) -> None:
        counts = {n: Counter[str]() for n in range(len(files))}
        engines = {s.translator.name for s in steps if isinstance(s, (EngineStep, PivotStep))}
        workers = min(MAX_WORKERS, max(1, sum(self.translators[e].settings.concurrency for e in engines)))
        total, done, failures, unsaved = len(groups), 0, 0, 0
        last_save, save_cost = time.monotonic(), 0.0

        def save() -> None:
            if self.cache is not None:
                self.cache.commit()  # first: answers received are kept even if a catalog cannot be saved
            if any(po.unsaved for po in files):
                with self.project.writing():
                    for po in files:
                        po.save()

        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"draft-{lang}")
        try:
            queue = iter(groups)
            running: dict[Future[_Outcome], str] = {}

            def feed() -> None:
                # Keep the pool busy without queueing every text: a stop leaves little to cancel.
                while len(running) < workers * 4:
                    text = next(queue, None)
                    if text is None:
                        return
                    running[pool.submit(self._chain, steps, text, files[groups[text][0][0]].fmt)] = text

            feed()
            while running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    text = running.pop(future)
                    outcome = future.result()
                    for number, key in groups[text]:
                        if outcome.draft is not None:
                            files[number].add(key, outcome.draft, outcome.step or "-")
                        elif outcome.failures or outcome.stopped:
                            counts[number]["failed"] += 1
                        else:
                            counts[number]["no_draft"] += 1
                    for message in outcome.failures:
                        if message not in self.messages and len(self.messages) < 20:
                            self.messages.append(message)
                    failures += bool(outcome.draft is None and (outcome.failures or outcome.stopped))
                    done += 1
                    unsaved += 1
                    if self.progress is not None:
                        self.progress(DraftProgress(lang, done, total, failures, outcome.step))
                if unsaved >= self.batch_size and time.monotonic() - last_save >= SAVE_COST_FACTOR * save_cost:
                    started = time.monotonic()
                    save()
                    unsaved, last_save = 0, time.monotonic()
                    save_cost = last_save - started
                feed()
        except BaseException:
            self.stop.set()
            pool.shutdown(wait=False, cancel_futures=True)
            save()
            raise
        pool.shutdown(wait=True)
        save()
        for number, po in enumerate(files):
            self.catalogs.append(CatalogDraft(
                lang, po.doc, po.path, pending[number], sum(po.drafted.values()), counts[number]["no_draft"],
                counts[number]["failed"], dict(po.drafted), po.written, po.skipped,
            ))

    def _chain(self, steps: list[Step], text: str, fmt: Format) -> _Outcome:
        """Try each step in order (in a worker thread); the first draft wins."""
        failures: list[str] = []
        stopped = False
        last = None
        for step in steps:
            if self.stop.is_set():
                break
            last = step.name
            try:
                found = step.draft(text, fmt)
            except EngineStopped:
                stopped = True
                continue
            except EngineFailure as exc:
                failures.append(str(exc))
                continue
            if found is not None:
                return _Outcome(found, step.name, tuple(failures))
        return _Outcome(None, last, tuple(failures), stopped)
