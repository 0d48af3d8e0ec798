"""Helpers for the check tests: run every check on one (source, translation) pair."""

from __future__ import annotations

from pathlib import Path

import pytest

from transmgr.checks import CHECKS, Context, Finding, Glossary, Item, read_glossary
from transmgr.formats import MARKDOWN

REPO_GLOSSARY = Path(__file__).resolve().parents[2] / "locales" / "glossary.csv"


@pytest.fixture(scope="session")
def glossary() -> Glossary:
    """The essay's glossary as shipped in locales/glossary.csv."""
    return read_glossary(REPO_GLOSSARY)


def run_checks(source: str, translation: str, lang: str, *, source_lang: str = "en",
               glossary: Glossary | None = None, flags: frozenset[str] = frozenset()) -> list[Finding]:
    """Every registered check's findings on one translation."""
    item = Item(source=source, translation=translation, lang=lang, source_lang=source_lang, flags=flags, fmt=MARKDOWN)
    context = Context(glossary=glossary, fmt=MARKDOWN)
    return [f for check in CHECKS if check.relevant(lang, source_lang) for f in check.run(item, context)]
