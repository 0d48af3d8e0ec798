"""Every change of a unit's translation or state goes through the review core: no other module of the
package imports the state changes of :mod:`transmgr.catalog.state`, or saves through a review store.

(``update``'s merge with a new template and git's merge driver work in the catalog layer itself, on
entries whose source changed or on git's own files; they are the catalog package's, not callers of it.)
"""

from __future__ import annotations

import ast
from pathlib import Path

import transmgr

PACKAGE = Path(transmgr.__file__).parent
CHANGES = {"accept", "reject", "set_draft", "set_plural_draft", "set_translation", "add_comment", "add_suggestion",
           "drop_suggestion", "set_note", "clear_state_comments", "set_assessment"}
CORE = PACKAGE / "workflows" / "review" / "core.py"


def _modules() -> list[Path]:
    return [path for path in PACKAGE.rglob("*.py") if "catalog" not in path.relative_to(PACKAGE).parts[:1]]


def test_only_the_review_core_imports_the_state_changes() -> None:
    offenders = []
    for path in _modules():
        if path == CORE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("transmgr.catalog"):
                names = {alias.name for alias in node.names} & CHANGES
                if names:
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno} imports {sorted(names)}")
            if isinstance(node, ast.Attribute) and node.attr in CHANGES and isinstance(node.value, ast.Name) \
                    and node.value.id in ("state", "catalog"):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno} uses {node.value.id}.{node.attr}")
    assert not offenders, offenders


def test_only_the_review_core_saves_a_review_store() -> None:
    offenders = []
    for path in _modules():
        if path in (CORE, PACKAGE / "workflows" / "review" / "store.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "save" \
                    and "store" in ast.unparse(node.func.value):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not offenders, offenders
