"""One draft run across languages: the chain cut into phases (steps that take one text at a time,
then a step that takes whole batches, such as a language model), each phase run concurrently or,
in a dry run, planned with the same cut and nothing sent. Every draft is saved through the review
core, in batches (see :mod:`transmgr.workflows.draft`)."""

from __future__ import annotations

import contextlib
import dataclasses
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, as_completed, wait
from dataclasses import dataclass, field

from transmgr.engines.base import BatchStep, Draft, EngineFailure, EngineStep, EngineStopped, Step, Translator
from transmgr.engines.cache import TranslationCache
from transmgr.engines.llm import Batch, BatchResult
from transmgr.engines.pivot import PivotStep
from transmgr.formats import Format
from transmgr.workflows.draft.context import DocumentContext
from transmgr.workflows.draft.file import DraftFile, Key
from transmgr.workflows.draft.report import CatalogDraft, CostRow, DraftProgress, Progress, Prompt
from transmgr.workflows.project import Project, SourceDocument
from transmgr.workflows.review.core import ReviewCore
from transmgr.workflows.review.identity import acting_person
from transmgr.workflows.review.requests import Actor, Role
from transmgr.workflows.review.rules import wants_draft

MAX_WORKERS = 64
# Saving rewrites whole catalogs, so a batch also lasts at least this many times the last save:
# a run over a large catalog served from the cache does not spend its time rewriting the file,
# while small catalogs are still saved every batch_size entries.
SAVE_COST_FACTOR = 10


@dataclass(frozen=True)
class _Outcome:
    draft: Draft | None
    step: str | None
    failures: tuple[str, ...] = ()
    stopped: bool = False


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


def _phases(steps: list[Step]) -> list[list[Step] | BatchStep]:
    """The chain cut where a batch step stands (a language model: whole batches with their context);
    the others take one text each."""
    phases: list[list[Step] | BatchStep] = []
    for step in steps:
        if isinstance(step, BatchStep):
            phases.append(step)
        elif phases and isinstance(phases[-1], list):
            phases[-1].append(step)
        else:
            phases.append([step])
    return phases


class DraftRun:
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


    # -- one language -----------------------------------------------------------------------------

    def language(self, lang: str, documents: Sequence[SourceDocument], steps: list[Step], dry_run: bool) -> None:
        """Draft ``lang``'s untranslated entries with ``steps``, phase by phase; a dry run goes through
        the same phases and plans instead of sending."""
        files = [DraftFile(doc.name, self.project.po_path(lang, doc.name), self.project.format_of(doc))
                 for doc in documents]
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
            self._plan(lang, steps, files, groups)
            self.catalogs += [CatalogDraft(lang, po.doc, po.path, pending[n]) for n, po in enumerate(files)]
            return
        self._draft(lang, steps, groups, files, pending)

    def _plan(self, lang: str, steps: list[Step], files: list[DraftFile], groups: dict[str, list[tuple[int, Key]]]) -> None:
        """The dry run: each phase plans the texts the phases before it left (memory first: a text it
        has is not counted again for the engine after it)."""
        left = dict(groups)
        totals: dict[tuple[str, str], list[int]] = {}
        for phase in _phases(steps):
            if isinstance(phase, list):
                for text in list(left):
                    fmt = files[left[text][0][0]].fmt
                    plan = next((p for p in (step.plan(text, fmt) for step in phase) if p is not None), None)
                    if plan is not None:
                        del left[text]
                        row = totals.setdefault((plan.step, plan.action), [0, 0])
                        row[0] += 1
                        row[1] += plan.characters
            else:
                self._plan_batches(lang, phase, files, left)
                left = {}
        if left:
            totals[("-", "none")] = [len(left), 0]
        for (step, action), (segments, characters) in totals.items():
            self.costs.append(CostRow(lang, step, action, segments, characters))

    def _plan_batches(self, lang: str, step: BatchStep, files: list[DraftFile],
                      groups: dict[str, list[tuple[int, Key]]]) -> None:
        """Dry run of a batch step: requests and estimated tokens per document, the prompts if asked."""
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
                    self.prompts.append(Prompt(lang, po.doc, step.name, tuple(step.messages(sent))))
            if segments:
                self.costs.append(CostRow(lang, step.name, "send", segments, characters, po.doc, requests, tokens))
            if cached:
                self.costs.append(CostRow(lang, step.name, "cached", cached, 0, po.doc))

    def _draft(self, lang: str, steps: list[Step], groups: dict[str, list[tuple[int, Key]]],
               files: list[DraftFile], pending: Counter[int]) -> None:
        state = _LanguageState(lang, files, len(groups))
        state.core = ReviewCore(self.project, lang, Actor(self.actor, Role.TOOL, "draft"))
        left = dict(groups)
        for phase in _phases(steps):
            if not left or self.stop.is_set():
                break
            if isinstance(phase, BatchStep):
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
            with self.project.writing([(state.lang, po.doc) for po in state.files if po.unsaved]):
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

    def _batch_phase(self, state: _LanguageState, step: BatchStep, left: dict[str, list[tuple[int, Key]]]) -> None:
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

    def _run_batch(self, step: BatchStep, batch: Batch) -> tuple[BatchResult | None, str | None]:
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
