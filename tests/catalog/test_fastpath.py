"""The reader's fast path (an entry at a time) and its strict path (token by token) agree: same
units, same lines, same text kept for the writer, and every file the fast path does not take is
still read (or refused) by the strict one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.catalog.mutations import mutated
from tests.conftest import FIXTURES, shared_corpus
from transmgr.catalog.fastpath import read_usual
from transmgr.catalog.po import _decode
from transmgr.catalog.reader import parse_po
from transmgr.errors import CatalogError

ROOT = Path(__file__).resolve().parents[2]
OWN = sorted((ROOT / "locales").rglob("*.po*"))
FIXTURE_CATALOGS = sorted((FIXTURES / "catalog").glob("*.po"))


def _both(text: str, path: Path, charset: str = "utf-8") -> tuple[object, object]:
    def read(fast: bool) -> object:
        try:
            catalog = parse_po(text, path, charset, fast=fast)
        except CatalogError as exc:
            return ("error", str(exc))
        return (catalog.header, catalog.header.raw,
                [(u, u.line, u.raw) for u in catalog])
    return read(True), read(False)


@pytest.mark.parametrize("path", OWN + FIXTURE_CATALOGS, ids=lambda p: p.name)
def test_both_paths_read_the_same_units(path: Path) -> None:
    try:
        text, charset = _decode(path.read_bytes(), path)
    except CatalogError:
        pytest.skip("not decodable: refused before parsing")
    fast, strict = _both(text, path, charset)
    assert fast == strict


def test_the_projects_own_catalogs_take_the_fast_path() -> None:
    for path in OWN:
        assert read_usual(path.read_text(encoding="utf-8"), path, "utf-8") is not None, path


@pytest.mark.parametrize("layout", [
    'msgid "a"  \nmsgstr "b"\n',  # whitespace at a line's end
    'msgid  "a"\nmsgstr "b"\n',  # two spaces after a keyword
    'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "bs"\n',
    '#| msgid "old"\nmsgid "a"\nmsgstr "b"\n',
    'msgid "a"\nmsgstr "b"\nmsgid "c"\nmsgstr "d"\n',  # two entries, no blank line
    '# only comments\n',
    'msgid "a\\q"\nmsgstr "b"\n',  # an invalid escape: the strict reader names the line
    'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',  # a duplicate
    'msgid "a\\n"\nmsgstr "b"\n',  # msgfmt's newline check
    'msgid "a"\nmsgstr "b\\\nc"\n',  # a backslash joining lines
])
def test_unusual_layouts_are_left_to_the_strict_reader(layout: str) -> None:
    assert read_usual(layout, Path("x.po"), "utf-8") is None
    fast, strict = _both(layout, Path("x.po"))
    assert fast == strict


def test_mutated_catalogs_are_read_the_same_both_ways() -> None:
    # Lines dropped, duplicated, swapped and edited in the project's Belarusian catalog (and the
    # corpus catalogs when ../shared is here): the paths agree on every one, error or units.
    base = (ROOT / "locales" / "be" / "LC_MESSAGES" / "deeply-concerned.po").read_text(encoding="utf-8")
    pieces = ["\n", " ", "#", '"', "\\", "#~ ", "msgid ", "msgstr ", "#, fuzzy", "\t", "\\n", "#| "]
    taken = 0
    for text in mutated(base, pieces, 300, seed=12):
        fast, strict = _both(text, Path("mutated.po"))
        assert fast == strict, text
        taken += read_usual(text, Path("mutated.po"), "utf-8") is not None
    assert taken > 50  # most small edits keep the usual layout


def test_corpus_catalogs_are_read_the_same_both_ways() -> None:
    paths = sorted(shared_corpus("catalogs").rglob("*.po"))[:40]
    for path in paths:
        text, charset = _decode(path.read_bytes(), path)
        fast, strict = _both(text, path, charset)
        assert fast == strict, path


def _units_by_file(path: Path, chunk: int) -> object:
    from transmgr.catalog.fastpath import UnusualLayout, iter_usual_file

    try:
        return [(u, u.line) for u in iter_usual_file(path, "utf-8", chunk=chunk)]
    except UnusualLayout:
        return "unusual"


@pytest.mark.parametrize("path", OWN + FIXTURE_CATALOGS, ids=lambda p: p.name)
def test_a_file_read_in_parts_gives_the_units_read_whole(path: Path) -> None:
    """A template is read a part at a time, each cut at a blank line: the same units on the same
    lines as the whole file gives, wherever the parts end (parts of 7 bytes to a megabyte)."""
    data = path.read_bytes()
    whole = read_usual(data, path, "utf-8", keep=False)
    expected = "unusual" if whole is None else [(u, u.line) for u in whole]
    for chunk in (7, 64, 999, 1 << 20):
        assert _units_by_file(path, chunk) == expected, (path.name, chunk)


def test_parts_end_at_blank_lines_of_every_kind(tmp_path: Path) -> None:
    text = ('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            '# a comment\nmsgid "a"\nmsgstr "b"\n\n\n  \n\t\n#, fuzzy\nmsgid "c"\nmsgstr "d"\n\n'
            '# only a comment, for the entry below\n\nmsgid "e"\nmsgstr "f"\n')
    path = tmp_path / "t.pot"
    path.write_text(text, encoding="utf-8")
    expected = [(u, u.line) for u in read_usual(text.encode(), path, "utf-8", keep=False) or []]
    assert len(expected) == 4
    for chunk in range(1, 40):
        assert _units_by_file(path, chunk) == expected, chunk
    path.write_bytes(text.encode() + b'\nmsgid "g"\nmsgstr "\xff"\n')  # not UTF-8, at the end
    assert _units_by_file(path, 16) == "unusual"
