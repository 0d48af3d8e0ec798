"""`transmgr check` and entry_findings on real projects: findings, exit status, suppression, configuration."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from transmgr.catalog import Unit, accept, read_catalog, set_draft, set_translation, write_catalog
from transmgr.checks import CHECK_IDS
from transmgr.workflows import Project, update
from transmgr.workflows.check import check, entry_findings

DOC = """# The cost of concern

More than 60,000 people went through prisons.

Lukashenko met Putin in the Kremlin.

The question is — what are you going to do about it?
"""

GOOD = {
    "be": {
        "The cost of concern": "Кошт занепакоенасці",
        "More than 60,000 people went through prisons.": "Больш за 60\u00a0000 чалавек прайшлі праз турмы.",
        "Lukashenko met Putin in the Kremlin.": "Лукашэнка сустрэўся з Пуціным у Крамлі.",
        "The question is — what are you going to do about it?": "Пытанне ў тым — што вы будзеце з гэтым рабіць?",
    },
    "ru": {
        "The cost of concern": "Цена обеспокоенности",
        "More than 60,000 people went through prisons.": "Более 60\u00a0000 человек прошли через тюрьмы.",
        "Lukashenko met Putin in the Kremlin.": "Лукашенко встретился с Путиным в Кремле.",
        "The question is — what are you going to do about it?": "Вопрос в том — что вы собираетесь с этим делать?",
    },
}
NUMBER_FAULT = "Больш за 6000 чалавек прайшлі праз турмы."
PRISONS = "More than 60,000 people went through prisons."


def make_checked_project(make_project: Callable[..., Path], translations: dict[str, dict[str, str]],
                         extra: str = "", docs: dict[str, str] | None = None) -> Path:
    """A project with the essay excerpt, its catalogs updated and ``translations`` set."""
    root = make_project(docs or {"essay.md": DOC}, languages=["be", "ru"], extra=extra)
    project = Project.load(root)
    update(project)
    for doc in project.documents():
        for lang, table in translations.items():
            path = project.po_path(lang, doc.name)
            catalog = read_catalog(path)
            for entry in list(catalog):
                if entry.msgid in table:
                    catalog.put(set_translation(entry, table[entry.msgid]), replacing=entry)
            write_catalog(catalog, path)
    return root


def with_fault(lang: str = "be", msgid: str = PRISONS, text: str = NUMBER_FAULT) -> dict[str, dict[str, str]]:
    table = {lang_: dict(entries) for lang_, entries in GOOD.items()}
    table[lang][msgid] = text
    return table


def edit_entry(root: Path, lang: str, msgid: str, change: Callable[[Unit], Unit], doc: str = "essay") -> None:
    project = Project.load(root)
    path = project.po_path(lang, doc)
    catalog = read_catalog(path)
    entry = next(e for e in catalog if e.msgid == msgid)
    catalog.put(change(entry), replacing=entry)
    write_catalog(catalog, path)


def test_correct_project_has_no_findings_and_exits_0(make_project: Callable[..., Path], run_cli: Callable) -> None:
    root = make_checked_project(make_project, GOOD)
    result = run_cli("check", "--project", root)
    assert result.exit_code == 0, result.output
    assert "No findings" in result.output and "8 entries checked" in result.output


def test_error_is_reported_with_reference_and_exit_1(make_project: Callable[..., Path], run_cli: Callable) -> None:
    root = make_checked_project(make_project, with_fault())
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert "source/essay.md:3: error [numbers] be: number missing from the translation: 60,000 (in be: 60\u00a0000)" \
        in result.stdout
    assert f"translation: {NUMBER_FAULT}" in result.stdout
    assert result.stderr.count("\n") == 1 and "1 error found" in result.stderr


def test_json_has_one_object_per_finding_with_every_field(make_project: Callable[..., Path],
                                                          run_cli: Callable) -> None:
    root = make_checked_project(make_project, with_fault())
    result = run_cli("check", "--project", root, "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert findings == [{
        "check_id": "numbers", "severity": "error", "lang": "be", "doc": "essay", "reference": "source/essay.md:3",
        "source": PRISONS, "translation": NUMBER_FAULT,
        "message": "number missing from the translation: 60,000 (in be: 60\u00a0000); the translation has 6000 instead",
    }]


def test_lang_and_doc_select_what_is_checked(make_project: Callable[..., Path], run_cli: Callable) -> None:
    root = make_checked_project(make_project, with_fault())
    assert run_cli("check", "--project", root, "--lang", "ru").exit_code == 0
    assert run_cli("check", "--project", root, "--lang", "be", "--doc", "essay").exit_code == 1
    unknown = run_cli("check", "--project", root, "--lang", "pl")
    assert unknown.exit_code == 2 and "not one of this project's languages" in unknown.stderr


@pytest.mark.parametrize("silence", ["flag", "comment"])
def test_one_entry_can_be_silenced(make_project: Callable[..., Path], run_cli: Callable, silence: str) -> None:
    root = make_checked_project(make_project, with_fault())

    def mark(entry: Unit) -> Unit:
        if silence == "flag":
            return entry.changed(flags=(*entry.flags, "ignore-numbers"))
        return entry.changed(comments="ignore: numbers, length")

    edit_entry(root, "be", PRISONS, mark)
    assert run_cli("check", "--project", root).exit_code == 0
    # Other checks still run on a silenced entry.
    edit_entry(root, "be", PRISONS, lambda e: set_translation(e, "Больш за 60,000 чалавек прайшлі праз турмы."))
    result = run_cli("check", "--project", root)
    assert "[numbers]" not in result.stdout


@pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext's msgcat is not installed")
def test_the_comment_survives_msgcat_where_the_flag_does_not(make_project: Callable[..., Path],
                                                             run_cli: Callable) -> None:
    root = make_checked_project(make_project, with_fault())
    edit_entry(root, "be", PRISONS, lambda e: e.changed(comments="ignore: numbers"))
    path = Project.load(root).po_path("be", "essay")
    subprocess.run(["msgcat", "-o", str(path), str(path)], check=True)
    assert "# ignore: numbers" in path.read_text(encoding="utf-8")
    assert run_cli("check", "--project", root).exit_code == 0


def test_disabled_checks_are_not_run(make_project: Callable[..., Path], run_cli: Callable) -> None:
    root = make_checked_project(make_project, with_fault(), extra='[checks]\ndisabled = ["numbers"]\n')
    assert run_cli("check", "--project", root).exit_code == 0
    assert "numbers" not in check(Project.load(root)).checks


def test_unknown_disabled_check_is_a_one_line_error(make_project: Callable[..., Path], run_cli: Callable) -> None:
    root = make_checked_project(make_project, GOOD, extra='[checks]\ndisabled = ["numbrs"]\n')
    result = run_cli("check", "--project", root)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "unknown check id 'numbrs'" in result.stderr and "numbers" in result.stderr
    assert "transmgr.toml:" in result.stderr  # the line of the setting


def test_drafts_are_checked_only_on_request(make_project: Callable[..., Path], run_cli: Callable) -> None:
    root = make_checked_project(make_project, GOOD)
    edit_entry(root, "be", PRISONS, lambda e: set_draft(e, NUMBER_FAULT, "google"))
    assert run_cli("check", "--project", root).exit_code == 0
    assert run_cli("check", "--project", root, "--drafts").exit_code == 1


def test_stale_review_is_reported(make_project: Callable[..., Path], run_cli: Callable) -> None:
    root = make_checked_project(make_project, GOOD)
    edit_entry(root, "ru", PRISONS, lambda e: accept(e, "Ann <ann@example.org>"))
    assert "[stale-review]" not in run_cli("check", "--project", root).stdout
    edit_entry(root, "ru", PRISONS, lambda e: e.changed(msgstr="Больше 60\u00a0000 человек прошли через тюрьмы."))
    result = run_cli("check", "--project", root)
    assert result.exit_code == 0
    assert "warning [stale-review] ru: reviewed by Ann <ann@example.org>" in result.stdout


def test_languages_disagreeing_on_a_number(make_project: Callable[..., Path]) -> None:
    doc = DOC + "\nIt has existed for twenty-eight years.\n"
    table = {lang: dict(entries) for lang, entries in GOOD.items()}
    table["be"]["It has existed for twenty-eight years."] = "Ён існуе 28 гадоў."
    table["ru"]["It has existed for twenty-eight years."] = "Он существует 29 лет."
    root = make_checked_project(make_project, table, docs={"essay.md": doc})
    messages = {(f.lang, f.check_id): f.message for f in check(Project.load(root)).findings}
    assert messages[("be", "cross-language")] == "numbers differ from ru: 28 here, 29 there"
    assert messages[("ru", "numbers")] == "number not in the source: 29"


def test_same_source_translated_differently_across_documents(make_project: Callable[..., Path]) -> None:
    docs = {"essay.md": DOC, "letter.md": "More than 60,000 people went through prisons.\n"}
    root = make_checked_project(make_project, GOOD, docs=docs)
    edit_entry(root, "be", PRISONS, lambda e: set_translation(e, "Больш як 60\u00a0000 людзей прайшлі праз турмы."),
               doc="letter")
    findings = [f for f in check(Project.load(root), docs=["letter"]).findings
                if f.check_id == "inconsistent-translation"]
    assert len(findings) == 1
    assert findings[0].message.startswith("translated differently at essay: source/essay.md:3")


def test_entry_findings_keys_entries_and_sees_unsaved_edits(make_project: Callable[..., Path]) -> None:
    root = make_checked_project(make_project, GOOD)
    project = Project.load(root)
    catalog = read_catalog(project.po_path("be", "essay"))
    assert entry_findings(project, "be", "essay", catalog) == {}
    entry = next(e for e in catalog if e.msgid == PRISONS)
    catalog.put(set_draft(entry, NUMBER_FAULT, "google"), replacing=entry)  # in memory only, and a draft
    found = entry_findings(project, "be", "essay", catalog)
    assert list(found) == [(None, PRISONS)]
    assert [f.check_id for f in found[(None, PRISONS)]] == ["numbers"]


def test_one_entrys_findings_are_those_of_the_whole_catalog(make_project: Callable[..., Path]) -> None:
    """The review pages check the shown entry alone: against its catalog and sisters, as a whole run does."""
    root = make_checked_project(make_project, GOOD)
    project = Project.load(root)
    catalog = read_catalog(project.po_path("be", "essay"))
    faults = {PRISONS: NUMBER_FAULT, "Lukashenko met Putin in the Kremlin.": "Лукашенко встретился с Путиным в Кремле."}
    for entry in list(catalog):
        if entry.msgid in faults:
            catalog.put(set_translation(entry, faults[entry.msgid], "translator"), replacing=entry)
    whole = entry_findings(project, "be", "essay", catalog)
    assert len(whole) == 2
    for entry in catalog:
        alone = entry_findings(project, "be", "essay", catalog, only=entry.key)
        assert alone == ({entry.key: whole[entry.key]} if entry.key in whole else {}), entry.msgid


def test_list_prints_every_check_in_registry_order(run_cli: Callable) -> None:
    result = run_cli("check", "--list")
    assert result.exit_code == 0
    ids = [line.split()[0] for line in result.stdout.splitlines()[2:]]
    assert ids == list(CHECK_IDS)
    described = json.loads(run_cli("check", "--list", "--format", "json").stdout)
    assert [c["check_id"] for c in described] == list(CHECK_IDS)
    assert all(c["description"] and c["severity"] in ("error", "warning") for c in described)


def test_suppression_comment_forms_and_reference_fallback() -> None:
    from transmgr.catalog import new_entry
    from transmgr.checks.base import suppressed_checks
    from transmgr.workflows.check import reference_of

    entry = new_entry("Text.", "Тэкст.", tcomment="a translator's note\nignore: numbers, length quotes",
                      flags=["ignore-dashes", "python-format"])
    assert suppressed_checks(entry) == {"numbers", "length", "quotes", "dashes"}
    assert reference_of(entry, "locales/be/LC_MESSAGES/a.po") == "locales/be/LC_MESSAGES/a.po"
    entry = entry.changed(line=12)
    assert reference_of(entry, "locales/be/LC_MESSAGES/a.po") == "locales/be/LC_MESSAGES/a.po:12"
    entry = entry.changed(references=(("source/a.md", "7"),))
    assert reference_of(entry, "locales/be/LC_MESSAGES/a.po") == "source/a.md:7"


def test_the_source_language_catalog_is_not_held_to_translation_rules(make_project: Callable[..., Path],
                                                                      run_cli: Callable) -> None:
    root = make_project({"essay.md": DOC}, languages=["en", "be"])
    update(Project.load(root))  # the en catalog is filled with the source text: identical by design
    result = run_cli("check", "--project", root, "--lang", "en", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
