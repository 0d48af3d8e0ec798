"""Golden tests per Markdown construct: each document in tests/fixtures/constructs beside its POT and
its editions in a pseudo-language (prose turned into Cyrillic letters, syntax untouched).

What is checked, per document: the template (what is offered for translation, with kinds and
lines), that the untranslated edition gives the source back byte for byte, and the Markdown, HTML
and text editions of the pseudo-translation. Regenerate after an intended change with
``TRANSMGR_UPDATE_GOLDEN=1 pytest tests/formats/test_constructs.py`` and read the diff before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from transmgr.catalog import format_catalog
from transmgr.config import parse_config
from transmgr.editions import Edition, Piece, Status
from transmgr.formats import MARKDOWN, segment_document
from transmgr.segment import Document
from transmgr.workflows import Project
from transmgr.workflows.extraction import build_template

FOLDER = Path(__file__).parents[1] / "fixtures" / "constructs"
DOCUMENTS = sorted(p for p in FOLDER.glob("*.md") if not p.name.endswith(".be.md"))
UPDATE = bool(os.environ.get("TRANSMGR_UPDATE_GOLDEN"))
_LATIN = "abcdefghiklmnoprstuvwyzABCDEFGHIKLMNOPRSTUVWYZ"
_PSEUDO = str.maketrans(_LATIN, "абцдефгхіклмнопрстувўызАБЦДЕФГХІКЛМНОПРСТУВЎЫЗ")


def pseudo(text: str) -> str:
    """The prose of ``text`` in Cyrillic letters; code, URLs, tags and markers as they are."""
    inline = MARKDOWN.inline(text)
    out = []
    position = 0
    for start, end in inline.prose():
        out += [text[position:start], text[start:end].translate(_PSEUDO)]
        position = end
    out.append(text[position:])
    return "".join(out)


def _project() -> Project:
    config = parse_config({"source_language": "en", "languages": ["be"]},
                          root=FOLDER.parent, path=FOLDER.parent / "transmgr.toml")
    return Project(config)


def _edition(document: Document) -> Edition:
    pieces = tuple(Piece(pseudo(segment.text), Status.TRANSLATED) for segment in document.segments())
    return Edition(document, "be", "en", pieces)


def _golden(path: Path, text: str) -> None:
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{path.name} differs from its golden file"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.stem)
def test_template(document: Path) -> None:
    parsed = segment_document(document)
    _golden(document.with_suffix(".pot"),
            format_catalog(build_template(_project(), parsed, created="2026-01-01 00:00+0000")))


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.stem)
def test_untranslated_edition_is_the_source_byte_for_byte(document: Path) -> None:
    parsed = segment_document(document)
    source = document.read_text(encoding="utf-8")
    assert parsed.render(lambda segment: None) == source
    same = Edition(parsed, "en", "en", tuple(Piece(s.text, Status.SOURCE) for s in parsed.segments()))
    assert MARKDOWN.render_source(same) == source


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.stem)
def test_pseudo_translated_editions(document: Path) -> None:
    edition = _edition(segment_document(document))
    _golden(document.with_suffix(".be.md"), MARKDOWN.render_source(edition))
    _golden(document.with_suffix(".be.html"), MARKDOWN.render_html(edition))
    _golden(document.with_suffix(".be.txt"), MARKDOWN.render_text(edition))
