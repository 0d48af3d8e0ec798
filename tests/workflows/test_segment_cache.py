"""The segmentation cache behind status: the same answers as segmenting anew, never a stale one."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from transmgr.formats.base import count_words
from transmgr.workflows import Project, status, update
from transmgr.workflows.segment_cache import segmented

DOC = """# Rivers

A first paragraph about *rivers* and [links](https://example.org).

| a table | with cells |
| --- | --- |
| one | two |

A first paragraph about *rivers* and [links](https://example.org).
"""


@pytest.fixture
def root(make_project: Callable[..., Path]) -> Path:
    root = make_project({"doc.md": DOC}, languages=["be"])
    update(Project.load(root))
    return root


def _fresh(project: Project) -> tuple[list[tuple[object, ...]], list[int]]:
    doc = project.documents()[0]
    document, fmt = project.segment(doc), project.format_of(doc)
    return ([(s.text, s.raw, s.kind, s.line, s.context, s.slot) for s in document.segments()],
            [count_words(s.text, fmt) for s in document.segments()])


def _cached(project: Project) -> tuple[list[tuple[object, ...]], list[int]]:
    document, words = segmented(project, project.documents()[0])
    return [(s.text, s.raw, s.kind, s.line, s.context, s.slot) for s in document.segments()], words


def test_a_stored_document_is_the_document_segmented_anew(root: Path) -> None:
    project = Project.load(root)
    first = _cached(project)
    store = root / ".transmgr" / "segments" / "doc.json"
    assert store.exists()
    assert _cached(project) == first == _fresh(project)
    document, _ = segmented(project, project.documents()[0])
    assert document.render(lambda s: None) == DOC  # the source rebuilt byte for byte from the stored parts
    assert [b.kind for b in document.blocks] == [b.kind for b in project.segment(project.documents()[0]).blocks]


def test_an_edited_source_is_segmented_again(root: Path) -> None:
    project = Project.load(root)
    before = status(project)[0].total_words
    (root / "source" / "doc.md").write_text(DOC + "\nOne more paragraph of five words.\n", encoding="utf-8")
    assert status(project)[0].total_words == before + 6
    assert _cached(project) == _fresh(project)


def test_a_changed_setting_is_segmented_again(root: Path) -> None:
    (root / "source" / "doc.md").write_text("# Title\n\nOne sentence. Two sentences here.\n", encoding="utf-8")
    assert status(Project.load(root))[0].total_segments == 2
    config = root / "transmgr.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'segmentation = "sentence"\n', encoding="utf-8")
    assert status(Project.load(root))[0].total_segments == 3


@pytest.mark.parametrize("damage", ["{not json", '{"format": 1, "key": "x"}', "[]", ""])
def test_a_damaged_store_is_ignored_and_replaced(root: Path, damage: str) -> None:
    project = Project.load(root)
    expected = _fresh(project)
    _cached(project)
    store = root / ".transmgr" / "segments" / "doc.json"
    data = json.loads(store.read_text(encoding="utf-8"))
    store.write_text(damage if damage else json.dumps({**data, "words": data["words"][:-1]}), encoding="utf-8")
    assert _cached(project) == expected
    assert json.loads(store.read_text(encoding="utf-8"))["key"] == data["key"]


def test_a_store_that_cannot_be_written_changes_nothing(root: Path) -> None:
    (root / ".transmgr").mkdir(exist_ok=True)
    (root / ".transmgr" / "segments").write_text("a file where the folder would be", encoding="utf-8")
    project = Project.load(root)
    assert _cached(project) == _fresh(project)
    assert status(project)[0].total_segments == len(_fresh(project)[0])
