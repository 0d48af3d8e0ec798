"""Validation of the ``[engines.<name>]`` tables: every value a run would use, checked before it starts.

The configuration loader checks the keys and the shared numbers; this module checks what only the
engines use (URLs, code tables, backoff, breaker, per-engine keys), so that a bad value is one
:class:`ConfigError` naming the line, never a crash in the middle of a run.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from transmgr.config import Config, EngineSettings, config_error, path_setting
from transmgr.errors import ConfigError

MEMORY = "memory"
# Options every remote engine understands, and those only one adapter uses.
REMOTE_OPTIONS = frozenset({"engine", "backoff", "fail_after", "max_chars", "codes"})
ADAPTER_OPTIONS: Mapping[str, frozenset[str]] = {"microsoft": frozenset({"region"}), "deepl": frozenset({"use_free_api"})}
MEMORY_OPTIONS = frozenset({"tmx", "min_score"})
MIN_CHARS = 50
_HINT = "see the README's 'Machine drafts' section for the engine keys"


def setting_error(config: Config, table: str, key: str | None, message: str, hint: str = _HINT) -> ConfigError:
    """A :class:`ConfigError` at the line of ``key`` in ``[engines.<table>]`` (or of the table itself)."""
    return config_error(config, ("engines", table) + ((key,) if key else ()), message, hint)


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be an engine's service root, or None when it can."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return f"it is not a valid URL ({str(exc).lower()})"
    try:
        port = parts.port
    except ValueError:
        return "its port is not a number from 1 to 65535"
    if parts.scheme not in ("http", "https"):
        return "it must start with http:// or https://"
    if not parts.hostname:
        return "it names no host"
    if port == 0:
        return "port 0 is not a port"
    if any(ch.isspace() for ch in url):
        return "it contains spaces"
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_remote(config: Config, settings: EngineSettings, kind: str) -> None:
    """Check the settings of a remote engine table whose adapter is ``kind``."""
    name, options = settings.name, settings.options

    def fail(key: str, message: str, hint: str = _HINT) -> ConfigError:
        return setting_error(config, name, key, f"engines.{name}.{key} {message}", hint)

    allowed = REMOTE_OPTIONS | ADAPTER_OPTIONS.get(kind, frozenset())
    for key in options:
        if key not in allowed:
            owners = [k for k, keys in ADAPTER_OPTIONS.items() if key in keys]
            where = f"only {', '.join(owners)} uses it" if owners else "only [engines.memory] uses it"
            engine = f"'{name}'" if name == kind else f"'{name}' ({kind})"
            raise fail(key, f"is not used by engine {engine}", f"{where}; remove it from [engines.{name}]")
    if settings.url is not None:
        problem = url_problem(settings.url)
        if problem:
            raise fail("url", f"= {settings.url!r} cannot be used: {problem}", 'e.g. url = "http://127.0.0.1:5000/"')
    if not math.isfinite(settings.timeout) or settings.timeout <= 0:
        raise fail("timeout", f"must be a number of seconds above 0, not {settings.timeout!r}", "e.g. timeout = 10")
    backoff = options.get("backoff", 0.5)
    if not _is_number(backoff) or not math.isfinite(backoff) or backoff < 0:
        raise fail("backoff", f"must be a number of seconds of at least 0, not {backoff!r}", "e.g. backoff = 0.5")
    fail_after = options.get("fail_after", 3)
    if not isinstance(fail_after, int) or isinstance(fail_after, bool) or fail_after < 1:
        raise fail("fail_after", f"must be a whole number of at least 1, not {fail_after!r}",
                   "the failed texts in a row that stop the engine, e.g. fail_after = 3")
    max_chars = options.get("max_chars", MIN_CHARS)
    if not isinstance(max_chars, int) or isinstance(max_chars, bool) or max_chars < MIN_CHARS:
        raise fail("max_chars", f"must be a whole number of at least {MIN_CHARS}, not {max_chars!r}",
                   "it is the longest text sent in one request")
    codes = options.get("codes", {})
    if not isinstance(codes, Mapping):
        raise fail("codes", f"must map a language to the engine's code, not {codes!r}", 'e.g. codes = { be = "be" }')
    for lang, code in codes.items():
        if not isinstance(code, str) or not code.strip():
            raise fail("codes", f"maps '{lang}' to {code!r}: a code must be a non-empty string",
                       f'e.g. codes = {{ {lang} = "{lang}" }}')
    region = options.get("region")
    if "region" in options and (not isinstance(region, str) or not region.strip()):
        raise fail("region", f"must be the name of an Azure region, not {region!r}", 'e.g. region = "westeurope"')
    if not isinstance(options.get("use_free_api", True), bool):
        raise fail("use_free_api", f"must be true or false, not {options['use_free_api']!r}")


def check_memory(config: Config, settings: EngineSettings) -> None:
    """Check ``[engines.memory]``: TMX files and the minimum score."""
    options = settings.options

    def fail(key: str, message: str, hint: str = _HINT) -> ConfigError:
        return setting_error(config, MEMORY, key, f"engines.memory.{key} {message}", hint)

    for key in options:
        if key not in MEMORY_OPTIONS:
            raise fail(key, "is not used by the translation memory", "it has only tmx and min_score; remove it")
    for key, value in (("url", settings.url), ("api_key_env", settings.api_key_env)):
        if value is not None:
            raise fail(key, "is not used by the translation memory", "it has only tmx and min_score; remove it")
    files = options.get("tmx", [])
    if not isinstance(files, list) or not all(isinstance(item, str) and item for item in files):
        raise fail("tmx", f"must be a list of file paths, not {files!r}", 'e.g. tmx = ["tm/old-translations.tmx"]')
    for item in files:
        path_setting(config, ("engines", MEMORY, "tmx"), item)
    score = options.get("min_score", 75)
    if not _is_number(score) or not 0 < score <= 100:
        raise fail("min_score", f"must be a percentage above 0, not {score!r}", "e.g. min_score = 75")
