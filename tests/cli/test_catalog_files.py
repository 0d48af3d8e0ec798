"""status, compile and update --template on bare PO files, as people run msgfmt and msgmerge."""

from __future__ import annotations

import gettext
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, msgfmt_check
from transmgr.catalog import State, read_catalog

ROOT = Path(__file__).resolve().parents[2]
CLOCKS = FIXTURES / "catalog" / "gnome-clocks-be.po"
ESSAY_BE = ROOT / "locales" / "be" / "LC_MESSAGES" / "deeply-concerned.po"
needs_gettext = pytest.mark.skipif(shutil.which("msgfmt") is None or shutil.which("msgmerge") is None,
                                   reason="GNU gettext is not installed (apt-get install gettext)")

MIXED = r'''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"

#, fuzzy
msgid "A draft"
msgstr "Чарнавік"

msgid "Translated"
msgstr "Перакладзена"

msgid "Not yet"
msgstr ""

# reviewed: 2026-01-01 000000000000 Someone <s@example.org>
msgid "Reviewed once, edited since"
msgstr "Змянілася"

msgid "One file"
msgid_plural "%d files"
msgstr[0] "%d файл"
msgstr[1] "%d файлы"
msgstr[2] "%d файлаў"

#~ msgid "Gone"
#~ msgstr "Няма"
'''


def _msgfmt_statistics(path: Path, *extra: str) -> dict[str, int]:
    done = subprocess.run(["msgfmt", "--statistics", *extra, "-o", "/dev/null", str(path)],
                          capture_output=True, text=True, check=True)
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for number, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", done.stderr):
        counts[kind] = int(number)
    return counts


