"""The reader against GNU msgfmt -c --check-format, case by case.

Each table row is a PO body after a complete header; when msgfmt is installed, its verdict on the
same file is asserted too, so a row documents gettext's behaviour as well as the reader's.
Accepted files must also survive a write (format_catalog) and a second read unchanged.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import msgfmt_check
from transmgr.catalog import Catalog, format_catalog, read_catalog
from transmgr.catalog.po import parse_catalog
from transmgr.errors import CatalogError

HEADER = (
    b'msgid ""\nmsgstr ""\n"Project-Id-Version: x\\n"\n"PO-Revision-Date: 2024-01-01 00:00+0000\\n"\n'
    b'"Last-Translator: a <a@example.org>\\n"\n"Language-Team: de\\n"\n"Language: de\\n"\n"MIME-Version: 1.0\\n"\n'
    b'"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
    b'"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)
FIRST = HEADER.count(b"\n") + 1  # the line number of a body's first line


def msgfmt_accepts(path: Path) -> bool | None:
    """msgfmt -c --check-format's verdict, or None when msgfmt is not installed."""
    if shutil.which("msgfmt") is None:
        return None
    done = subprocess.run(["msgfmt", "-c", "--check-format", "-o", "/dev/null", str(path)], capture_output=True)
    return done.returncode == 0


def snapshot(catalog: Catalog) -> tuple[object, ...]:
    """Every value the catalog holds but what gettext's writers drop for obsolete units."""
    units = sorted((u.changed(note="", references=()) if u.obsolete else u for u in catalog), key=lambda u: u.obsolete)
    header = catalog.header
    return (header.comments, sorted(header.fields), header.flags, header.note, header.references, units)


def write(tmp_path: Path, data: bytes, header: bool = True) -> Path:
    path = tmp_path / "case.po"
    path.write_bytes(HEADER + data if header else data)
    return path


def assert_round_trip(catalog: Catalog, tmp_path: Path, msgfmt: bool = True) -> None:
    out = tmp_path / "rewritten.po"
    out.write_text(format_catalog(catalog), encoding="utf-8")
    assert snapshot(read_catalog(out)) == snapshot(catalog)
    if msgfmt:
        assert msgfmt_accepts(out) in (True, None)


# --- what used to crash the reader --------------------------------------------------------------

def test_an_empty_obsolete_previous_line_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path, b'#~|\n#~ msgid "a"\n#~ msgstr "b"\n\n#|\nmsgid "c"\nmsgstr "d"\n')
    assert msgfmt_accepts(path) in (True, None)
    catalog = read_catalog(path)
    assert [(e.msgid, e.msgstr, e.obsolete) for e in catalog] == [("a", "b", True), ("c", "d", False)]


@pytest.mark.parametrize("charset", ["punycode", "idna", "unicode_escape", "utf-16", "utf-7", "raw_unicode_escape"])
def test_a_charset_python_decodes_oddly_is_a_one_line_error(tmp_path: Path, charset: str) -> None:
    path = tmp_path / "x.po"
    path.write_bytes(f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n\n'
                     'msgid "a\\n"\nmsgstr "\\u00e9 b\\n"\n'.encode() + b'# \xff\xfe\n')
    with pytest.raises(CatalogError) as info:
        read_catalog(path)
    assert str(info.value).startswith(f"{path}:3: ") and "\n" not in str(info.value)


# --- what msgfmt rejects ------------------------------------------------------------------------

