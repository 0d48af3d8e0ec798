"""Engine settings: an ``[engines.<name>]`` table checked, before a draft, against the options its engine takes.

Every key an engine table may hold is declared once, with its type and default, in
:mod:`transmgr.config.options`; which of them an engine takes is the engine's own declaration
(``options`` of its adapter, or of the translation memory). The configuration loader checks the
options every remote engine has a field for (:class:`transmgr.config.EngineSettings`); this module
checks the rest with the engine known, so that a bad value, or a key meant for another engine, is
one :class:`ConfigError` at its line (:func:`transmgr.config.config_error`) before anything is sent.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from transmgr.config import Config, EngineSettings, config_error, path_setting
from transmgr.config.options import HINT, Option
from transmgr.errors import ConfigError

MEMORY = "memory"


def setting_error(config: Config, table: str, key: str | None, message: str, hint: str = HINT) -> ConfigError:
    """A :class:`ConfigError` at the line of ``key`` in ``[engines.<table>]`` (or of the table itself)."""
    return config_error(config, ("engines", table) + ((key,) if key else ()), message, hint)


def _listing(names: Sequence[str]) -> str:
    return " and ".join(names) if len(names) < 3 else f"{', '.join(names[:-1])} and {names[-1]}"


def check_settings(config: Config, settings: EngineSettings, declared: Sequence[Option], label: str,
                   owners: Callable[[str], list[str]]) -> EngineSettings:
    """``settings`` with every value in ``options`` checked and converted, when the engine that ``label``
    names (``engine 'google'``), which takes the ``declared`` options, takes every key of its table.

    Else a :class:`ConfigError`; for a key the engine does not take it says which engines do
    (``owners``: the engines that take a key, ``memory`` included).
    """
    taken = {option.name: option for option in declared}
    name = settings.name
    for key in settings.written:
        if key in taken:
            continue
        if name == MEMORY:
            hint = f"it has only {_listing(list(taken))}; remove it"
        else:
            users = [engine for engine in owners(key) if engine != MEMORY]
            where = f"only {', '.join(users)} uses it" if users else f"only [engines.{MEMORY}] uses it"
            hint = f"{where}; remove it from [engines.{name}]"
        raise setting_error(config, name, key, f"engines.{name}.{key} is not used by {label}", hint)
    values: dict[str, Any] = {}
    for key, value in settings.options.items():
        option = taken[key]
        problem = option.check(name, value)
        if problem is not None:
            raise setting_error(config, name, key, *problem)
        if option.paths:
            for item in value:
                path_setting(config, ("engines", name, key), item)
        values[key] = option.value(value)
    return dataclasses.replace(settings, options=values)
