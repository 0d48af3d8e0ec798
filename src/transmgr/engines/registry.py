"""The engine registry: an explicit ordered table, chain-step parsing, engine settings and construction.

Remote adapters are imported on first use (deep-translator pulls in requests and
BeautifulSoup), so commands that never draft do not pay for it.
"""

from __future__ import annotations

import difflib
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from transmgr.config import Config, EngineSettings, config_error, config_line, path_setting
from transmgr.config.options import MIN_SCORE, TMX
from transmgr.engines.base import EngineAdapter, Translator
from transmgr.engines.cache import TranslationCache
from transmgr.engines.memory import TranslationMemory
from transmgr.engines.settings import MEMORY, check_settings, setting_error
from transmgr.errors import ConfigError, EngineError, TransmgrError
from transmgr.lazy import Registry

# Remote engines in the order of the Engines table in docs/drafts.md; error hints ("use one of ...", "known: ...")
# name them in this order. `transmgr draft --help` does not list them: --engine says "an engine name".
ADAPTERS: Registry[type[EngineAdapter]] = Registry("engine", {
    "google": "transmgr.engines.services.google:GoogleEngine",
    "mymemory": "transmgr.engines.services.mymemory:MyMemoryEngine",
    "libre": "transmgr.engines.services.libre:LibreEngine",
    "deepl": "transmgr.engines.services.deepl:DeeplEngine",
    "microsoft": "transmgr.engines.services.microsoft:MicrosoftEngine",
    "yandex": "transmgr.engines.services.yandex:YandexEngine",
    "openai": "transmgr.engines.llm:OpenAIEngine",
})
PIVOT = "pivot"


@dataclass(frozen=True)
class StepSpec:
    """A parsed chain step: ``memory``, an engine name, or ``pivot:<via>:<engine>``."""

    text: str
    kind: str
    engine: str | None = None
    via: str | None = None


def adapter_class(kind: str) -> type[EngineAdapter]:
    """The adapter class registered as ``kind``."""
    return ADAPTERS.get(kind)


def adapter_kind(config: Config, name: str) -> str | None:
    """The registered adapter behind engine ``name`` (itself, or its table's ``engine`` key).

    None when ``name`` is neither; a table whose ``engine`` names no adapter is a :class:`ConfigError`.
    """
    settings = config.engines.get(name)
    if settings is None or "engine" not in settings.options:
        return name if name in ADAPTERS else None
    kind = settings.options["engine"]
    if not isinstance(kind, str) or kind not in ADAPTERS:
        raise setting_error(config, name, "engine", f"engines.{name}.engine = {kind!r} is not an engine",
                            f"use one of {', '.join(ADAPTERS)}")
    return kind


def chain_keys(config: Config, lang: str) -> tuple[str, ...]:
    """Where ``lang``'s chain is written: its ``[draft.chains]`` entry, else ``[draft] default_chain``."""
    return ("draft", "chains", lang) if lang in config.chains else ("draft", "default_chain")


def parse_step(config: Config, text: str, lang: str, *, from_config: bool = True) -> StepSpec:
    """Parse and check one chain step for ``lang``; a bad step is a one-line error naming the fix."""
    known = f"known: memory, pivot:<lang>:<engine>, {', '.join(ADAPTERS)} or an [engines.<name>] table with engine = ..."
    keys = chain_keys(config, lang)

    def fail(message: str, hint: str = known) -> TransmgrError:
        if from_config:
            return config_error(config, keys, message, hint)
        return EngineError(message, hint=hint)

    if text == MEMORY:
        return StepSpec(text, MEMORY)
    if text.startswith(PIVOT + ":"):
        parts = text.split(":")
        if len(parts) != 3 or not parts[1] or not parts[2]:
            raise fail(f"bad pivot step {text!r}", "write pivot:<language>:<engine>, e.g. pivot:ru:google")
        _, via, engine = parts
        if via not in config.target_languages or via == lang:
            others = [code for code in config.target_languages if code != lang]
            raise fail(f"pivot step {text!r}: '{via}' is not another target language of this project",
                       f"pivot through one of {', '.join(others) or 'none'}")
        kind = adapter_kind(config, engine)
        if kind is None:
            raise fail(f"pivot step {text!r}: unknown engine '{engine}'")
        if adapter_class(kind).batched:
            raise fail(f"pivot step {text!r}: a language model is not used as a pivot",
                       f"list '{via}' in [draft.references] {lang} = [\"{via}\"]: the model then reads the "
                       f"reviewed {via} text with the source")
        return StepSpec(text, PIVOT, engine, via)
    if adapter_kind(config, text) is None:
        names = [MEMORY, *ADAPTERS, *config.engines]
        close = difflib.get_close_matches(text, names, n=1, cutoff=0.6)
        raise fail(f"unknown draft engine '{text}'" + (f" (did you mean '{close[0]}'?)" if close else ""))
    return StepSpec(text, "engine", text)


