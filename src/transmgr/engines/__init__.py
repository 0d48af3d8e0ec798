"""Draft sources: machine engines through deep-translator, translation memory and pivots.

Only the adapter modules (google, mymemory, libre, deepl, microsoft, yandex) import
deep-translator; the registry loads them on first use.
"""

from transmgr.engines.base import Draft, EngineAdapter, EngineFailure, EngineStep, EngineStopped, Plan, Step, Translator
from transmgr.engines.registry import ADAPTERS

__all__ = [
    "ADAPTERS", "Draft", "EngineAdapter", "EngineFailure", "EngineStep", "EngineStopped", "Plan",
    "Step", "Translator",
]