REJECTED = [
    # (body, line of the error relative to the body's first line, words in the message)
    ('msgid "a"\nmsgid_plural "b"\nmsgid_plural "c"\nmsgstr[0] "x"\nmsgstr[1] "y"\n', 2, "duplicate msgid_plural"),
    ('msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[0] "z"\nmsgstr[1] "y"\n', 0, "duplicate msgstr[0]"),
    ('msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[1] "z"\nmsgstr[1] "y"\n', 0, "duplicate msgstr[1]"),
    ('msgid "a"\nmsgstr "x"\nmsgstr "y"\n', 2, "duplicate msgstr"),
    ('msgid "a"\nmsgid "b"\nmsgstr "y"\n', 0, "a second msgid"),
    ('msgctxt "a"\nmsgctxt "b"\nmsgid "b"\nmsgstr "y"\n', 1, "duplicate msgctxt"),
    ('msgid ""\nmsgstr "X-A: b\\n"\n', 0, "duplicate message definition"),  # a second header
    ('#~ msgid "a"\n#~ msgstr "x"\n\n#~ msgid "a"\n#~ msgstr "y"\n', 3, "duplicate message definition"),
    ('#~ msgid "a"\nmsgstr "y"\n', 1, "inconsistent use of #~"),
    ('msgid "a"\n#~ msgstr "y"\n', 1, "inconsistent use of #~"),
    ('msgid "a"\nmsgstr "b"\n#~ "c"\n', 2, "inconsistent use of #~"),
    ('#| msgid "x"\n#~ msgid "a"\n#~ msgstr "b"\n', 1, "inconsistent use of #~"),
    ('#~| msgid "x"\nmsgid "a"\nmsgstr "b"\n', 1, "inconsistent use of #~"),
    ('msgid "a\\n"\nmsgstr "b"\n', 1, "'msgid' and 'msgstr' entries do not both end with '\\n'"),  # msgstr's line
    ('msgid "\\na"\nmsgstr "b"\n', 1, "'msgid' and 'msgstr' entries do not both begin with '\\n'"),
    ('msgid "a"\nmsgstr "\\nb"\n', 1, "do not both begin with '\\n'"),
    ('msgid ""\n"a\\n"\nmsgstr ""\n"b"\n', 2, "do not both end with '\\n'"),
    ('msgid "a"\nmsgid_plural "b\\n"\nmsgstr[0] "x"\nmsgstr[1] "y"\n', 2, "'msgid' and 'msgid_plural' entries"),
    ('msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[1] "y\\n"\n', 2, "'msgid' and 'msgstr[1]' entries"),
    ('msgid "a"\n# c\nmsgstr "b"\n', 0, "missing msgstr"),
    ('msgid "a"\n#| msgid "x"\nmsgstr "b"\n', 0, "missing msgstr"),
    ('#| msgid "x"\n#, fuzzy\nmsgid "a"\nmsgstr "b"\n', 1, "after a '#|' line"),
    ('msgctxt "c"\n# c\nmsgid "a"\nmsgstr "b"\n', 1, "inside an entry"),
    ('msgid "a"\nmsgstr "b" # c\n"d"\n', 2, "a string after a comment"),
    ('#~ | msgid "x"\n#~ msgid "a"\n#~ msgstr "b"\n', 0, "unexpected text '|'"),
    ('#| # comment\nmsgid "x"\nmsgstr "b"\n', 2, "msgstr after a '#|' line"),  # '#|' mode outlives a comment
    ('# a comment \\\nmsgid "a"\nmsgstr "b"\n', 2, "msgstr without msgid"),  # backslash-newline in a comment
    ('msgid "a\x04b"\nmsgstr "b"\n', 0, "context separator <EOT> within string"),
    ('msgid "a"\nmsgstr "b\\004"\n', 1, "context separator <EOT> within string"),
    ('msgid "a"\x1c\nmsgstr "b"\n', 0, "unexpected text"),  # not gettext whitespace (str.strip's)
    ('msgid "a"\u00a0\nmsgstr "b"\n', 0, "unexpected text"),
    ('msgid "a"\nmsgid_plural "b"\nmsgstr[1] "x"\nmsgstr[2] "y"\n', 0, "plural form has wrong index"),
    ('domain "d"\nmsgid "a"\nmsgstr "b"\n', 0, "'domain' directives are not supported"),
    ('msgid "a"\nmsgstr "b\\\r\n"\n', 1, "end of line within string"),  # backslash-CR-LF is no continuation
    ('msgid "a"\nmsgstr "b', 1, "end of line within string"),
    ('msgid "a"\nmsgid_plural "b"\nmsgstr "c"\n', 2, "msgstr in a plural entry"),
]


