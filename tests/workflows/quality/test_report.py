"""The project as its own benchmark: two engines of different quality draft, a reviewer accepts the
good drafts and fixes the bad ones, a judge assesses; the report tells them apart."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import Result

from tests.engines.fake_llm import FakeChat, segments_of
from tests.engines.fake_services import fake_translate
from tests.workflows.quality.conftest import items_of
from transmgr.catalog import read_catalog
from transmgr.workflows import Project, update

PARAS = [f"Paragraph {word} tells the story of the square." for word in
         ("one", "two", "three", "four", "five", "six", "seven", "eight")]


def _model(bad: bool) -> Callable[[dict[str, Any]], tuple[int, dict[str, str], str]]:
    def answer(body: dict[str, Any]) -> tuple[int, dict[str, str], str]:
        rows = [{"id": s["id"], "text": fake_translate(s["text"]) + (" зусім не тое" if bad else "")}
                for s in segments_of(body)]
        return 200, {}, json.dumps({"translations": rows}, ensure_ascii=False)
    return answer


def _judge(body: dict[str, Any]) -> tuple[int, dict[str, str], str]:
    rows = [{"id": item["id"], "errors": [{"span": "зусім не тое", "category": "addition", "severity": "major",
                                           "note": "not in the source"}] if "зусім не тое" in item["translation"]
             else []} for item in items_of(body)]
    return 200, {}, json.dumps({"assessments": rows}, ensure_ascii=False)


def test_the_worse_engine_shows_more_edits_and_more_errors(make_project: Callable[..., Path],
                                                           run_cli: Callable[..., Result]) -> None:
    with FakeChat(_model(False)) as good, FakeChat(_model(True)) as bad, FakeChat(_judge) as judge:
        extra = "".join(f'[engines.{name}]\nengine = "openai"\nbase_url = "{server.base_url}"\nmodel = "{name}-model"\n'
                        for name, server in (("good", good), ("bad", bad), ("judge", judge)))
        root = make_project({"doc.md": "\n\n".join(PARAS) + "\n"}, languages=["be"],
                            extra='[assess]\nengine = "judge"\n' + extra)
        update(Project.load(root))
        assert run_cli("draft", "--project", root, "--engine", "good", "--limit", "4").exit_code == 0
        assert run_cli("draft", "--project", root, "--engine", "bad").exit_code == 0
        assert run_cli("assess", "--project", root).exit_code == 0  # the judge reads the drafts as they came
        path = Project.load(root).po_path("be", "doc")
        reviewer = {"TRANSMGR_REVIEWER": "Ada <ada@example.org>"}
        for unit in read_catalog(path):
            if not unit.msgid:
                continue
            ref = f"doc#{unit.uid}"
            if unit.origin == "llm bad-model":  # fixed: the addition taken out, then accepted
                fixed = unit.msgstr.replace(" зусім не тое", "")
                done = run_cli("review", "be", "--project", root, "--edit", ref, "--text", fixed, "--accept-edit",
                               env=reviewer)
            else:
                done = run_cli("review", "be", "--project", root, "--accept", ref, env=reviewer)
            assert done.exit_code == 0, done.output
        rows = {row["origin"]: row for row in json.loads(run_cli("report", "--project", root, "--json").stdout)}
    good_row, bad_row = rows["llm good-model"], rows["llm bad-model"]
    assert (good_row["units"], bad_row["units"]) == (4, 4)
    assert good_row["accepted_unchanged"] == 4 and bad_row["accepted_unchanged"] == 0
    assert bad_row["mean_edit_percent"] > good_row["mean_edit_percent"] == 0
    assert good_row["tokens_per_accepted_word"] and bad_row["tokens_per_accepted_word"]
    assert bad_row["errors_per_100_words"]["major"] > 0 == good_row["errors_per_100_words"]["major"]
