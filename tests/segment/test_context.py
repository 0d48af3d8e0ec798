"""Identical segments share one entry, unless a fenced div gives them a context (msgctxt)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from transmgr.catalog import read_catalog
from transmgr.formats import segment_text
from transmgr.workflows import Project, update

DOC = """Minsk

::: {.caption context="photo"}
Minsk
:::

::: {context="map"}
Minsk
:::

Minsk
"""


def test_context_attribute_sets_msgctxt_and_kind() -> None:
    document = segment_text(DOC)
    assert [(s.text, s.kind, s.context) for s in document.segments()] == [
        ("Minsk", "paragraph", None), ("Minsk", "caption", "photo"), ("Minsk", "paragraph", "map"),
        ("Minsk", "paragraph", None),
    ]
    assert document.render(lambda segment: None) == DOC


def test_entries_split_by_context_and_merged_without(make_project: Callable[..., Path]) -> None:
    root = make_project({"doc.md": DOC}, languages=["be"])
    update(Project.load(root))
    entries = [(e.msgctxt, e.msgid, len(e.references)) for e in read_catalog(root / "locales" / "doc.pot")]
    assert entries == [(None, "Minsk", 2), ("photo", "Minsk", 1), ("map", "Minsk", 1)]
