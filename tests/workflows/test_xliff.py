"""XLIFF 1.2 and 2.0: the essay's catalogs round-trip, a CAT tool's edits come back with their states,
a stale file is refused whole, and Translate Toolkit's readers read every unit we write."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import msgfmt_check
from transmgr.catalog import State, accept, read_catalog, set_translation, write_catalog
from transmgr.workflows import Project, update
from transmgr.workflows.xliff import XliffError, export_xliff, import_xliff

ROOT = Path(__file__).resolve().parents[2]
REVIEWER = "Test Reviewer <test@example.org>"
DOC = """# The appeal

We are **deeply concerned** about [the report](https://example.org/r) and `code`.

There is no bottom in Belarus.

Three is a number: {count} people.
"""


@pytest.fixture
def essay(tmp_path: Path) -> Path:
    """A copy of this repository's project: the essay and its four catalogs."""
    root = tmp_path / "essay"
    shutil.copytree(ROOT / "source", root / "source")
    shutil.copytree(ROOT / "locales", root / "locales")
    (root / "transmgr.toml").write_text('source_language = "en"\nlanguages = ["be", "uk", "ru", "en"]\n', encoding="utf-8")
    return root


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_the_essays_catalogs_round_trip_unchanged(essay: Path, tmp_path: Path, version: str) -> None:
    project = Project.load(essay)
    for lang in ("be", "uk", "ru", "en"):
        before = project.po_path(lang, "deeply-concerned").read_bytes()
        path = tmp_path / f"{lang}.xlf"
        exported = export_xliff(project, lang, path, version=version)
        assert exported.units == 40
        result = import_xliff(project, lang, path, REVIEWER)
        assert result.unchanged == 40 and not result.written
        assert project.po_path(lang, "deeply-concerned").read_bytes() == before


@pytest.fixture
def marked(make_project: Callable[..., Path]) -> Path:
    root = make_project({"doc.md": DOC}, languages=["be"])
    update(Project.load(root))
    return root


def test_markup_travels_as_inline_codes_not_markdown(marked: Path, tmp_path: Path) -> None:
    project = Project.load(marked)
    for version, standalone in (("1.2", "x"), ("2.0", "ph")):
        path = tmp_path / f"be-{version}.xlf"
        export_xliff(project, "be", path, version=version)
        text = path.read_text(encoding="utf-8")
        source = re.search(r"<source>We are.*?</source>", text, re.DOTALL)
        assert source is not None
        assert "**" not in re.sub(r'(equiv-text|disp)="[^"]*"', "", source.group(0))  # no raw Markdown in the text
        assert f'<{standalone} id="1"' in source.group(0) and "https://example.org/r" in source.group(0)


def _cat_tool_edit(text: str, version: str) -> str:
    """What a translator does in a CAT tool: translate, move codes, change states."""
    if version == "1.2":
        text = re.sub(r'(<source>We are (.*?)</source>)', lambda m: m.group(1) + "\n        <target state=\"signed-off\">"
                      "Мы <x id=\"1\" equiv-text=\"**\"/>глыбока занепакоеныя<x id=\"2\" equiv-text=\"**\"/> "
                      "<x id=\"3\"/>справаздачай<x id=\"4\"/> і <x id=\"5\"/>.</target>", text, flags=re.DOTALL)
        text = text.replace("<source>There is no bottom in Belarus.</source>",
                            '<source>There is no bottom in Belarus.</source>\n        '
                            '<target state="needs-review-translation">У Беларусі дна няма.</target>')
    else:
        text = re.sub(r'<segment state="initial">(\s*<source>We are .*?</source>)',
                      lambda m: '<segment state="reviewed">' + m.group(1) + "<target>Мы <ph id=\"1\"/>глыбока "
                      "занепакоеныя<ph id=\"2\"/> <ph id=\"3\"/>справаздачай<ph id=\"4\"/> і <ph id=\"5\"/>.</target>",
                      text, flags=re.DOTALL)
        text = re.sub(r'<segment state="initial">(\s*<source>There is no bottom in Belarus.</source>)',
                      lambda m: '<segment state="translated" subState="transmgr:draft">' + m.group(1)
                      + "<target>У Беларусі дна няма.</target>", text)
    return text


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_a_cat_tools_edits_come_back_with_their_states(marked: Path, tmp_path: Path, version: str) -> None:
    project = Project.load(marked)
    path = tmp_path / "be.xlf"
    export_xliff(project, "be", path, version=version)
    path.write_text(_cat_tool_edit(path.read_text(encoding="utf-8"), version), encoding="utf-8")
    result = import_xliff(project, "be", path, REVIEWER)
    assert sum(result.changed.values()) == 2
    catalog = {u.msgid: u for u in read_catalog(project.po_path("be", "doc")) if u.msgid}
    signed = catalog["We are **deeply concerned** about [the report](https://example.org/r) and `code`."]
    assert signed.msgstr == "Мы **глыбока занепакоеныя** [справаздачай](https://example.org/r) і `code`."
    assert signed.state == State.REVIEWED and signed.stamp is not None and signed.stamp.who == REVIEWER
    draft = catalog["There is no bottom in Belarus."]
    assert draft.state == State.DRAFT and draft.draft_origin == "xliff"
    assert catalog["Three is a number: {count} people."].state == State.UNTRANSLATED
    msgfmt_check(project.po_path("be", "doc"))
    again = import_xliff(project, "be", path, REVIEWER)
    assert not again.written and sum(again.changed.values()) == 0  # only changed units are imported


def test_a_file_whose_sources_changed_is_refused_whole(marked: Path, tmp_path: Path, run_cli: Callable[..., object]) -> None:
    project = Project.load(marked)
    path = tmp_path / "be.xlf"
    export_xliff(project, "be", path)
    path.write_text(_cat_tool_edit(path.read_text(encoding="utf-8"), "1.2"), encoding="utf-8")
    source = marked / "source" / "doc.md"
    source.write_text(DOC.replace("There is no bottom in Belarus.", "There is no bottom, none."), encoding="utf-8")
    update(project)
    before = project.po_path("be", "doc").read_bytes()
    result = run_cli("import", "--project", marked, "be", path, env={"TRANSMGR_REVIEWER": REVIEWER})
    assert result.exit_code == 2  # type: ignore[attr-defined]
    lines = result.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert any(re.match(rf"transmgr: error: {re.escape(str(path))}:\d+: unit u[0-9a-f]{{12}}: not in ", line) for line in lines)
    assert lines[-1].endswith("nothing was written (export again from the current catalogs, or run 'transmgr update' first)")
    assert project.po_path("be", "doc").read_bytes() == before


def test_signed_off_units_need_a_known_reviewer(marked: Path, tmp_path: Path) -> None:
    project = Project.load(marked)
    path = tmp_path / "be.xlf"
    export_xliff(project, "be", path)
    path.write_text(_cat_tool_edit(path.read_text(encoding="utf-8"), "1.2"), encoding="utf-8")
    with pytest.raises(XliffError, match="no reviewer is known"):
        import_xliff(project, "be", path, None)


def test_broken_xml_and_another_language_are_one_line_errors(marked: Path, tmp_path: Path) -> None:
    project = Project.load(marked)
    path = tmp_path / "be.xlf"
    export_xliff(project, "be", path)
    broken = tmp_path / "broken.xlf"
    broken.write_text(path.read_text(encoding="utf-8")[:-40], encoding="utf-8")
    with pytest.raises(XliffError, match="not well-formed XML"):
        import_xliff(project, "be", broken, REVIEWER)
    other = tmp_path / "ru.xlf"
    other.write_text(path.read_text(encoding="utf-8").replace('target-language="be"', 'target-language="ru"'),
                     encoding="utf-8")
    with pytest.raises(XliffError, match="target language is ru, not be"):
        import_xliff(project, "be", other, REVIEWER)


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_translate_toolkit_reads_every_unit(essay: Path, marked: Path, tmp_path: Path, version: str) -> None:
    module = pytest.importorskip("translate.storage.xliff" if version == "1.2" else "translate.storage.xliff2",
                                 reason="Translate Toolkit (a test dependency) reads the XLIFF")
    reader = module.xlifffile if version == "1.2" else module.Xliff2File
    for root, count in ((essay, 40), (marked, 4)):
        path = tmp_path / f"{root.name}-{version}.xlf"
        export_xliff(Project.load(root), "be", path, version=version)
        store = reader.parsefile(str(path))
        units = [u for u in store.units if not u.isheader()]
        assert len(units) == count
        assert all(u.getid() for u in units)
    read_back = {u.source: u.target for u in reader.parsefile(str(tmp_path / f"essay-{version}.xlf")).units}
    catalog = read_catalog(Project.load(essay).po_path("be", "deeply-concerned"))
    assert {u.msgid: u.msgstr for u in catalog if u.msgid} == read_back


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>The appeal</title></head>
<body>
<p><strong>Read</strong> <a href="https://example.org/r">the <em>report</em></a> now.</p>
<p><em>Deeply concerned</em> changes nothing.</p>
</body></html>
"""


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_paired_codes_of_a_web_page_round_trip_and_can_move(make_project: Callable[..., Path], tmp_path: Path,
                                                            version: str) -> None:
    root = make_project({"page.html": PAGE}, languages=["be"])
    project = Project.load(root)
    update(project)
    path = tmp_path / "be.xlf"
    export_xliff(project, "be", path, version=version)
    assert import_xliff(project, "be", path, REVIEWER).unchanged == 0  # untranslated units are not imported
    text = path.read_text(encoding="utf-8")
    start, end = ("bx", "ex") if version == "1.2" else ("sc", "ec")
    # A codes-first segment keeps its exact source (no indentation slipped into it) and gets a target
    # in which the translator moved the codes: "Now read the report" with the strong run last.
    pattern = re.compile(rf"(<source><{start} id=\"1\"[^>]*/>Read<{end} id=\"2\"[^>]*/>.*?</source>)", re.DOTALL)
    assert pattern.search(text), text
    target = (f'<target>Цяпер прачытайце <{start} id="3"/>справаздачу пра <{start} id="4"/>занепакоенасць'
              f'<{end} id="5"/><{end} id="6"/> — <{start} id="1"/>прачытайце<{end} id="2"/>.</target>')
    if version == "1.2":
        text = pattern.sub(lambda m: m.group(1) + target.replace("<target>", '<target state="translated">'), text)
    else:
        text = pattern.sub(lambda m: m.group(1) + target, text).replace(
            '<segment state="initial">\n        <source><sc id="1"', '<segment state="translated">\n        <source><sc id="1"')
    path.write_text(text, encoding="utf-8")
    result = import_xliff(project, "be", path, REVIEWER)
    assert sum(result.changed.values()) == 1
    unit = read_catalog(project.po_path("be", "page")).find("<1>Read</1> <2>the <3>report</3></2> now.")
    assert unit is not None
    assert unit.msgstr == "Цяпер прачытайце <2>справаздачу пра <3>занепакоенасць</3></2> — <1>прачытайце</1>."
    assert unit.state in (State.TRANSLATED, State.REVIEWED)


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_a_stale_translation_round_trips_as_stale(marked: Path, tmp_path: Path, version: str) -> None:
    project = Project.load(marked)
    po = project.po_path("be", "doc")
    catalog = read_catalog(po)
    unit = catalog.find("There is no bottom in Belarus.")
    assert unit is not None
    reviewed = accept(set_translation(unit, "У Беларусі дна няма."), REVIEWER)
    catalog.put(reviewed.changed(msgstr="У Беларусі дна няма!"), replacing=unit)  # edited after the review
    write_catalog(catalog, po)
    assert read_catalog(po).find("There is no bottom in Belarus.").state == State.STALE  # type: ignore[union-attr]
    path = tmp_path / "be.xlf"
    export_xliff(project, "be", path, version=version)
    before = po.read_bytes()
    result = import_xliff(project, "be", path, REVIEWER)
    assert not result.written and po.read_bytes() == before


def test_units_find_their_document_after_a_rename(marked: Path, tmp_path: Path) -> None:
    from transmgr.workflows.memory import rename_document

    project = Project.load(marked)
    path = tmp_path / "be.xlf"
    export_xliff(project, "be", path)
    path.write_text(_cat_tool_edit(path.read_text(encoding="utf-8"), "1.2"), encoding="utf-8")
    rename_document(project, "doc", "essays/appeal")
    result = import_xliff(Project.load(marked), "be", path, REVIEWER)
    assert result.changed == {"essays/appeal": 2}
