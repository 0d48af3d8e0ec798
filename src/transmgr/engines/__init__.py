"""Draft sources: machine engines through deep-translator, translation memory and pivots.

Only the adapter modules (google, mymemory, libre, deepl, microsoft, yandex) import
deep-translator; the registry loads them on first use. The names below are imported on first
use too, so that the configuration loader can read :mod:`transmgr.config.options` without
importing the engines.
"""

from typing import TYPE_CHECKING

from transmgr.lazy import exports

if TYPE_CHECKING:
    from transmgr.engines.base import Draft as Draft
    from transmgr.engines.base import EngineAdapter as EngineAdapter
    from transmgr.engines.base import EngineFailure as EngineFailure
    from transmgr.engines.base import EngineStep as EngineStep
    from transmgr.engines.base import EngineStopped as EngineStopped
    from transmgr.engines.base import Plan as Plan
    from transmgr.engines.base import Step as Step
    from transmgr.engines.base import Translator as Translator
    from transmgr.engines.registry import ADAPTERS as ADAPTERS

__getattr__, __all__ = exports(__name__, {
    "ADAPTERS": "transmgr.engines.registry",
    "Draft": "transmgr.engines.base",
    "EngineAdapter": "transmgr.engines.base",
    "EngineFailure": "transmgr.engines.base",
    "EngineStep": "transmgr.engines.base",
    "EngineStopped": "transmgr.engines.base",
    "Plan": "transmgr.engines.base",
    "Step": "transmgr.engines.base",
    "Translator": "transmgr.engines.base",
})
