"""Translation states survive GNU gettext's own tools, and msgfmt never compiles a draft."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from transmgr.catalog import (
    State,
    accept,
    new_catalog,
    new_entry,
    read_catalog,
    set_draft,
    set_translation,
    write_catalog,
)

gettext = pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext is not installed")
LONG_NAME = "Reviewer With A Very Long Name Indeed <reviewer.with.a.very.long.name@example.org>"


def _catalog_with_every_state(path: Path) -> dict[str, State]:
    catalog = new_catalog({"Content-Type": "text/plain; charset=UTF-8", "Language": "be",
                           "Plural-Forms": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
                                           "n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"})
    expected = {}
    for name in ("untranslated", "draft", "translated", "reviewed", "stale"):
        entry = new_entry(f"A {name} segment of the essay.", occurrences=[("source/doc.md", "3")],
                          comment="paragraph", tcomment="A translator's own note.")
        if name == "draft":
            entry = set_draft(entry, "Чарнавік.", "google")
        elif name != "untranslated":
            entry = set_translation(entry, f"Пераклад {name}.", origin="translator")
        if name in ("reviewed", "stale"):
            entry = accept(entry, LONG_NAME)
        if name == "stale":
            entry = entry.changed(msgstr="Пераклад, зменены пасля праверкі.")
        catalog.append(entry)
        expected[entry.msgid] = State(name)
    write_catalog(catalog, path)
    return expected


def _states(path: Path) -> dict[str, State]:
    return {e.msgid: e.state for e in read_catalog(path) if not e.obsolete}


def test_states_are_read_back(tmp_path: Path) -> None:
    path = tmp_path / "be.po"
    expected = _catalog_with_every_state(path)
    assert _states(path) == expected


@gettext
def test_states_survive_msgcat(tmp_path: Path) -> None:
    path, out = tmp_path / "be.po", tmp_path / "cat.po"
    expected = _catalog_with_every_state(path)
    subprocess.run(["msgcat", "-o", str(out), str(path)], check=True)
    assert _states(out) == expected
    narrow = tmp_path / "narrow.po"
    subprocess.run(["msgcat", "--width=40", "-o", str(narrow), str(path)], check=True)
    assert _states(narrow) == expected


@gettext
def test_states_survive_msgmerge_with_the_same_template(tmp_path: Path) -> None:
    path, pot = tmp_path / "be.po", tmp_path / "doc.pot"
    expected = _catalog_with_every_state(path)
    template = new_catalog({"Content-Type": "text/plain; charset=UTF-8"})
    for msgid in expected:
        template.append(new_entry(msgid, occurrences=[("source/doc.md", "3")], comment="paragraph"))
    write_catalog(template, pot)
    subprocess.run(["msgmerge", "--quiet", "--previous", "-U", "--backup=off", str(path), str(pot)], check=True)
    assert _states(path) == expected


@gettext
def test_msgfmt_never_compiles_a_draft(tmp_path: Path) -> None:
    import gettext as pygettext

    path = tmp_path / "be.po"
    _catalog_with_every_state(path)
    mo = tmp_path / "be.mo"
    subprocess.run(["msgfmt", "-c", "-o", str(mo), str(path)], check=True)
    with mo.open("rb") as handle:
        translations = pygettext.GNUTranslations(handle)
    assert translations.gettext("A draft segment of the essay.") == "A draft segment of the essay."
    assert translations.gettext("A reviewed segment of the essay.") == "Пераклад reviewed."


def test_long_reviewer_name_is_not_wrapped(tmp_path: Path) -> None:
    path = tmp_path / "be.po"
    _catalog_with_every_state(path)
    assert any(line.startswith("# reviewed: ") and line.endswith("example.org>")
               for line in path.read_text(encoding="utf-8").splitlines())
