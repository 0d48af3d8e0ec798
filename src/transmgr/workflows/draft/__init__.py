"""Drafting: each language's chain of memory, pivots and engines fills the untranslated entries.

:mod:`.run` builds the chains and runs them (:func:`draft`), :mod:`.phases` runs one language
phase by phase (or plans it, in a dry run), :mod:`.context` packs a document's context for a
language model, :mod:`.file` holds one catalog's drafts until they are saved through the review
core, :mod:`.report` is what a run reports.
"""

from __future__ import annotations

from transmgr.workflows.draft.report import CatalogDraft, CostRow, DraftProgress, DraftReport, Progress, Prompt
from transmgr.workflows.draft.run import chain_steps, draft

__all__ = ["CatalogDraft", "CostRow", "DraftProgress", "DraftReport", "Progress", "Prompt", "chain_steps", "draft"]
