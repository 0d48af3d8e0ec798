"""Golden files: each document in tests/fixtures/segment beside its expected POT at both levels.

Regenerate after an intended change with ``TRANSMGR_UPDATE_GOLDEN=1 pytest tests/segment`` and review
the diff by eye before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from transmgr.catalog import format_catalog
from transmgr.config import parse_config
from transmgr.formats import segment_document
from transmgr.workflows import Project
from transmgr.workflows.extraction import build_template

FIXTURES = Path(__file__).parents[1] / "fixtures" / "segment"
DOCUMENTS = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".md", ".txt"))


def _project(level: str) -> Project:
    config = parse_config(
        {"source_language": "en", "languages": ["be"], "segmentation": level},
        root=FIXTURES.parent, path=FIXTURES.parent / "transmgr.toml",
    )
    return Project(config)


@pytest.mark.parametrize("level", ["paragraph", "sentence"])
@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_document_matches_golden_pot(document: Path, level: str) -> None:
    project = _project(level)
    parsed = segment_document(document, level=level)
    text = format_catalog(build_template(project, parsed, created="2026-01-01 00:00+0000"))
    golden = document.with_name(f"{document.name}.{level}.pot")
    if os.environ.get("TRANSMGR_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("level", ["paragraph", "sentence"])
@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_rendering_untranslated_reproduces_the_source(document: Path, level: str) -> None:
    parsed = segment_document(document, level=level)
    assert parsed.render(lambda segment: None) == document.read_text(encoding="utf-8")
