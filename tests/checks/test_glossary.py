"""The glossary: the shipped essay glossary, inflected matching, forbidden variants, loader errors, the command."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from transmgr.checks import Glossary, parse_glossary
from transmgr.errors import ConfigError

TERMS_FROM_THE_BRIEF = {
    # English: (be, uk, ru), as in ../shared/TRANSLATION.md with U+02BC for the apostrophe
    "Belarus": ("Беларусь", "Білорусь", "Беларусь"),
    "Belarusians": ("беларусы", "білоруси", "белорусы"),
    "Ukraine": ("Украіна", "Україна", "Украина"),
    "Putin": ("Пуцін", "Путін", "Путин"),
    "Kremlin": ("Крэмль", "Кремль", "Кремль"),
    "United Transitional Cabinet of Belarus": ("Абʼяднаны пераходны кабінет Беларусі",
                                               "Обʼєднаний перехідний кабінет Білорусі",
                                               "Объединённый переходный кабинет Беларуси"),
    "Iskander-M": ("Іскандэр-М", "Іскандер-М", "Искандер-М"),
    "North Korea": ("Паўночная Карэя", "Північна Корея", "Северная Корея"),
    "universal jurisdiction": ("універсальная юрысдыкцыя", "універсальна юрисдикція", "универсальная юрисдикция"),
    "political prisoners": ("палітвязні", "політвʼязні", "политзаключённые"),
}


def test_the_essay_glossary_holds_the_brief_terms(glossary: Glossary) -> None:
    by_english = {c.preferred("en"): c for c in glossary.concepts}
    for english, renderings in TERMS_FROM_THE_BRIEF.items():
        concept = by_english[english]
        assert (concept.preferred("be"), concept.preferred("uk"), concept.preferred("ru")) == renderings
    assert by_english["Lukashenka"].preferred("be") == "Лукашэнка"
    assert "'" not in (Path(glossary.path or "").read_text(encoding="utf-8"))  # U+02BC only


@pytest.mark.parametrize(("lang", "text"), [
    ("be", "Лукашэнка"), ("be", "Лукашэнкі"), ("be", "Лукашэнку"), ("be", "з Лукашэнкам"), ("be", "Лукашэнкаў рэжым"),
    ("uk", "з Лукашенком"), ("ru", "Лукашенко"), ("en", "Lukashenka’s regime"), ("en", "LUKASHENKO"),
])
def test_inflected_forms_render_the_term(glossary: Glossary, lang: str, text: str) -> None:
    assert "Lukashenka" in [c.preferred("en") for c, _ in glossary.concepts_in(text, lang)]


@pytest.mark.parametrize(("lang", "text", "english"), [
    ("be", "у Беларусі", "Belarus"), ("uk", "Білоруссю", "Belarus"), ("ru", "Беларусью", "Belarus"),
    ("be", "Абʼяднанага пераходнага кабінета Беларусі", "United Transitional Cabinet of Belarus"),
    ("uk", "Об'єднаного перехідного кабінету Білорусі", "United Transitional Cabinet of Belarus"),
    ("ru", "Объединенного переходного кабинета Беларуси", "United Transitional Cabinet of Belarus"),
    ("be", "у новую Паўночную Карэю", "North Korea"), ("uk", "Північною Кореєю", "North Korea"),
    ("uk", "поблизу Ірпеня", "Irpin"), ("ru", "политических заключённых", "political prisoners"),
])
def test_terms_found_in_their_cases(glossary: Glossary, lang: str, text: str, english: str) -> None:
    assert english in [c.preferred("en") for c, _ in glossary.concepts_in(text, lang)]


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Belarusian army"),  # not "Belarus"
    ("ru", "белорусский народ"),  # the correct Russian adjective is not «Белоруссия»
    ("uk", "у Білорусі"),  # genitive of the correct «Білорусь», not the forbidden «Білорусія»
    ("ru", "на украинском языке"),  # «на Украине» is forbidden, the language is not
])
def test_look_alikes_are_not_matched(glossary: Glossary, lang: str, text: str) -> None:
    found = [c.preferred("en") for c, _ in glossary.concepts_in(text, lang)]
    forbidden = [c for c in glossary.concepts if c.find_forbidden(*_words(text), lang)]
    assert "Belarus" not in found or lang != "en"
    assert forbidden == []


def _words(text: str) -> tuple[list[str], str]:
    from transmgr.checks.text import fold, words

    return words(fold(text)), fold(text)


@pytest.mark.parametrize(("lang", "text", "variant"), [
    ("ru", "в Белоруссии", "Белоруссия"), ("ru", "Белоруссию", "Белоруссия"), ("uk", "Білорусією", "Білорусія"),
    ("be", "Лукашенкам", "Лукашенка"), ("ru", "на Украине", "на Украине"),
])
def test_forbidden_variants_in_any_case(glossary: Glossary, lang: str, text: str, variant: str) -> None:
    hits = [c.find_forbidden(*_words(text), lang) for c in glossary.concepts]
    assert [hit[0].text for hit in hits if hit] == [variant]


def test_alternatives_stems_comments_and_blank_rows() -> None:
    glossary = parse_glossary(
        "en,uk,note\n# a comment row\n\nIrpin,Ірпінь | Ірпен*,the town\n", Path("g.csv"))
    assert len(glossary) == 1 and glossary.concepts[0].line == 4 and glossary.concepts[0].note == "the town"
    assert glossary.concepts_in("в Ірпені", "uk") and glossary.concepts_in("Ірпінь", "uk")
    assert not glossary.concepts_in("Ірпенський", "uk")


@pytest.mark.parametrize(("text", "line", "message"), [
    ("en,xx\nBelarus,B\n", 1, "unknown glossary column 'xx'"),
    ("en,be,be\nBelarus,B,C\n", 1, "glossary column 'be' appears twice"),
    ("en,be\nBelarus,Беларусь\nKremlin,Крэмль,Крамля\n", 3, "row has 3 cells but the header names 2 columns"),
    ("en,be,note\nBelarus,Беларусь\n,,only a note\n", 3, "glossary row has no term in any language"),
    ("en,be\nIrpin,Ір*пень\n", 2, "'*' may only end a word"),
    ("", 1, "glossary has no header row"),
    ('en,be\n"Belarus,Беларусь\n', 2, "glossary is not valid CSV"),
])
def test_malformed_glossary_is_an_error_with_file_and_line(text: str, line: int, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_glossary(text, Path("locales/glossary.csv"))
    assert caught.value.line == line and message in str(caught.value)
    assert str(caught.value).startswith(f"locales/glossary.csv:{line}: ")


def test_glossary_command_lists_and_finds(make_project: Callable[..., Path], run_cli: Callable) -> None:
    root = make_project({"a.md": "Text.\n"}, languages=["be", "ru"])
    (root / "locales").mkdir()
    (root / "locales" / "glossary.csv").write_text(
        "en,be,ru,forbidden-ru,note\nBelarus,Беларусь,Беларусь,Белоруссия,not Belorussia\nKremlin,Крэмль,Кремль,,\n",
        encoding="utf-8")
    listed = run_cli("glossary", "--project", root, "--lang", "ru")
    assert listed.exit_code == 0
    assert "Belarus" in listed.stdout and "ru: Белоруссия" in listed.stdout and "Крэмль" not in listed.stdout
    found = run_cli("glossary", "--project", root, "--find", "Лукашенко приехал в Кремль из Беларуси", "--format", "json")
    assert [(h["found_as"], h["found_in"], h["terms"]["en"]) for h in json.loads(found.stdout)] == [
        ("Беларуси", "ru", "Belarus"), ("Кремль", "ru", "Kremlin")]
    nothing = run_cli("glossary", "--project", root, "--find", "nothing here")
    assert "No glossary terms" in nothing.stdout


def test_glossary_errors_reach_the_user_as_one_line(make_project: Callable[..., Path], run_cli: Callable) -> None:
    root = make_project({"a.md": "Text.\n"}, languages=["be"], extra='glossary = "terms.csv"\n')
    missing = run_cli("check", "--project", root)
    assert missing.exit_code == 2 and "terms.csv: glossary not found" in missing.stderr
    (root / "terms.csv").write_text("en,be\nBelarus,Беларусь,extra\n", encoding="utf-8")
    bad = run_cli("glossary", "--project", root)
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1
    assert "terms.csv:2: row has 3 cells" in bad.stderr


def test_a_project_without_a_glossary_still_checks(make_project: Callable[..., Path], run_cli: Callable) -> None:
    root = make_project({"a.md": "Text.\n"}, languages=["be"])
    assert "empty or missing" in run_cli("glossary", "--project", root).stdout
    assert run_cli("check", "--project", root).exit_code == 0


def test_a_note_for_one_language_is_shown_to_that_language_only(tmp_path: Path) -> None:
    from transmgr.checks.glossary import read_glossary

    path = tmp_path / "glossary.csv"
    path.write_text("en,be,ru,note,note-be\nBelarus,Беларусь,Беларусь,\"ru: never «Белоруссия»\",the country's own name\n"
                    "war,вайна,война,a general note,\n", encoding="utf-8")
    country, war = read_glossary(path).concepts
    assert country.note_for("ru") == "never «Белоруссия»" and country.note_for("be") == "the country's own name"
    assert country.note_for("uk") == ""
    assert war.note_for("be") == war.note_for("ru") == "a general note"
    assert country.all_notes == "ru: never «Белоруссия»; be: the country's own name"
