"""Importing a whole translated document: matched by structure, or aligned when the structures differ."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import msgfmt_check
from transmgr.catalog import State, accept, read_catalog, write_catalog
from transmgr.errors import SourceError
from transmgr.workflows import Project, update
from transmgr.workflows.exchange.document_import import import_translation

SOURCE = "# Title\n\nFirst paragraph.\n\n- An item\n\n::: caption\nA caption\n:::\n"
TRANSLATED = "# Загаловак\n\nПершы абзац.\n\n- Пункт\n\n::: caption\nПодпіс\n:::\n"


@pytest.fixture
def root(make_project: Callable[..., Path], tmp_path: Path) -> Path:
    root = make_project({"doc.md": SOURCE}, languages=["be"])
    update(Project.load(root))
    (tmp_path / "be.md").write_text(TRANSLATED, encoding="utf-8")
    return root


def test_import_sets_translations_with_origin(root: Path, tmp_path: Path) -> None:
    project = Project.load(root)
    result = import_translation(project, "be", "doc", tmp_path / "be.md")
    assert result.imported == 4
    catalog = {e.msgid: e for e in read_catalog(project.po_path("be", "doc"))}
    assert catalog["First paragraph."].msgstr == "Першы абзац."
    assert catalog["A caption"].msgstr == "Подпіс"
    assert all(e.state is State.TRANSLATED for e in catalog.values())
    assert catalog["Title"].origin == "translator"
    again = import_translation(project, "be", "doc", tmp_path / "be.md")
    assert again.imported == 0 and again.unchanged == 4 and not again.written


def test_import_as_draft_and_reviewed_entries_are_kept(root: Path, tmp_path: Path) -> None:
    project = Project.load(root)
    import_translation(project, "be", "doc", tmp_path / "be.md")
    catalog = read_catalog(project.po_path("be", "doc"))
    catalog.put(accept(catalog[0], "R <r@example.org>"), replacing=catalog[0])
    write_catalog(catalog, project.po_path("be", "doc"))
    (tmp_path / "be2.md").write_text(TRANSLATED.replace("Загаловак", "Назва").replace("Першы", "Першы новы"),
                                     encoding="utf-8")
    result = import_translation(project, "be", "doc", tmp_path / "be2.md", origin="google", as_draft=True)
    assert result.kept == 1 and result.imported == 1
    states = {e.msgid: e.state for e in read_catalog(project.po_path("be", "doc"))}
    assert states["Title"] is State.REVIEWED and states["First paragraph."] is State.DRAFT


def test_structure_mismatch_names_the_block_and_writes_nothing(root: Path, tmp_path: Path) -> None:
    project = Project.load(root)
    po = project.po_path("be", "doc")
    before = po.read_bytes()
    bad = tmp_path / "bad.md"
    bad.write_text("# Загаловак\n\nПершы абзац.\n\nЛішні абзац.\n", encoding="utf-8")
    with pytest.raises(SourceError) as info:
        import_translation(project, "be", "doc", bad, strict=True)
    assert str(info.value).startswith(f"{bad}:5: block 3 does not match the source")
    assert po.read_bytes() == before


def test_import_cli(root: Path, tmp_path: Path, run_cli: Callable[..., object]) -> None:
    result = run_cli("import", "--project", root, "be", tmp_path / "be.md", "--doc", "doc")
    assert result.exit_code == 0, result.output
    assert "4 imported" in result.output
    missing = run_cli("import", "--project", root, "be", tmp_path / "nope.md", "--doc", "doc")
    assert missing.exit_code == 2 and "nope.md" in missing.output and "not found" in missing.output


def test_import_refuses_when_the_catalog_is_older_than_the_source(root: Path, tmp_path: Path) -> None:
    project = Project.load(root)
    source = root / "source" / "doc.md"
    source.write_text(SOURCE.replace("First paragraph.", "First paragraph, edited."), encoding="utf-8")
    before = project.po_path("be", "doc").read_bytes()
    with pytest.raises(SourceError, match="run 'transmgr update' first"):
        import_translation(project, "be", "doc", tmp_path / "be.md")
    assert project.po_path("be", "doc").read_bytes() == before


ESSAY = """# Being concerned

There is no bottom in Belarus: people say it when the unthinkable happens again.

In 2020 the protests began, and more than 35,000 people were detained within weeks.

The regime answered with violence, and the world answered with statements of concern.

What are you going to do about it?
"""
# The translator left out the third paragraph and split the second in two.
ESSAY_BE = """# Быць занепакоеным

У Беларусі ёсць выраз: дна няма.

Так кажуць, калі зноў здараецца неймавернае.

У 2020 годзе пачаліся пратэсты, і за некалькі тыдняў былі затрыманыя больш за 35 000 чалавек.

