"""Assess: a language-model judge reads the translations of each document with their context and
writes what it finds into the PO file (:mod:`transmgr.catalog.assessment`).

Translated, reviewed, stale and draft units are sent while they have no current assessment: one
assessed and unchanged since is never sent again (the PO file is the record; the engines' cache
keeps verdicts too, so a text that comes back is not sent either). Batches follow each document in
order with the project brief, the document's title, the neighbouring segments and their
translations, the glossary terms and the reviewed translations in the sister languages. Verdicts
are written through the review core (action ``assess``), only on the translation the judge read;
a translation changed meanwhile keeps no verdict. A reply that cannot be used changes no file.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from transmgr.catalog import Catalog, State, Unit
from transmgr.config import config_error, path_setting
from transmgr.engines.base import AnswerProblem, EngineFailure, EngineStopped
from transmgr.engines.cache import CACHE_FILE, TranslationCache
from transmgr.engines.llm.judge import Judge, JudgeBatch, JudgeItem, make_judge_item
from transmgr.engines.registry import adapter_class, adapter_kind, check_engine_tables, create_translator
from transmgr.errors import ConfigError, LanguageError
from transmgr.formats import Format
from transmgr.workflows.draft.context import NEIGHBOURS, DocumentContext
from transmgr.workflows.project import Project
from transmgr.workflows.review.core import ReviewCore
from transmgr.workflows.review.identity import acting_person
from transmgr.workflows.review.requests import Actor, Request, Role

_ASSESSED_STATES = (State.DRAFT, State.TRANSLATED, State.REVIEWED, State.STALE)


@dataclass(frozen=True)
class AssessProgress:
    lang: str
    done: int
    total: int


@dataclass(frozen=True)
class CatalogAssessment:
    """What a run did to one PO file: units to assess, assessed (clean or with errors by severity),
    verdicts not written because the translation changed meanwhile, units the judge's own model
    drafted, and, in a dry run, the requests and tokens it would take."""

    lang: str
    doc: str
    path: Path
    pending: int
    assessed: int = 0
    clean: int = 0
    errors: Mapping[str, int] = field(default_factory=dict)
    skipped: int = 0
    own_drafts: int = 0
    requests: int = 0
    tokens: int = 0  # estimated in a dry run; what the endpoint reported otherwise


@dataclass(frozen=True)
class AssessReport:
    catalogs: tuple[CatalogAssessment, ...]
    judge: str
    dry_run: bool = False
    warnings: tuple[str, ...] = ()
    failures: tuple[str, ...] = ()

    @property
    def requests(self) -> int:
        return sum(c.requests for c in self.catalogs)

    @property
    def tokens(self) -> int:
        return sum(c.tokens for c in self.catalogs)


def judge_name(project: Project) -> str:
    """The engine that judges: ``[assess] engine``, a language model (``engine = "openai"``)."""
    config = project.config
    name = config.assess.engine
    if not name:
        raise ConfigError("no judge is configured", path=config.config_path,
                          hint='add [assess] engine = "judge" and an [engines.judge] table with engine = "openai", '
                               "base_url and model (see docs/review.md)")
    kind = adapter_kind(config, name)
    if kind is None or not adapter_class(kind).batched:
        raise config_error(config, ("assess", "engine"), f"assess.engine = {name!r} is not a language model",
                           f'name an [engines.{name}] table with engine = "openai"')
    return name


def wants_assessment(unit: Unit) -> bool:
    """A translated unit (a draft too) whose translation has no current assessment."""
    if unit.obsolete or not unit.msgid or unit.msgid_plural is not None or unit.state not in _ASSESSED_STATES:
        return False
    found = unit.assessment
    return found is None or not found.current


def assess(project: Project, langs: Sequence[str] | None = None, docs: Sequence[str] | None = None, *,
           dry_run: bool = False, progress: Callable[[AssessProgress], None] | None = None,
           environ: Mapping[str, str] | None = None) -> AssessReport:
    """Assess the translations of ``langs`` (default: every target language) in ``docs``."""
    config = project.config
    name = judge_name(project)
    check_engine_tables(config)
    languages = _languages(project, langs)
    documents = project.documents(list(docs) if docs else None)
    prompt = None
    if config.assess.prompt:
        path = path_setting(config, ("assess", "prompt"), config.assess.prompt)
        try:
            prompt = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise config_error(config, ("assess", "prompt"), f"assess.prompt {path.name}: cannot be read") from exc
    stop = threading.Event()
    translator = create_translator(config, name, stop=stop, environ=environ)
    cache_path = config.cache_dir / CACHE_FILE
    cache = None if dry_run and not cache_path.exists() else TranslationCache(cache_path)
    translator.cache = cache
    model = str(getattr(translator.adapter, "model", name))
    catalogs: list[CatalogAssessment] = []
    warnings: list[str] = []
    failures: list[str] = []
    try:
        for lang in languages:
            judge = Judge(translator, config.source_language, lang, prompt)
            context = DocumentContext(project, lang)
            core = None if dry_run else ReviewCore(project, lang, Actor(acting_person(project), Role.TOOL, "assess"))
            for doc in documents:
                catalog = project.load_catalog(lang, doc.name)
                if catalog is None:
                    continue
                run = _DocumentRun(project, judge, context, core, lang, doc.name, catalog, project.format_of(doc))
                catalogs.append(run.go(dry_run, progress, warnings, failures))
                if failures and translator.stopped:
                    break
    finally:
        stop.set()
        translator.close()
        if cache is not None:
            cache.close()
    own = sum(c.own_drafts for c in catalogs)
    if own:
        warnings.insert(0, f"{own} unit(s) were drafted by {model}, the judge's own model: a judge should not "
                           "grade its own work (configure another model in [assess])")
    return AssessReport(tuple(catalogs), model, dry_run, tuple(warnings), tuple(failures))


def _languages(project: Project, langs: Sequence[str] | None) -> tuple[str, ...]:
    config = project.config
    if not langs:
        return config.target_languages
    selected = project.languages(list(langs))
    if config.source_language in selected:
        raise LanguageError(f"'{config.source_language}' is the source language: its catalog has no translations "
                            "to assess")
    return selected


class _DocumentRun:
    """One catalog's assessment: its units in batches, in document order."""

    def __init__(self, project: Project, judge: Judge, context: DocumentContext, core: ReviewCore | None,
                 lang: str, doc: str, catalog: Catalog, fmt: Format) -> None:
        self.project, self.judge, self.context, self.core = project, judge, context, core
        self.lang, self.doc, self.catalog, self.fmt = lang, doc, catalog, fmt

    def go(self, dry_run: bool, progress: Callable[[AssessProgress], None] | None, warnings: list[str],
           failures: list[str]) -> CatalogAssessment:
        entries = [u for u in self.catalog.active() if u.msgid]
        wanted = [(n, u) for n, u in enumerate(entries) if wants_assessment(u)]
        own = sum(1 for _, u in wanted if (u.origin or "").startswith(f"llm {self.judge.model}"))
        path = self.project.po_path(self.lang, self.doc)
        result = CatalogAssessment(self.lang, self.doc, path, len(wanted), own_drafts=own)
        batches = self._batches(entries, wanted)
        if dry_run:
            fresh = [dataclasses.replace(b, items=tuple(i for i in b.items if self.judge.cached(b, i) is None))
                     for b in batches]
            to_send = [b for b in fresh if b.items]
            return dataclasses.replace(result, requests=len(to_send),
                                       tokens=sum(sum(self.judge.request_tokens(b)) for b in to_send))
        assert self.core is not None
        units = {str(n + 1): u for n, u in wanted}
        errors: dict[str, int] = {}
        assessed = clean = skipped = requests = tokens = done = 0
        for batch in batches:
            try:
                sent_before = self.judge.translator.requests
                verdicts = self.judge.assess(batch)
                requests += self.judge.translator.requests - sent_before
            except (EngineFailure, EngineStopped) as exc:
                if str(exc) not in failures:
                    failures.append(str(exc))
                break
            except AnswerProblem as exc:  # an answer that is not usable: nothing written, said once
                if f"{self.judge.name}: {exc.message}" not in failures:
                    failures.append(f"{self.judge.name}: {exc.message}")
                break
            tokens += verdicts.tokens or 0
            warnings += [f"{self.lang}/{self.doc}: {w}" for w in verdicts.warnings]
            wanted_requests = [Request(self.doc, units[i].uid, "assess", seen=units[i].revision, errors=found,
                                       judge=self.judge.model, digest=units[i].digest)
                               for i, found in verdicts.errors.items() if i in units]
            applied = self.core.apply(wanted_requests, all_or_nothing=False) if wanted_requests else None
            if applied is not None:
                for outcome in applied.changed:
                    found = outcome.request.errors or ()
                    assessed += 1
                    clean += not found
                    for error in found:
                        errors[error.severity] = errors.get(error.severity, 0) + 1
                skipped += len(applied.conflicts)
            done += len(batch.items)
            if progress is not None:
                progress(AssessProgress(self.lang, done, len(wanted)))
        return dataclasses.replace(result, assessed=assessed, clean=clean, errors=errors, skipped=skipped,
                                   requests=requests, tokens=tokens)

    def _batches(self, entries: list[Unit], wanted: list[tuple[int, Unit]]) -> list[JudgeBatch]:
        items: list[tuple[int, JudgeItem]] = []
        for n, unit in wanted:
            references = {}
            for sister in self.context.sisters:
                text = self.context.reviewed(sister, self.doc).get(unit.key)
                if text:
                    references[sister] = text
            item = make_judge_item(str(n + 1), unit.msgid, unit.msgstr, self.fmt, kind=unit.kind, references=references)
            if item is not None:
                items.append((n, item))
        if not items:
            return []
        whole = JudgeBatch(self.context.source_lang, self.lang, self.doc, self.context.title(self.catalog, self.doc),
                           tuple(i for _, i in items), brief=self.context.brief)
        position = {item.id: n for n, item in items}
        asked_ids = {item.id for _, item in items}
        out = []
        for batch in self.judge.split(whole):
            first, last = position[batch.items[0].id], position[batch.items[-1].id]

            def shown(unit: Unit) -> tuple[str, str | None]:
                return unit.msgid, unit.msgstr if unit.state in _ASSESSED_STATES and unit.msgstr else None

            before = tuple(shown(u) for k, u in enumerate(entries[max(0, first - NEIGHBOURS):first])
                           if str(max(0, first - NEIGHBOURS) + k + 1) not in asked_ids)
            after = tuple(shown(u) for k, u in enumerate(entries[last + 1:last + 1 + NEIGHBOURS])
                          if str(last + 2 + k) not in asked_ids)
            hits = self.context.glossary_hits(batch.items)  # type: ignore[arg-type]  # items with a .source
            out.append(dataclasses.replace(batch, before=before, after=after, glossary=hits))
        return out
