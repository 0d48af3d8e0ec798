"""Against GNU gettext's own verdicts: every PO file msgfmt accepts, transmgr reads too.

Runs over the malformed and tricky files of ../shared/corpus/edge-cases (gettext's, polib's and
gettext-parser's test fixtures) when that corpus is present.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS
from transmgr.catalog import Catalog, read_catalog, write_catalog
from transmgr.errors import CatalogError

EDGE = CORPUS / "edge-cases"
FILES = sorted(p for p in EDGE.rglob("*") if p.is_file() and p.suffix in (".po", ".pot", ".in1", ".in2")
               and "tests-all" not in p.parts) if EDGE.exists() else []


def _msgfmt_accepts(path: Path) -> bool:
    done = subprocess.run(["msgfmt", "-o", "/dev/null", str(path)], capture_output=True)
    return done.returncode == 0


@pytest.mark.skipif(not FILES, reason="needs ../shared/corpus/edge-cases (not present in this clone)")
@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
def test_transmgr_reads_whatever_msgfmt_accepts_and_writes_it_back_valid(tmp_path: Path) -> None:
    accepted = rejected_by_both = 0
    for path in FILES:
        ok = _msgfmt_accepts(path)
        try:
            catalog = read_catalog(path)
        except CatalogError as exc:
            assert not ok, f"msgfmt accepts {path} but transmgr says: {exc}"
            assert str(exc).startswith(str(path)) and "\n" not in str(exc)
            rejected_by_both += 1
            continue
        if ok:
            accepted += 1
            out = tmp_path / "out.po"
            write_catalog(catalog, out)
            assert _msgfmt_accepts(out), f"transmgr rewrote {path} into a file msgfmt rejects"
    assert accepted > 50 and rejected_by_both >= 8


def _ours(catalog: Catalog) -> tuple[object, ...]:
    return (catalog.header.comments, catalog.metadata, "fuzzy" in catalog.header.flags, [
        (u.msgctxt, u.msgid, u.msgid_plural, u.msgstr, u.msgstr_plural, u.obsolete, u.flags, u.note, u.comments,
         u.references, u.previous_msgid, u.previous_msgctxt, u.previous_msgid_plural)
        for u in catalog
        if not u.obsolete  # polib drops '#~|' previous msgids of obsolete entries; transmgr keeps them
    ])


def _polib(catalog: Any) -> tuple[object, ...]:
    return (catalog.header, dict(catalog.metadata), bool(catalog.metadata_is_fuzzy), [
        (e.msgctxt, e.msgid, e.msgid_plural or None, "" if e.msgid_plural else e.msgstr,
         tuple(e.msgstr_plural[k] for k in sorted(e.msgstr_plural)), bool(e.obsolete), tuple(e.flags), e.comment,
         e.tcomment, tuple(e.occurrences), e.previous_msgid, e.previous_msgctxt, e.previous_msgid_plural)
        for e in catalog
        if not e.obsolete
    ])


REAL_CATALOGS = sorted((CORPUS / "catalogs").rglob("*.po")) + sorted((CORPUS / "python-docs-fr").rglob("*.po"))[:60] \
    if CORPUS.exists() else []


@pytest.mark.skipif(not REAL_CATALOGS, reason="needs ../shared/corpus (not present in this clone)")
def test_reader_agrees_with_polib_on_real_catalogs() -> None:
    import polib

    for path in REAL_CATALOGS:
        ours = read_catalog(path)
        theirs = polib.pofile(str(path))
        assert _ours(ours) == _polib(theirs), path
