"""Catalogs: the catalog model, PO/POT reading and writing, state changes, and the fuzzy update."""

from transmgr.catalog.fuzzy import FuzzyIndex
from transmgr.catalog.merge import FUZZY_THRESHOLD, MergeStats, merge_catalog
from transmgr.catalog.model import STATES, Catalog, Header, Key, ReviewStamp, State, Unit
from transmgr.catalog.po import format_catalog, new_catalog, new_entry, read_catalog, write_catalog
from transmgr.catalog.state import accept, clear_state_comments, reject, set_draft, set_translation

__all__ = [
    "FUZZY_THRESHOLD", "STATES", "Catalog", "FuzzyIndex", "Header", "Key", "MergeStats", "ReviewStamp", "State",
    "Unit", "accept", "clear_state_comments", "format_catalog", "merge_catalog", "new_catalog", "new_entry",
    "read_catalog", "reject", "set_draft", "set_translation", "write_catalog",
]
