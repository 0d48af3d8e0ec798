"""Reading and writing PO files: real catalogs round-trip, malformed ones fail with file:line."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, msgfmt_check, shared_corpus
from transmgr.catalog import Catalog, Unit, format_catalog, new_catalog, new_entry, read_catalog, write_catalog
from transmgr.errors import CatalogError

CATALOGS = FIXTURES / "catalog"


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("syntax-error.po", 5, "syntax error"),
        ("duplicate-msgid.po", 15, "duplicate message definition"),  # msgfmt names line 15 too
        ("invalid-utf8.po", 18, "not valid utf-8"),
        ("babel-fuzz-poc.po", 1, "syntax error"),
    ],
)
def test_malformed_catalog_is_one_line_error_with_location(name: str, line: int, words: str) -> None:
    with pytest.raises(CatalogError) as info:
        read_catalog(CATALOGS / name)
    message = str(info.value)
    assert message.startswith(f"{CATALOGS / name}:{line}: ")
    assert words in message.lower()
    assert "\n" not in message


def test_bom_is_accepted() -> None:
    catalog = read_catalog(CATALOGS / "bom.po")
    assert len(catalog) > 0
    assert not catalog[0].msgid.startswith("\ufeff")


@pytest.mark.parametrize("name", ["iso-8859-15.po", "koi8-r.po"])
def test_legacy_charset_is_decoded_and_written_as_utf8(name: str, tmp_path: Path) -> None:
    catalog = read_catalog(CATALOGS / name)
    out = tmp_path / name
    write_catalog(catalog, out)
    text = out.read_text(encoding="utf-8")
    assert "charset=UTF-8" in text or "charset=utf-8" in text.lower()
    msgfmt_check(out)


def test_escaped_bytes_of_a_legacy_charset_are_written_as_utf8_characters(tmp_path: Path) -> None:
    # \377 is Ъ in KOI8-R; copied as it was read into a UTF-8 file it would be an invalid byte.
    source = tmp_path / "koi8.po"
    source.write_bytes(b'msgid ""\nmsgstr "Content-Type: text/plain; charset=KOI8-R\\n"\n\n'
                       b'#: arith.c:9\nmsgid "Division by zero"\nmsgstr "\\377 \xc4\xc5\xcc\xc5\xce\xc9\xc5"\n')
    out = tmp_path / "out.po"
    write_catalog(read_catalog(source), out)
    assert read_catalog(out)[0].msgstr == "Ъ деление"
    msgfmt_check(out)


def test_koi8r_russian_text_survives() -> None:
    catalog = read_catalog(CATALOGS / "koi8-r.po")
    assert any("деление на нуль" in entry.msgstr for entry in catalog)


def test_crlf_line_endings_are_read(tmp_path: Path) -> None:
    source = (CATALOGS / "bom.po").read_bytes().replace(b"\n", b"\r\n")
    path = tmp_path / "crlf.po"
    path.write_bytes(source)
    assert [e.msgid for e in read_catalog(path)] == [e.msgid for e in read_catalog(CATALOGS / "bom.po")]


def test_gettext_1_0_sticky_flag_lines_become_flags() -> None:
    catalog = read_catalog(CATALOGS / "sticky-flags.po")
    flags = {entry.msgid: set(entry.flags) for entry in catalog}
    assert flags["%d marbles in box 1"] == {"fuzzy", "c-format", "no-wrap"}
    assert flags["%d marbles in box 4"] == {"fuzzy", "c-format", "no-wrap"}


def test_write_is_change_only(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    catalog = read_catalog(CATALOGS / "bom.po")
    assert write_catalog(catalog, path) is True
    stamp = path.stat().st_mtime_ns
    assert write_catalog(read_catalog(path), path) is False
    assert path.stat().st_mtime_ns == stamp


def _snapshot(catalog: Catalog) -> list[Unit]:
    return list(catalog)  # units are values: equal units hold the same values


REAL = [
    ("catalogs", "gnome-clocks", "po-be.po"),
    ("catalogs", "gnome-clocks", "po-uk.po"),
    ("catalogs", "gnome-clocks", "po-ru.po"),
    ("catalogs", "gnome-clocks", "help-uk.po"),
    ("catalogs", "thunar", "be.po"),
    ("catalogs", "python-docs-uk", "tutorial_appetite.po"),
]


@pytest.mark.parametrize("parts", REAL, ids=lambda p: "/".join(p[1:]))
def test_real_catalog_round_trip_loses_nothing(parts: tuple[str, ...], tmp_path: Path) -> None:
    source = shared_corpus(*parts)
    original = read_catalog(source)
    out = tmp_path / "out.po"
    write_catalog(original, out)
    again = read_catalog(out)
    assert _snapshot(again) == _snapshot(original)
    assert again.metadata == original.metadata
    msgfmt_check(out)
    # what transmgr writes, gettext reads back unchanged in content
    if shutil.which("msgcat"):
        cat = tmp_path / "cat.po"
        subprocess.run(["msgcat", "-o", str(cat), str(out)], check=True)
        assert _snapshot(read_catalog(cat)) == _snapshot(original)


def test_real_catalogs_keep_plurals_context_obsolete_and_previous() -> None:
    clocks = read_catalog(shared_corpus("catalogs", "gnome-clocks", "po-ru.po"))
    assert any(e.msgid_plural and len(e.msgstr_plural) == 3 for e in clocks)
    assert any(e.msgctxt for e in clocks)
    assert any(e.obsolete for e in clocks)
    assert format_catalog(clocks).count("\n#~ msgid ") == sum(1 for e in clocks if e.obsolete)
    stale_previous = read_catalog(shared_corpus("catalogs", "gnome-clocks", "po-uk.po"))
    assert any(e.previous_msgid and "fuzzy" not in e.flags for e in stale_previous)


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ('msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[5] "y"\n', 6, "plural form has wrong index"),
        ('msgid "a"\nmsgid_plural "b"\nmsgstr[1] "y"\n', 6, "plural form has wrong index"),
        ('msgid "a"\nmsgstr "b"\n\nmsgctxt "c"\n', 9, "msgctxt without msgid"),
        ('msgid "a"\nmsgstr "b\\q"\n', 7, "invalid control sequence"),
        ('msgid "a"\nmsgstr[0] "b"\n', 7, "msgstr[0] without msgid_plural"),
        ('msgid "a"\nmsgid_plural "b"\nmsgstr "c"\n', 8, "msgstr in a plural entry"),
    ],
)
def test_what_msgfmt_rejects_is_refused(tmp_path: Path, body: str, line: int, words: str) -> None:
    path = tmp_path / "bad.po"
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
                    + body, encoding="utf-8")
    if shutil.which("msgfmt"):
        assert subprocess.run(["msgfmt", "-o", "/dev/null", str(path)], capture_output=True).returncode != 0
    with pytest.raises(CatalogError) as info:
        read_catalog(path)
    assert str(info.value).startswith(f"{path}:{line}: ") and words in str(info.value)


def test_octal_and_hex_escapes_are_read_as_gettext_reads_them(tmp_path: Path) -> None:
    path = tmp_path / "esc.po"
    path.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    'msgid "a"\nmsgstr "Загал\\101вак\\x41 \\a\\320\\226"\n', encoding="utf-8")
    entry = read_catalog(path)[0]
    assert entry.msgstr == "ЗагалAвакA \aЖ"
    write_catalog(read_catalog(path), tmp_path / "out.po")
    assert read_catalog(tmp_path / "out.po")[0].msgstr == entry.msgstr


@pytest.mark.parametrize("charset", ["zlib", "base64", "rot13", "FOO"])
def test_a_charset_that_is_no_text_encoding_is_a_one_line_error(tmp_path: Path, charset: str) -> None:
    path = tmp_path / "x.po"
    path.write_text(f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n', encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        read_catalog(path)
    assert str(info.value).startswith(f"{path}:3: ")


def test_an_unchanged_catalog_is_written_back_byte_for_byte_whoever_wrapped_it(tmp_path: Path) -> None:
    # msgcat wraps long lines as gettext does, polib otherwise; either way a rewrite keeps the file.
    if shutil.which("msgcat") is None:
        pytest.skip("GNU gettext's msgcat is not installed (apt-get install gettext)")
    source = tmp_path / "ours.po"
    catalog = new_catalog({"Content-Type": "text/plain; charset=UTF-8", "Language": "be", "Plural-Forms":
                           "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || "
                           "n%100>=20) ? 1 : 2);"})
    long = "Калі, каб утрымацца ва ўладзе, трэба забіваць, катаваць, гвалтаваць і калечыць беларусаў, ён будзе."
    catalog.append(new_entry("A long paragraph " * 8, long, occurrences=[("doc.md", "3")], comment="paragraph"))
    catalog.append(new_entry("Short", "Кароткі", tcomment="reviewed: 2026-01-01 0123456789ab Ala"))
    write_catalog(catalog, source)
    by_polib = tmp_path / "polib.po"  # polib wraps lines otherwise (and not the header)
    import polib

    reread = polib.pofile(str(source))
    reread.save(str(by_polib))
    by_msgcat = tmp_path / "msgcat.po"
    subprocess.run(["msgcat", "--width=60", str(source), "-o", str(by_msgcat)], check=True)
    layouts = {path.read_bytes() for path in (source, by_polib, by_msgcat)}
    assert len(layouts) == 3  # three layouts of the same catalog
    for path in (source, by_polib, by_msgcat):
        assert format_catalog(read_catalog(path)) == path.read_text(encoding="utf-8")


def test_a_changed_entry_is_the_only_text_that_changes(tmp_path: Path) -> None:
    if shutil.which("msgcat") is None:
        pytest.skip("GNU gettext's msgcat is not installed (apt-get install gettext)")
    source = tmp_path / "in.po"
    catalog = new_catalog({"Content-Type": "text/plain; charset=UTF-8"})
    for n in range(3):
        catalog.append(new_entry(f"Entry number {n} " * 6, f"Пераклад {n} " * 6))
    write_catalog(catalog, source)
    wrapped = tmp_path / "wrapped.po"
    subprocess.run(["msgcat", "--width=40", str(source), "-o", str(wrapped)], check=True)
    before = wrapped.read_text(encoding="utf-8")
    read = read_catalog(wrapped)
    read.put(read[1].changed(msgstr="Зменены пераклад"), replacing=read[1])
    after = format_catalog(read)
    kept = [block for block in before.split("\n\n") if "number 1" not in block]
    assert all(block in after for block in kept)  # the header and entries 0 and 2 as msgcat wrapped them
    assert 'msgstr "Зменены пераклад"' in after
