"""Building the editions: every document in every language, in every format asked for.

:mod:`.run` decides and writes (:func:`build`), :mod:`.model` says what each edition shows and
where it goes, :mod:`.record` remembers what build wrote (so that it removes only its own files).
"""

from __future__ import annotations

from transmgr.workflows.build.model import INDEX_PATH, BuildResult, EditionResult, output_path, parallel_path
from transmgr.workflows.build.run import build, resolve_edition

__all__ = ["INDEX_PATH", "BuildResult", "EditionResult", "build", "output_path", "parallel_path", "resolve_edition"]
