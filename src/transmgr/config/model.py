"""The configuration's model: the settings of a project, validated (:mod:`.loading` makes them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transmgr.config.options import API_KEY_ENV, CONCURRENCY, RETRIES, TIMEOUT, URL, Option

CONFIG_FILE = "transmgr.toml"
PYPROJECT_FILE = "pyproject.toml"
SEGMENTATION_LEVELS = ("paragraph", "sentence")
UNTRANSLATED_POLICIES = ("fallback", "omit", "fail")
# The editions a build makes of each document by default: in the source's own format (a Markdown
# file, a Word document, a web page, a text), HTML, text, and the compiled catalog. The edition
# formats there are, and the names build.formats takes, are the build's table
# (transmgr.workflows.build.model.EDITIONS).
BUILD_FORMATS = ("source", "html", "txt", "mo")



@dataclass(frozen=True)
class ServeSettings:
    """The ``[serve]`` table: who may review which languages in the browser, and how links look."""

    reviewers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    translators: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # may edit and suggest, not accept
    base_url: str | None = None  # the public address behind a reverse proxy, for invite links
    secure_cookies: bool = False  # send the session cookie over HTTPS only (set behind a TLS proxy)
    git_commit_every: float = 0.0  # [serve.git] commit_every: seconds between commits of the reviewers' work (0: off)
    git_remote: str | None = None  # [serve.git] remote: fetch, merge and push through it (None: commit only)


@dataclass(frozen=True)
class ReviewSettings:
    """The ``[review]`` table: rules every review tool keeps."""

    four_eyes: bool = False  # nobody accepts a translation whose text they wrote last


@dataclass(frozen=True)
class LimitSettings:
    """The ``[limits]`` table: what a source document may cost (see :mod:`transmgr.formats.limits`)."""

    source_mb: float = 10.0  # a Markdown, text or web page source
    part_mb: float = 100.0  # one part of a Word file, inflated


@dataclass(frozen=True)
class WordSettings:
    """The ``[word]`` table: which paragraph and character styles of a Word document are code (never
    offered; None: transmgr's list, :data:`transmgr.formats.word.package.CODE_STYLES`)."""

    code_styles: tuple[str, ...] | None = None
    monospaced: bool = True  # text in a monospaced font (Courier, Consolas...) is code too


@dataclass(frozen=True)
class EngineSettings:
    """One ``[engines.<name>]`` table. Its keys are options (:mod:`transmgr.config.options`); those
    with a field here are checked on load, the others stay in ``options`` as written until
    :func:`transmgr.engines.settings.check_settings` checks them, with the engine, before a draft.

    ``written`` names the keys the table holds, in order.
    """

    name: str
    url: str | None = URL.default
    api_key_env: str | None = API_KEY_ENV.default
    timeout: float = TIMEOUT.default
    concurrency: int = CONCURRENCY.default
    retries: int = RETRIES.default
    options: Mapping[str, Any] = field(default_factory=dict)
    written: tuple[str, ...] = ()

    def value(self, option: Option) -> Any:
        """The value of ``option`` (one without a field) in the table, else the default ``option`` declares."""
        return self.options.get(option.name, option.default)


@dataclass(frozen=True)
class BuildSettings:
    """The ``[build]`` table: formats, completeness thresholds and the untranslated policy."""

    formats: tuple[str, ...] = BUILD_FORMATS
    threshold: float = 80.0
    thresholds: Mapping[str, float] = field(default_factory=dict)
    untranslated: str = "fallback"
    min_score: float | None = None  # the lowest document score (assessments) a language is published with

    def threshold_for(self, lang: str) -> float:
        """The completeness threshold (percent of source words) for ``lang``."""
        return float(self.thresholds.get(lang, self.threshold))


@dataclass(frozen=True)
class AssessSettings:
    """The ``[assess]`` table: the language-model judge (an ``[engines.<name>]`` table with
    ``engine = "openai"``) and, optionally, instructions of one's own."""

    engine: str | None = None
    prompt: str | None = None  # a file of instructions replacing the judge's default ones


@dataclass(frozen=True)
class CheckSettings:
    """The ``[checks]`` table."""

    disabled: tuple[str, ...] = ()
    max_length_ratio: float = 2.5
    min_length_ratio: float = 0.4


@dataclass(frozen=True)
class Config:
    """A validated project configuration; paths are absolute."""

    root: Path
    config_path: Path
    source_language: str
    languages: tuple[str, ...]
    source_dir: Path
    locales_dir: Path
    build_dir: Path
    cache_dir: Path
    segmentation: str = "paragraph"
    reviewer: str | None = None
    glossary: Path | None = None
    engines: Mapping[str, EngineSettings] = field(default_factory=dict)
    chains: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    default_chain: tuple[str, ...] = ("memory",)
    draft_batch_size: int = 50
    draft_brief: Path | None = None  # the translation brief sent to language models
    draft_references: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # sister languages per language
    draft_exact_memory: str = "draft"  # or "translated": exact memory matches of reviewed translations
    build: BuildSettings = field(default_factory=BuildSettings)
    checks: CheckSettings = field(default_factory=CheckSettings)
    serve: ServeSettings = field(default_factory=ServeSettings)
    review: ReviewSettings = field(default_factory=ReviewSettings)
    limits: LimitSettings = field(default_factory=LimitSettings)
    word: WordSettings = field(default_factory=WordSettings)
    assess: AssessSettings = field(default_factory=AssessSettings)

    @property
    def target_languages(self) -> tuple[str, ...]:
        """Languages other than the source language."""
        return tuple(lang for lang in self.languages if lang != self.source_language)

    def chain_for(self, lang: str) -> tuple[str, ...]:
        """The draft fallback chain for ``lang``."""
        return self.chains.get(lang, self.default_chain)

    def engine(self, name: str) -> EngineSettings:
        """Settings for engine ``name`` (defaults when the project has no table for it)."""
        return self.engines.get(name, EngineSettings(name=name))
