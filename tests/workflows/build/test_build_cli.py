"""`transmgr build`: the report, JSON output, options, errors on one line, and the build date."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

Run = Callable[..., Result]


def test_report_says_what_was_built_and_skipped(fixture_project: Path, run_cli: Run) -> None:
    result = run_cli("build", "--project", fixture_project)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "be/structure: built md, html, txt, mo, 81.7% translated, written" in lines
    assert ("uk/notes: skipped: 0.0% of source words translated, below the 50% threshold "
            "(12 more words to translate)") in lines
    assert lines[-1] == "5 editions built, 1 skipped, 21 files written."
    again = run_cli("build", "--project", fixture_project)
    assert "be/structure: built md, html, txt, mo, 81.7% translated, unchanged" in again.output
    assert again.output.splitlines()[-1] == "5 editions built, 1 skipped, 0 files written."


def test_options_select_languages_documents_and_formats(fixture_project: Path, run_cli: Run) -> None:
    result = run_cli("build", "--project", fixture_project, "--lang", "be", "--doc", "structure",
                     "--format", "md,txt", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [(e["lang"], e["doc"], e["built"]) for e in data["editions"]] == [("be", "structure", True)]
    assert data["editions"][0]["files"] == ["build/be/structure.md", "build/be/structure.txt"]
    assert data["pages"] == []  # no HTML asked: no parallel page, no index
    assert sorted(p.name for p in (fixture_project / "build").rglob("*") if p.is_file()) == [
        "structure.md", "structure.txt"]


def test_untranslated_option_overrides_the_configuration(fixture_project: Path, run_cli: Run) -> None:
    result = run_cli("build", "--project", fixture_project, "--lang", "be", "--doc", "structure",
                     "--untranslated", "fail")
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert result.output.startswith(f"transmgr: error: {fixture_project / 'locales/be/LC_MESSAGES/structure.po'}:")
    assert "be/structure: 3 untranslated segments and build.untranslated is 'fail'" in result.output
    assert not (fixture_project / "build").exists()


def test_include_drafts_publishes_and_marks_them(fixture_project: Path, run_cli: Run) -> None:
    run_cli("build", "--project", fixture_project, "--lang", "be", "--format", "html", "--include-drafts")
    page = (fixture_project / "build" / "be" / "structure.html").read_text(encoding="utf-8")
    assert '<span class="draft"' in page and "Укладзены пункт" in page


def test_source_date_epoch_dates_the_build(fixture_project: Path, run_cli: Run) -> None:
    result = run_cli("build", "--project", fixture_project, "--lang", "en", "--format", "html", "--json",
                     env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert json.loads(result.output)["day"] == "2023-11-14"
    assert "Built on November 14, 2023." in (fixture_project / "build/en/structure.html").read_text(encoding="utf-8")
    bad = run_cli("build", "--project", fixture_project, env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert bad.exit_code == 2 and "SOURCE_DATE_EPOCH must be a number" in bad.output


def test_bad_format_and_language_are_one_line_errors(fixture_project: Path, run_cli: Run) -> None:
    result = run_cli("build", "--project", fixture_project, "--format", "pdf")
    assert result.exit_code == 2
    assert result.output == "transmgr: error: unknown edition format 'pdf' (use source, md, docx, html, txt, mo)\n"
    result = run_cli("build", "--project", fixture_project, "--lang", "de")
    assert result.exit_code == 2 and "language 'de' is not one of this project's languages" in result.output


def test_help_lists_the_options(run_cli: Run) -> None:
    result = run_cli("build", "--help")
    for option in ("--lang", "--doc", "--format", "--include-drafts", "--untranslated", "--json"):
        assert option in result.output


def test_drafts_published_with_include_drafts_are_reported_as_drafts(
        translate_project: Callable[..., Path], run_cli: Run) -> None:
    root = translate_project("# Title here\n\nOne two three four.\n\nFive six seven eight nine ten.\n",
                             {"be": {"Title here": "Загаловак тут", "One two three four.": ("Адзін два.", "draft")}},
                             extra="[build]\nthreshold = 10\n")
    plain = run_cli("build", "--project", root, "--lang", "be", "--format", "md")
    assert "be/doc: built md, 16.7% translated, written" in plain.output  # 2 of 12 words
    with_drafts = run_cli("build", "--project", root, "--lang", "be", "--format", "md", "--include-drafts", "--json")
    edition = json.loads(with_drafts.output)["editions"][0]
    assert (edition["percent_translated"], edition["percent_drafts"]) == (16.67, 33.33)
    text = run_cli("build", "--project", root, "--lang", "be", "--format", "md", "--include-drafts").output
    assert "be/doc: built md, 16.7% translated, 33.3% drafts, unchanged" in text
