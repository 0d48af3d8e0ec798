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

import contextlib
import dataclasses
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, as_completed, wait
from dataclasses import dataclass, field
from pathlib import Path

from transmgr.catalog import Catalog, read_catalog
from transmgr.config import Config, config_line, path_setting
from transmgr.engines.base import Draft, EngineFailure, EngineStep, EngineStopped, Step, Translator
from transmgr.engines.cache import CACHE_FILE, TranslationCache
from transmgr.engines.llm import Batch, BatchResult, LlmStep, messages
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
from transmgr.errors import ConfigError, LanguageError
from transmgr.formats import Format
from transmgr.workflows.draft_context import DocumentContext
from transmgr.workflows.draft_file import DraftFile, Key
from transmgr.workflows.project import Project, SourceDocument
from transmgr.workflows.review.core import Actor, ReviewCore, Role, wants_draft
from transmgr.workflows.review.identity import acting_person

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
    problems: tuple[tuple[str, str, str], ...] = ()  # (segment id, msgid, why no draft) from a language model


@dataclass(frozen=True)
class CostRow:
    """Dry run: the segments and characters a step would handle (``send``, ``cached``, ``offline``, ``none``);
    for a language model also the document, the requests and the estimated tokens."""

    lang: str
    step: str
    action: str
    segments: int
    characters: int
    doc: str = ""
    requests: int = 0
    tokens: int = 0


@dataclass(frozen=True)
class Prompt:
    """Dry run with ``show_prompt``: the messages of one request a language model would get."""

    lang: str
    doc: str
    step: str
    messages: tuple[dict[str, str], ...]


@dataclass(frozen=True)
class DraftReport:
    """The result of ``draft``: per catalog, the dry-run costs, engines stopped, failure messages."""

    catalogs: tuple[CatalogDraft, ...]
    costs: tuple[CostRow, ...] = ()
    stopped: Mapping[str, str] = field(default_factory=dict)
    failures: tuple[str, ...] = ()
    requests: int = 0
    dry_run: bool = False
    prompts: tuple[Prompt, ...] = ()
    advice: str | None = None  # what to configure when nothing could be drafted

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


@dataclass
class _LanguageState:
    """One language's run across its phases: catalogs, counts, progress, when it last saved."""

    lang: str
    files: list[DraftFile]
    total: int
    done: int = 0
    unsaved: int = 0
    last_save: float = field(default_factory=time.monotonic)
    save_cost: float = 0.0
    failed_texts: set[str] = field(default_factory=set)
    counts: dict[int, Counter[str]] = field(default_factory=dict)
    problems: dict[int, list[tuple[str, str, str]]] = field(default_factory=dict)
    core: ReviewCore | None = None  # the review core the drafts are saved through

    def __post_init__(self) -> None:
        self.counts = {n: Counter[str]() for n in range(len(self.files))}
        self.problems = {n: [] for n in range(len(self.files))}


def _phases(steps: list[Step]) -> list[list[Step] | LlmStep]:
    """The chain cut where a language model stands: it takes whole batches, the others one text each."""
    phases: list[list[Step] | LlmStep] = []
    for step in steps:
        if isinstance(step, LlmStep):
            phases.append(step)
        elif phases and isinstance(phases[-1], list):
            phases[-1].append(step)
        else:
            phases.append([step])
    return phases


