"""Fixtures for the edition tests: the small fixture project and hostile or hand-made catalogs."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from transmgr.catalog import accept, read_catalog, set_draft, set_translation, write_catalog
from transmgr.workflows import Project, update

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "editions"
DAY = dt.date(2026, 11, 18)


@pytest.fixture
def fixture_project(tmp_path: Path) -> Path:
    """The project in tests/fixtures/editions: two documents, be (partly done), uk, en (source)."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "source", root / "source")
    shutil.copytree(FIXTURES / "locales", root / "locales")
    (root / "transmgr.toml").write_text(
        'source_language = "en"\nlanguages = ["be", "uk", "en"]\n\n[build]\nthreshold = 50\n', encoding="utf-8"
    )
    return root


@pytest.fixture
def translate_project(make_project: Callable[..., Path]) -> Callable[..., Path]:
    """A project whose catalogs hold given translations: ``translate_project(doc_text, {"be": {msgid: msgstr}})``.

    A msgstr given as ``("text", "draft")`` becomes a draft; ``("text", "reviewed")`` is reviewed.
    """

    def make(text: str, translations: dict[str, dict[str, object]], *, languages: tuple[str, ...] = ("be",),
             extra: str = "", name: str = "doc.md") -> Path:
        root = make_project({name: text}, languages=languages, extra=extra)
        update(Project.load(root))
        stem = name.rsplit(".", 1)[0]
        for lang, table in translations.items():
            path = root / "locales" / lang / "LC_MESSAGES" / f"{stem}.po"
            catalog = read_catalog(path)
            for entry in list(catalog):
                if entry.msgid not in table:
                    continue
                value = table[entry.msgid]
                msgstr, state = value if isinstance(value, tuple) else (value, "translated")
                if state == "draft":
                    changed = set_draft(entry, str(msgstr), "google", day=DAY)
                else:
                    changed = set_translation(entry, str(msgstr))
                    if state in ("reviewed", "stale"):
                        changed = accept(changed, "Tester", day=DAY)
                    if state == "stale":
                        changed = changed.changed(msgstr=str(msgstr) + " (edited)")
                catalog.put(changed, replacing=entry)
            write_catalog(catalog, path)
        return root

    return make
