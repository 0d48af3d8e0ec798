"""The paired codes of Word and web documents, and the check that guards them."""

from __future__ import annotations

import pytest

from transmgr.checks import Context
from transmgr.checks.base import Item
from transmgr.checks.markup import FormattingCodes
from transmgr.formats import codes
from transmgr.formats.webpage import PAGE


def test_runs_carry_the_codes_around_them() -> None:
    pieces = codes.parse("Мір <1>глыбока <2>занепакоены</2></1>.<3/> Далей", {1, 2, 3})
    assert pieces.well_formed
    assert pieces.items == (codes.Run("Мір ", ()), codes.Run("глыбока ", (1,)), codes.Run("занепакоены", (1, 2)),
                            codes.Run(".", ()), 3, codes.Run(" Далей", ()))


@pytest.mark.parametrize("text", ["<1>open only", "close only</1>", "<1><2>crossed</1></2>", "<7>unknown</7>"])
def test_codes_that_do_not_pair_up_are_reported_and_dropped(text: str) -> None:
    pieces = codes.parse(text, {1, 2})
    assert not pieces.well_formed
    assert "".join(item.text for item in pieces.items if isinstance(item, codes.Run)).replace(" ", "") in (
        "openonly", "closeonly", "crossed", "unknown")


def test_an_empty_pair_is_placed_and_literal_angles_survive() -> None:
    assert codes.parse("<1></1>text", {1}).items == (codes.Run("", (1,)), codes.Run("text", ()))
    assert codes.escape_text("a <1> b") == "a &lt;1> b"
    assert codes.unescape_text("a &lt;1> b") == "a <1> b"
    assert codes.plain("a <1>b</1> &lt;2> c<3/>") == "a b <2> c"


def _findings(source: str, translation: str) -> list[str]:
    item = Item(source=source, translation=translation, lang="be", source_lang="en", doc="doc", reference="x:1",
                fmt=PAGE)
    context = Context(fmt=PAGE)
    return [f.message for f in FormattingCodes().run(item, context)]


def test_the_check_wants_every_code_once_and_paired() -> None:
    source = "The <1>world</1> is concerned.<2/>"
    assert _findings(source, "<1>Свет</1> занепакоены.<2/>") == []
    assert _findings(source, "Свет занепакоены.<2/>") == ["code missing from the translation: <1>, </1>"]
    assert _findings(source, "<1>Свет</1> <3/>занепакоены.<2/>") == ["code not in the source: <3/>"]
    assert _findings(source, "</1>Свет<1> занепакоены.<2/>") == [
        "codes do not pair up: each <N> must be closed by </N> after it, inside the codes around it"]
    assert _findings("Plain text with a < and a >", "Просты тэкст з < і >") == []