ADVICE = """no machine engine is configured, and the translation memory had nothing for these entries.
Add an engine to transmgr.toml and put it in a chain, for example a language model:
  [engines.llm]
  engine = "openai"
  base_url = "http://127.0.0.1:11434/v1"   # Ollama; or https://api.openai.com/v1 with api_key_env
  model = "qwen2.5:14b"
  [draft.chains]
  {lang} = ["memory", "llm"]
or a translation service (engine = "libre", "deepl", "google"...): see docs/drafts.md."""


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
    redraft_merged: bool = False,
    show_prompt: bool = False,
) -> DraftReport:
    """Draft the untranslated entries of ``langs`` (default: every target language).

    ``engine`` replaces the configured chain by that one step; ``limit`` caps the entries
    drafted in this run; ``dry_run`` reports what would be sent and sends nothing (with
    ``show_prompt``, the messages a language model would get); ``redraft_merged`` also drafts
    again the drafts ``update`` carried over from an edited source (``fuzzy-merge``), giving a
    language model the previous source and its translation.
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
    run.redraft, run.show_prompt = redraft_merged, show_prompt
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
        prompts=tuple(run.prompts), advice=_advice(config, specs, run.catalogs, dry_run),
    )


def _advice(config: Config, specs: Mapping[str, list[StepSpec]], catalogs: list[CatalogDraft], dry_run: bool) -> str | None:
    """What to configure, when nothing could be drafted because no engine is in any chain."""
    if dry_run or config.engines or any(spec.engine for chain in specs.values() for spec in chain):
        return None
    left = [c for c in catalogs if c.pending and not c.drafted]
    if not left or any(c.drafted for c in catalogs):
        return None
    return ADVICE.format(lang=left[0].lang)


def _prompt_file(config: Config, engine: str) -> str | None:
    """The instructions of a language-model engine's ``prompt`` file, if it names one."""
    value = config.engine(engine).options.get("prompt")
    if not value:
        return None
    path = path_setting(config, ("engines", engine, "prompt"), value)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8"
        raise ConfigError(f"engines.{engine}.prompt {path.name}: {reason}", path=config.config_path,
                          line=config_line(config, ("engines", engine, "prompt")),
                          hint="write the instructions there, or remove 'prompt'") from exc


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
        self.prompts: list[Prompt] = []
        self.redraft = False
        self.show_prompt = False
        self.contexts: dict[str, DocumentContext] = {}
        self.actor = acting_person(project)


    # -- building the chain ---------------------------------------------------------------------

    def _catalogs_of(self, lang: str) -> list[Catalog]:
        """Every catalog of ``lang``, those of documents that are gone included (their reviews count)."""
        return [read_catalog(self.project.po_path(lang, doc)) for doc in self.project.catalog_docs(lang)]

    def _steps(self, lang: str, specs: list[StepSpec]) -> list[Step]:
        steps: list[Step] = []
        for spec in specs:
            if spec.kind == MEMORY:
                tmx_files, min_score = memory_sources(self.config)
                units = human_units(self._catalogs_of(lang), lambda c: self.project.relative(c.path) if c.path else "")
                for path in tmx_files:
                    units += read_tmx(path, self.config.source_language, lang, self.project.relative(path))
                steps.append(TranslationMemory(units, min_score,
                                               exact_translated=self.config.draft_exact_memory == "translated"))
            elif spec.kind == PIVOT:
                assert spec.via is not None and spec.engine is not None
                texts = pivot_texts(self._catalogs_of(spec.via))
                steps.append(PivotStep(spec.via, texts, self.translators[spec.engine], lang))
            else:
                assert spec.engine is not None
                translator = self.translators[spec.engine]
                if translator.adapter.kind == "openai":
                    steps.append(LlmStep(translator, self.config.source_language, lang, _prompt_file(self.config, spec.engine)))
                else:
                    steps.append(EngineStep(translator, self.config.source_language, lang))
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
                if entry.obsolete or not entry.msgid or not wants_draft(entry, redraft=self.redraft):
                    continue
                groups.setdefault(entry.msgid, []).append((number, entry.key))
                pending[number] += 1
                if self.left is not None:
                    self.left -= 1
        for po in files:
            po.redraft = self.redraft
        if dry_run:
            llm = next((step for step in steps if isinstance(step, LlmStep)), None)
            if llm is not None:
                self._plan_llm(lang, llm, files, groups)
            else:
                self._plan(lang, steps, [(text, files[places[0][0]].fmt) for text, places in groups.items()])
            self.catalogs += [CatalogDraft(lang, po.doc, po.path, pending[n]) for n, po in enumerate(files)]
            return
        self._draft(lang, steps, groups, files, pending)

    def _plan_llm(self, lang: str, step: LlmStep, files: list[DraftFile], groups: dict[str, list[tuple[int, Key]]]) -> None:
        """Dry run of a language model: requests and estimated tokens per document, the prompts if asked."""
        context = self._context(lang)
        for number, po in enumerate(files):
            texts = {text for text, places in groups.items() if places[0][0] == number}
            segments = requests = tokens = characters = cached = 0
            for batch, _ in context.batches(step, po, texts, self.redraft):
                fresh = [item for item in batch.items if step.cached(batch, item) is None]
                cached += len(batch.items) - len(fresh)
                if not fresh:
                    continue
                sent = dataclasses.replace(batch, items=tuple(fresh))
                prompt_tokens, answer_tokens = step.request_tokens(sent)
                segments += len(fresh)
                requests += 1
                tokens += prompt_tokens + answer_tokens
                characters += sum(len(item.protected.text) for item in fresh)
                if self.show_prompt:
                    self.prompts.append(Prompt(lang, po.doc, step.name, tuple(messages(sent, step.prompt))))
            if segments:
                self.costs.append(CostRow(lang, step.name, "send", segments, characters, po.doc, requests, tokens))
            if cached:
                self.costs.append(CostRow(lang, step.name, "cached", cached, 0, po.doc))

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
        state = _LanguageState(lang, files, len(groups))
        state.core = ReviewCore(self.project, lang, Actor(self.actor, Role.TOOL, "draft"))
        left = dict(groups)
        for phase in _phases(steps):
            if not left or self.stop.is_set():
                break
            if isinstance(phase, LlmStep):
                self._batch_phase(state, phase, left)
            else:
                self._text_phase(state, phase, left)
        for text, places in left.items():  # no step gave a draft
            failed = text in state.failed_texts
            for number, _ in places:
                state.counts[number]["failed" if failed else "no_draft"] += 1
        for number, po in enumerate(files):
            self.catalogs.append(CatalogDraft(
                lang, po.doc, po.path, pending[number], sum(po.drafted.values()), state.counts[number]["no_draft"],
                state.counts[number]["failed"], dict(po.drafted), po.written, po.skipped,
                tuple(state.problems[number]),
            ))

    def _save(self, state: _LanguageState, *, force: bool = False) -> None:
        """Save every catalog with unsaved drafts: at once when ``force``, else when a batch is due."""
        due = state.unsaved >= self.batch_size and time.monotonic() - state.last_save >= SAVE_COST_FACTOR * state.save_cost
        if not force and not due:
            return
        started = time.monotonic()
        if self.cache is not None:
            self.cache.commit()  # first: answers received are kept even if a catalog cannot be saved
        if any(po.unsaved for po in state.files):
            with self.project.writing():
                for po in state.files:
                    assert state.core is not None
                    po.save(state.core)
        state.unsaved, state.last_save = 0, time.monotonic()
        state.save_cost = state.last_save - started

    def _resolved(self, state: _LanguageState, text: str, places: list[tuple[int, Key]], found: Draft | None,
                  step: str | None) -> None:
        """A text got its draft (``found``) in this phase, or is left for the next one."""
        if found is not None:
            state.failed_texts.discard(text)
            for number, key in places:
                state.files[number].add(key, found, step or "-")
            state.done += 1
            state.unsaved += 1
            if self.progress is not None:
                self.progress(DraftProgress(state.lang, state.done, state.total, len(state.failed_texts), step))

    @contextlib.contextmanager
    def _pool(self, state: _LanguageState, workers: int, prefix: str) -> Iterator[ThreadPoolExecutor]:
        """A thread pool for one phase: on any interruption, stop, cancel what waits and save what came;
        at the end, wait for the pool and save."""
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"{prefix}-{state.lang}")
        try:
            yield pool
        except BaseException:
            self.stop.set()
            pool.shutdown(wait=False, cancel_futures=True)
            self._save(state, force=True)
            raise
        pool.shutdown(wait=True)
        self._save(state, force=True)

    def _text_phase(self, state: _LanguageState, steps: list[Step], left: dict[str, list[tuple[int, Key]]]) -> None:
        """Steps that take one text at a time (memory, pivots, translation services), in a thread pool."""
        engines = {s.translator.name for s in steps if isinstance(s, (EngineStep, PivotStep))}
        workers = min(MAX_WORKERS, max(1, sum(self.translators[e].settings.concurrency for e in engines)))
        files = state.files
        with self._pool(state, workers, "draft") as pool:
            queue = iter(list(left))
            running: dict[Future[_Outcome], str] = {}

            def feed() -> None:
                # Keep the pool busy without queueing every text: a stop leaves little to cancel.
                while len(running) < workers * 4:
                    text = next(queue, None)
                    if text is None:
                        return
                    running[pool.submit(self._chain, steps, text, files[left[text][0][0]].fmt)] = text

            feed()
            while running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    text = running.pop(future)
                    outcome = future.result()
                    if outcome.draft is None and (outcome.failures or outcome.stopped):
                        state.failed_texts.add(text)
                    for message in outcome.failures:
                        self._message(message)
                    if outcome.draft is not None:
                        self._resolved(state, text, left.pop(text), outcome.draft, outcome.step)
                self._save(state)
                feed()

    def _batch_phase(self, state: _LanguageState, step: LlmStep, left: dict[str, list[tuple[int, Key]]]) -> None:
        """A language model: batches of each document's segments with their context, concurrently."""
        context = self._context(state.lang)
        requests: list[tuple[int, Batch, dict[str, str]]] = []
        for number, po in enumerate(state.files):
            texts = {text for text, places in left.items() if places[0][0] == number}
            if texts:
                requests += [(number, batch, ids) for batch, ids in context.batches(step, po, texts, self.redraft)]
        workers = max(1, step.translator.settings.concurrency)
        with self._pool(state, workers, "llm") as pool:
            futures = {pool.submit(self._run_batch, step, batch): (number, batch, ids)
                       for number, batch, ids in requests}
            for future in as_completed(futures):
                number, _, ids = futures[future]
                result, failure = future.result()
                for item_id, text in ids.items():
                    if text not in left:
                        continue
                    found = result.drafts.get(item_id) if result else None
                    if found is not None:
                        self._resolved(state, text, left.pop(text), found, step.name)
                        continue
                    state.failed_texts.add(text)
                    reason = failure or (result.problems.get(item_id) if result else None) or "no draft"
                    state.problems[number].append((item_id, text, f"{step.name}: {reason}"))
                if failure:
                    self._message(failure)
                self._save(state)

    def _run_batch(self, step: LlmStep, batch: Batch) -> tuple[BatchResult | None, str | None]:
        if self.stop.is_set():
            return None, "interrupted"
        try:
            return step.draft_batch(batch), None
        except (EngineFailure, EngineStopped) as exc:
            return None, str(exc)

    def _context(self, lang: str) -> DocumentContext:
        found = self.contexts.get(lang)
        if found is None:
            found = self.contexts[lang] = DocumentContext(self.project, lang)
        return found

    def _message(self, message: str) -> None:
        if message not in self.messages and len(self.messages) < 20:
            self.messages.append(message)

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
