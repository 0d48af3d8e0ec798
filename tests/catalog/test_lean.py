"""The lean read (compile, status of files) gives what the full read gives: the same MO bytes, the same
counts, and every file it does not take is read in full (which reports any error with its line)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.catalog.mutations import mutated
from tests.conftest import FIXTURES, shared_corpus
from transmgr.catalog import STATES, read_catalog
from transmgr.catalog.lean import scan
from transmgr.editions.mo import compile_catalog, compile_scanned
from transmgr.errors import CatalogError

ROOT = Path(__file__).resolve().parents[2]
OWN = sorted((ROOT / "locales").rglob("*.po*"))
FIXTURE_CATALOGS = sorted((FIXTURES / "catalog").glob("*.po")) + sorted(FIXTURES.rglob("*.po"))


def _full(path: Path) -> tuple[object, ...] | str:
    try:
        catalog = read_catalog(path)
    except CatalogError as exc:
        return f"error: {exc}"
    counts = {state: 0 for state in STATES}
    obsolete = 0
    for unit in catalog:
        if unit.obsolete:
            obsolete += 1
        else:
            counts[unit.state] += 1
    drafts = counts[STATES[1]]
    return (compile_catalog(catalog)[0], compile_catalog(catalog, include_drafts=True)[0], counts, obsolete, drafts)


def _lean(path: Path) -> tuple[object, ...] | None:
    scanned = scan(path)
    if scanned is None:
        return None
    counts = {state: 0 for state in STATES}
    obsolete = 0
    for entry in scanned.entries:
        if entry.obsolete:
            obsolete += 1
        else:
            counts[entry.state] += 1
    data, _, drafts = compile_scanned(scanned)
    return (data, compile_scanned(scanned, include_drafts=True)[0], counts, obsolete, drafts)


def _agree(path: Path) -> bool:
    """The lean read agrees with the full one; True when it took the file."""
    lean = _lean(path)
    if lean is None:
        return False
    assert lean == _full(path), path
    return True


@pytest.mark.parametrize("path", OWN + sorted(set(FIXTURE_CATALOGS)), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_lean_read_gives_the_full_reads_mo_and_counts(path: Path) -> None:
    _agree(path)


def test_the_projects_own_catalogs_take_the_lean_read() -> None:
    assert all(_agree(path) for path in OWN)


@pytest.mark.parametrize("text", [
    'msgid "a"\nmsgstr "b"\nmsgid "c"\nmsgstr "d"\n',  # no blank line between entries
    'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',  # a duplicate
    'msgid "a\\n"\nmsgstr "b"\n',  # msgfmt's newline check
    'msgid "a\\q"\nmsgstr "b"\n',  # an escape that does not decode
    'msgid ""\nmsgstr "Content-Type: text/plain; charset=KOI8-R\\n"\n\nmsgid "a"\nmsgstr "\xc1"\n',  # another charset
])
def test_what_the_lean_read_does_not_take_is_read_in_full(tmp_path: Path, text: str) -> None:
    path = tmp_path / "x.po"
    path.write_bytes(text.encode("latin-1") if "KOI8" in text else text.encode("utf-8"))
    assert scan(path) is None


def test_headers_and_flags_as_msgfmt_reads_them(tmp_path: Path) -> None:
    """Header lines that are no field, a repeated POT-Creation-Date, no header at all, a fuzzy header, a
    escapes, contexts: the MO file is msgfmt's (gettext 1.0's '#=' fuzzy, a draft here and a comment to
    msgfmt 0.21, is compared with the full read only)."""
    cases = {
        "fields.po": 'msgid ""\nmsgstr ""\n"#-#-#-#-#  a.po  #-#-#-#-#\\n"\n"Project-Id-Version: A\\n"\n'
                     '"POT-Creation-Date: 1\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                     '"POT-Creation-Date: 2\\n"\n"Project-Id-Version: B\\n"\n\nmsgid "a"\nmsgstr "b"\n',
        "none.po": 'msgid "a"\nmsgstr "b"\n\n#, fuzzy\nmsgid "c"\nmsgstr "d"\n',
        "empty.po": 'msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\n',
        "fuzzy.po": '#, fuzzy\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    'msgid "e"\nmsgstr "f"\n\nmsgctxt "menu"\nmsgid "Open \\"it\\"\\t"\n'
                    'msgstr ""\n"\xc3\x96ffnen \\"es\\"\\t"\n\n# translator\n#. note\n#: a.c:1\n'
                    '#, c-format\nmsgid "%d file"\nmsgstr "%d Datei"\n\n#~ msgid "old"\n#~ msgstr "alt"\n',
    }
    for name, text in cases.items():
        path = tmp_path / name
        path.write_bytes(text.encode("latin-1"))
        scanned = scan(path)
        assert scanned is not None, name
        ours, theirs = tmp_path / f"{name}.ours.mo", tmp_path / f"{name}.theirs.mo"
        ours.write_bytes(compile_scanned(scanned)[0])
        subprocess.run(["msgfmt", "--no-hash", "-o", str(theirs), str(path)], check=True, capture_output=True)
        assert ours.read_bytes() == theirs.read_bytes(), name
        assert _agree(path), name
    sticky = tmp_path / "sticky.po"
    sticky.write_text('#= fuzzy\nmsgid "e\\n"\nmsgstr "f"\n\n#= fuzzy\nmsgid "g"\nmsgstr "h"\n', encoding="utf-8")
    assert scan(sticky) is None  # not spared msgfmt's newline check: the full read reports the line
    sticky.write_text('#= fuzzy\nmsgid "g"\nmsgstr "h"\n', encoding="utf-8")
    assert _agree(sticky) and _lean(sticky)[4] == 1  # type: ignore[index]


def test_mutated_catalogs_agree_or_are_read_in_full(tmp_path: Path) -> None:
    """Lines dropped, repeated, swapped and edited in the Belarusian catalog (seeded): wherever the lean
    read takes the file, it gives the full read's MO bytes and counts."""
    base = (ROOT / "locales" / "be" / "LC_MESSAGES" / "deeply-concerned.po").read_text(encoding="utf-8")
    pieces = ["\n", " ", "#", '"', "\\", "#~ ", "msgid ", "msgstr ", "#, fuzzy", "#= fuzzy", "\\n", "msgctxt \"x\"\n"]
    taken = 0
    path = tmp_path / "mutated.po"
    for text in mutated(base, pieces, 200, seed=7):
        path.write_text(text, encoding="utf-8")
        taken += _agree(path)
    assert taken > 50


