"""Catalogs: the catalog model, PO/POT reading and writing, state changes, and the fuzzy update.

The model and PO I/O are imported with the package; the fuzzy matcher, the merge and the state
changes when first used (``transmgr status`` needs none of them).
"""

from typing import TYPE_CHECKING

from transmgr.catalog.model import STATES as STATES
from transmgr.catalog.model import Catalog as Catalog
from transmgr.catalog.model import Header as Header
from transmgr.catalog.model import Key as Key
from transmgr.catalog.model import ReviewStamp as ReviewStamp
from transmgr.catalog.model import State as State
from transmgr.catalog.model import Unit as Unit
from transmgr.catalog.po import format_catalog as format_catalog
from transmgr.catalog.po import new_catalog as new_catalog
from transmgr.catalog.po import new_entry as new_entry
from transmgr.catalog.po import read_catalog as read_catalog
from transmgr.catalog.po import write_catalog as write_catalog
from transmgr.lazy import exports

if TYPE_CHECKING:
    from transmgr.catalog.fuzzy import FuzzyIndex as FuzzyIndex
    from transmgr.catalog.merge import FUZZY_THRESHOLD as FUZZY_THRESHOLD
    from transmgr.catalog.merge import MergeStats as MergeStats
    from transmgr.catalog.merge import merge_catalog as merge_catalog
    from transmgr.catalog.state import accept as accept
    from transmgr.catalog.state import clear_state_comments as clear_state_comments
    from transmgr.catalog.state import reject as reject
    from transmgr.catalog.state import set_draft as set_draft
    from transmgr.catalog.state import set_translation as set_translation

_getattr, _lazy = exports(__name__, {
    "FuzzyIndex": "transmgr.catalog.fuzzy",
    "FUZZY_THRESHOLD": "transmgr.catalog.merge",
    "MergeStats": "transmgr.catalog.merge",
    "merge_catalog": "transmgr.catalog.merge",
    "accept": "transmgr.catalog.state",
    "clear_state_comments": "transmgr.catalog.state",
    "reject": "transmgr.catalog.state",
    "set_draft": "transmgr.catalog.state",
    "set_translation": "transmgr.catalog.state",
})
__getattr__ = _getattr
__all__ = sorted([*_lazy, "STATES", "Catalog", "Header", "Key", "ReviewStamp", "State", "Unit", "format_catalog",
                  "new_catalog", "new_entry", "read_catalog", "write_catalog"])
