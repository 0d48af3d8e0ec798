"""Project configuration: ``[tool.transmgr]`` in pyproject.toml or ``transmgr.toml``, validated on load."""

from __future__ import annotations

import difflib
import math
import re
import sys
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transmgr.engines.options import API_KEY_ENV, CONCURRENCY, EVERY_OPTION, RETRIES, TIMEOUT, URL, Option
from transmgr.errors import ConfigError, LanguageError
from transmgr.languages import check_language
from transmgr.tomlpos import key_lines, line_of

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

CONFIG_FILE = "transmgr.toml"
PYPROJECT_FILE = "pyproject.toml"
SEGMENTATION_LEVELS = ("paragraph", "sentence")
UNTRANSLATED_POLICIES = ("fallback", "omit", "fail")
# The editions a build makes of each document: in the source's own format (a Markdown file, a Word
# document, a web page, a text), HTML, text, and the compiled catalog. "md" and "docx" name the
# source-format edition of the documents of that type only.
BUILD_FORMATS = ("source", "html", "txt", "mo")
FORMAT_CHOICES = ("source", "md", "docx", "html", "txt", "mo")

_TOP_KEYS = {
    "source_language", "languages", "source_dir", "locales_dir", "build_dir", "cache_dir",
    "segmentation", "reviewer", "glossary", "engines", "draft", "build", "checks", "serve", "review", "limits",
    "word",
}
_DRAFT_KEYS = {"chains", "default_chain", "batch_size", "brief", "references", "exact_memory"}
_BUILD_KEYS = {"formats", "threshold", "thresholds", "untranslated"}
_CHECK_KEYS = {"disabled", "max_length_ratio", "min_length_ratio"}
_SERVE_KEYS = {"reviewers", "translators", "base_url", "secure_cookies"}
_REVIEW_KEYS = {"four_eyes"}
_LIMIT_KEYS = {"source_mb", "part_mb"}


