"""MO files: what msgfmt would write, loadable by Python's gettext, and never holding a draft."""

from __future__ import annotations

import gettext
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import DAY, msgfmt_check, shared_corpus
from tests.conftest import EDITION_FIXTURES as FIXTURES
from transmgr.catalog import read_catalog
from transmgr.editions import Message, header_message
from transmgr.editions.mo import compile_catalog, compile_pairs
from transmgr.workflows import Project
from transmgr.workflows.build import build

PLURALS_PO = r'''msgid ""
msgstr ""
"Project-Id-Version: test\n"
"PO-Revision-Date: 2026-11-18 10:00+0000\n"
"Last-Translator: Tester <t@example.org>\n"
"Language-Team: Belarusian <be@li.org>\n"
"Language: be\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"

msgctxt "menu"
msgid "Open"
msgstr "Адкрыць"

msgctxt "state"
msgid "Open"
msgstr "Адкрыта"

msgid "Open"
msgstr "Адчыніць"

msgid "%d minute"
msgid_plural "%d minutes"
msgstr[0] "%d хвіліна"
msgstr[1] "%d хвіліны"
msgstr[2] "%d хвілін"

#, fuzzy
msgid "Draft"
msgstr "Чарнавік"

msgid "Empty"
msgstr ""

msgid "Tab\tand \"quotes\" and \\ backslash"
msgstr "Таб\tі «двукоссе» і \\ адваротная"

#~ msgid "Old"
#~ msgstr "Стары"
'''


def _msgfmt(po: Path, out: Path) -> bytes:
    if shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext's msgfmt is not installed (apt-get install gettext)")
    subprocess.run(["msgfmt", "--no-hash", "-o", str(out), str(po)], check=True, capture_output=True)
    return out.read_bytes()


def _compile(po: Path) -> bytes:
    return compile_catalog(read_catalog(po))[0]


def test_plurals_contexts_and_escapes_match_msgfmt(tmp_path: Path) -> None:
    po = tmp_path / "be.po"
    po.write_text(PLURALS_PO, encoding="utf-8")
    msgfmt_check(po)
    assert _compile(po) == _msgfmt(po, tmp_path / "ref.mo")


def test_python_gettext_loads_it(tmp_path: Path) -> None:
    po = tmp_path / "be.po"
    po.write_text(PLURALS_PO, encoding="utf-8")
    catalog = gettext.GNUTranslations(io.BytesIO(_compile(po)))
    assert catalog.gettext("Open") == "Адчыніць"
    assert catalog.pgettext("menu", "Open") == "Адкрыць"
    assert catalog.pgettext("state", "Open") == "Адкрыта"
    assert [catalog.ngettext("%d minute", "%d minutes", n) for n in (1, 3, 5, 21)] == [
        "%d хвіліна", "%d хвіліны", "%d хвілін", "%d хвіліна"]
    assert catalog.gettext("Draft") == "Draft"  # a draft is never compiled
    assert catalog.gettext("Empty") == "Empty"
    assert catalog.gettext("Old") == "Old"
    assert catalog.info()["language"] == "be"


def test_built_mo_files_match_msgfmt_and_hold_no_draft(fixture_project: Path, tmp_path: Path) -> None:
    build(Project.load(fixture_project), formats=["mo"], include_drafts=True, day=DAY)
    for lang in ("be", "uk", "en"):
        po = fixture_project / "locales" / lang / "LC_MESSAGES" / "structure.po"
        ours = (fixture_project / "build" / lang / "LC_MESSAGES" / "structure.mo").read_bytes()
        assert ours == _msgfmt(po, tmp_path / f"{lang}.mo"), lang
    catalog = gettext.GNUTranslations(io.BytesIO((fixture_project / "build/be/LC_MESSAGES/structure.mo").read_bytes()))
    assert catalog.gettext("Lists") == "Спісы"  # reviewed
    assert catalog.gettext("One") == "Адзін"  # translated
    assert catalog.gettext("A second quoted paragraph.") == "Другі цытаваны абзац цытаты."  # stale
    assert catalog.gettext("Nested item with *emphasis*") == "Nested item with *emphasis*"  # draft: left out


def test_decompiled_mo_passes_msgfmt_check(fixture_project: Path, tmp_path: Path) -> None:
    if shutil.which("msgunfmt") is None:
        pytest.skip("GNU gettext's msgunfmt is not installed")
    build(Project.load(fixture_project), formats=["mo"], day=DAY)
    po = tmp_path / "back.po"
    mo = fixture_project / "build" / "be" / "LC_MESSAGES" / "structure.mo"
    subprocess.run(["msgunfmt", "-o", str(po), str(mo)], check=True, capture_output=True)
    msgfmt_check(po)


def test_header_declares_utf8_whatever_the_catalog_said() -> None:
    header = header_message([("Language", "ru"), ("POT-Creation-Date", "2026-11-18 10:00+0000"),
                             ("Content-Type", "text/plain; charset=KOI8-R")])
    assert header.msgstr == "Language: ru\nContent-Type: text/plain; charset=UTF-8\n"
    data = compile_pairs([(header.key(), header.value()), (Message("Yes", "Да").key(), Message("Yes", "Да").value())])
    assert gettext.GNUTranslations(io.BytesIO(data)).gettext("Yes") == "Да"


def test_empty_catalog_is_a_valid_mo() -> None:
    catalog = gettext.GNUTranslations(io.BytesIO(compile_pairs([])))
    assert catalog.gettext("x") == "x"


@pytest.mark.parametrize("parts", [
    ("catalogs", "gnome-clocks", "po-be.po"), ("catalogs", "gnome-clocks", "po-uk.po"),
    ("catalogs", "gnome-clocks", "help-uk.po"), ("catalogs", "thunar", "be.po"),
    ("catalogs", "python-docs-uk", "tutorial_appetite.po"),
])
def test_real_catalogs_compile_like_msgfmt(parts: tuple[str, ...], tmp_path: Path) -> None:
    po = shared_corpus(*parts)
    assert _compile(po) == _msgfmt(po, tmp_path / "ref.mo")


def test_fixture_catalogs_are_valid_po() -> None:
    for po in sorted((FIXTURES / "locales").rglob("*.po")):
        msgfmt_check(po)
