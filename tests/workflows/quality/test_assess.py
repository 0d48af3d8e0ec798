"""A language-model judge's verdicts in the PO file: written, stale after an edit, reported by check,
never sent twice, and a judge that answers nonsense changes no file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.conftest import msgfmt_check
from tests.engines.fake_llm import FakeChat
from tests.workflows.quality.conftest import TRANSLATIONS
from transmgr.catalog import read_catalog
from transmgr.workflows import Project
from transmgr.workflows.assess import assess

Run = Callable[..., Result]


def _units(root: Path) -> dict[str, object]:
    return {u.msgid: u for u in read_catalog(Project.load(root).po_path("be", "doc")) if u.msgid}


def test_verdicts_are_written_beside_the_translation_and_go_stale_on_an_edit(assess_project: Path,
                                                                            judge: FakeChat) -> None:
    report = assess(Project.load(assess_project), ["be"])
    assert report.requests == 1 and not report.failures
    (catalog,) = report.catalogs
    assert (catalog.pending, catalog.assessed, catalog.clean) == (4, 4, 2)
    assert catalog.errors == {"critical": 1, "major": 1}
    units = _units(assess_project)
    wrong = units["There are 6,000 people in the square."].assessment  # type: ignore[attr-defined]
    assert wrong.current and wrong.judge == "judge-model" and wrong.worst == "critical"
    assert [(e.span, e.category, e.note) for e in wrong.errors] == [("60 000", "accuracy", "6,000 in the source")]
    clean = units["The weather is fine today."].assessment  # type: ignore[attr-defined]
    assert clean.current and clean.errors == () and clean.score == 100
    path = Project.load(assess_project).po_path("be", "doc")
    msgfmt_check(path)
    text = path.read_text(encoding="utf-8")
    assert '# assess-error: critical accuracy "60 000" 6,000 in the source' in text
    path.write_text(text.replace("На плошчы 60 000 чалавек.", "На плошчы 6 000 чалавек."), encoding="utf-8")
    edited = _units(assess_project)["There are 6,000 people in the square."].assessment  # type: ignore[attr-defined]
    assert not edited.current and not edited.flagged  # stale the moment the text changed, without a new run
    again = assess(Project.load(assess_project), ["be"])
    assert again.catalogs[0].pending == 1 and len(judge.requests) == 2  # only the changed unit is sent
    assert [item["translation"] for item in _items(judge.requests[-1])] == ["На плошчы 6 000 чалавек."]
    assert _units(assess_project)["There are 6,000 people in the square."].assessment.current  # type: ignore[attr-defined]


def test_check_reports_critical_and_major_errors_and_passes_after_the_fix(assess_project: Path, run_cli: Run) -> None:
    assess(Project.load(assess_project), ["be"])
    result = run_cli("check", "--project", assess_project, "--json")
    findings = [f for f in json.loads(result.stdout) if f["check_id"] == "assessment"]
    assert result.exit_code == 1
    assert sorted((f["severity"], f["source"]) for f in findings) == [
        ("error", "Nobody was arrested."), ("error", "There are 6,000 people in the square.")]
    assert any("«60 000»" in f["message"] and "6,000 in the source" in f["message"] for f in findings)
    path = Project.load(assess_project).po_path("be", "doc")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("На плошчы 60 000 чалавек.", "На плошчы 6 000 чалавек.")
                    .replace("Усіх арыштавалі.", "Нікога не арыштавалі."), encoding="utf-8")
    after = run_cli("check", "--project", assess_project, "--json")
    assert not [f for f in json.loads(after.stdout) if f["check_id"] == "assessment"]


def test_a_judge_that_answers_nonsense_changes_no_file(assess_project: Path, judge: FakeChat) -> None:
    path = Project.load(assess_project).po_path("be", "doc")
    before = path.read_bytes()
    for script in (lambda body: (200, {}, "not json at all"),
                   lambda body: (200, {}, json.dumps({"assessments": [{"id": "99", "errors": []}]})),
                   lambda body: (429, {"Retry-After": "0"}, "slow down"),
                   lambda body: (500, {}, "oops")):
        judge.script = script
        report = assess(Project.load(assess_project), ["be"])
        assert path.read_bytes() == before, report
    judge.script = lambda body: (200, {}, json.dumps({"assessments": [
        {"id": item["id"], "errors": [{"span": "not in the text", "category": "accuracy", "severity": "major"},
                                      {"span": item["translation"][:3], "category": "fluency", "severity": "fatal"},
                                      {"span": item["translation"][:3], "category": "vibes", "severity": "minor"}]}
        for item in _items(body)]}))
    report = assess(Project.load(assess_project), ["be"])
    assert len(report.warnings) == 12 and all("dropped" in w for w in report.warnings)
    assert all(u.assessment.current and not u.assessment.errors for u in _units(assess_project).values()  # type: ignore[attr-defined]
               if u.msgid in TRANSLATIONS)  # every error dropped: assessed clean


def _items(body: dict) -> list[dict]:  # type: ignore[type-arg]
    from tests.workflows.quality.conftest import items_of

    return items_of(body)


def test_a_hanging_judge_changes_no_file_and_says_why(assess_project: Path, judge: FakeChat) -> None:
    path = Project.load(assess_project).po_path("be", "doc")
    config = assess_project / "transmgr.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("timeout = 5", "timeout = 0.3"), encoding="utf-8")
    before = path.read_bytes()
    judge.delay = 2.0
    report = assess(Project.load(assess_project), ["be"])
    assert path.read_bytes() == before
    assert report.failures and "within 0.3 s" in report.failures[0]


def test_the_dry_run_counts_requests_and_tokens_and_sends_nothing(assess_project: Path, judge: FakeChat,
                                                                   run_cli: Run) -> None:
    result = run_cli("assess", "--project", assess_project, "--dry-run", "--json")
    data = json.loads(result.stdout)
    assert result.exit_code == 0 and data["dry_run"] and data["requests"] == 1 and data["tokens"] > 100
    assert data["catalogs"][0]["pending"] == 4 and not judge.requests


def test_a_judge_grading_its_own_model_is_warned_about(assess_project: Path, run_cli: Run) -> None:
    path = Project.load(assess_project).po_path("be", "doc")
    text = path.read_text(encoding="utf-8").replace('msgid "Counting"', '# origin: llm judge-model 2026-12-01\nmsgid "Counting"')
    path.write_text(text, encoding="utf-8")
    result = run_cli("assess", "--project", assess_project)
    assert "1 unit(s) were drafted by judge-model, the judge's own model" in result.stderr


def test_the_queue_puts_critical_then_major_errors_first(assess_project: Path, run_cli: Run) -> None:
    assess(Project.load(assess_project), ["be"])
    listed = json.loads(run_cli("review", "be", "--project", assess_project, "--list", "--state", "any",
                                "--json").stdout)
    assert [item["msgid"] for item in listed][:2] == ["There are 6,000 people in the square.", "Nobody was arrested."]
    assert listed[0]["assessment"]["errors"][0]["span"] == "60 000"
    table = run_cli("review", "be", "--project", assess_project, "--list", "--state", "any").stdout
    assert "critical (1): «60 000» 6,000 in the source" in table


def test_status_counts_flagged_units_and_build_holds_back_a_low_score(assess_project: Path, run_cli: Run) -> None:
    assess(Project.load(assess_project), ["be"])
    (row,) = json.loads(run_cli("status", "--project", assess_project, "--json").stdout)
    assert row["flagged"] == {"critical": 1, "major": 1} and row["score"] < 50
    held = run_cli("build", "--project", assess_project, "--min-score", "90", "--json")
    (edition,) = json.loads(held.stdout)["editions"]
    assert not edition["built"] and "the judge's score is" in edition["reason"]
    assert run_cli("build", "--project", assess_project, "--min-score", "1").exit_code == 0


def test_accepting_overrules_the_judge_and_check_passes(assess_project: Path, run_cli: Run) -> None:
    assess(Project.load(assess_project), ["be"])
    accepted = run_cli("review", "be", "--project", assess_project, "--accept", "source/doc.md:3", "source/doc.md:7",
                       env={"TRANSMGR_REVIEWER": "Ada <ada@example.org>"})
    assert accepted.exit_code == 0, accepted.output
    units = _units(assess_project)
    overruled = units["There are 6,000 people in the square."].assessment  # type: ignore[attr-defined]
    assert overruled.current and overruled.overruled.endswith("Ada <ada@example.org>") and not overruled.flagged
    result = run_cli("check", "--project", assess_project, "--json")
    assert not [f for f in json.loads(result.stdout) if f["check_id"] == "assessment"]
