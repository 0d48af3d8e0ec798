"""Engine options: every key an ``[engines.<name>]`` table may hold, with its type, default and an example.

Each option is declared here once. Each draft source says which of them it takes, and with which
default, in its ``options`` (:class:`transmgr.engines.base.EngineAdapter` and its subclasses, the
translation memory). Every check goes through :meth:`Option.check`: the configuration loader's,
on load, for the keys no engine takes and the options :class:`transmgr.config.EngineSettings` has
a field for; :mod:`transmgr.engines.settings`'s, before a draft, for the others and for keys the
engine does not take. This module imports nothing of transmgr, so that loading the configuration
does not import the engines.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

HINT = "see docs/drafts.md for the engine keys"

# Why a value cannot be used ("must be ..., not 0"), with its own hint when the option's is not apt.
Problem = str | tuple[str, str]


@dataclass(frozen=True)
class Option:
    """One key an engine's table may have: its default and the check its value must pass.

    ``problem`` says why a value cannot be used, or None when it can; messages name the key as
    ``subject`` does (``{table}`` and ``{key}`` filled in). ``convert`` turns a value that can be
    used into the one the engine uses; ``paths`` marks a list of file paths relative to the project.
    """

    name: str
    default: Any
    problem: Callable[[Any], Problem | None]
    hint: str = HINT
    convert: Callable[[Any], Any] | None = None
    paths: bool = False
    subject: str = "engines.{table}.{key}"

    def check(self, table: str, value: Any) -> tuple[str, str] | None:
        """(message, hint) saying why ``value`` cannot be this option's in ``[engines.<table>]``, or None."""
        problem = self.problem(value)
        if problem is None:
            return None
        message, hint = (problem, self.hint) if isinstance(problem, str) else problem
        return f"{self.subject.format(table=table, key=self.name)} {message}", hint

    def value(self, value: Any) -> Any:
        """A value that passed :meth:`check`, as the engine uses it."""
        return self.convert(value) if self.convert else value


def declare(base: Sequence[Option], *extra: Option, **defaults: Any) -> tuple[Option, ...]:
    """``base`` and the ``extra`` options, with the defaults named in ``defaults`` changed."""
    unknown = set(defaults) - {option.name for option in base}
    if unknown:
        raise ValueError(f"no option {', '.join(sorted(unknown))} to change the default of")
    return tuple(replace(option, default=defaults[option.name]) if option.name in defaults else option
                 for option in base) + extra


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def number(name: str, default: float, *, minimum: float, above: bool = False, whole: bool = False,
           unit: str = "", hint: str = HINT, subject: str = Option.subject) -> Option:
    """A finite number (``whole``: an integer) of at least ``minimum`` (``above``: greater than it)."""
    what = f"{'a whole number' if whole else 'a number'}{unit} {'above' if above else 'of at least'} {minimum:g}"

    def problem(value: Any) -> str | None:
        fits = isinstance(value, int) and not isinstance(value, bool) if whole else _is_number(value)
        if fits and math.isfinite(value) and (value > minimum if above else value >= minimum):
            return None
        return f"must be {what}, not {value!r}"

    return Option(name, default, problem, hint, convert=None if whole else float, subject=subject)


def percentage(name: str, default: float, hint: str = HINT) -> Option:
    """A percentage above 0 and at most 100."""
    return Option(name, default, lambda value: None if _is_number(value) and 0 < value <= 100 else
                  f"must be a percentage above 0, not {value!r}", hint, convert=float)


def flag(name: str, default: bool, hint: str = HINT) -> Option:
    """``true`` or ``false``."""
    return Option(name, default, lambda value: None if isinstance(value, bool) else
                  f"must be true or false, not {value!r}", hint)


def text(name: str, what: str, hint: str) -> Option:
    """A non-empty string, without a default (e.g. an Azure region)."""
    return Option(name, None, lambda value: None if isinstance(value, str) and value.strip() else
                  f"must be {what}, not {value!r}", hint)


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


def _url(value: Any) -> str | None:
    if not isinstance(value, str) or not re.match(r"https?://", value):
        return f"must be an http(s) URL, not {value!r}"
    problem = url_problem(value)
    return f"= {value!r} cannot be used: {problem}" if problem else None


def _env_name(value: Any) -> str | None:
    if isinstance(value, str) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value):
        return None
    return "must name an environment variable"