def option_owners(key: str) -> list[str]:
    """The engines that take option ``key``: adapters in table order, then ``memory``."""
    owners = [kind for kind in ADAPTERS if any(option.name == key for option in adapter_class(kind).options)]
    return [*owners, MEMORY] if any(option.name == key for option in TranslationMemory.options) else owners


def engine_settings(config: Config, name: str) -> EngineSettings:
    """The settings of engine ``name`` (or ``memory``), every value checked against the options that engine
    takes; a bad one, or a key it does not take, is a :class:`ConfigError` at its line."""
    settings = config.engine(name)
    if name == MEMORY:
        return check_settings(config, settings, TranslationMemory.options, "the translation memory", option_owners)
    kind = adapter_kind(config, name)
    if kind is None:
        raise setting_error(config, name, None, f"[engines.{name}] names no engine",
                            f'add engine = "<one of {", ".join(ADAPTERS)}>" to it, or remove the table')
    label = f"engine '{name}'" if name == kind else f"engine '{name}' ({kind})"
    return check_settings(config, settings, adapter_class(kind).options, label, option_owners)


def check_engine_tables(config: Config) -> None:
    """Check every ``[engines.<name>]`` table, used by a chain or not, before a run sends anything."""
    for name in config.engines:
        engine_settings(config, name)


class MissingKey(ConfigError, EngineError):
    """An engine that needs an API key has none: a chain with other steps drafts without it."""


def api_key(config: Config, settings: EngineSettings, adapter: type[EngineAdapter],
            environ: Mapping[str, str] | None = None) -> str | None:
    """The engine's key, read only from the environment variable that ``api_key_env`` names."""
    environ = os.environ if environ is None else environ
    name = settings.name
    if settings.api_key_env is None:
        if adapter.needs_key:
            found = setting_error(
                config, name, None, f"engine '{name}' ({adapter.title}) needs an API key",
                f'add api_key_env = "{name.upper()}_API_KEY" to [engines.{name}] and set that environment variable',
            )
            raise MissingKey(found.message, path=found.path, line=found.line, hint=found.hint)
        return None
    value = environ.get(settings.api_key_env, "").strip()
    if not value:
        raise MissingKey(
            f"environment variable {settings.api_key_env} is empty or not set (api_key_env of [engines.{name}])",
            path=config.config_path, line=config_line(config, ("engines", name, "api_key_env")),
            hint=f"export {settings.api_key_env}=<your {adapter.title} key>; keys are never read from files",
        )
    return value


def create_translator(
    config: Config, name: str, *, cache: TranslationCache | None = None, stop: threading.Event | None = None,
    environ: Mapping[str, str] | None = None,
) -> Translator:
    """A :class:`Translator` for engine ``name`` as configured in ``[engines.<name>]``."""
    kind = adapter_kind(config, name)
    if kind is None:
        raise EngineError(f"unknown draft engine '{name}'", hint=f"known engines: {', '.join(ADAPTERS)}")
    settings = engine_settings(config, name)
    cls = adapter_class(kind)
    adapter = cls(settings, api_key(config, settings, cls, environ))
    return Translator(adapter, cache=cache, stop=stop)


def memory_sources(config: Config) -> tuple[list[Path], float]:
    """The TMX files and the minimum fuzzy score (percent) of ``[engines.memory]``."""
    settings = engine_settings(config, MEMORY)
    files = [path_setting(config, ("engines", MEMORY, TMX.name), item) for item in settings.value(TMX)]
    return files, float(settings.value(MIN_SCORE))
