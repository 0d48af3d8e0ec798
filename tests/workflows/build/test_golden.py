"""Golden files: the fixture project's every edition compared byte for byte with tests/fixtures/editions/expected.

Regenerate after an intended change with ``TRANSMGR_UPDATE_GOLDEN=1 pytest tests/editions/test_golden.py``
and read the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import DAY
from tests.conftest import EDITION_FIXTURES as FIXTURES
from transmgr.workflows import Project
from transmgr.workflows.build import build

EXPECTED = FIXTURES / "expected"
UPDATE = bool(os.environ.get("TRANSMGR_UPDATE_GOLDEN"))


def _text_outputs(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix != ".mo"
    }


@pytest.fixture
def built(fixture_project: Path) -> dict[str, bytes]:
    build(Project.load(fixture_project), day=DAY)
    outputs = _text_outputs(fixture_project / "build")
    if UPDATE:
        for rel, data in outputs.items():
            target = EXPECTED / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    return outputs


GOLDEN = sorted(_text_outputs(EXPECTED)) if EXPECTED.is_dir() else []


def test_builds_exactly_the_expected_files(built: dict[str, bytes]) -> None:
    assert sorted(built) == GOLDEN


@pytest.mark.parametrize("rel", GOLDEN)
def test_edition_matches_golden_file(built: dict[str, bytes], rel: str) -> None:
    expected = (EXPECTED / rel).read_bytes()
    assert built[rel].decode("utf-8") == expected.decode("utf-8"), f"{rel} differs from its golden file"