def _codes(value: Any) -> Problem | None:
    if not isinstance(value, Mapping):
        return f"must map a language to the engine's code, not {value!r}"
    for lang, code in value.items():
        if not isinstance(code, str) or not code.strip():
            return (f"maps '{lang}' to {code!r}: a code must be a non-empty string",
                    f'e.g. codes = {{ {lang} = "{lang}" }}')
    return None


def _paths(value: Any) -> str | None:
    if isinstance(value, list) and all(isinstance(item, str) and item for item in value):
        return None
    return f"must be a list of file paths, not {value!r}"


# -- the options every remote engine takes ------------------------------------------------------
# timeout, concurrency and retries are named as the loader always named them ('timeout' must be ...).

# Which engines there are is the registry's to say: it checks ``engine`` when it picks the adapter.
ENGINE = Option("engine", None, lambda value: None)
URL = Option("url", None, _url, 'e.g. url = "http://127.0.0.1:5000/"')
API_KEY_ENV = Option("api_key_env", None, _env_name, 'e.g. api_key_env = "LIBRETRANSLATE_API_KEY"')
TIMEOUT = number("timeout", 10.0, minimum=0, above=True, unit=" of seconds", hint="e.g. timeout = 10",
                 subject="'{key}'")
CONCURRENCY = number("concurrency", 4, minimum=1, whole=True, hint="e.g. concurrency = 4", subject="'{key}'")
RETRIES = number("retries", 3, minimum=0, whole=True, hint="e.g. retries = 3", subject="'{key}'")
BACKOFF = number("backoff", 0.5, minimum=0, unit=" of seconds", hint="e.g. backoff = 0.5")
FAIL_AFTER = number("fail_after", 3, minimum=1, whole=True,
                    hint="the failed texts in a row that stop the engine, e.g. fail_after = 3")
MIN_CHARS = 50
# Google's client refuses 5,000 characters and more; an adapter whose service takes less declares its own.
MAX_CHARS = number("max_chars", 4900, minimum=MIN_CHARS, whole=True, hint="it is the longest text sent in one request")
CODES = Option("codes", MappingProxyType({}), _codes, 'e.g. codes = { be = "be" }')
REMOTE_OPTIONS = (ENGINE, URL, API_KEY_ENV, TIMEOUT, CONCURRENCY, RETRIES, BACKOFF, FAIL_AFTER, MAX_CHARS, CODES)

# -- the options of one engine -------------------------------------------------------------------

REGION = text("region", "the name of an Azure region", 'e.g. region = "westeurope"')  # microsoft
USE_FREE_API = flag("use_free_api", True, "false selects DeepL's paid endpoint")  # deepl
TMX = Option("tmx", (), _paths, 'e.g. tmx = ["tm/old-translations.tmx"]', paths=True)  # memory
MIN_SCORE = percentage("min_score", 75.0, "e.g. min_score = 75")  # memory

# openai: any OpenAI-compatible chat-completions endpoint.
BASE_URL = Option("base_url", None, _url, 'e.g. base_url = "http://127.0.0.1:11434/v1" (Ollama)')
MODEL = text("model", "the model's name as the endpoint knows it", 'e.g. model = "gpt-4o-mini"')
TEMPERATURE = number("temperature", 0.2, minimum=0, hint="e.g. temperature = 0.2")
MAX_BATCH_TOKENS = number("max_batch_tokens", 2000, minimum=100, whole=True,
                          hint="the source tokens of the segments sent in one request, e.g. max_batch_tokens = 2000")
PROMPT = Option("prompt", None, lambda value: None if isinstance(value, str) and value.strip() else
                f"must be a file path, not {value!r}", 'e.g. prompt = "prompts/translate.md"')
JSON_MODE = flag("json_mode", True, "false for an endpoint that refuses response_format")
OPENAI_OPTIONS = (ENGINE, BASE_URL, MODEL, API_KEY_ENV, replace(TIMEOUT, default=120.0),
                  replace(CONCURRENCY, default=2), RETRIES, BACKOFF, FAIL_AFTER, TEMPERATURE, MAX_BATCH_TOKENS,
                  PROMPT, JSON_MODE)

# Every key an [engines.<name>] table may hold, whichever engine it configures.
EVERY_OPTION: Mapping[str, Option] = MappingProxyType(
    {option.name: option for option in (*OPENAI_OPTIONS, *REMOTE_OPTIONS, REGION, USE_FREE_API, TMX, MIN_SCORE)})
