"""The draft workflow: fill untranslated entries from each language's chain of memory, pivots and engines.

Only untranslated entries are drafted: an entry a person translated or reviewed, or an existing
draft, is never touched, so running again resumes where an interrupted run stopped. Requests run
concurrently (each engine bounded by its ``concurrency``); results are applied in the calling
thread and every catalog is saved atomically after each batch (``[draft] batch_size`` entries,
stretched on large catalogs so that saving takes at most a tenth of the run), so a killed run
loses at most the batch in flight. A PO file someone changed while the run went on (a review, an
edit in a PO editor) is read again before saving, and this run's drafts go only into the entries
that are still untranslated there. A dry run is the same run with nothing sent (:mod:`.phases`).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence

from transmgr.catalog import Catalog, read_catalog
from transmgr.config import Config, config_line, path_setting
from transmgr.engines.base import Step, Translator
from transmgr.engines.cache import CACHE_FILE, TranslationCache
from transmgr.engines.memory import TranslationMemory, human_units, read_tmx
from transmgr.engines.memory_store import MemoryUnit, files_signature, open_store
from transmgr.engines.pivot import PivotStep, pivot_texts
from transmgr.engines.registry import (
    MEMORY,
    PIVOT,
    MissingKey,
    StepSpec,
    chain_keys,
    check_engine_tables,
    create_translator,
    memory_sources,
    parse_step,
)
from transmgr.errors import ConfigError, LanguageError
from transmgr.workflows.draft.phases import DraftRun
from transmgr.workflows.draft.report import CatalogDraft, DraftReport, Progress
from transmgr.workflows.project import Project

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
    keyless: dict[str, MissingKey] = {}
    notices: list[str] = []
    for lang, chain in specs.items():
        kept = []
        for spec in chain:
            if spec.engine is not None:
                if spec.engine not in translators and spec.engine not in keyless:
                    try:
                        translators[spec.engine] = create_translator(config, spec.engine, stop=stop, environ=environ)
                    except MissingKey as exc:
                        if engine is not None or len(chain) == 1:
                            raise  # the step asked for, or the chain's only one: nothing to draft without it
                        keyless[spec.engine] = exc
                if spec.engine in keyless:
                    notices.append(_skipped_step(config, lang, spec.text, keyless[spec.engine]))
                    continue
                translators[spec.engine].adapter.check_pair(spec.via or config.source_language, lang)
            kept.append(spec)
        specs[lang] = kept
        if engine is None and config.chains and lang not in config.chains and config.default_chain == (MEMORY,):
            notices.append(f"{lang} has no chain: drafts come from the translation memory only "
                           f"(add {lang} = [\"memory\", \"llm\"] under [draft.chains], or set [draft] default_chain)")
    cache_path = config.cache_dir / CACHE_FILE
    # The engines' cache; a chain of the memory and pivots without engines needs none (nor a
    # writable cache folder).
    cache = None if (dry_run and not cache_path.exists()) or not translators else TranslationCache(cache_path)
    for translator in translators.values():
        translator.cache = cache
    run = DraftRun(project, cache, stop, translators, progress, limit)
    run.redraft, run.show_prompt = redraft_merged, show_prompt
    try:
        for lang in languages:
            run.language(lang, documents, chain_steps(project, lang, specs[lang], translators), dry_run)
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
        prompts=tuple(run.prompts), advice=_advice(config, specs, run.catalogs, dry_run), notices=tuple(notices),
    )


def _skipped_step(config: Config, lang: str, step: str, why: MissingKey) -> str:
    """One line: the chain step left out of this run, at the chain's line, and why."""
    line = config_line(config, chain_keys(config, lang))
    where = f"{config.config_path}:{line}: " if line else ""
    return f"{where}{lang}: step '{step}' skipped: {why.message} ({why.hint}); the chain's other steps draft"


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


def chain_steps(project: Project, lang: str, specs: list[StepSpec], translators: Mapping[str, Translator]) -> list[Step]:
    """The steps of ``lang``'s chain: the translation memory (this project's reviewed work and the TMX
    files configured), pivots through a sister language, and engines, each making its own step (a
    language model one that takes batches with the document's context)."""
    config = project.config
    steps: list[Step] = []
    for spec in specs:
        if spec.kind == MEMORY:
            steps.append(_memory(project, lang))
        elif spec.kind == PIVOT:
            assert spec.via is not None and spec.engine is not None
            texts = pivot_texts(_catalogs_of(project, spec.via))
            steps.append(PivotStep(spec.via, texts, translators[spec.engine], lang))
        else:
            assert spec.engine is not None
            translator = translators[spec.engine]
            steps.append(translator.adapter.step(translator, config.source_language, lang,
                                                 _prompt_file(config, spec.engine)))
    return steps


def _memory(project: Project, lang: str) -> TranslationMemory:
    """``lang``'s translation memory: this project's human translations and the TMX files configured,
    kept on disk between runs (engines/memory_store.py): read again only when those files change."""
    config = project.config
    tmx_files, min_score = memory_sources(config)

    def read_units() -> list[MemoryUnit]:
        units = human_units(_catalogs_of(project, lang), lambda c: project.relative(c.path) if c.path else "")
        for path in tmx_files:
            units += read_tmx(path, config.source_language, lang, project.relative(path))
        return units

    exact = config.draft_exact_memory == "translated"
    files = [project.po_path(lang, doc) for doc in project.catalog_docs(lang)] + list(tmx_files)
    signature = files_signature(files, f"{config.source_language} {lang} {min_score!r}")
    stored = open_store(config.cache_dir / "memory" / f"{lang}.sqlite", signature, min_score / 100, read_units)
    if isinstance(stored, list):  # a cache folder that cannot be written: the memory in this process
        return TranslationMemory(stored, min_score, exact_translated=exact)
    return TranslationMemory((), min_score, exact_translated=exact, stored=stored)


def _catalogs_of(project: Project, lang: str) -> list[Catalog]:
    """Every catalog of ``lang``, those of documents that are gone included (their reviews count)."""
    return [read_catalog(project.po_path(lang, doc)) for doc in project.catalog_docs(lang)]
