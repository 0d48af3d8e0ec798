"""Catalogs: PO/POT reading and writing, translation states, and the fuzzy update."""

from transmgr.catalog.fuzzy import FuzzyIndex
from transmgr.catalog.merge import FUZZY_THRESHOLD, MergeStats, merge_catalog
from transmgr.catalog.po import (
    Catalog,
    Entry,
    format_catalog,
    new_catalog,
    new_entry,
    read_catalog,
    write_catalog,
)
from transmgr.catalog.state import (
    STATES,
    ReviewStamp,
    State,
    accept,
    draft_origin,
    entry_digest,
    entry_state,
    has_translation,
    reject,
    review_note,
    review_stamp,
    set_draft,
    set_translation,
    translation_origin,
)

__all__ = [
    "FUZZY_THRESHOLD", "STATES", "Catalog", "Entry", "FuzzyIndex", "MergeStats", "ReviewStamp", "State",
    "accept", "draft_origin", "entry_digest", "entry_state", "format_catalog",
    "has_translation", "merge_catalog", "new_catalog", "new_entry", "read_catalog", "reject",
    "review_note", "review_stamp", "set_draft", "set_translation", "translation_origin", "write_catalog",
]
