"""The validation of each table of the configuration: every problem a one-line :class:`ConfigError`
at the line of its key."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from transmgr.config.locator import Locator, path_text
from transmgr.config.model import (
    BUILD_FORMATS,
    UNTRANSLATED_POLICIES,
    AssessSettings,
    BuildSettings,
    CheckSettings,
    EngineSettings,
    LimitSettings,
    ReviewSettings,
    ServeSettings,
    WordSettings,
)
from transmgr.config.options import API_KEY_ENV, CONCURRENCY, EVERY_OPTION, RETRIES, TIMEOUT, URL
from transmgr.errors import LanguageError
from transmgr.languages import check_language

TOP_KEYS = {
    "source_language", "languages", "source_dir", "locales_dir", "build_dir", "cache_dir",
    "segmentation", "reviewer", "glossary", "engines", "draft", "build", "checks", "serve", "review", "limits",
    "word", "assess",
}
_DRAFT_KEYS = {"chains", "default_chain", "batch_size", "brief", "references", "exact_memory"}
_BUILD_KEYS = {"formats", "threshold", "thresholds", "untranslated", "min_score"}
_CHECK_KEYS = {"disabled", "max_length_ratio", "min_length_ratio"}
_SERVE_KEYS = {"reviewers", "translators", "base_url", "secure_cookies", "git"}
_REVIEW_KEYS = {"four_eyes"}
_LIMIT_KEYS = {"source_mb", "part_mb"}

def language_value(where: Locator, key: str, code: Any) -> str:
    if not isinstance(code, str):
        raise where.error(key, f"language code must be a string, not {code!r}")
    try:
        check_language(code)
    except LanguageError as exc:
        raise where.error(key, exc.message, exc.hint) from exc
    return code


def number_value(where: Locator, key: str, value: Any, *, minimum: float, integer: bool = False) -> Any:
    kind = int if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kind) or not math.isfinite(value) or value < minimum:
        what = "a whole number" if integer else "a number"
        raise where.error(key, f"'{key}' must be {what} of at least {minimum}, not {value!r}")
    return value


_ENGINE_FIELDS = (URL, API_KEY_ENV, TIMEOUT, CONCURRENCY, RETRIES)


def engines_table(outer: Locator, table: Any) -> dict[str, EngineSettings]:
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


def steps_table(where: Locator, key: str, steps: Any) -> tuple[str, ...]:
    if not isinstance(steps, list) or not all(isinstance(s, str) and s for s in steps):
        raise where.error(key, f"'{key}' must be a list of engine names", 'e.g. ["memory", "pivot:ru:google", "google"]')
    return tuple(steps)


def chains_table(where: Locator, table: Any, languages: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    draft = where.table("draft")
    draft.reject_unknown(table, _DRAFT_KEYS, "draft")
    chains = table.get("chains", {})
    if not isinstance(chains, Mapping):
        raise draft.error("chains", "[draft.chains] must map a language to a list of engines")
    for lang in chains:
        if lang not in languages:
            raise draft.error(("chains", lang), f"draft.chains names '{lang}', which is not in 'languages'")
    return {lang: steps_table(draft.table("chains"), lang, steps) for lang, steps in chains.items()}


def brief_table(where: Locator, root: Path, table: Any) -> Path | None:
    brief = table.get("brief") if isinstance(table, Mapping) else None
    if brief is None:
        return None
    if not isinstance(brief, str) or not brief:
        raise where.error("brief", "draft.brief must be a file path", 'e.g. brief = "TRANSLATION.md"')
    return (root / path_text(where, ("brief",), brief)).resolve()


def exact_memory_table(where: Locator, table: Any) -> str:
    value = table.get("exact_memory", "draft") if isinstance(table, Mapping) else "draft"
    if value not in ("draft", "translated"):
        raise where.error("exact_memory", f"draft.exact_memory must be \"draft\" or \"translated\", not {value!r}",
                          'e.g. exact_memory = "translated"')
    return str(value)


def references_table(where: Locator, table: Any, languages: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
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


def serve_table(where: Locator, table: Any, languages: tuple[str, ...]) -> ServeSettings:
    if not isinstance(table, Mapping):
        raise where.error((), "[serve] must be a table")
    where.reject_unknown(table, _SERVE_KEYS, "serve")
    people = {role: people_table(where, role, table.get(role, {}), languages) for role in ("reviewers", "translators")}
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
    git = table.get("git", {})
    if not isinstance(git, Mapping):
        raise where.error("git", "[serve.git] must be a table", 'e.g. [serve.git] commit_every = 60, remote = "origin"')
    git_where = where.table("git")
    git_where.reject_unknown(git, {"commit_every", "remote"}, "serve.git")
    every = float(number_value(git_where, "commit_every", git.get("commit_every", 0), minimum=0))
    remote = git.get("remote")
    if remote is not None and (not isinstance(remote, str) or not re.fullmatch(r"[A-Za-z0-9][\w.\-/]*", remote)):
        raise git_where.error("remote", "serve.git.remote must be the name of a git remote", 'e.g. remote = "origin"')
    return ServeSettings(people["reviewers"], people["translators"], base_url.rstrip("/") if base_url else None,
                         secure, every, remote)


def people_table(where: Locator, role: str, table: Any, languages: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
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


def limits_table(where: Locator, table: Any) -> LimitSettings:
    if not isinstance(table, Mapping):
        raise where.error((), "[limits] must be a table")
    where.reject_unknown(table, _LIMIT_KEYS, "limits")
    values = {key: number_value(where, key, table[key], minimum=0.001) for key in _LIMIT_KEYS if key in table}
    return LimitSettings(**values)


def word_table(where: Locator, table: Any) -> WordSettings:
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


def review_table(where: Locator, table: Any) -> ReviewSettings:
    if not isinstance(table, Mapping):
        raise where.error((), "[review] must be a table")
    where.reject_unknown(table, _REVIEW_KEYS, "review")
    four_eyes = table.get("four_eyes", False)
    if not isinstance(four_eyes, bool):
        raise where.error("four_eyes", "review.four_eyes must be true or false")
    return ReviewSettings(four_eyes)


def build_table(where: Locator, table: Any, languages: tuple[str, ...]) -> BuildSettings:
    where.reject_unknown(table, _BUILD_KEYS, "build")
    formats = table.get("formats", list(BUILD_FORMATS))
    if not isinstance(formats, list) or not formats or not all(isinstance(f, str) and f for f in formats):
        raise where.error("formats", "build.formats must be a list of edition formats",
                          'e.g. formats = ["source", "html", "txt", "mo"]')  # which ones: build checks (its table)
    untranslated = table.get("untranslated", "fallback")
    if untranslated not in UNTRANSLATED_POLICIES:
        raise where.error("untranslated", f"build.untranslated must be one of {', '.join(UNTRANSLATED_POLICIES)}")
    threshold = number_value(where, "threshold", table.get("threshold", 80), minimum=0)
    thresholds = table.get("thresholds", {})
    if not isinstance(thresholds, Mapping):
        raise where.error("thresholds", "[build.thresholds] must map a language to a percentage")
    for lang, value in thresholds.items():
        if lang not in languages:
            raise where.error(("thresholds", lang), f"build.thresholds names '{lang}', which is not in 'languages'")
        number_value(where.table("thresholds"), lang, value, minimum=0)
    if threshold > 100 or any(v > 100 for v in thresholds.values()):
        raise where.error("threshold", "a threshold is a percentage from 0 to 100")
    min_score = table.get("min_score")
    if min_score is not None:
        min_score = float(number_value(where, "min_score", min_score, minimum=0))
        if min_score > 100:
            raise where.error("min_score", "build.min_score is a score from 0 to 100")
    return BuildSettings(tuple(formats), float(threshold), dict(thresholds), untranslated, min_score)


def assess_table(where: Locator, table: Any) -> AssessSettings:
    if not isinstance(table, Mapping):
        raise where.error((), "[assess] must be a table")
    where.reject_unknown(table, {"engine", "prompt"}, "assess")
    values = {}
    for key in ("engine", "prompt"):
        value = table.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise where.error(key, f"assess.{key} must be " + ("an engine's name" if key == "engine" else "a file path"),
                              'e.g. engine = "judge", with an [engines.judge] table (engine = "openai")'
                              if key == "engine" else None)
        values[key] = value
    return AssessSettings(**values)


def checks_table(where: Locator, table: Any) -> CheckSettings:
    where.reject_unknown(table, _CHECK_KEYS, "checks")
    disabled = table.get("disabled", [])
    if not isinstance(disabled, list) or not all(isinstance(d, str) for d in disabled):
        raise where.error("disabled", "checks.disabled must be a list of check ids")
    settings = CheckSettings(
        disabled=tuple(disabled),
        max_length_ratio=float(number_value(where, "max_length_ratio", table.get("max_length_ratio", 2.5), minimum=1)),
        min_length_ratio=float(number_value(where, "min_length_ratio", table.get("min_length_ratio", 0.4), minimum=0)),
    )
    if settings.min_length_ratio >= settings.max_length_ratio:
        raise where.error("min_length_ratio", "checks.min_length_ratio must be below max_length_ratio")
    return settings
