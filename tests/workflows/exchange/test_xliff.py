"""XLIFF 1.2 and 2.0: the essay's catalogs round-trip, a CAT tool's edits come back with their states,
a stale file is refused whole, and Translate Toolkit's readers read every unit we write."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import msgfmt_check
from transmgr.catalog import State, Unit, accept, read_catalog, set_translation, write_catalog
from transmgr.workflows import Project, update
from transmgr.workflows.exchange.xliff_import import import_xliff
from transmgr.workflows.exchange.xliff_read import XliffError
from transmgr.workflows.exchange.xliff_write import export_xliff

ROOT = Path(__file__).resolve().parents[3]
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


def test_markup_travels_as_paired_codes_not_markdown(marked: Path, tmp_path: Path) -> None:
    project = Project.load(marked)
    for version in ("1.2", "2.0"):
        path = tmp_path / f"be-{version}.xlf"
        export_xliff(project, "be", path, version=version)
        text = path.read_text(encoding="utf-8")
        source = re.search(r"<source>We are.*?</source>", text, re.DOTALL)
        assert source is not None
        assert "**" not in re.sub(r'(equiv-text|disp)="[^"]*"', "", source.group(0))  # no raw Markdown in the text
        if version == "1.2":  # emphasis and the link are pairs; the code span stands alone
            assert '<bx id="1" equiv-text="**" rid="1"/>deeply concerned<ex id="2" equiv-text="**" rid="1"/>' \
                in source.group(0)
            assert '<bx id="3" equiv-text="[" rid="3"/>the report<ex id="4" equiv-text="](https://example.org/r)" ' \
                   'rid="3"/>' in source.group(0)
            assert '<x id="5" equiv-text="`code`"/>' in source.group(0)
        else:
            assert '<sc id="1" disp="**" canCopy="no" canDelete="yes"/>deeply concerned' \
                   '<ec startRef="1" disp="**" canCopy="no" canDelete="yes"/>' in source.group(0)
            assert '<sc id="3" disp="[" canCopy="no" canDelete="no"/>the report' \
                   '<ec startRef="3" disp="](https://example.org/r)" canCopy="no" canDelete="no"/>' in source.group(0)


TARGET_12 = ('Мы <bx id="1" rid="1"/>глыбока занепакоеныя<ex id="2" rid="1"/> '
             '<bx id="3" rid="3"/>справаздачай<ex id="4" rid="3"/> і <x id="5"/>.')
TARGET_20 = ('Мы <sc id="1"/>глыбока занепакоеныя<ec startRef="1"/> <sc id="3"/>справаздачай<ec startRef="3"/> і '
             '<ph id="5"/>.')
SIGNED = "We are **deeply concerned** about [the report](https://example.org/r) and `code`."
SIGNED_TEXT = "Мы **глыбока занепакоеныя** [справаздачай](https://example.org/r) і `code`."


def _cat_tool_edit(text: str, version: str, target: str | None = None, *, phase: str | None = None) -> str:
    """What a translator does in a CAT tool: translate, move codes, change states."""
    if version == "1.2":
        phased = f' phase-name="{phase}"' if phase else ""
        text = re.sub(r'(<source>We are (.*?)</source>)', lambda m: m.group(1) + "\n        <target "
                      f'state="signed-off"{phased}>{target or TARGET_12}</target>', text, flags=re.DOTALL)
        text = text.replace("<source>There is no bottom in Belarus.</source>",
                            '<source>There is no bottom in Belarus.</source>\n        '
                            '<target state="needs-review-translation">У Беларусі дна няма.</target>')
        if phase:
            text = text.replace('tool-id="transmgr">', 'tool-id="transmgr">\n    <header><phase-group><phase '
                                f'phase-name="{phase}" process-name="review" contact-name="Olga CAT"/></phase-group>'
                                "</header>")
    else:
        text = re.sub(r'<segment state="initial">(\s*<source>We are .*?</source>)',
                      lambda m: '<segment state="reviewed">' + m.group(1) + f"<target>{target or TARGET_20}</target>",
                      text, flags=re.DOTALL)
        text = re.sub(r'<segment state="initial">(\s*<source>There is no bottom in Belarus.</source>)',
                      lambda m: '<segment state="translated" subState="transmgr:draft">' + m.group(1)
                      + "<target>У Беларусі дна няма.</target>", text)
    return text


def _units(project: Project) -> dict[str, Unit]:
    return {u.msgid: u for u in read_catalog(project.po_path("be", "doc")) if u.msgid}


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_a_cat_tools_edits_come_back_with_their_states(marked: Path, tmp_path: Path, version: str) -> None:
    project = Project.load(marked)
    path = tmp_path / "be.xlf"
    export_xliff(project, "be", path, version=version)
    path.write_text(_cat_tool_edit(path.read_text(encoding="utf-8"), version), encoding="utf-8")
    result = import_xliff(project, "be", path, REVIEWER)
    assert result.total_changed == 2 and result.not_stamped == 1
    assert result.units == result.total_changed + result.unchanged + result.untranslated + len(result.skipped) \
        + result.suggested  # the counts add up
    catalog = _units(project)
    signed = catalog[SIGNED]
    assert signed.msgstr == SIGNED_TEXT
    assert signed.state == State.TRANSLATED  # signed-off, but not stamped without being asked
    draft = catalog["There is no bottom in Belarus."]
    assert draft.state == State.DRAFT and draft.draft_origin == "xliff"
    assert catalog["Three is a number: {count} people."].state == State.UNTRANSLATED
    msgfmt_check(project.po_path("be", "doc"))
    stamped = import_xliff(project, "be", path, REVIEWER, accept_signed_off=True)
    assert stamped.total_changed == 1
    signed = _units(project)[SIGNED]
    assert signed.state == State.REVIEWED and signed.stamp is not None and signed.stamp.who == REVIEWER
    again = import_xliff(project, "be", path, REVIEWER, accept_signed_off=True)
    assert not again.written and again.total_changed == 0  # only changed units are imported


def test_signed_off_is_stamped_by_the_person_the_file_names(marked: Path, tmp_path: Path) -> None:
    project = Project.load(marked)
    path = tmp_path / "be.xlf"
    export_xliff(project, "be", path)
    path.write_text(_cat_tool_edit(path.read_text(encoding="utf-8"), "1.2", phase="review1"), encoding="utf-8")
    import_xliff(project, "be", path, REVIEWER, accept_signed_off=True)
    signed = _units(project)[SIGNED]
    assert signed.stamp is not None and signed.stamp.who == "Olga CAT"
    assert signed.editor is not None and signed.editor.who == "Olga CAT"


def test_a_dry_run_reports_the_same_and_writes_nothing(marked: Path, tmp_path: Path,
                                                       run_cli: Callable[..., object]) -> None:
    project = Project.load(marked)
    path = tmp_path / "be.xlf"
    export_xliff(project, "be", path)
    path.write_text(_cat_tool_edit(path.read_text(encoding="utf-8"), "1.2"), encoding="utf-8")
    before = project.po_path("be", "doc").read_bytes()
    dry = import_xliff(project, "be", path, REVIEWER, dry_run=True, accept_signed_off=True)
    assert project.po_path("be", "doc").read_bytes() == before and dry.dry_run and not dry.written
    result = run_cli("import", "--project", marked, "be", path, "--dry-run", "--accept-signed-off",
                     env={"TRANSMGR_REVIEWER": REVIEWER})
    assert result.exit_code == 0 and "2 would change" in result.output, result.output  # type: ignore[attr-defined]
    assert project.po_path("be", "doc").read_bytes() == before
    real = import_xliff(project, "be", path, REVIEWER, accept_signed_off=True)
    assert (real.changed, real.unchanged, real.not_stamped) == (dry.changed, dry.unchanged, dry.not_stamped)
    for flag in (["--strict"], ["--min-confidence", "50"], ["--include-uncertain"], ["--doc", "doc"]):
        refused = run_cli("import", "--project", marked, "be", path, *flag)
        assert refused.exit_code == 2 and "XLIFF" in refused.output, flag  # type: ignore[attr-defined]


def test_a_reviewed_translation_is_kept_and_the_incoming_text_waits_as_a_suggestion(
        marked: Path, tmp_path: Path) -> None:
    project = Project.load(marked)
    po = project.po_path("be", "doc")
    catalog = read_catalog(po)
    unit = catalog.find("There is no bottom in Belarus.")
    assert unit is not None
    catalog.put(accept(set_translation(unit, "Дна ў Беларусі няма."), "Ala Reviewer"), replacing=unit)
    write_catalog(catalog, po)
    path = tmp_path / "be.xlf"
    export_xliff(project, "be", path, version="2.0")
    text = path.read_text(encoding="utf-8").replace("Дна ў Беларусі няма.</target>", "У Беларусі дна няма.</target>")
    path.write_text(text.replace('<segment state="reviewed">', '<segment state="translated">'), encoding="utf-8")
    result = import_xliff(project, "be", path, REVIEWER)
    assert result.suggested == 1 and result.total_changed == 0
    kept = _units(project)["There is no bottom in Belarus."]
    assert kept.msgstr == "Дна ў Беларусі няма." and kept.state == State.REVIEWED
    assert kept.stamp is not None and kept.stamp.who == "Ala Reviewer"  # the reviewer's stamp stands
    assert [(s.by, s.text) for s in kept.suggestions] == [(REVIEWER, "У Беларусі дна няма.")]
    replaced = import_xliff(project, "be", path, REVIEWER, overwrite=True)
    assert replaced.total_changed == 1
    assert _units(project)["There is no bottom in Belarus."].msgstr == "У Беларусі дна няма."


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
    assert lines[-1].endswith("nothing was written (export again from the current catalogs, or fix the units in the "
                              "CAT tool)")
    assert project.po_path("be", "doc").read_bytes() == before


def _damaged(target: str) -> list[tuple[str, str]]:
    """Every way a CAT tool can break the codes of ``target``: each code dropped (but the emphasis,
    which may go as a whole pair) or repeated; each pair's ends swapped; the pairs crossed; a code
    the source lacks."""
    codes = re.findall(r"<(?:bx|ex|x|sc|ec|ph)\b[^>]*/>", target)
    found = []
    for index, code in enumerate(codes):
        if index > 1:
            found.append((f"drop {code}", target.replace(code, "", 1)))
        found.append((f"repeat {code}", target.replace(code, code + code, 1)))
    found.append(("drop one end of the emphasis", target.replace(codes[1], "", 1)))
    for first, second in ((0, 1), (2, 3)):
        a, b = codes[first], codes[second]
        found.append((f"swap {a} {b}", target.replace(a, "\0").replace(b, a).replace("\0", b)))
    found.append(("cross the pairs", target.replace(codes[1], "").replace(codes[3], codes[1] + codes[3])))
    found.append(("an unknown code", target.replace(codes[4], codes[4].replace('"5"', '"9"'))))
    return found


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_every_damaged_code_refuses_the_file_and_an_intact_move_imports_as_a_po_editor_would(
        marked: Path, tmp_path: Path, version: str) -> None:
    project = Project.load(marked)
    path = tmp_path / "be.xlf"
    export_xliff(project, "be", path, version=version)
    exported = path.read_text(encoding="utf-8")
    target = TARGET_12 if version == "1.2" else TARGET_20
    po = project.po_path("be", "doc")
    before = po.read_bytes()
    damaged = _damaged(target)
    assert len(damaged) == 13
    for what, text in damaged:
        path.write_text(_cat_tool_edit(exported, version, text), encoding="utf-8")
        with pytest.raises(XliffError) as caught:
            import_xliff(project, "be", path, REVIEWER)
        assert len(caught.value.problems) == 1 and "code" in caught.value.problems[0], (what, caught.value.problems)
        assert po.read_bytes() == before, what
    # The emphasis dropped as a whole pair, the link moved whole to the front: both fine.
    if version == "1.2":
        moved = '<bx id="3" rid="3"/>Справаздача<ex id="4" rid="3"/>: мы глыбока занепакоеныя і <x id="5"/>.'
    else:
        moved = '<sc id="3"/>Справаздача<ec startRef="3"/>: мы глыбока занепакоеныя і <ph id="5"/>.'
    expected = "[Справаздача](https://example.org/r): мы глыбока занепакоеныя і `code`."
    path.write_text(_cat_tool_edit(exported, version, moved), encoding="utf-8")
    import_xliff(project, "be", path, REVIEWER)
    by_xliff = po.read_text(encoding="utf-8")
    assert _units(project)[SIGNED].msgstr == expected
    # The same texts typed in a PO editor and saved: the file the import wrote, byte for byte
    # (but the header's revision date and the dates in the comments, which say when).
    po.write_bytes(before)
    catalog = read_catalog(po)
    for msgid, text in ((SIGNED, expected), ("There is no bottom in Belarus.", "У Беларусі дна няма.")):
        unit = catalog.find(msgid)
        assert unit is not None
        catalog.put(unit.changed(msgstr=text), replacing=unit)
    write_catalog(catalog, po)
    by_editor = po.read_text(encoding="utf-8")
    msgstrs = re.compile(r"^msgstr .*$", re.MULTILINE)
    assert msgstrs.findall(by_xliff) == msgstrs.findall(by_editor)
    msgfmt_check(po)


@pytest.mark.parametrize(("inner", "problem"), [
    ('<it id="1" pos="open">x</it>', "not a code of the source"),
    ("<foo>Мы</foo>", "<foo> is not an inline element"),
    ('<bpt id="7">&lt;b&gt;</bpt>Мы<ept id="8">&lt;/b&gt;</ept>', "not a code of the source"),
    ("<sub>Мы</sub>", "<sub> is not an inline element"),
])
def test_what_the_reader_cannot_take_refuses_the_unit_never_an_empty_translation(
        marked: Path, tmp_path: Path, inner: str, problem: str) -> None:
    project = Project.load(marked)
    po = project.po_path("be", "doc")
    catalog = read_catalog(po)
    unit = catalog.find("There is no bottom in Belarus.")
    assert unit is not None
    catalog.put(set_translation(unit, "У Беларусі дна няма."), replacing=unit)
    write_catalog(catalog, po)
    path = tmp_path / "be.xlf"
    export_xliff(project, "be", path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('<target state="translated">У Беларусі дна няма.', f'<target state="translated">{inner}'),
                    encoding="utf-8")
    before = po.read_bytes()
    with pytest.raises(XliffError) as caught:
        import_xliff(project, "be", path, REVIEWER)
    assert problem in caught.value.problems[0]
    assert po.read_bytes() == before


def test_marks_code_points_and_entities(marked: Path, tmp_path: Path) -> None:
    project = Project.load(marked)
    path = tmp_path / "be.xlf"
    export_xliff(project, "be", path, version="2.0")
    text = re.sub(r'<segment state="initial">(\s*<source>There is no bottom in Belarus.</source>)',
                  lambda m: '<segment state="translated">' + m.group(1) + '<target><mrk id="m1" translate="yes">У '
                  'Беларусі</mrk> дна<cp hex="00A0"/>няма<sm id="s1"/>.<em startRef="s1"/></target>',
                  path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    import_xliff(project, "be", path, REVIEWER)
    assert _units(project)["There is no bottom in Belarus."].msgstr == "У Беларусі дна\u00a0няма."
    declared = re.sub(r"^<\?xml[^>]*\?>", '<?xml version="1.0" encoding="UTF-8"?>\n'
                      '<!DOCTYPE xliff [<!ENTITY who "Лукашэнка">]>', text)
    path.write_text(declared.replace("дна<cp", "&who; дна<cp"), encoding="utf-8")
    with pytest.raises(XliffError) as caught:
        import_xliff(project, "be", path, REVIEWER)
    assert "entity" in caught.value.problems[0]


def test_a_unit_split_into_segments_imports_joined(marked: Path, tmp_path: Path) -> None:
    project = Project.load(marked)
    path = tmp_path / "be.xlf"
    export_xliff(project, "be", path, version="2.0")
    text = path.read_text(encoding="utf-8")
    split = ('<segment state="translated"><source>Three is a number:</source><target>Тры — лік:</target></segment>'
             '<ignorable><source> </source></ignorable>'
             '<segment state="reviewed"><source><ph id="1" disp="{count}"/> people.</source>'
             '<target><ph id="1"/> чалавек.</target></segment>')
    text, count = re.subn(r'<segment state="initial">\s*<source>Three is a number: <ph id="1"[^>]*/> people.</source>'
                          r"\s*</segment>", split, text)
    assert count == 1
    path.write_text(text, encoding="utf-8")
    result = import_xliff(project, "be", path, REVIEWER)
    assert result.total_changed == 1
    unit = _units(project)["Three is a number: {count} people."]
    assert unit.msgstr == "Тры — лік: {count} чалавек." and unit.state == State.TRANSLATED


def test_a_copy_of_the_source_is_not_a_translation(marked: Path, tmp_path: Path) -> None:
    project = Project.load(marked)
    path = tmp_path / "be.xlf"
    export_xliff(project, "be", path)
    text = path.read_text(encoding="utf-8").replace(
        "<source>There is no bottom in Belarus.</source>",
        '<source>There is no bottom in Belarus.</source><target state="translated">There is no bottom in Belarus.'
        "</target>")
    path.write_text(text, encoding="utf-8")
    result = import_xliff(project, "be", path, REVIEWER)
    assert result.total_changed == 0 and "copy of the source" in result.skipped[0]
    assert _units(project)["There is no bottom in Belarus."].msgstr == ""


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
    pattern = re.compile(rf"(<source><{start} id=\"1\"[^>]*/>Read<{end} [^>]*/>.*?</source>)", re.DOTALL)
    assert pattern.search(text), text
    if version == "1.2":
        target = ('<target>Цяпер прачытайце <bx id="3" rid="3"/>справаздачу пра <bx id="4" rid="4"/>занепакоенасць'
                  '<ex id="5" rid="4"/><ex id="6" rid="3"/> — <bx id="1" rid="1"/>прачытайце<ex id="2" rid="1"/>.'
                  "</target>")
    else:
        target = ('<target>Цяпер прачытайце <sc id="3"/>справаздачу пра <sc id="4"/>занепакоенасць'
                  '<ec startRef="4"/><ec startRef="3"/> — <sc id="1"/>прачытайце<ec startRef="1"/>.</target>')
    if version == "1.2":
        text = pattern.sub(lambda m: m.group(1) + target.replace("<target>", '<target state="translated">'), text)
    else:
        text = pattern.sub(lambda m: m.group(1) + target, text).replace(
            '<segment state="initial">\n        <source><sc id="1"', '<segment state="translated">\n        <source><sc id="1"')
    path.write_text(text, encoding="utf-8")
    result = import_xliff(project, "be", path, REVIEWER)
    assert result.total_changed == 1
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
    from transmgr.workflows.rename import rename_document

    project = Project.load(marked)
    path = tmp_path / "be.xlf"
    export_xliff(project, "be", path)
    path.write_text(_cat_tool_edit(path.read_text(encoding="utf-8"), "1.2"), encoding="utf-8")
    rename_document(project, "doc", "essays/appeal")
    result = import_xliff(Project.load(marked), "be", path, REVIEWER)
    assert result.changed == {"essays/appeal": 2}


def test_the_essay_round_trips_through_a_cat_tool_with_every_translation_and_state_accounted_for(
        essay: Path, tmp_path: Path) -> None:
    project = Project.load(essay)
    po = project.po_path("uk", "deeply-concerned")
    before = {u.msgid: u for u in read_catalog(po) if u.msgid}
    path = tmp_path / "uk.xlf"
    export_xliff(project, "uk", path, version="2.0")
    text = path.read_text(encoding="utf-8")
    units = re.findall(r'<unit id="(u[0-9a-f]{12})".*?</unit>', text, re.DOTALL)
    assert len(units) == 40
    longest = max(before.values(), key=lambda u: len(u.msgid))
    cut = longest.msgid.index(". ") + 1
    cut_target = longest.msgstr.index(". ") + 1
    split = (f'<segment state="reviewed"><source>{longest.msgid[:cut]}</source><target>{longest.msgstr[:cut_target]}'
             '</target></segment><ignorable><source> </source></ignorable>'
             f'<segment state="final"><source>{longest.msgid[cut + 1:]}</source><target>{longest.msgstr[cut_target + 1:]}'
             "</target></segment>")
    text = re.sub(rf'(<unit id="{longest.uid}"[^>]*>.*?)<segment.*?</segment>', lambda m: m.group(1) + split, text,
                  count=1, flags=re.DOTALL)  # the CAT tool split its longest unit in two
    edited = before["The question is — what are you going to do about it?"]
    text = text.replace(f"<target>{edited.msgstr}</target>", "<target>Що ж ви збираєтеся робити?</target>", 1)
    path.write_text(text, encoding="utf-8")
    result = import_xliff(project, "uk", path, REVIEWER)
    assert (result.units, result.unchanged, result.suggested, result.total_changed) == (40, 39, 1, 0)
    after = {u.msgid: u for u in read_catalog(po) if u.msgid}
    for msgid, unit in before.items():  # every translation and state as it was; one suggestion more
        assert (after[msgid].msgstr, after[msgid].state, after[msgid].stamp) == (unit.msgstr, unit.state, unit.stamp)
    assert [s.text for s in after[edited.msgid].suggestions] == ["Що ж ви збираєтеся робити?"]
    replaced = import_xliff(project, "uk", path, REVIEWER, overwrite=True)
    assert replaced.total_changed == 1
    now = {u.msgid: u for u in read_catalog(po) if u.msgid}[edited.msgid]
    assert (now.msgstr, now.state, now.origin) == ("Що ж ви збираєтеся робити?", State.STALE, "xliff")  # back for review
    msgfmt_check(po)


def test_an_undecodable_or_incomplete_file_is_one_line(marked: Path, tmp_path: Path) -> None:
    project = Project.load(marked)
    path = tmp_path / "be.xlf"
    export_xliff(project, "be", path, version="2.0")
    text = path.read_text(encoding="utf-8")
    latin = tmp_path / "latin.xlf"
    latin.write_bytes(text.replace("There is no bottom", "Th\u00e9re is no bottom").encode("utf-8").replace(
        b"encoding='UTF-8'", b"encoding='ASCII'"))
    with pytest.raises(XliffError):
        import_xliff(project, "be", latin, REVIEWER)
    no_source = tmp_path / "no-source.xlf"
    no_source.write_text(re.sub(r"<source>There is no bottom in Belarus.</source>", "", text), encoding="utf-8")
    with pytest.raises(XliffError, match="a <segment> without <source>"):
        import_xliff(project, "be", no_source, REVIEWER)