@pytest.mark.parametrize(("body", "offset", "words"), REJECTED)
def test_what_msgfmt_rejects_is_a_catalog_error_at_the_right_line(
    tmp_path: Path, body: str, offset: int, words: str
) -> None:
    path = write(tmp_path, body.encode("utf-8"))
    assert msgfmt_accepts(path) in (False, None)
    with pytest.raises(CatalogError) as info:
        read_catalog(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{FIRST + offset}: "), message
    assert words in message and "\n" not in message and "(" in message  # a hint follows


@pytest.mark.parametrize(
    ("data", "line"),
    [
        # the character after '#' is checked (gettext looks for '#~' or '#|'); not in the first comment
        # after the header, which gettext reads before it knows the charset (a deliberate difference)
        (b'msgid "x"\nmsgstr "y"\n\n#\xc0 note\nmsgid "a"\nmsgstr "b"\n', 3),
        (b'msgid "a\xffb"\nmsgstr "b"\n', 0),
        (b'#~ msgid "a\xffb"\n#~ msgstr "b"\n', 0),
        (b'#| msgid "a\xffb"\nmsgid "a"\nmsgstr "b"\n', 0),
        (b'msgid "a"\nmsgstr "b" \xff\n', 1),
    ],
)
def test_invalid_bytes_outside_comments_are_refused(tmp_path: Path, data: bytes, line: int) -> None:
    path = write(tmp_path, data)
    assert msgfmt_accepts(path) in (False, None)
    with pytest.raises(CatalogError) as info:
        read_catalog(path)
    assert str(info.value).startswith(f"{path}:{FIRST + line}: ") and "is not valid UTF-8" in str(info.value)


# --- what msgfmt accepts ------------------------------------------------------------------------

ACCEPTED = [
    # (body, (msgctxt, msgid, msgstr or msgstr_plural, obsolete) of the first entry, or a check)
    (b'msgid "a\rb"\nmsgstr "c\rd"\n', (None, "a\rb", "c\rd", False)),  # a raw CR in a string
    (b'# one\rtwo\nmsgid "a"\nmsgstr "b"\n', (None, "a", "b", False)),  # a lone CR in a comment
    (b'# note\r\n#, fuzzy\r\nmsgid "a"\r\n"b"\r\nmsgstr "c"\r\n', (None, "ab", "c", False)),  # CRLF
    (b'# caf\xe9 \xff\xfe\n#. \xc3\nmsgid "a"\nmsgstr "b"\n', (None, "a", "b", False)),  # bad bytes in comments
    (b'msgid "a"\nmsgstr "b" # tr\xe9s\n', (None, "a", "b", False)),  # ... in a comment after a string
    (b'#~ msgid "a"\n#~ "b"\n#~ msgstr "c"\n#~ "d"\n', (None, "ab", "cd", True)),
    (b'#~ msgid ""\n#~ "abc"\n#~ msgstr ""\n#~ "def"\n', (None, "abc", "def", True)),
    (b'msgid "abc\\\ndef"\nmsgstr "x"\n', (None, "abcdef", "x", False)),  # backslash-newline
    (b'#~ msgid "abc\\\ndef"\n#~ msgstr "x"\n', (None, "abcdef", "x", True)),
    (b'#~ msgid "abc\\\n#~ def"\n#~ msgstr "x"\n', (None, "abc#~ def", "x", True)),
    (b'msgid \\\n"a\\n"\nmsgstr "b\\\\\nn"\n', (None, "a\n", "b\n", False)),  # the spliced '\' ends an escape
    (b'msgid "a"\nmsgstr "b\\\\\\\nn"\n', (None, "a", "b\\n", False)),  # an escaped backslash, then a splice
    (b'msgid\n"a"\nmsgstr\n"b"\n', (None, "a", "b", False)),  # tokens, not lines
    (b'msgid"a"msgstr"b"\n', (None, "a", "b", False)),
    (b'\fmsgid\v"a"\r\nmsgstr\t"b"\f\n', (None, "a", "b", False)),  # gettext's whitespace
    (b'msgid "a"\nmsgid_plural "b"\nmsgstr [0] "x"\nmsgstr[ 1 ]\n"y"\n', (None, "a", ("x", "y"), False)),
    (b'msgid "a"\nmsgid_plural "b"\nmsgstr\n[\n0\n]\n"x"\nmsgstr[01] "y"\n', (None, "a", ("x", "y"), False)),
    (b'#, fuzzy\nmsgid "a\\n"\nmsgstr "b"\n', (None, "a\n", "b", False)),  # msgfmt skips fuzzy entries
    (b'#, c-format fuzzy\nmsgid "a\\n"\nmsgstr "b"\n', (None, "a\n", "b", False)),  # flags split at spaces too
    (b'msgid "a\\n"\nmsgstr ""\n', (None, "a\n", "", False)),  # ... and untranslated ones
    (b'#~ msgid "a\\n"\n#~ msgstr "b"\n', (None, "a\n", "b", True)),  # ... and obsolete ones
    (b'msgid "a"\nmsgid_plural "b"\nmsgstr[0] ""\nmsgstr[1] "y\\n"\n', (None, "a", ("", "y\n"), False)),
    (b'msgctxt "c"\nmsgid ""\nmsgstr "b\\n"\n', ("c", "", "b\n", False)),  # not the header
    (b'msgid "a"\nmsgstr "\\x141\\101\\x4a"\n', (None, "a", "AAJ", False)),  # gettext keeps the low byte
    (b'#| # a comment\nmsgid "old"\nmsgid "a"\nmsgstr "b"\n', (None, "a", "b", False)),
    (b'#~| # a comment\n#~ msgid "old"\n#~ msgid "a"\n#~ msgstr "b"\n', (None, "a", "b", True)),
    (b'msgid "a"\nmsgstr "b"\n# trailing comment, dropped as gettext drops it\n', (None, "a", "b", False)),
    (b'# a comment \\\n\xff\xfe still the comment\nmsgid "a"\nmsgstr "b"\n', (None, "a", "b", False)),
    # a NUL is kept (msgfmt cuts the string there)
    (b'msgid "a"\nmsgstr "b\x00c"\n', (None, "a", "b\x00c", False)),
    (b'msgid "a"\nmsgstr "b\\0c" "\\400d"\n', (None, "a", "b\x00c\x00d", False)),
]


@pytest.mark.parametrize(("data", "expected"), ACCEPTED)
def test_what_msgfmt_accepts_is_read_and_written_back_unchanged(
    tmp_path: Path, data: bytes, expected: tuple[object, ...]
) -> None:
    path = write(tmp_path, data)
    assert msgfmt_accepts(path) in (True, None)
    catalog = read_catalog(path)
    entry = catalog[0]
    msgstr = entry.msgstr_plural if entry.msgid_plural else entry.msgstr
    assert (entry.msgctxt, entry.msgid, msgstr, entry.obsolete) == expected
    assert_round_trip(catalog, tmp_path)


def test_the_lines_of_a_spliced_string_keep_their_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, b'msgid "abc\\\ndef"\nmsgstr "x"\n\nmsgid "g"\nmsgstr "h"\n')
    assert [e.line for e in read_catalog(path)] == [FIRST, FIRST + 4]


