"""Inputs built to crash or exhaust transmgr: each is one line naming the file (and line), never a
traceback, and memory stays bounded (the peak RSS of the real process is measured)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.formats.docx_builder import with_footnote

STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"


def _docx(tmp_path: Path) -> bytes:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("A paragraph worth translating.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _replace_part(data: bytes, name: str, content: bytes | None, *, add: bool = False) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == name and content is not None:
                body = content
            target.writestr(item, body)
        if add and content is not None:
            target.writestr(name, content)
    return out.getvalue()


def _run(root: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], int]:
    """``transmgr`` as a real process, and its own peak memory (KiB, from wait4: that process alone)."""
    command = [sys.executable, "-m", "transmgr", *args, "--project", str(root)]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(command, process.returncode, out.read(), err.read()), usage.ru_maxrss


def _one_line(done: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert done.returncode not in (0, 70) and "Traceback" not in done.stderr, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("transmgr: error:")]
    assert len(errors) == 1, done.stderr
    for text in expected:
        assert text in errors[0], errors[0]


def test_a_word_part_that_inflates_past_the_limit_is_refused_before_it_is_read(
        make_project: Callable[..., Path], tmp_path: Path) -> None:
    data = _docx(tmp_path)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:  # 300 MB of zeros: about 300 KB zipped
        source = zipfile.ZipFile(io.BytesIO(data))
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        with target.open("word/media/huge.png", "w") as stream:
            chunk = bytes(1024 * 1024)
            for _ in range(300):
                stream.write(chunk)
    root = make_project({}, languages=["be"])
    (root / "source" / "doc.docx").write_bytes(bomb.getvalue())
    assert len(bomb.getvalue()) < 2 * 1024 * 1024
    done, peak_kib = _run(root, "update")
    _one_line(done, "doc.docx", "word/media/huge.png inflates to 300 MB, over the limit of 100 MB")
    assert peak_kib < 250 * 1024  # bounded: the part is never inflated
    (root / "transmgr.toml").write_text((root / "transmgr.toml").read_text() + "[limits]\npart_mb = 400\n")
    done, _ = _run(root, "update")
    assert done.returncode == 0, done.stderr  # a configurable limit


@pytest.mark.parametrize(("case", "expected"), [
    ("malformed footnotes", "word/footnotes.xml is not well-formed XML"),
    ("entity bomb", "not well-formed XML"),
    ("undefined entity", "not well-formed XML"),
    ("nesting", "not"),
    ("strict", "Strict Open XML"),
    ("core properties", "docProps/core.xml cannot be read"),  # found by bench/fuzz_inputs.py
])
def test_broken_word_files_are_one_line(make_project: Callable[..., Path], tmp_path: Path, case: str,
                                        expected: str) -> None:
    data = with_footnote(_docx(tmp_path), "worth", "A note.")
    if case == "malformed footnotes":
        data = _replace_part(data, "word/footnotes.xml", b"<w:footnotes><w:footnote>unclosed")
    elif case == "entity bomb":
        laughs = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">' + b"".join(
            b'<!ENTITY %s "%s">' % (bytes([98 + n]), (b"&" + bytes([97 + n]) + b";") * 10) for n in range(8)) + b"]>"
        data = _replace_part(data, "word/footnotes.xml", laughs + b"<x>&i;</x>")
    elif case == "undefined entity":
        data = _replace_part(data, "word/footnotes.xml", b"<x>&nope;</x>")
    elif case == "core properties":
        data = _replace_part(data, "docProps/core.xml", b"<x/>")
    elif case == "nesting":
        deep = b"<a>" * 300 + b"</a>" * 300
        data = _replace_part(data, "word/footnotes.xml", deep)
    else:
        main = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
        data = _replace_part(data, "word/document.xml", main.replace(
            b"http://schemas.openxmlformats.org/wordprocessingml/2006/main", STRICT.encode()))
    root = make_project({}, languages=["be"])
    (root / "source" / "doc.docx").write_bytes(data)
    done, _ = _run(root, "update")
    _one_line(done, "doc.docx", expected)


@pytest.mark.parametrize("charset", ["base64", "zlib", "hex", "rot13", "uu", "bz2", "quopri", "punycode", "idna",
                                     "nothing-valid"])
def test_a_page_declaring_a_codec_that_is_no_charset_is_one_line(make_project: Callable[..., Path],
                                                                  charset: str) -> None:
    root = make_project({"page.html": f'<html><head><meta charset="{charset}"></head><body><p>Some words here.</p>'
                                      "</body></html>\n"}, languages=["be"])
    done, _ = _run(root, "update")
    _one_line(done, "page.html", charset)


def test_pages_in_utf16_or_utf32_with_a_bom_are_read(make_project: Callable[..., Path]) -> None:
    page = "<html><body><p>Some words here.</p><p>Яшчэ словы.</p></body></html>\n"
    root = make_project({}, languages=["be"])
    for n, encoding in enumerate(("utf-16", "utf-32", "utf-16-be")):
        data = page.encode(encoding)
        if encoding == "utf-16-be":
            data = b"\xfe\xff" + data
        (root / "source" / f"page{n}.html").write_bytes(data)
    done, _ = _run(root, "update")
    assert done.returncode == 0, done.stderr
    from transmgr.catalog import read_catalog

    for n in range(3):
        units = [u.msgid for u in read_catalog(root / "locales" / "be" / "LC_MESSAGES" / f"page{n}.po") if u.msgid]
        assert units == ["Some words here.", "Яшчэ словы."], n


def test_a_broken_cdata_section_and_a_page_over_the_limit_are_one_line(make_project: Callable[..., Path]) -> None:
    root = make_project({"page.html": "<html><body><p>Text before.</p>\n<![CDAT</body></html>\n"}, languages=["be"])
    done, _ = _run(root, "update")
    _one_line(done, "page.html:2")
    (root / "source" / "page.html").write_text("<html><body>" + "<p>Words of a page.</p>\n" * 2_600_000 + "</body></html>")
    done, peak_kib = _run(root, "update")
    _one_line(done, "page.html", "over the limit of 10 MB")
    assert peak_kib < 300 * 1024  # refused before it is read: reading 62 MB of HTML would take gigabytes


def test_quotes_nested_too_deep_are_one_line_and_deep_ones_are_offered(make_project: Callable[..., Path]) -> None:
    from transmgr.catalog import read_catalog

    root = make_project({"doc.md": "> " * 30 + "A quote thirty deep.\n"}, languages=["be"])
    done, _ = _run(root, "update")
    assert done.returncode == 0, done.stderr
    assert [u.msgid for u in read_catalog(root / "locales" / "be" / "LC_MESSAGES" / "doc.po") if u.msgid] == [
        "A quote thirty deep."]
    (root / "source" / "doc.md").write_text("Intro.\n\n" + "> " * 45 + "Too deep.\n")
    done, _ = _run(root, "update")
    _one_line(done, "doc.md:3", "quotes nested over 40 deep")


def test_a_run_property_in_a_relative_namespace_builds(make_project: Callable[..., Path], tmp_path: Path) -> None:
    data = _docx(tmp_path)
    main = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    main = main.replace(b"<w:document ", b'<w:document xmlns:odd="relative/uri" ', 1)
    main = main.replace(b"<w:r>", b'<w:r><w:rPr><odd:mark odd:v="1"/><w:b/></w:rPr>', 1)
    root = make_project({}, languages=["be"], extra="[build]\nthreshold = 0\n")
    (root / "source" / "doc.docx").write_bytes(_replace_part(data, "word/document.xml", main))
    done, _ = _run(root, "update")
    assert done.returncode == 0, done.stderr
    done, _ = _run(root, "build", "--format", "md")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