@needs_gettext
@pytest.mark.parametrize("path", [CLOCKS, ESSAY_BE], ids=["gnome-clocks-be", "essay-be"])
def test_status_of_a_file_counts_what_msgfmt_counts(path: Path, run_cli: Callable[..., object]) -> None:
    result = run_cli("status", path, "--json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.output)
    theirs = _msgfmt_statistics(path)
    entries = row["entries"]
    assert entries["translated"] + entries["reviewed"] + entries["stale"] == theirs["translated"]
    assert entries["draft"] == theirs["fuzzy"]
    assert entries["untranslated"] == theirs["untranslated"]
    assert row["obsolete"] == sum(1 for u in read_catalog(path) if u.obsolete)


def test_status_of_files_shows_each_state_and_the_words(tmp_path: Path, run_cli: Callable[..., object]) -> None:
    po = tmp_path / "mixed.po"
    po.write_text(MIXED, encoding="utf-8")
    result = run_cli("status", po, CLOCKS, "--json")
    assert result.exit_code == 0, result.output
    mixed, clocks = json.loads(result.output)
    assert mixed["entries"] == {"untranslated": 1, "draft": 1, "translated": 2, "reviewed": 0, "stale": 1}
    assert mixed["words"] == {"untranslated": 2, "draft": 2, "translated": 3, "reviewed": 0, "stale": 4}
    assert mixed["obsolete"] == 1 and clocks["path"] == str(CLOCKS)
    table = run_cli("status", po).output
    assert str(po) in table and "1/4w" in table  # the stale entry and its words


def test_status_of_files_refuses_project_selections(run_cli: Callable[..., object]) -> None:
    result = run_cli("status", CLOCKS, "--lang", "be")
    assert result.exit_code == 2 and "name the files" in result.output


def test_status_of_a_malformed_file_is_one_line_with_its_line(tmp_path: Path, run_cli: Callable[..., object]) -> None:
    po = tmp_path / "broken.po"
    po.write_text('msgid "a"\nmsgstr "b"\n\nmsgid "unterminated\nmsgstr ""\n', encoding="utf-8")
    result = run_cli("status", po)
    assert result.exit_code == 2
    assert result.output.startswith(f"transmgr: error: {po}:4: ") and result.output.count("\n") == 1


@needs_gettext
def test_compile_writes_msgfmts_mo_file(tmp_path: Path, run_cli: Callable[..., object]) -> None:
    ours, theirs = tmp_path / "ours.mo", tmp_path / "theirs.mo"
    result = run_cli("compile", CLOCKS, "-o", ours)
    assert result.exit_code == 0, result.output
    assert f"{ours}: 187 messages" in result.output
    subprocess.run(["msgfmt", "--no-hash", "-o", str(theirs), str(CLOCKS)], check=True)
    assert ours.read_bytes() == theirs.read_bytes()
    with ours.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    contextual = next(u for u in read_catalog(CLOCKS) if u.msgctxt and u.msgstr and not u.obsolete)
    assert translations.pgettext(contextual.msgctxt, contextual.msgid) == contextual.msgstr
    plural = next(u for u in read_catalog(CLOCKS) if u.msgid_plural and not u.obsolete)
    assert translations.ngettext(plural.msgid, plural.msgid_plural, 5) == plural.msgstr_plural[2]


@needs_gettext
def test_compile_leaves_drafts_out_unless_asked(tmp_path: Path, run_cli: Callable[..., object]) -> None:
    po = tmp_path / "mixed.po"
    po.write_text(MIXED, encoding="utf-8")
    result = run_cli("compile", po)
    assert result.exit_code == 0, result.output
    assert "mixed.mo: 3 messages, 1 drafts left out" in result.output
    with (tmp_path / "mixed.mo").open("rb") as handle:
        assert gettext.GNUTranslations(handle).gettext("A draft") == "A draft"
    run_cli("compile", po, "--use-fuzzy", "-o", tmp_path / "fuzzy.mo")
    subprocess.run(["msgfmt", "--no-hash", "--use-fuzzy", "-o", str(tmp_path / "theirs.mo"), str(po)], check=True)
    assert (tmp_path / "fuzzy.mo").read_bytes() == (tmp_path / "theirs.mo").read_bytes()


def test_compile_one_output_for_one_file(tmp_path: Path, run_cli: Callable[..., object]) -> None:
    result = run_cli("compile", CLOCKS, ESSAY_BE, "-o", tmp_path / "x.mo")
    assert result.exit_code == 2 and "one PO file" in result.output
    assert not (tmp_path / "x.mo").exists()


TEMPLATE = '''msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\\n"

msgid "Translated"
msgstr ""

msgid "The quick brown fox jumps over the lazy cat"
msgstr ""

msgid "Brand new"
msgstr ""
'''
OLD = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: be\\n"

msgid "Translated"
msgstr "Перакладзена"

msgid "The quick brown fox jumps over the lazy dog"
msgstr "Хуткая рыжая ліса скача праз ляніва сабаку"

msgid "Removed"
msgstr "Выдалена"
'''


@needs_gettext
def test_update_with_a_template_merges_as_msgmerge_does(tmp_path: Path, run_cli: Callable[..., object]) -> None:
    pot, ours, theirs = tmp_path / "new.pot", tmp_path / "be.po", tmp_path / "theirs.po"
    pot.write_text(TEMPLATE, encoding="utf-8")
    ours.write_text(OLD, encoding="utf-8")
    theirs.write_text(OLD, encoding="utf-8")
    result = run_cli("update", "--template", pot, ours, "--json")
    assert result.exit_code == 0, result.output
    [merged] = json.loads(result.output)
    # the edited entry's old text stays obsolete too (msgmerge drops it): reverting the edit brings
    # its translation back with its state
    assert (merged["kept"], merged["fuzzy"], merged["new"], merged["obsolete"]) == (1, 1, 1, 2)
    subprocess.run(["msgmerge", "--quiet", "--previous", "-U", "--backup=off", str(theirs), str(pot)], check=True)
    mine = {(u.msgid, u.obsolete): u for u in read_catalog(ours)}
    gnu = {(u.msgid, u.obsolete): u for u in read_catalog(theirs)}
    assert set(mine) - set(gnu) == {("The quick brown fox jumps over the lazy dog", True)}
    for key, unit in gnu.items():
        assert (mine[key].msgstr, mine[key].fuzzy, mine[key].previous_msgid) == \
            (unit.msgstr, unit.fuzzy, unit.previous_msgid), key
    assert mine[("The quick brown fox jumps over the lazy cat", False)].state is State.DRAFT
    assert read_catalog(ours).metadata["Language"] == "be"
    msgfmt_check(ours)
    again = run_cli("update", "--template", pot, ours)
    assert "unchanged" in again.output


def test_update_with_a_template_needs_files_and_an_existing_catalog(
    tmp_path: Path, run_cli: Callable[..., object],
) -> None:
    pot = tmp_path / "new.pot"
    pot.write_text(TEMPLATE, encoding="utf-8")
    assert run_cli("update", "--template", pot).exit_code == 2
    assert run_cli("update", tmp_path / "be.po").exit_code == 2
    missing = run_cli("update", "--template", pot, tmp_path / "be.po")
    assert missing.exit_code == 2 and "catalog not found" in missing.output
    assert not (tmp_path / "be.po").exists()


@needs_gettext
def test_a_tree_is_updated_and_compiled_in_one_process_as_file_by_file(tmp_path: Path, run_cli: Callable[..., object],
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from transmgr.workflows.catalog_files import update_file

    tree, single = tmp_path / "tree", tmp_path / "single"
    for folder in (tree, single):
        for n in range(12):  # more than PARALLEL_FROM: worker processes
            sub = folder / ("library" if n % 2 else "howto")
            (folder / "pot" / sub.name).mkdir(parents=True, exist_ok=True)
            sub.mkdir(exist_ok=True)
            (sub / f"f{n}.po").write_text(OLD.replace("lazy dog", f"lazy dog {n}"), encoding="utf-8")
            (folder / "pot" / sub.name / f"f{n}.pot").write_text(TEMPLATE.replace("lazy cat", f"lazy cat {n}"),
                                                                 encoding="utf-8")
    files = sorted(p.relative_to(tree) for p in tree.rglob("*.po"))
    monkeypatch.chdir(tree)
    result = run_cli("update", "--template-dir", "pot", *files, "--json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert len(json.loads(result.output)) == 12  # type: ignore[attr-defined]
    for path in files:
        update_file(single / path, single / "pot" / path.with_suffix(".pot"))
        assert (tree / path).read_bytes() == (single / path).read_bytes(), path
    compiled = run_cli("compile", *files)
    assert compiled.exit_code == 0, compiled.output  # type: ignore[attr-defined]
    for path in files:
        subprocess.run(["msgfmt", "--no-hash", "-o", str(tmp_path / "ref.mo"), str(path)], check=True)
        assert path.with_suffix(".mo").read_bytes() == (tmp_path / "ref.mo").read_bytes(), path


def test_a_file_starting_with_blank_lines_is_stable_after_one_update(tmp_path: Path,
                                                                      run_cli: Callable[..., object]) -> None:
    po, pot = tmp_path / "d.po", tmp_path / "t.pot"
    po.write_text('\n \nmsgid "a"\nmsgstr "b"\n', encoding="utf-8")
    pot.write_text('msgid "a"\nmsgstr ""\n', encoding="utf-8")
    first = run_cli("update", "--template", pot, po)
    assert "written" in first.output  # type: ignore[attr-defined]
    written = po.read_bytes()
    second = run_cli("update", "--template", pot, po)
    assert "unchanged" in second.output and po.read_bytes() == written  # type: ignore[attr-defined]
    assert b"\n\n\n" not in written


def _edited_template(po: Path) -> str:
    """A template made from ``po``: its msgids, every third one edited and every seventh dropped."""
    units = [u for u in read_catalog(po) if not u.obsolete]
    out = ['msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"POT-Creation-Date: 2026-12-07 10:00+0000\\n"\n']
    for number, unit in enumerate(units):
        if number % 7 == 3:
            continue
        msgid = unit.msgid + (" (edited)" if number % 3 == 1 else "")
        context = f'msgctxt "{unit.msgctxt}"\n' if unit.msgctxt else ""
        escaped = msgid.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        out.append(f'#: source.md:{number}\n{context}msgid "{escaped}"\nmsgstr ""\n')
    return "\n".join(out)


@pytest.mark.parametrize("unusual", [False, True], ids=["usual", "unusual-at-the-end"])
def test_a_streamed_template_merges_as_one_read_whole(tmp_path: Path, unusual: bool,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """update --template reads the template as the merge takes it; a template that turns out unusual
    near its end (a plural entry) is read whole: the catalogs are those a whole read gives."""
    from transmgr.catalog import merge_catalog
    from transmgr.catalog.po import format_catalog
    from transmgr.workflows.catalog_files import update_file

    whole_reads: list[Path] = []

    def counted(path: Path, *, keep: bool = True) -> object:
        whole_reads.append(path)
        return read_catalog(path, keep=keep)

    monkeypatch.setattr("transmgr.workflows.catalog_files.read_catalog", counted)
    for source in (ESSAY_BE, CLOCKS):
        pot, po = tmp_path / f"{source.stem}.pot", tmp_path / f"{source.stem}.po"
        text = _edited_template(source)
        if unusual:
            text += '\nmsgid "one file"\nmsgid_plural "%d files"\nmsgstr[0] ""\nmsgstr[1] ""\n'
        pot.write_text(text, encoding="utf-8")
        shutil.copyfile(source, po)
        old = read_catalog(po)
        metadata = old.metadata
        metadata["POT-Creation-Date"] = "2026-12-07 10:00+0000"
        expected, stats = merge_catalog(read_catalog(pot, keep=False), old, metadata=metadata)
        whole_reads.clear()
        result = update_file(po, pot)
        assert whole_reads == ([pot] if unusual else [])  # the template read whole only when it must be
        assert result.stats == stats
        assert po.read_text(encoding="utf-8") == format_catalog(expected), source.name


def test_update_writes_through_a_link_refuses_a_read_only_file_and_clears_a_killed_runs_leftover(
    tmp_path: Path, run_cli: Callable[..., object],
) -> None:
    import os

    pot = tmp_path / "new.pot"
    pot.write_text(TEMPLATE, encoding="utf-8")
    real = tmp_path / "real" / "be.po"
    real.parent.mkdir()
    real.write_text(OLD, encoding="utf-8")
    link = tmp_path / "be.po"
    link.symlink_to(real)
    leftover = tmp_path / "real" / ".be.po.k3ncqprc.transmgr-tmp"  # a killed run's temporary file
    leftover.write_bytes(b"half")
    os.utime(leftover, (0, 0))
    assert run_cli("update", "--template", pot, link).exit_code == 0
    assert link.is_symlink() and "The quick brown fox jumps over the lazy cat" in real.read_text(encoding="utf-8")
    assert not leftover.exists()
    other = tmp_path / "uk.po"
    other.write_text(OLD, encoding="utf-8")
    other.chmod(0o444)
    refused = run_cli("update", "--template", pot, other)
    assert refused.exit_code != 0 and "read-only" in refused.output
    assert other.read_text(encoding="utf-8") == OLD
