"""Untranslated policies, drafts, stale reviews, the completeness threshold and reproducible output."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import DAY
from transmgr.errors import BuildError
from transmgr.workflows import Project
from transmgr.workflows.build import build

DOC = """# Four words in title

## Heading two

First paragraph has five words.

- item one
- item two

Last paragraph here.
"""
ALL = {
    "Four words in title": "Чатыры словы ў назве",
    "Heading two": "Загаловак два",
    "First paragraph has five words.": "Першы абзац мае пяць слоў.",
    "item one": "пункт адзін",
    "item two": "пункт два",
    "Last paragraph here.": "Апошні абзац тут.",
}


def _without(*keys: str) -> dict[str, object]:
    return {k: v for k, v in ALL.items() if k not in keys}


def _read(root: Path, rel: str) -> str:
    return (root / "build" / rel).read_text(encoding="utf-8")


def test_fallback_shows_the_source_marked_with_its_language(translate_project: Callable[..., Path]) -> None:
    root = translate_project(DOC, {"be": _without("item two")}, extra="[build]\nthreshold = 0\n")
    build(Project.load(root), day=DAY)
    assert "- item two<!-- untranslated -->\n" in _read(root, "be/doc.md")  # marked, invisibly
    assert '<li><span class="fallback" lang="en"' in _read(root, "be/doc.html")
    assert "- item two" in _read(root, "be/doc.txt")


def test_omit_leaves_the_segment_and_its_markers_out(translate_project: Callable[..., Path]) -> None:
    root = translate_project(DOC, {"be": _without("item two", "Heading two")}, extra="[build]\nthreshold = 0\n")
    result = build(Project.load(root), untranslated="omit", day=DAY)
    assert _read(root, "be/doc.md") == (
        "# Чатыры словы ў назве\n\nПершы абзац мае пяць слоў.\n\n- пункт адзін\n\nАпошні абзац тут.\n"
    )
    page = _read(root, "be/doc.html")
    assert "item two" not in page and "<h2>" not in page and "<li>пункт адзін</li>" in page
    assert "item two" not in _read(root, "be/doc.txt")
    assert result.built[0].words["omitted"] == 4


def test_omit_in_sentence_mode_drops_one_sentence(translate_project: Callable[..., Path]) -> None:
    text = "One sentence here. Another sentence there. A third one.\n"
    table = {"One sentence here.": "Адзін сказ.", "A third one.": "Трэці."}
    root = translate_project(text, {"be": table}, extra='segmentation = "sentence"\n[build]\nthreshold = 0\n')
    build(Project.load(root), untranslated="omit", formats=["md"], day=DAY)
    assert _read(root, "be/doc.md") == "Адзін сказ. Трэці.\n"


def test_omit_of_a_setext_heading_takes_its_underline(translate_project: Callable[..., Path]) -> None:
    text = "Para one.\n\nA heading\n---------\n\nPara two.\n"
    root = translate_project(text, {"be": {"Para one.": "Абзац 1.", "Para two.": "Абзац 2."}},
                             extra="[build]\nthreshold = 0\n")
    build(Project.load(root), untranslated="omit", formats=["md"], day=DAY)
    assert _read(root, "be/doc.md") == "Абзац 1.\n\nАбзац 2.\n"


def test_fail_names_the_entry_and_writes_nothing(translate_project: Callable[..., Path]) -> None:
    root = translate_project(DOC, {"be": _without("item two")}, extra='[build]\nuntranslated = "fail"\n')
    with pytest.raises(BuildError) as caught:
        build(Project.load(root), day=DAY)
    message = str(caught.value)
    po = root / "locales" / "be" / "LC_MESSAGES" / "doc.po"
    lines = po.read_text(encoding="utf-8").splitlines()
    msgid_line = lines.index('msgid "item two"') + 1
    location, _, rest = message.partition(": ")
    path, _, line = location.rpartition(":")
    assert path == str(po) and rest.startswith("be/doc: 1 untranslated segment")
    # The line is where the entry starts: its comments, then its msgid.
    assert all(text.startswith("#") for text in lines[int(line) - 1:msgid_line - 1])
    assert "--untranslated fallback" in message
    assert not (root / "build").exists()


def test_fail_is_not_triggered_by_a_complete_language(translate_project: Callable[..., Path]) -> None:
    root = translate_project(DOC, {"be": ALL})
    result = build(Project.load(root), untranslated="fail", day=DAY)
    assert [e.built for e in result.editions] == [True]


def test_drafts_are_left_out_unless_asked_and_then_marked(translate_project: Callable[..., Path]) -> None:
    table = dict(ALL, **{"Last paragraph here.": ("Чарнавы абзац.", "draft")})
    root = translate_project(DOC, {"be": table})
    build(Project.load(root), day=DAY)
    assert "Чарнавы" not in _read(root, "be/doc.md")
    assert "Чарнавы" not in _read(root, "be/doc.html")
    build(Project.load(root), include_drafts=True, day=DAY)
    page = _read(root, "be/doc.html")
    assert '<span class="draft" title="Чарнавік, не правераны">Чарнавы абзац.</span>' in page
    assert 'class="notice"' in page
    assert "Чарнавы абзац." in _read(root, "be/doc.md")


def test_stale_reviews_count_as_translated(translate_project: Callable[..., Path]) -> None:
    table = {k: (v, "stale") for k, v in ALL.items()}
    root = translate_project(DOC, {"be": table})
    result = build(Project.load(root), day=DAY)
    assert result.built[0].percent == 100.0
    assert "Першы абзац мае пяць слоў. (edited)" in _read(root, "be/doc.md")


def test_below_threshold_is_skipped_with_how_far_it_is(translate_project: Callable[..., Path]) -> None:
    # 2 of 18 source words translated: 11.1%; 80% of 18 is 14.4, so 13 more words are needed.
    root = translate_project(DOC, {"be": {"Heading two": "Загаловак два"}})
    result = build(Project.load(root), day=DAY)
    (skipped,) = result.skipped
    assert skipped.reason == "11.1% of source words translated, below the 80% threshold (13 more words to translate)"
    assert not (root / "build" / "be").exists()


def test_a_language_falling_below_its_threshold_loses_its_old_edition(translate_project: Callable[..., Path]) -> None:
    root = translate_project(DOC, {"be": ALL}, extra="[build.thresholds]\nbe = 90\n")
    build(Project.load(root), day=DAY)
    assert (root / "build" / "be" / "doc.html").exists()
    po = root / "locales" / "be" / "LC_MESSAGES" / "doc.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Першы абзац мае пяць слоў."', 'msgstr ""'),
                  encoding="utf-8")
    result = build(Project.load(root), day=DAY)
    (skipped,) = result.skipped
    assert "below the 90% threshold" in (skipped.reason or "")
    assert {p.name for p in skipped.removed} == {"doc.md", "doc.html", "doc.txt", "doc.mo"}
    assert "be/doc.html" not in _read(root, "index.html")


def test_threshold_counts_words_not_segments(translate_project: Callable[..., Path]) -> None:
    # Five of six segments but only 13 of 18 words: 72.2% is below 80%.
    root = translate_project(DOC, {"be": _without("First paragraph has five words.")})
    (skipped,) = build(Project.load(root), day=DAY).skipped
    assert round(skipped.percent, 1) == 72.2 and skipped.threshold == 80
    assert skipped.reason == "72.2% of source words translated, below the 80% threshold (2 more words to translate)"


def test_segments_missing_from_an_old_catalog_are_counted(translate_project: Callable[..., Path]) -> None:
    root = translate_project(DOC, {"be": ALL}, extra="[build]\nthreshold = 0\n")
    source = root / "source" / "doc.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    (edition,) = build(Project.load(root), day=DAY).built
    assert edition.missing == 1
    assert "A new paragraph." in _read(root, "be/doc.md")


def test_plain_text_sources_get_no_markdown_escapes(translate_project: Callable[..., Path]) -> None:
    root = translate_project("First line.\n\nSecond one.\n", {"be": {"First line.": "1. Радок <b>адзін</b>.",
                                                                 "Second one.": "# Другі."}}, name="doc.txt")
    build(Project.load(root), formats=["source", "html", "txt"], day=DAY)
    assert _read(root, "be/doc.txt") == "1. Радок <b>адзін</b>.\n\n# Другі.\n"
    assert "&lt;b&gt;" in _read(root, "be/doc.html")


def test_building_twice_gives_identical_files_and_writes_nothing(fixture_project: Path) -> None:
    first = build(Project.load(fixture_project), day=DAY)
    snapshot = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (fixture_project / "build").rglob("*") if p.is_file()}
    second = build(Project.load(fixture_project), day=DAY)
    assert first.written and not second.written
    assert snapshot == {p: (p.read_bytes(), p.stat().st_mtime_ns)
                        for p in (fixture_project / "build").rglob("*") if p.is_file()}


def test_the_build_date_is_written_the_way_each_language_writes_dates(fixture_project: Path) -> None:
    build(Project.load(fixture_project), day=dt.date(2027, 2, 24))

    def page(rel: str) -> str:  # CLDR puts a (narrow) no-break space before "г."
        return _read(fixture_project, rel).replace("\u202f", " ").replace("\u00a0", " ")

    assert "<p>Сабрана 24 лютага 2027 г.</p>" in page("be/structure.html")
    assert "<p>Зібрано 24 лютого 2027 р.</p>" in page("uk/structure.html")
    assert "<p>Built on February 24, 2027.</p>" in page("en/structure.html")


def test_unknown_format_and_policy_are_errors(fixture_project: Path) -> None:
    with pytest.raises(BuildError, match="unknown edition format 'pdf'"):
        build(Project.load(fixture_project), formats=["pdf"])
    with pytest.raises(BuildError, match="unknown untranslated policy"):
        build(Project.load(fixture_project), untranslated="guess")


def test_markdown_editions_declare_their_language_in_the_front_matter(translate_project: Callable[..., Path]) -> None:
    source = "---\ntitle: A page\nlang: en\nlanguage: 'en-US'\nextra:\n  lang: en\n---\n\nOne paragraph.\n"
    root = translate_project(source, {"be": {"A page": "Старонка", "One paragraph.": "Адзін абзац."}},
                             languages=("be", "en"))
    build(Project.load(root), formats=["source"], day=DAY)
    assert _read(root, "be/doc.md") == (
        "---\ntitle: Старонка\nlang: be\nlanguage: 'be-BY'\nextra:\n  lang: en\n---\n\nАдзін абзац.\n")
    assert _read(root, "en/doc.md") == source  # the source language's edition is the source


def test_emphasis_at_a_segments_edge_stays_emphasis_in_drafts_and_stand_ins(
        translate_project: Callable[..., Path]) -> None:
    from lxml import html as lxml_html

    source = ("This paragraph ends with **bold text.** Another sentence.\n\n*(An italic aside.)*\n\n"
              "<div>\nText inside an HTML block.\n</div>\n")
    root = translate_project(source, {"be": {"Another sentence.": ("Яшчэ адзін сказ.", "draft"),
                                             "Text inside an HTML block.": ("Тэкст у блоку HTML.", "draft")}},
                             extra='segmentation = "sentence"\n[build]\nthreshold = 0\n')
    build(Project.load(root), formats=["html"], include_drafts=True, day=DAY)
    page = _read(root, "be/doc.html")
    assert "**" not in page and "*(" not in page
    main = lxml_html.fromstring(page).find(".//article")
    fallback = [s for s in main.iter("span") if s.get("class") == "fallback"]
    assert [s.find("strong").text if s.find("strong") is not None else s.find("em").text for s in fallback] == [
        "bold text.", "(An italic aside.)"]
    drafts = [s.text_content() for s in main.iter("span") if s.get("class") == "draft"]
    assert drafts == ["Яшчэ адзін сказ.", "Тэкст у\xa0блоку HTML."]  # a draft in an HTML block is marked too
    assert "\u2e4f" not in page and "\ue020" not in page  # no mark left over
