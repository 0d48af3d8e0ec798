"""Translation memory: human translations and TMX files, exact matches first, fuzzy with a score."""

from __future__ import annotations

from pathlib import Path

import pytest

from transmgr.catalog import accept, new_catalog, new_entry, set_draft
from transmgr.engines.memory import TranslationMemory, human_units, read_tmx
from transmgr.engines.pivot import pivot_texts
from transmgr.errors import EngineError
from transmgr.formats import MARKDOWN

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en-US" datatype="plaintext" segtype="sentence" adminlang="en"
 creationtool="test" creationtoolversion="1" o-tmf="x"/><body>
<tu><tuv xml:lang="en-US"><seg>The war must stop.</seg></tuv><tuv xml:lang="be-BY"><seg>Вайна павінна спыніцца.</seg></tuv></tu>
<tu><tuv xml:lang="EN"><seg>Only <ph>&lt;b&gt;</ph>English</seg></tuv><tuv xml:lang="ru"><seg>Только английский</seg></tuv></tu>
</body></tmx>
"""


def _catalog():
    catalog = new_catalog({"Language": "be"})
    human = new_entry("There is no bottom in Belarus.", "У Беларусі няма дна.")
    reviewed = accept(new_entry("Belarusians use it every day.", "Беларусы кажуць так кожны дзень."), "Reviewer")
    draft = new_entry("A machine draft is not memory.", "Машынны чарнавік")
    draft = set_draft(draft, draft.msgstr, "google")
    empty = new_entry("Untranslated.")
    for entry in (human, reviewed, draft, empty):
        catalog.append(entry)
    return catalog


def test_only_human_translations_become_memory() -> None:
    units = {source for source, _, _, _ in human_units([_catalog()])}
    assert units == {"There is no bottom in Belarus.", "Belarusians use it every day."}


def test_exact_match_wins_with_100_percent() -> None:
    memory = TranslationMemory(human_units([_catalog()]))
    found = memory.draft("There  is no bottom in Belarus. ", MARKDOWN)
    assert found is not None and found.text == "У Беларусі няма дна." and found.origin == "memory 100%"
    assert found.previous is None and not found.final  # an exact match: nothing to compare, a draft by default


def test_fuzzy_match_names_its_score() -> None:
    memory = TranslationMemory(human_units([_catalog()]))
    found = memory.draft("There is no bottom in Belarus!", MARKDOWN)
    assert found is not None and found.text == "У Беларусі няма дна."
    assert found.previous == "There is no bottom in Belarus."  # the source it matched: review shows the diff
    score = int(found.origin.split()[1].rstrip("%"))
    assert 90 <= score < 100


def test_below_the_minimum_score_there_is_no_draft() -> None:
    memory = TranslationMemory(human_units([_catalog()]), min_score=75)
    assert memory.draft("Something else entirely, about the weather.", MARKDOWN) is None
    assert memory.plan("Something else entirely, about the weather.", MARKDOWN) is None


def test_a_reviewed_translation_beats_a_translated_one_for_the_same_source() -> None:
    one = new_catalog({})
    one.append(new_entry("Same text.", "Перакладзена"))
    two = new_catalog({})
    two.append(accept(new_entry("Same text.", "Праверана"), "R"))
    memory = TranslationMemory(human_units([one, two]))
    assert memory.lookup("Same text.").text == "Праверана"  # type: ignore[union-attr]
    assert pivot_texts([one, two]) == {"Same text.": "Праверана"}


def test_tmx_units_are_read_by_primary_language(tmp_path: Path) -> None:
    path = tmp_path / "old.tmx"
    path.write_text(TMX, encoding="utf-8")
    assert read_tmx(path, "en", "be") == [("The war must stop.", "Вайна павінна спыніцца.", 0, "old.tmx")]
    assert read_tmx(path, "en", "ru") == [("Only <b>English", "Только английский", 0, "old.tmx")]
    memory = TranslationMemory(read_tmx(path, "en", "be", "tm/old.tmx"))
    assert memory.draft("The war must stop.", MARKDOWN).origin == "memory 100% tm/old.tmx"  # type: ignore[union-attr]


def test_an_exact_reviewed_match_is_final_only_when_the_project_says_so() -> None:
    units = human_units([_catalog()], lambda catalog: "locales/be/LC_MESSAGES/old.po")
    assert not TranslationMemory(units).draft("Belarusians use it every day.", MARKDOWN).final  # type: ignore[union-attr]
    taking = TranslationMemory(units, exact_translated=True)
    reviewed = taking.draft("Belarusians use it every day.", MARKDOWN)
    assert reviewed is not None and reviewed.final and reviewed.origin == "memory 100% locales/be/LC_MESSAGES/old.po"
    assert not taking.draft("There is no bottom in Belarus.", MARKDOWN).final  # type: ignore[union-attr]  # translated, not reviewed
    assert not taking.draft("There is no bottom in Belarus!", MARKDOWN).final  # type: ignore[union-attr]  # fuzzy


def test_a_broken_tmx_file_is_an_error_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.tmx"
    path.write_text("<tmx>\n<body>\n<tu><tuv></tu>\n</body></tmx>\n", encoding="utf-8")
    with pytest.raises(EngineError, match=r"bad\.tmx:3: invalid TMX"):
        read_tmx(path, "en", "be")


def test_a_missing_tmx_file_says_where_to_fix_it(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match=r"TMX file not found.*\[engines\.memory\]"):
        read_tmx(tmp_path / "nope.tmx", "en", "be")


@pytest.mark.parametrize(("content", "message"), [
    (b'<?xml version="1.0" encoding="klingon"?>\n<tmx version="1.4"/>', "unknown encoding"),
    (b"<html><body><tu/></body></html>", "not a TMX file (its root is <html>"),
])
def test_a_file_that_is_no_readable_tmx_is_one_error(tmp_path: Path, content: bytes, message: str) -> None:
    from transmgr.engines.memory import read_tmx
    from transmgr.errors import EngineError

    path = tmp_path / "bad.tmx"
    path.write_bytes(content)
    with pytest.raises(EngineError, match=message.replace("(", r"\(")):
        read_tmx(path, "en", "be")
