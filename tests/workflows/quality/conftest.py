"""A fake judge on 127.0.0.1 following the assessment contract, and projects to assess."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.engines.fake_llm import FakeChat
from transmgr.catalog import read_catalog, set_translation, write_catalog
from transmgr.workflows import Project, update

DOC = "# Counting\n\nThere are 6,000 people in the square.\n\nThe weather is fine today.\n\nNobody was arrested.\n"
TRANSLATIONS = {
    "Counting": "Падлік",
    "There are 6,000 people in the square.": "На плошчы 60 000 чалавек.",  # a wrong number
    "The weather is fine today.": "Сёння добрае надвор'е.",
    "Nobody was arrested.": "Усіх арыштавалі.",  # a lost negation
}


def items_of(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The translations a request asks the judge about: the JSON that ends its last user message."""
    content = [m for m in body["messages"] if m["role"] == "user"][-1]["content"]
    return list(json.loads(content[content.rindex('{"assess"'):])["assess"])


def judge_answer(body: dict[str, Any]) -> tuple[int, dict[str, str], str]:
    """A judge that finds a wrong number (critical) and a lost negation (major), nothing else."""
    out = []
    for item in items_of(body):
        errors = []
        if "60 000" in item["translation"] or ("[X" in item["translation"] and "6,000" in str(item.get("tokens"))):
            span = "60 000" if "60 000" in item["translation"] else item["translation"].split()[2]
            errors.append({"span": span, "category": "accuracy", "severity": "critical", "note": "6,000 in the source"})
        if item["translation"].startswith("Усіх"):
            errors.append({"span": "Усіх арыштавалі", "category": "accuracy", "severity": "major",
                           "note": "the source says nobody was arrested"})
        out.append({"id": item["id"], "errors": errors})
    return 200, {}, json.dumps({"assessments": out}, ensure_ascii=False)


@pytest.fixture
def judge() -> Iterator[FakeChat]:
    with FakeChat(judge_answer) as server:
        yield server


@pytest.fixture
def assess_project(make_project: Callable[..., Path], judge: FakeChat) -> Path:
    extra = (f'\n[assess]\nengine = "judge"\n[engines.judge]\nengine = "openai"\nbase_url = "{judge.base_url}"\n'
             'model = "judge-model"\nretries = 0\ntimeout = 5\n')
    root = make_project({"doc.md": DOC}, languages=["be"], extra=extra)
    update(Project.load(root))
    path = Project.load(root).po_path("be", "doc")
    catalog = read_catalog(path)
    for unit in list(catalog):
        if unit.msgid in TRANSLATIONS:
            catalog.put(set_translation(unit, TRANSLATIONS[unit.msgid]), replacing=unit)
    write_catalog(catalog, path)
    return root