def test_a_comment_keeps_a_lone_cr_and_invalid_bytes_become_replacement_characters(tmp_path: Path) -> None:
    catalog = read_catalog(write(tmp_path, b'# one\rtwo \xff!\n#. x\xc3\nmsgid "a"\nmsgstr "b"\n'))
    assert catalog[0].comments == "one\rtwo \ufffd!"
    assert catalog[0].note == "x\ufffd"


def test_a_comment_after_a_previous_line_keeps_the_previous_mode(tmp_path: Path) -> None:
    catalog = read_catalog(write(tmp_path, b'#| # note\n# more\nmsgid "old"\nmsgid "a"\nmsgstr "b"\n'))
    assert catalog[0].previous_msgid == "old"


def test_flags_are_split_as_gettext_splits_them(tmp_path: Path) -> None:
    catalog = read_catalog(write(tmp_path, b'#, fuzzy c-format,no-wrap, range: 0..5\nmsgid "a"\nmsgstr "b"\n'))
    assert catalog[0].flags == ("fuzzy", "c-format", "no-wrap", "range: 0..5")
    assert catalog[0].fuzzy


# --- the deliberate differences (see transmgr/catalog/reader.py) -----------------------------------

DELIBERATE = [
    (b'msgid "a"\nmsgstr "b\\xff"\n', 1, "escaped bytes are not valid UTF-8"),
    (b'msgid "a"\nmsgstr "b\\777"\n', 1, "escaped bytes are not valid UTF-8"),
    (b'msgid "a"\nmsgid_plural ""\nmsgstr[0] "x"\nmsgstr[1] "y"\n', 0, "empty msgid_plural"),
    (b'msgid "a\\n\\0b"\nmsgstr "x\\n"\n', 1, "do not both end with '\\n'"),  # msgfmt sees msgid "a\n"
]


@pytest.mark.parametrize(("data", "offset", "words"), DELIBERATE)
def test_deliberate_refusals_of_what_msgfmt_accepts(tmp_path: Path, data: bytes, offset: int, words: str) -> None:
    path = write(tmp_path, data)
    assert msgfmt_accepts(path) in (True, None)
    with pytest.raises(CatalogError) as info:
        read_catalog(path)
    assert str(info.value).startswith(f"{path}:{FIRST + offset}: ") and words in str(info.value)


@pytest.mark.parametrize("data", [
    b'msgid "a\\0\\n"\nmsgstr "x\\n"\n',  # msgfmt sees msgid "a": no final newline
    b'msgid "a\\0b"\nmsgstr "x"\n\nmsgid "a\\0c"\nmsgstr "y"\n',  # msgfmt sees msgid "a" twice
])
def test_a_nul_is_kept_where_msgfmt_cuts_the_string(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, data)
    assert msgfmt_accepts(path) in (False, None)
    catalog = read_catalog(path)
    assert "\x00" in catalog[0].msgid
    assert_round_trip(catalog, tmp_path, msgfmt=False)


