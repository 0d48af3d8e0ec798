"""Workflows: the operations users run, each returning result objects and printing nothing.

The names below are imported on first use (a command imports only the workflows it runs); no
module of this package is named like a function it exports, so that importing a module never
hides the function of the same name.
"""

from typing import TYPE_CHECKING

from transmgr.lazy import exports

if TYPE_CHECKING:
    from transmgr.workflows.extraction import ExtractResult as ExtractResult
    from transmgr.workflows.extraction import extract as extract
    from transmgr.workflows.project import Project as Project
    from transmgr.workflows.project import SourceDocument as SourceDocument
    from transmgr.workflows.status_rows import StatusRow as StatusRow
    from transmgr.workflows.status_rows import status as status
    from transmgr.workflows.updating import UpdateResult as UpdateResult
    from transmgr.workflows.updating import update as update

__getattr__, __all__ = exports(__name__, {
    "ExtractResult": "transmgr.workflows.extraction",
    "extract": "transmgr.workflows.extraction",
    "StatusRow": "transmgr.workflows.status_rows",
    "status": "transmgr.workflows.status_rows",
    "Project": "transmgr.workflows.project",
    "SourceDocument": "transmgr.workflows.project",
    "UpdateResult": "transmgr.workflows.updating",
    "update": "transmgr.workflows.updating",
})