Што вы збіраецеся з гэтым рабіць?
"""


@pytest.fixture
def essay_root(make_project: Callable[..., Path], tmp_path: Path) -> Path:
    root = make_project({"essay.md": ESSAY}, languages=["be"])
    update(Project.load(root))
    (tmp_path / "essay.be.md").write_text(ESSAY_BE, encoding="utf-8")
    return root


def test_a_translation_with_another_layout_is_aligned_and_imported_as_drafts(essay_root: Path, tmp_path: Path) -> None:
    project = Project.load(essay_root)
    result = import_translation(project, "be", "essay", tmp_path / "essay.be.md")
    catalog = {e.msgid: e for e in read_catalog(project.po_path("be", "essay")) if e.msgid}
    numbers = catalog["In 2020 the protests began, and more than 35,000 people were detained within weeks."]
    assert numbers.msgstr.startswith("У 2020 годзе") and numbers.state is State.DRAFT
    assert numbers.draft_origin is not None and numbers.draft_origin.startswith("aligned ")
    assert int(numbers.draft_origin.split()[1].rstrip("%")) >= 90
    assert catalog["What are you going to do about it?"].msgstr == "Што вы збіраецеся з гэтым рабіць?"
    missing = next(p for p in result.aligned if p.source and not p.target)
    assert missing.source == ("The regime answered with violence, and the world answered with statements of concern.",)
    assert catalog[missing.source[0]].state is State.UNTRANSLATED
    split = next(p for p in result.aligned if len(p.target) == 2)
    assert not split.imported and catalog[split.source[0]].state is State.UNTRANSLATED  # listed, not imported
    assert {p.kind for p in result.listed} >= {"1-0", "1-2"}


def test_uncertain_pairs_and_splits_are_imported_only_when_asked(essay_root: Path, tmp_path: Path) -> None:
    project = Project.load(essay_root)
    import_translation(project, "be", "essay", tmp_path / "essay.be.md", include_uncertain=True)
    catalog = {e.msgid: e for e in read_catalog(project.po_path("be", "essay")) if e.msgid}
    joined = catalog["There is no bottom in Belarus: people say it when the unthinkable happens again."]
    assert joined.msgstr == "У Беларусі ёсць выраз: дна няма. Так кажуць, калі зноў здараецца неймавернае."
    assert joined.state is State.DRAFT


def test_strict_refuses_and_dry_run_writes_nothing(essay_root: Path, tmp_path: Path,
                                                   run_cli: Callable[..., object]) -> None:
    po = Project.load(essay_root).po_path("be", "essay")
    before = po.read_bytes()
    shorter = tmp_path / "shorter.be.md"
    shorter.write_text(ESSAY_BE.rsplit("\n\n", 1)[0] + "\n", encoding="utf-8")  # the last paragraph gone
    strict = run_cli("import", "--project", essay_root, "be", shorter, "--doc", "essay", "--strict")
    assert strict.exit_code == 2 and "the translation has 4 blocks, the source 5" in strict.output  # type: ignore[attr-defined]
    table = run_cli("import", "--project", essay_root, "be", tmp_path / "essay.be.md", "--doc", "essay", "--dry-run")
    output = table.output  # type: ignore[attr-defined]
    assert table.exit_code == 0 and "source" in output and "translation" in output and "1-0" in output  # type: ignore[attr-defined]
    assert "would import" in output and po.read_bytes() == before
    as_json = run_cli("import", "--project", essay_root, "be", tmp_path / "essay.be.md", "--doc", "essay", "--json")
    data = json.loads(as_json.output)  # type: ignore[attr-defined]
    assert data["aligned"] and {p["kind"] for p in data["pairs"]} >= {"1-1", "1-0", "1-2"}
    assert all(isinstance(p["confidence"], float) for p in data["pairs"])
    assert any(p["reason"] for p in data["pairs"] if not p["imported"])
    msgfmt_check(po)


@pytest.mark.parametrize(("source_name", "source"), [
    ("doc.md", "# Title\n\nFirst paragraph is here.\n\nThe second paragraph stays English.\n"),
    ("doc.html", "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Title</title></head><body>"
                 "<h1>Title</h1><p>First paragraph is here.</p><p>The second paragraph stays English.</p></body></html>\n"),
])
def test_an_edition_built_with_fallbacks_marks_its_stand_ins_and_import_leaves_them(
        make_project: Callable[..., Path], tmp_path: Path, source_name: str, source: str) -> None:
    from transmgr.catalog import set_translation
    from transmgr.workflows.build import build

    root = make_project({source_name: source}, languages=["be"],
                        extra='[build]\nthreshold = 0\nuntranslated = "fallback"\n')
    project = Project.load(root)
    update(project)
    po = project.po_path("be", "doc")
    catalog = read_catalog(po)
    unit = catalog.find("First paragraph is here.")
    assert unit is not None
    catalog.put(set_translation(unit, "Першы абзац тут."), replacing=unit)
    write_catalog(catalog, po)
    build(project)
    suffix = Path(source_name).suffix
    edition = root / "build" / "be" / f"doc{suffix}"
    text = edition.read_text(encoding="utf-8")
    if suffix == ".md":
        assert "The second paragraph stays English.<!-- untranslated -->" in text  # a reader never sees it
    else:
        assert '<span lang="en" data-transmgr-untranslated="">The second paragraph stays English.</span>' in text
    # A new catalog: the edition imported back brings the translation, never the English stand-ins.
    po.unlink()
    update(project)
    result = import_translation(project, "be", "doc", edition)
    units = {u.msgid: u for u in read_catalog(po) if u.msgid}
    assert units["First paragraph is here."].msgstr == "Першы абзац тут."
    assert units["The second paragraph stays English."].msgstr == ""
    assert result.copies >= 1  # the stand-ins, counted (the title too, left English)


def test_import_and_draft_stamp_the_header_with_the_person_and_the_time(root: Path, tmp_path: Path,
                                                                          run_cli: Callable[..., object]) -> None:
    import datetime as dt

    project = Project.load(root)
    result = run_cli("import", "be", str(tmp_path / "be.md"), "--doc", "doc", "--project", root,
                     env={"TRANSMGR_REVIEWER": "Imp Orter <imp@example.org>"})
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    header = read_catalog(project.po_path("be", "doc")).metadata
    assert header["Last-Translator"] == "Imp Orter <imp@example.org>"
    assert header["PO-Revision-Date"].startswith(dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d"))


def test_the_table_shows_both_sentences_of_a_two_to_one_pair_and_the_counts_add_up(
        make_project: Callable[..., Path], tmp_path: Path, run_cli: Callable[..., object]) -> None:
    source = ESSAY.replace("What are you going to do about it?",
                           "What are you going to do about it? We ask.\n\nNobody answers this question in the capitals.")
    joined = ESSAY_BE.replace("Што вы збіраецеся з гэтым рабіць?", "Што вы збіраецеся з гэтым рабіць? Мы пытаемся, "
                              "а ў сталіцах на гэтае пытанне ніхто не адказвае.")
    root = make_project({"essay.md": source}, languages=["be"])
    update(Project.load(root))
    (tmp_path / "joined.be.md").write_text(joined, encoding="utf-8")
    table = run_cli("import", "--project", root, "be", tmp_path / "joined.be.md", "--doc", "essay", "--dry-run")
    lines = table.output.splitlines()  # type: ignore[attr-defined]
    first = next(n for n, line in enumerate(lines) if line.startswith("What are you going to do about it? We ask."))
    assert " 2-1 " in lines[first] and lines[first + 1].startswith("+ Nobody answers this question in the capitals.")
    split = next(n for n, line in enumerate(lines) if "У Беларусі ёсць выраз: дна няма." in line)
    assert "+ Так кажуць, калі зноў здараецца неймавернае." in lines[split + 1]
    for run in range(2):  # the first run imports, the second finds the same drafts: unchanged
        data = json.loads(run_cli("import", "--project", root, "be", tmp_path / "joined.be.md", "--doc", "essay",
                                  "--json").output)  # type: ignore[attr-defined]
        assert data["entries"] == 6
        assert data["imported"] + data["unchanged"] + data["kept"] + data["copies"] + data["not_imported"] == 6
        assert (data["imported"], data["unchanged"], data["not_imported"]) == ((2, 0, 4) if run == 0 else (0, 2, 4))
    said = run_cli("import", "--project", root, "be", tmp_path / "joined.be.md", "--doc", "essay").output  # type: ignore[attr-defined]
    assert "6 entries: 0 imported, 2 unchanged, 4 without a sure pair (listed above)" in said
    assert "What are you going to do ab… | Nobody answers this questio…" in said


def test_a_repeated_paragraph_translated_otherwise_is_reported(make_project: Callable[..., Path], tmp_path: Path,
                                                               run_cli: Callable[..., object]) -> None:
    root = make_project({"doc.md": "# Title\n\nSee also.\n\nMiddle.\n\nSee also.\n"}, languages=["be"])
    update(Project.load(root))
    (tmp_path / "be.md").write_text("# Загаловак\n\nГл. таксама.\n\nСярэдзіна.\n\nГлядзіце таксама.\n",
                                    encoding="utf-8")
    result = run_cli("import", "--project", root, "be", tmp_path / "be.md", "--doc", "doc")
    assert result.exit_code == 0  # type: ignore[attr-defined]
    assert "translated otherwise at source line 7" in result.output  # type: ignore[attr-defined]
    assert "3 entries: 3 imported" in result.output  # type: ignore[attr-defined]
    catalog = {u.msgid: u.msgstr for u in read_catalog(Project.load(root).po_path("be", "doc"))}
    assert catalog["See also."] == "Гл. таксама."