def test_header_checks_of_msgfmt_c_are_not_made(tmp_path: Path) -> None:
    # plain msgfmt accepts these; -c wants a header with Plural-Forms matching every plural entry
    path = write(tmp_path, b'msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\n', header=False)
    assert msgfmt_accepts(path) in (False, None)
    assert read_catalog(path)[0].msgstr_plural == ("x",)


# --- the header survives a write -------------------------------------------------------------------

def test_header_flags_comments_and_previous_lines_survive_a_write(tmp_path: Path) -> None:
    path = write(tmp_path, b'# Title\n#. extracted\n#: a*b.c:1\n#, no-wrap\n#| msgid "x"\n' + HEADER
                 + b'#: very-long-file-name-with-stars*and-dashes-0123456789.c:1 another-long-name-*.c:22\n'
                 + b'msgid "a"\nmsgstr "b"\n', header=False)
    catalog = read_catalog(path)
    assert catalog.header.flags == ("no-wrap",)  # not turned into 'fuzzy' on the next write
    assert_round_trip(catalog, tmp_path)
    text = format_catalog(catalog)
    assert "#, no-wrap\n" in text and "#, fuzzy" not in text and "#: a*b.c:1\n" in text
    assert "stars*and" in text and "name-*.c:22" in text


def test_repeated_header_fields_keep_the_first_as_gettext_does(tmp_path: Path) -> None:
    path = write(tmp_path, b'msgid "a"\nmsgstr "b"\n', header=False)
    path.write_bytes(b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                     b'"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n"Plural-Forms: nplurals=3; plural=(1/0);\\n"\n\n'
                     b'msgid "a"\nmsgstr "b"\n')
    catalog = read_catalog(path)
    assert catalog.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


def test_a_legacy_charset_declared_anywhere_in_the_header_is_rewritten_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_bytes(b'msgid ""\nmsgstr ""\n"X-Content-Type: text/plain; charset=ISO-8859-1\\n"\n\n'
                     b'msgid "white"\nmsgstr "wei\xdf"\n')
    catalog = read_catalog(path)
    assert catalog[0].msgstr == "weiß"
    assert catalog.metadata["X-Content-Type"] == "text/plain; charset=UTF-8"
    assert_round_trip(catalog, tmp_path)


def test_the_charset_of_the_header_is_found_after_an_entry_before_it(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_bytes(b'msgid "a"\nmsgstr ""\n\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=KOI8-R\\n"\n\n'
                     b'msgid "b"\nmsgstr "\xc4\xc5\xcc\xc5\xce\xc9\xc5 \\301"\n')
    assert msgfmt_accepts(path) in (True, None)
    assert read_catalog(path)[1].msgstr == "деление а"  # the escaped byte \301 is KOI8-R too


@pytest.mark.parametrize("msgstr", [b'"Content-Type: text/plain; charset=UTF-8"',
                                    b'"\\nContent-Type: text/plain; charset=UTF-8\\n"'])
def test_the_header_is_exempt_from_the_newline_check(tmp_path: Path, msgstr: bytes) -> None:
    path = write(tmp_path, b'msgid ""\nmsgstr ' + msgstr + b'\n\nmsgid "a"\nmsgstr "b"\n', header=False)
    assert msgfmt_accepts(path) in (True, None)
    catalog = read_catalog(path)
    assert catalog.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert_round_trip(catalog, tmp_path)


def test_a_later_flags_line_forgets_earlier_format_flags_as_msgfmt_does(tmp_path: Path) -> None:
    # Found by bench/fuzz_reader.py (seed 21): msgfmt accepts this file, because the empty '#,' line
    # replaces the python-format flag; keeping the flag made the rewritten file one msgfmt refuses.
    text = ('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            '## A comment with two hashes\n#, python-format\n#,\nmsgid "%(object)s x"\nmsgstr "%(obj ect)s y"\n')
    catalog = parse_catalog(text, tmp_path / "x.po")
    entry = catalog[0]
    assert entry.flags == () and entry.comments == "# A comment with two hashes"
    rewritten = tmp_path / "rewritten.po"
    rewritten.write_text(format_catalog(catalog), encoding="utf-8")
    msgfmt_check(rewritten)