@dataclass(frozen=True)
class ServeSettings:
    """The ``[serve]`` table: who may review which languages in the browser, and how links look."""

    reviewers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    translators: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # may edit and suggest, not accept
    base_url: str | None = None  # the public address behind a reverse proxy, for invite links
    secure_cookies: bool = False  # send the session cookie over HTTPS only (set behind a TLS proxy)


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
    """One ``[engines.<name>]`` table. Its keys are options (:mod:`transmgr.engines.options`); those
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

    def threshold_for(self, lang: str) -> float:
        """The completeness threshold (percent of source words) for ``lang``."""
        return float(self.thresholds.get(lang, self.threshold))


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


def config_line(config: Config, keys: tuple[str, ...]) -> int:
    """The line of the key path ``keys`` in the configuration file (else of its closest written table)."""
    return _Locator.for_config(config.config_path).line_of(*keys)


def config_error(config: Config, keys: tuple[str, ...], message: str, hint: str | None = None) -> ConfigError:
    """A :class:`ConfigError` at the line of the key path ``keys`` (e.g. ``("engines", "libre", "url")``)
    in the project's configuration file, for values that only a higher layer can judge (check ids,
    engine settings); a key that is not written there names the closest table that is."""
    return _Locator.for_config(config.config_path).error(keys, message, hint)


def find_config(root: Path) -> tuple[Path, dict[str, Any]]:
    """Find and parse the configuration in ``root`` or, as git finds its repository, the nearest folder
    above it that has one: transmgr.toml first, then a pyproject.toml with [tool.transmgr]."""
    if not root.is_dir():
        raise ConfigError("project folder not found", path=root, hint="pass an existing folder to --project")
    for folder in (root, *root.parents):
        found = _config_in(folder)
        if found is not None:
            return found
    raise ConfigError(
        "no transmgr configuration found here or in any folder above",
        path=root,
        hint=f"run 'transmgr init' or add {CONFIG_FILE} or [tool.transmgr] to {PYPROJECT_FILE}",
    )


def _config_in(root: Path) -> tuple[Path, dict[str, Any]] | None:
    candidate = root / CONFIG_FILE
    if candidate.is_file():
        return candidate, _read_toml(candidate)
    pyproject = root / PYPROJECT_FILE
    if pyproject.is_file():
        data = _read_toml(pyproject)
        tool = data.get("tool")
        table = tool.get("transmgr") if isinstance(tool, dict) else None
        if table is not None and not isinstance(table, dict):
            raise ConfigError("[tool.transmgr] must be a table", path=pyproject,
                              line=_Locator(pyproject).line_of("tool", "transmgr"), hint="write it as [tool.transmgr]")
        if isinstance(table, dict):
            return pyproject, table
    return None


def load_config(root: str | Path) -> Config:
    """Load and validate the configuration of the project in ``root`` (or the nearest folder above it)."""
    path, data = find_config(Path(root).resolve())
    return parse_config(data, root=path.parent, path=path)


def parse_config(data: Mapping[str, Any], *, root: Path, path: Path) -> Config:
    """Validate a configuration mapping; every problem is a one-line :class:`ConfigError`."""
    where = _Locator.for_config(path)
    where.reject_unknown(data, _TOP_KEYS, "")
    if "source_language" not in data:
        raise where.error("source_language", "missing key 'source_language'", 'add source_language = "en"')
    source_language = _language(where, "source_language", data["source_language"])
    raw_langs = data.get("languages")
    if not isinstance(raw_langs, list) or not raw_langs:
        raise where.error("languages", "'languages' must be a non-empty list", 'e.g. languages = ["be", "ru"]')
    languages = tuple(_language(where, "languages", code) for code in raw_langs)
    if len(set(languages)) != len(languages):
        raise where.error("languages", "'languages' lists a language twice", "remove the duplicate")

    def folder(key: str, default: str) -> Path:
        value = data.get(key, default)
        if not isinstance(value, str) or not value:
            raise where.error(key, f"'{key}' must be a folder name", f'e.g. {key} = "{default}"')
        return (root / _path_text(where, (key,), value)).resolve()

    segmentation = data.get("segmentation", "paragraph")
    if segmentation not in SEGMENTATION_LEVELS:
        raise where.error("segmentation", f"segmentation must be one of {', '.join(SEGMENTATION_LEVELS)}, not {segmentation!r}")
    reviewer = data.get("reviewer")
    if reviewer is not None and (not isinstance(reviewer, str) or not reviewer.strip()):
        raise where.error("reviewer", "'reviewer' must be a non-empty string", 'e.g. reviewer = "Jane Doe <jane@example.org>"')
    glossary = data.get("glossary")
    if glossary is not None and (not isinstance(glossary, str) or not glossary):
        raise where.error("glossary", "'glossary' must be a file path")
    if glossary:
        _path_text(where, ("glossary",), glossary)

    folders = {key: folder(key, default) for key, default in
               (("source_dir", "source"), ("locales_dir", "locales"), ("build_dir", "build"), ("cache_dir", ".transmgr"))}
    _distinct_folders(where, root, folders)
    return Config(
        root=root,
        config_path=path,
        source_language=source_language,
        languages=languages,
        source_dir=folders["source_dir"],
        locales_dir=folders["locales_dir"],
        build_dir=folders["build_dir"],
        cache_dir=folders["cache_dir"],
        segmentation=segmentation,
        reviewer=reviewer.strip() if reviewer else None,
        glossary=(root / glossary).resolve() if glossary else None,
        engines=_engines(where, data.get("engines", {})),
        chains=_chains(where, data.get("draft", {}), languages),
        default_chain=_steps(where.table("draft"), "default_chain", data.get("draft", {}).get("default_chain", ["memory"])),
        draft_batch_size=_number(where.table("draft"), "batch_size", data.get("draft", {}).get("batch_size", 50),
                                 minimum=1, integer=True),
        draft_brief=_brief(where.table("draft"), root, data.get("draft", {})),
        draft_references=_references(where.table("draft"), data.get("draft", {}), languages),
        draft_exact_memory=_exact_memory(where.table("draft"), data.get("draft", {})),
        build=_build(where.table("build"), data.get("build", {}), languages),
        checks=_checks(where.table("checks"), data.get("checks", {})),
        serve=_serve(where.table("serve"), data.get("serve", {}), languages),
        review=_review(where.table("review"), data.get("review", {})),
        limits=_limits(where.table("limits"), data.get("limits", {})),
        word=_word(where.table("word"), data.get("word", {})),
    )


def _distinct_folders(where: _Locator, root: Path, folders: dict[str, Path]) -> None:
    """Source, locales, build and cache folders must be separate: build would otherwise delete or
    re-extract sources, and update would read its own output as documents."""
    items = list(folders.items())
    for key, path in items:
        if path == root:
            raise where.error(key, f"'{key}' cannot be the project folder itself", f"e.g. {key} = \"{key[:-4]}\"")
    for n, (key, path) in enumerate(items):
        for other, other_path in items[n + 1:]:
            if path == other_path or path in other_path.parents or other_path in path.parents:
                raise where.error(other, f"'{key}' and '{other}' overlap ({path.name}, {other_path.name})",
                                  "give each its own folder")


class _Locator:
    """Turns a key path into ``file:line`` (tomllib keeps no positions; :mod:`transmgr.tomlpos` finds them).

    Paths are relative to ``base``: the table this locator stands for. Whatever TOML style the
    user chose (headers, dotted keys, inline tables), an error names the line of the key, else of
    the closest table that holds it, else line 1.
    """

    def __init__(self, path: Path, base: tuple[str, ...] = (), found: dict[tuple[str, ...], int] | None = None) -> None:
        self.path = path
        self.base = base
        if found is None:
            try:
                found = key_lines(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                found = {}
        self.found = found

    @classmethod
    def for_config(cls, path: Path) -> _Locator:
        """The locator of a configuration file: its root, or ``[tool.transmgr]`` in pyproject.toml."""
        return cls(path, ("tool", "transmgr") if path.name == PYPROJECT_FILE else ())

    def table(self, *keys: str) -> _Locator:
        """A locator for the keys of the table ``keys`` below this one."""
        return _Locator(self.path, self.base + keys, self.found)

    def line_of(self, *keys: str) -> int:
        return line_of(self.found, self.base + keys) or line_of(self.found, self.base) or 1

    def error(self, key: str | tuple[str, ...], message: str, hint: str | None = None) -> ConfigError:
        keys = (key,) if isinstance(key, str) else key
        return ConfigError(message, path=self.path, line=self.line_of(*keys), hint=hint)

    def reject_unknown(self, table: Mapping[str, Any], known: Collection[str], prefix: str) -> None:
        if not isinstance(table, Mapping):
            raise self.error((), f"[{prefix}] must be a table")
        for key in table:
            if key not in known:
                close = difflib.get_close_matches(key, sorted(known), n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(sorted(known))}"
                name = f"{prefix}.{key}" if prefix else key
                raise self.error(key, f"unknown key '{name}'", hint)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_from_message(str(exc))
        if line is None and "end of document" in str(exc):
            line = max(1, len(path.read_text(encoding="utf-8", errors="replace").splitlines()))
        raise ConfigError(f"invalid TOML: {str(exc).split(' (at')[0]}", path=path, line=line) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError("not UTF-8 text", path=path, hint="save the file as UTF-8") from exc
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path=path) from exc


def _line_from_message(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def _path_text(where: _Locator, keys: tuple[str, ...], value: str) -> str:
    """A path written in the configuration; control characters (a NUL above all) cannot name a file."""
    bad = next((ch for ch in value if ord(ch) < 32 or ord(ch) == 127), None)
    if bad is not None:
        raise where.error(keys, f"'{'.'.join(keys)}' holds the control character U+{ord(bad):04X}, which no file name may",
                          "write the path without it")
    return value


def path_setting(config: Config, keys: tuple[str, ...], value: str) -> Path:
    """A path from the configuration made absolute against the project root, checked as :func:`_path_text` does."""
    return (config.root / _path_text(_Locator.for_config(config.config_path), keys, value)).resolve()


def _language(where: _Locator, key: str, code: Any) -> str:
    if not isinstance(code, str):
        raise where.error(key, f"language code must be a string, not {code!r}")
    try:
        check_language(code)
    except LanguageError as exc:
        raise where.error(key, exc.message, exc.hint) from exc
    return code


def _number(where: _Locator, key: str, value: Any, *, minimum: float, integer: bool = False) -> Any:
    kind = int if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kind) or not math.isfinite(value) or value < minimum:
        what = "a whole number" if integer else "a number"
        raise where.error(key, f"'{key}' must be {what} of at least {minimum}, not {value!r}")
    return value


_ENGINE_FIELDS = (URL, API_KEY_ENV, TIMEOUT, CONCURRENCY, RETRIES)


def _engines(outer: _Locator, table: Any) -> dict[str, EngineSettings]:
    """The ``[engines.<name>]`` tables: every key an option of some engine, the values of the
    options with a field in :class:`EngineSettings` checked.

    The other values, and whether the engine takes each key, are checked before a draft
    (:func:`transmgr.engines.settings.check_settings`): knowing an engine means importing it.
    """
    if not isinstance(table, Mapping):
        raise outer.error("engines", "[engines] must hold one table per engine", "e.g. [engines.libre]")
    result = {}
    for name, options in table.items():
        if not isinstance(options, Mapping):
            raise outer.error(("engines", name), f"[engines.{name}] must be a table")
        where = outer.table("engines", name)
        where.reject_unknown(options, EVERY_OPTION.keys(), f"engines.{name}")
        # None is not something TOML can write: a table built in code saying "not set".
        written = {key: value for key, value in options.items() if not (value is None and EVERY_OPTION[key].default is None)}
        fields = {}
        for option in _ENGINE_FIELDS:
            if option.name in written:
                problem = option.check(name, written[option.name])
                if problem is not None:
                    raise where.error(option.name, *problem)
                fields[option.name] = option.value(written[option.name])
        others = {key: value for key, value in written.items() if key not in fields}
        result[name] = EngineSettings(name, **fields, options=others, written=tuple(written))
    return result


def _steps(where: _Locator, key: str, steps: Any) -> tuple[str, ...]:
    if not isinstance(steps, list) or not all(isinstance(s, str) and s for s in steps):
        raise where.error(key, f"'{key}' must be a list of engine names", 'e.g. ["memory", "pivot:ru:google", "google"]')
    return tuple(steps)


def _chains(where: _Locator, table: Any, languages: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    draft = where.table("draft")
    draft.reject_unknown(table, _DRAFT_KEYS, "draft")
    chains = table.get("chains", {})
    if not isinstance(chains, Mapping):
        raise draft.error("chains", "[draft.chains] must map a language to a list of engines")
    for lang in chains:
        if lang not in languages:
            raise draft.error(("chains", lang), f"draft.chains names '{lang}', which is not in 'languages'")
    return {lang: _steps(draft.table("chains"), lang, steps) for lang, steps in chains.items()}


def _brief(where: _Locator, root: Path, table: Any) -> Path | None:
    brief = table.get("brief") if isinstance(table, Mapping) else None
    if brief is None:
        return None
    if not isinstance(brief, str) or not brief:
        raise where.error("brief", "draft.brief must be a file path", 'e.g. brief = "TRANSLATION.md"')
    return (root / _path_text(where, ("brief",), brief)).resolve()


def _exact_memory(where: _Locator, table: Any) -> str:
    value = table.get("exact_memory", "draft") if isinstance(table, Mapping) else "draft"
    if value not in ("draft", "translated"):
        raise where.error("exact_memory", f"draft.exact_memory must be \"draft\" or \"translated\", not {value!r}",
                          'e.g. exact_memory = "translated"')
    return str(value)


def _references(where: _Locator, table: Any, languages: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    refs = table.get("references", {}) if isinstance(table, Mapping) else {}
    if not isinstance(refs, Mapping):
        raise where.error("references", "[draft.references] must map a language to a list of sister languages",
                          'e.g. be = ["ru", "uk"]')
    result = {}
    for lang, others in refs.items():
        if lang not in languages:
            raise where.error(("references", lang), f"draft.references names '{lang}', which is not in 'languages'")
        if not isinstance(others, list) or any(o not in languages or o == lang for o in others):
            raise where.error(("references", lang), f"draft.references.{lang} must list other languages of this project",
                              f"e.g. {lang} = [{', '.join(repr(o) for o in languages if o != lang)}]")
        result[lang] = tuple(others)
    return result


def _serve(where: _Locator, table: Any, languages: tuple[str, ...]) -> ServeSettings:
    if not isinstance(table, Mapping):
        raise where.error((), "[serve] must be a table")
    where.reject_unknown(table, _SERVE_KEYS, "serve")
    people = {role: _people(where, role, table.get(role, {}), languages) for role in ("reviewers", "translators")}
    both = sorted(set(people["reviewers"]) & set(people["translators"]))
    if both:
        raise where.error(("translators", both[0]), f"{both[0]!r} is both a reviewer and a translator",
                          "a reviewer may do everything a translator may: keep them in [serve.reviewers] only")
    base_url = table.get("base_url")
    if base_url is not None and (not isinstance(base_url, str) or not re.match(r"https?://[^\s/]+", base_url)):
        raise where.error("base_url", "serve.base_url must be an http(s) address", 'e.g. base_url = "https://review.example.org"')
    secure = table.get("secure_cookies", False)
    if not isinstance(secure, bool):
        raise where.error("secure_cookies", "serve.secure_cookies must be true or false")
    return ServeSettings(people["reviewers"], people["translators"], base_url.rstrip("/") if base_url else None,
                         secure)


def _people(where: _Locator, role: str, table: Any, languages: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    if not isinstance(table, Mapping):
        raise where.error(role, f"[serve.{role}] must map a person's name to their languages",
                          '"Ala Kavalenka" = ["be"]')
    found: dict[str, tuple[str, ...]] = {}
    for name, langs in table.items():
        if not name.strip() or any(ord(c) < 32 for c in name):
            raise where.error((role, name), f"serve.{role}: {name!r} is not a name")
        if not isinstance(langs, list) or any(lang not in languages for lang in langs):
            raise where.error((role, name), f"serve.{role}.{name} must list languages of this project",
                              f'e.g. "{name}" = ["{languages[0]}"]')
        found[" ".join(name.split())] = tuple(langs)
    return found


def _limits(where: _Locator, table: Any) -> LimitSettings:
    if not isinstance(table, Mapping):
        raise where.error((), "[limits] must be a table")
    where.reject_unknown(table, _LIMIT_KEYS, "limits")
    values = {key: _number(where, key, table[key], minimum=0.001) for key in _LIMIT_KEYS if key in table}
    return LimitSettings(**values)


def _word(where: _Locator, table: Any) -> WordSettings:
    if not isinstance(table, Mapping):
        raise where.error((), "[word] must be a table")
    where.reject_unknown(table, {"code_styles", "monospaced"}, "word")
    styles = table.get("code_styles")
    if styles is not None and (not isinstance(styles, list) or not all(isinstance(s, str) and s.strip()
                                                                      for s in styles)):
        raise where.error("code_styles", "word.code_styles must be a list of style names",
                          'e.g. code_styles = ["Preformatted Text", "Source Text"]')
    monospaced = table.get("monospaced", True)
    if not isinstance(monospaced, bool):
        raise where.error("monospaced", "word.monospaced must be true or false")
    return WordSettings(tuple(styles) if styles is not None else None, monospaced)


def _review(where: _Locator, table: Any) -> ReviewSettings:
    if not isinstance(table, Mapping):
        raise where.error((), "[review] must be a table")
    where.reject_unknown(table, _REVIEW_KEYS, "review")
    four_eyes = table.get("four_eyes", False)
    if not isinstance(four_eyes, bool):
        raise where.error("four_eyes", "review.four_eyes must be true or false")
    return ReviewSettings(four_eyes)


def _build(where: _Locator, table: Any, languages: tuple[str, ...]) -> BuildSettings:
    where.reject_unknown(table, _BUILD_KEYS, "build")
    formats = table.get("formats", list(BUILD_FORMATS))
    if not isinstance(formats, list) or not formats or any(f not in FORMAT_CHOICES for f in formats):
        raise where.error("formats", f"build.formats must be a list of {', '.join(FORMAT_CHOICES)}")
    untranslated = table.get("untranslated", "fallback")
    if untranslated not in UNTRANSLATED_POLICIES:
        raise where.error("untranslated", f"build.untranslated must be one of {', '.join(UNTRANSLATED_POLICIES)}")
    threshold = _number(where, "threshold", table.get("threshold", 80), minimum=0)
    thresholds = table.get("thresholds", {})
    if not isinstance(thresholds, Mapping):
        raise where.error("thresholds", "[build.thresholds] must map a language to a percentage")
    for lang, value in thresholds.items():
        if lang not in languages:
            raise where.error(("thresholds", lang), f"build.thresholds names '{lang}', which is not in 'languages'")
        _number(where.table("thresholds"), lang, value, minimum=0)
    if threshold > 100 or any(v > 100 for v in thresholds.values()):
        raise where.error("threshold", "a threshold is a percentage from 0 to 100")
    return BuildSettings(tuple(formats), float(threshold), dict(thresholds), untranslated)


def _checks(where: _Locator, table: Any) -> CheckSettings:
    where.reject_unknown(table, _CHECK_KEYS, "checks")
    disabled = table.get("disabled", [])
    if not isinstance(disabled, list) or not all(isinstance(d, str) for d in disabled):
        raise where.error("disabled", "checks.disabled must be a list of check ids")
    settings = CheckSettings(
        disabled=tuple(disabled),
        max_length_ratio=float(_number(where, "max_length_ratio", table.get("max_length_ratio", 2.5), minimum=1)),
        min_length_ratio=float(_number(where, "min_length_ratio", table.get("min_length_ratio", 0.4), minimum=0)),
    )
    if settings.min_length_ratio >= settings.max_length_ratio:
        raise where.error("min_length_ratio", "checks.min_length_ratio must be below max_length_ratio")
    return settings
