"""Package exports imported on first use, so that importing a package does not import all of it.

``transmgr --help`` and ``transmgr status`` should start in a tenth of a second; a package whose
``__init__`` imported every module (and their third-party libraries) made every command pay for
all of them. A package lists its exports with :func:`exports`; type checkers see the same names
through ``if TYPE_CHECKING:`` imports beside it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def exports(package: str, table: Mapping[str, str]) -> tuple[Callable[[str], Any], list[str]]:
    """``(__getattr__, __all__)`` for ``package``: each name in ``table`` comes from the module named beside it."""
    namespace = importlib.import_module(package).__dict__

    def __getattr__(name: str) -> Any:
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    return __getattr__, sorted(table)
