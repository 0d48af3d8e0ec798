"""Gale–Church alignment with anchors: every pair type, missing, merged and added paragraphs, confidences."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

from transmgr.alignment import Piece, align

# Real paragraphs (the UDHR's articles 1-6, English and the UN's Belarusian), so lengths behave as in use.
EN = [
    ("Article 1", "heading"),
    ("All human beings are born free and equal in dignity and rights. They are endowed with reason and "
     "conscience and should act towards one another in a spirit of brotherhood.", "paragraph"),
    ("Article 2", "heading"),
    ("Everyone is entitled to all the rights and freedoms set forth in this Declaration, without distinction of "
     "any kind, such as race, colour, sex, language, religion, political or other opinion, national or social "
     "origin, property, birth or other status.", "paragraph"),
    ("Article 3", "heading"),
    ("Everyone has the right to life, liberty and security of person.", "paragraph"),
    ("Article 4", "heading"),
    ("No one shall be held in slavery or servitude; slavery and the slave trade shall be prohibited in all their "
     "forms.", "paragraph"),
    ("Article 5", "heading"),
    ("No one shall be subjected to torture or to cruel, inhuman or degrading treatment or punishment.", "paragraph"),
    ("Article 6", "heading"),
    ("Everyone has the right to recognition everywhere as a person before the law.", "paragraph"),
]
BE = [
    ("Артыкул 1.", "heading"),
    ("Усе людзі нараджаюцца свабоднымі і роўнымі ў сваёй годнасці і правах. Яны надзелены розумам і сумленнем і "
     "павінны ставіцца адзін да аднаго ў духу брацтва.", "paragraph"),
    ("Артыкул 2.", "heading"),
    ("Кожны чалавек павінен валодаць усімі правамі і ўсімі свабодамі, абвешчанымі гэтай Дэкларацыяй, без якога "
     "б там ні было адрознення, як то ў адносінах расы, колеру скуры, полу, мовы, рэлігіі, палітычных або іншых "
     "перакананняў, нацыянальнага або сацыяльнага паходжання, маёмаснага, саслоўнага або іншага становішча.",
     "paragraph"),
    ("Артыкул 3.", "heading"),
    ("Кожны чалавек мае права на жыццё, на свабоду і на асабістую недатыкальнасць.", "paragraph"),
    ("Артыкул 4.", "heading"),
    ("Ніхто не павінен утрымлівацца ў рабстве або ў падняволным стане; рабства і гандаль рабамі забараняюцца "
     "ва ўсіх іх відах.", "paragraph"),
    ("Артыкул 5.", "heading"),
    ("Ніхто не павінен падвяргацца катаванням або жорсткаму, бесчалавечнаму або такому, што прыніжае яго "
     "годнасць, абыходжанню і пакаранню.", "paragraph"),
    ("Артыкул 6.", "heading"),
    ("Кожны чалавек, дзе б ён ні знаходзіўся, мае права на прызнанне яго праваздольнасці.", "paragraph"),
]


def _pieces(rows: list[tuple[str, str]]) -> list[Piece]:
    return [Piece(text, kind) for text, kind in rows]


def _pairs(source: list[tuple[str, str]], target: list[tuple[str, str]]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.source, b.target) for b in align(_pieces(source), _pieces(target))]


def test_the_same_layout_aligns_one_to_one_with_full_confidence() -> None:
    beads = align(_pieces(EN), _pieces(BE))
    assert [(b.source, b.target) for b in beads] == [((n,), (n,)) for n in range(len(EN))]
    assert all(b.confidence > 0.95 for b in beads)


def test_a_paragraph_missing_from_the_translation_is_a_1_0_pair() -> None:
    target = BE[:5] + BE[6:]  # article 3's text left out
    pairs = _pairs(EN, target)
    assert ((5,), ()) in pairs
    assert ((6,), (5,)) in pairs and ((11,), (10,)) in pairs  # everything after it still pairs right


def test_an_added_paragraph_is_a_0_1_pair() -> None:
    target = [*BE[:4], ("Заўвага перакладчыка: гэты артыкул перакладзены паводле афіцыйнага тэксту ААН.", "paragraph"),
              *BE[4:]]
    pairs = _pairs(EN, target)
    assert ((), (4,)) in pairs and ((4,), (5,)) in pairs


def test_two_paragraphs_merged_in_the_translation_are_a_2_1_pair() -> None:
    merged = (BE[9][0] + " " + BE[11][0].replace("Кожны", "кожны"), "paragraph")
    source = [*EN[:10], EN[11]]  # article 6's heading gone from the source too: two paragraphs in a row
    target = [*BE[:9], merged]
    pairs = _pairs(source, target)
    assert ((9, 10), (9,)) in pairs


def test_a_paragraph_split_in_two_is_a_1_2_pair() -> None:
    first, second = BE[3][0].split(", без якога")
    target = [*BE[:3], (first + ",", "paragraph"), ("без якога" + second, "paragraph"), *BE[4:]]
    pairs = _pairs(EN, target)
    assert ((3,), (3, 4)) in pairs and ((4,), (5,)) in pairs


def test_numbers_decide_which_of_paragraphs_of_the_same_length_is_missing() -> None:
    source = [Piece("In 1991 the country became independent."), Piece("In 1994 he came to power for good."),
              Piece("In 2020 the protests began everywhere.")]
    target = [Piece("У 1991 годзе краіна стала незалежнай."), Piece("У 2020 годзе ўсюды пачаліся пратэсты.")]
    pairs = [(b.source, b.target) for b in align(source, target)]
    assert pairs == [((0,), (0,)), ((1,), ()), ((2,), (1,))]


def test_the_same_link_or_code_decides_which_of_paragraphs_of_the_same_length_is_missing() -> None:
    texts = ["Install it with the tool we use.", "Read the guide before you start.", "Report problems to the team now."]
    marks = [frozenset({"`pip install`"}), frozenset({"https://example.org/guide"}), frozenset({"https://bugs.example"})]
    source = [Piece(text, marks=mark) for text, mark in zip(texts, marks)]
    translated = ["Усталюйце тым, чым карыстаемся.", "Пра праблемы пішыце камандзе."]
    for kept, expected in (((0, 2), [((0,), (0,)), ((1,), ()), ((2,), (1,))]),
                           ((1, 2), [((0,), ()), ((1,), (0,)), ((2,), (1,))])):
        target = [Piece(text, marks=marks[k]) for text, k in zip(translated, kept)]
        assert [(b.source, b.target) for b in align(source, target)] == expected, kept
    unmarked = [(b.source, b.target) for b in align([Piece(t) for t in texts], [Piece(t) for t in translated])]
    assert unmarked == [((0, 1), (0,)), ((2,), (1,))]  # length alone merges two paragraphs instead


def test_an_ambiguous_pair_has_a_low_confidence() -> None:
    source = [Piece("Yes."), Piece("No."), Piece("Maybe.")]
    target = [Piece("Так."), Piece("Не.")]
    assert min(b.confidence for b in align(source, target)) < 0.9


UDHR = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "udhr" / "txt"


@pytest.mark.skipif(not (UDHR / "udhr_aligned.tsv").is_file(),
                    reason="needs ../shared/corpus/udhr (the UN's texts and their paragraph alignment)")
@pytest.mark.parametrize("lang", ["be", "uk", "ru"])
def test_the_udhr_aligns_with_the_reference(lang: str, tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from align import score  # the benchmark's own measurement

    result = score(lang, 90.0, tmp_path)
    sure = result["at_threshold"]
    assert sure["precision"] >= 0.98 and sure["recall"] >= 0.95, result  # type: ignore[index]
    assert not result["wrong_above_90"], result
    with (UDHR / "udhr_aligned.tsv").open(encoding="utf-8") as stream:
        assert result["reference_rows"] == sum(1 for row in csv.DictReader(stream, delimiter="\t") if row[lang])