def test_corpus_catalogs_agree() -> None:
    paths = sorted(shared_corpus("catalogs").rglob("*.po")) + sorted(shared_corpus("edge-cases").rglob("*.po"))
    assert sum(_agree(path) for path in paths) > 10


def test_review_stamps_read_from_bytes_give_the_units_states(tmp_path: Path) -> None:
    """The lean read finds a review stamp in the comments' bytes as Unit.stamp finds it in the unit's
    translator comments: only a '#' or '# ' line (no note, reference or flag) whose text starts with the
    tag, the first such line, its value stripped; a stamp of other strings is stale, a malformed one none."""
    from transmgr.catalog.model import Unit

    stamps = [
        "# reviewed: 2026-12-07 {good} Ann", "#reviewed: 2026-12-07 {good} Ann",
        "#  reviewed: 2026-12-07 {good} Ann", "#. reviewed: 2026-12-07 {good} Ann",
        "#: reviewed: 2026-12-07 {good} Ann", "# reviewed: 2026-12-07 0123456789ab Ann",
        "# reviewed: yesterday", "# note\n# reviewed: 2026-12-07 {good} Ann \u00a0",
        "# reviewed: 2026-12-07 0123456789ab Ann\n# reviewed: 2026-12-07 {good} Bo",
        "# reviewed: 2026-12-07 {good} Ann\n#, fuzzy", "# Reviewed: 2026-12-07 {good} Ann",
        "# rejected: 2026-12-07 Ann\n#reviewed:\t2026-12-07\t{good}\tAnn",
    ]
    text = "".join(stamp.format(good=Unit(f"Hello {n}", "Прывітанне", "menu").digest)
                   + f'\nmsgctxt "menu"\nmsgid "Hello {n}"\nmsgstr "Прывітанне"\n\n' for n, stamp in enumerate(stamps))
    path = tmp_path / "stamps.po"
    path.write_text(text, encoding="utf-8")
    scanned = scan(path)
    assert scanned is not None
    states = [entry.state for entry in scanned.entries]
    assert states == [unit.state for unit in read_catalog(path)]
    assert [s.value for s in states[:3]] == ["reviewed", "reviewed", "translated"] and states[5].value == "stale"
    assert [s.value for s in states[7:10]] == ["reviewed", "stale", "draft"]
