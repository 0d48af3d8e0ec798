"""Workflows: the operations users run, each returning result objects and printing nothing."""

from transmgr.workflows.extract import ExtractResult, extract
from transmgr.workflows.project import Project, SourceDocument
from transmgr.workflows.status import StatusRow, count_words, status
from transmgr.workflows.update import UpdateResult, update

__all__ = [
    "ExtractResult", "Project", "SourceDocument", "StatusRow", "UpdateResult",
    "count_words", "extract", "status", "update",
]
