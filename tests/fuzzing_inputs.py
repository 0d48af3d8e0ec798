"""Mutation fuzzing of the readers of files that come from outside: XLIFF, TMX, Word files, web pages.

Each target takes a seed file made by transmgr itself (an export, a built edition, a Word file
made with python-docx), mutates it at the byte level (bytes flipped, ranges dropped or repeated,
and XML and HTML tokens that broke readers before inserted: entities, doctypes, CDATA, nesting,
encodings, BOMs, NULs) and reads it the way a user's command does. A :class:`TransmgrError` is a
proper refusal (one line); any other exception is a crash. Shared by the in-suite test
(``tests/test_input_fuzz.py``, a bounded, seeded run) and ``bench/fuzz_inputs.py`` (as long as asked).
"""

from __future__ import annotations

import io
import random
import traceback
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from transmgr.errors import TransmgrError

TOKENS = [b"<", b">", b"</x>", b"&amp;", b"&nope;", b"&#0;", b"&#xD800;", b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>",
          b"<![CDATA[", b"<![CDAT", b"]]>", b"<!--", b"-->", b"<?xml version='1.0' encoding='klingon'?>",
          b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\xc3", b"\xe2\x80", b"<a>" * 40, b"</a>" * 40, b'"', b"'",
          b"<sc id='1'/>", b"<ec startRef='1'/>", b"<x id='9'/>", b"<bpt id='1'>x</bpt>", b"<g id='1'>", b"</g>",
          b"<seg>", b"<tu>", b"<tuv xml:lang='be'>", b"<w:p>", b"<w:r><w:t>x</w:t></w:r>", b"<w:fldSimple>",
          b'<meta charset="base64">', b'<meta charset="utf-16">', b"<script>", b"</p>", b"<p>", b"<html lang=",
          b"\r\n", b"\n" * 50, b"\\", b"%s", b"{0}", "Ў".encode(), b"\xf0\x9f\x92\xa9"]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """``data`` with one to four mutations."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not out:
            out += rng.choice(TOKENS)
            continue
        where = rng.randrange(len(out))
        kind = rng.random()
        if kind < 0.25:
            out[where] = rng.randrange(256)
        elif kind < 0.45:
            del out[where:where + rng.randint(1, 64)]
        elif kind < 0.6:
            end = min(len(out), where + rng.randint(1, 200))
            out[end:end] = out[where:end] * rng.randint(1, 3)
        else:
            out[where:where] = rng.choice(TOKENS)
    return bytes(out)


def mutate_zip(data: bytes, rng: random.Random) -> bytes:
    """A Word file with one of its XML parts mutated (or, now and then, the zip's own bytes)."""
    if rng.random() < 0.1:
        return mutate(data, rng)
    source = zipfile.ZipFile(io.BytesIO(data))
    names = [i.filename for i in source.infolist() if i.filename.endswith((".xml", ".rels"))]
    chosen = rng.choice(names)
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        warnings.simplefilter("ignore")  # a mutated seed may name a part twice: that is the point
        for item in source.infolist():
            body = source.read(item.filename)
            target.writestr(item, mutate(body, rng) if item.filename == chosen else body)
    return out.getvalue()


@dataclass
class Tally:
    """What a run found: inputs read, accepted, refused in one line, and crashes (with an example each)."""

    inputs: int = 0
    accepted: int = 0
    refused: int = 0
    crashes: dict[str, tuple[bytes, str]] = field(default_factory=dict)

    def record(self, data: bytes, read: Callable[[], object]) -> None:
        self.inputs += 1
        try:
            read()
        except TransmgrError as exc:
            assert "\n" not in str(exc), str(exc)
            self.refused += 1
        except Exception as exc:
            kind = f"{type(exc).__name__}: {str(exc).splitlines()[0][:80] if str(exc) else ''}"
            where = traceback.extract_tb(exc.__traceback__)[-1]
            self.crashes.setdefault(f"{kind} at {Path(where.filename).name}:{where.lineno}", (data, traceback.format_exc()))
        else:
            self.accepted += 1


class Targets:
    """The readers under test, each with its seed, in one scratch project."""

    def __init__(self, folder: Path) -> None:
        from transmgr.catalog import read_catalog, set_translation, write_catalog
        from transmgr.workflows import Project, update
        from transmgr.workflows.exchange.tmx import export_tmx
        from transmgr.workflows.exchange.xliff_write import export_xliff

        self.folder = folder
        root = folder / "project"
        (root / "source").mkdir(parents=True)
        (root / "transmgr.toml").write_text('source_language = "en"\nlanguages = ["be"]\n', encoding="utf-8")
        (root / "source" / "doc.md").write_text(
            "# The appeal\n\nWe are **deeply concerned** about [the report](https://example.org/r) and `code`.\n\n"
            "There is no bottom in Belarus.\n\nThree is a number: {count} people.\n", encoding="utf-8")
        self.project = Project.load(root)
        update(self.project)
        po = self.project.po_path("be", "doc")
        catalog = read_catalog(po)
        for unit in list(catalog):
            if unit.msgid:
                catalog.put(set_translation(unit, "Пераклад: " + unit.msgid), replacing=unit)
        write_catalog(catalog, po)
        self.seeds: dict[str, bytes] = {}
        for version in ("1.2", "2.0"):
            export_xliff(self.project, "be", folder / "seed.xlf", version=version)
            self.seeds[f"xliff-{version}"] = (folder / "seed.xlf").read_bytes()
        export_tmx(self.project, folder / "seed.tmx")
        self.seeds["tmx"] = (folder / "seed.tmx").read_bytes()
        self.seeds["page"] = _PAGE.encode("utf-8")
        self.seeds["docx"] = _word_seed(folder)

    def read(self, kind: str, data: bytes) -> Callable[[], object]:
        """What reading ``data`` as a ``kind`` file does (a function to call)."""
        if kind.startswith("xliff"):
            path = self.folder / "input.xlf"
            path.write_bytes(data)
            from transmgr.workflows.exchange.xliff_import import import_xliff

            return lambda: import_xliff(self.project, "be", path, "Fuzz Reviewer", dry_run=True)
        if kind == "tmx":
            path = self.folder / "input.tmx"
            path.write_bytes(data)
            from transmgr.engines.memory import read_tmx

            return lambda: read_tmx(path, "en", "be")
        path = self.folder / ("input.html" if kind == "page" else "input.docx")
        path.write_bytes(data)
        return lambda: _segment_and_render(path)

    def mutated(self, kind: str, rng: random.Random) -> bytes:
        seed = self.seeds[kind]
        return mutate_zip(seed, rng) if kind == "docx" else mutate(seed, rng)


def _segment_and_render(path: Path) -> object:
    """Segment a document and render its edition with every segment changed (the build's two reads)."""
    from transmgr.editions.model import Edition, Piece, Status
    from transmgr.formats import format_for, segment_document

    fmt = format_for(path)
    document = segment_document(path, fmt=fmt)
    pieces = tuple(Piece("Т " + segment.text, Status.TRANSLATED) for segment in document.segments())
    edition = Edition(document, "be", "en", pieces)
    return fmt.render_source(edition)


def _word_seed(folder: Path) -> bytes:
    from tests.formats.docx_builder import rich_document

    return rich_document(folder / "seed.docx").read_bytes()


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>The appeal</title>
<meta name="description" content="An appeal about concern."></head>
<body><h1>The appeal</h1>
<p><strong>Read</strong> <a href="https://example.org/r" title="The report">the <em>report</em></a> now.</p>
<img src="a.png" alt="A picture of a square">
<ul><li>One point</li><li>Another <code>point</code></li></ul>
<script>var x = "not text";</script>
<table><tr><th>Head</th></tr><tr><td>Cell text</td></tr></table>
</body></html>
"""

KINDS = ("xliff-1.2", "xliff-2.0", "tmx", "docx", "page")
