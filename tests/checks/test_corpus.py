"""The checks on real texts: the UN's Universal Declaration in be/uk/ru and gnome-clocks' catalogs.

The known faults (listed in ../shared/corpus/README.md) must be found; every other UDHR
paragraph must produce no finding at all. Each test runs on the excerpt in
tests/fixtures/checks (always) and on the full corpus file (when ../shared is present).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.checks.conftest import run_checks
from tests.conftest import FIXTURES, shared_corpus
from transmgr.catalog import read_catalog
from transmgr.checks import CHECKS, Context, Finding
from transmgr.formats import MARKDOWN
from transmgr.workflows.check import check_catalog

HERE = FIXTURES / "checks"
SOURCES = ["fixture", "corpus"]
LANGS = ("be", "uk", "ru")


def udhr_rows(where: str) -> list[dict[str, str]]:
    path = HERE / "udhr_excerpt.tsv" if where == "fixture" else shared_corpus("udhr", "txt", "udhr_aligned.tsv")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def known_faults(row: dict[str, str], lang: str) -> set[str]:
    """The check ids that must fire on one row in one language, from the corpus README's list."""
    faults = set()
    text = row[lang]
    if lang in ("be", "uk") and row["key"].startswith("/article") and row["key"].endswith("/title#1"):
        faults.add("end-punctuation")  # "Артыкул 1." for "Article 1"
    if lang == "uk" and row["key"] == "/preamble/para#6":
        faults.add("lowercase-after-stop")  # "уваги. що"
    if lang == "uk" and "'" in text:
        faults.add("apostrophe")  # ASCII where be writes U+02BC
    if "\u2010" in text:
        faults.add("dashes")  # U+2010 HYPHEN where ru writes "-"
    return faults


def udhr_findings(where: str) -> list[tuple[dict[str, str], str, list[Finding]]]:
    return [(row, lang, run_checks(row["en"], row[lang], lang)) for row in udhr_rows(where) for lang in LANGS]


@pytest.mark.parametrize("where", SOURCES)
def test_udhr_known_faults_are_found(where: str) -> None:
    found_any = set()
    for row, lang, findings in udhr_findings(where):
        reported = {f.check_id for f in findings}
        missed = known_faults(row, lang) - reported
        assert not missed, f"{lang} {row['key']}: {missed} not reported in {row[lang]!r}"
        found_any |= {(lang, check_id) for check_id in known_faults(row, lang)}
    assert found_any >= {("be", "end-punctuation"), ("uk", "end-punctuation"), ("uk", "lowercase-after-stop"),
                         ("uk", "apostrophe"), ("be", "dashes"), ("uk", "dashes")}


@pytest.mark.parametrize("where", SOURCES)
def test_udhr_correct_paragraphs_produce_nothing(where: str) -> None:
    checked = 0
    for row, lang, findings in udhr_findings(where):
        assert not [f for f in findings if f.severity == "error"], (lang, row["key"], findings)
        if not known_faults(row, lang):
            checked += 1
            assert findings == [], (lang, row["key"], [(f.check_id, f.message) for f in findings])
        else:
            unexpected = {f.check_id for f in findings} - known_faults(row, lang)
            assert not unexpected, (lang, row["key"], unexpected)
    assert checked >= (15 if where == "fixture" else 150)


def test_udhr_ru_note_with_a_cyrillic_a_is_found() -> None:
    source = "Adopted and proclaimed by General Assembly resolution 217 A (III) of 10 December 1948."
    ru = "Принята и провозглашена резолюцией 217 А (III) Генеральной Ассамблеи от 10 декабря 1948 года."
    findings = run_checks(source, ru, "ru")
    assert [(f.check_id, f.severity) for f in findings] == [("mixed-script", "error")]
    assert "«217 А (III)»" in findings[0].message
    corrected = run_checks(source, ru.replace("217 А", "217 A"), "ru")
    assert corrected == []


def test_udhr_ru_note_as_published() -> None:
    lines = shared_corpus("udhr", "txt", "udhr_ru.txt").read_text(encoding="utf-8").splitlines()
    note = next(line for line in lines if "217" in line)
    source = "Adopted and proclaimed by General Assembly resolution 217 A (III) of 10 December 1948."
    assert [f.check_id for f in run_checks(source, note, "ru")] == ["mixed-script"]


def clocks_findings(path: Path, lang: str) -> dict[str, list[Finding]]:
    found: dict[str, list[Finding]] = {}
    for (_, msgid), finding in check_catalog(read_catalog(path), lang=lang, source_lang="en", doc="clocks",
                                             checks=CHECKS, context=Context(fmt=MARKDOWN)):
        found.setdefault(msgid, []).append(finding)
    return found


def clocks_path(where: str, lang: str) -> Path:
    if where == "fixture":
        return HERE / f"gnome-clocks-{lang}.po"
    return shared_corpus("catalogs", "gnome-clocks", f"po-{lang}.po")


@pytest.mark.parametrize("where", SOURCES)
def test_gnome_clocks_placeholder_and_digit_faults(where: str) -> None:
    uk = clocks_findings(clocks_path(where, "uk"), "uk")
    assert [(f.check_id, f.severity, f.message) for f in uk["One minute"]] == [
        ("placeholders", "error", "placeholder not in the source: {}")]
    assert [f.reference for f in uk["One minute"]] == ["data/ui/timer-setup.ui:55"]
    ru = clocks_findings(clocks_path(where, "ru"), "ru")
    assert [(f.check_id, f.message) for f in ru["One minute"]] == [("numbers", "number not in the source: 1")]
    # c-format plurals, a "1 m" that keeps its digit and the credits are all fine
    for found in (uk, ru, clocks_findings(clocks_path(where, "be"), "be")):
        assert "%s hour behind" not in found and "1 m" not in found and "translator-credits" not in found
    assert not [f for f in clocks_findings(clocks_path(where, "be"), "be").get("One minute", [])]
