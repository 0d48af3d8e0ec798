"""Sentence splitting: abbreviations, decimals, times, initials, quotations and inline markup."""

from __future__ import annotations

import pytest

from transmgr.segment.sentences import split_sentences


def _split(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr. Smith met Mr. Jones. They left.", ["Dr. Smith met Mr. Jones.", "They left."]),
        ("Mrs. Brown lives on St. James Street. Nice.", ["Mrs. Brown lives on St. James Street.", "Nice."]),
        ("It costs approx. 3.5 dollars. Cheap.", ["It costs approx. 3.5 dollars.", "Cheap."]),
        ("Use e.g. tea or i.e. coffee here. Then go.", ["Use e.g. tea or i.e. coffee here.", "Then go."]),
        ("The U.S. government acted. It was 2022.", ["The U.S. government acted.", "It was 2022."]),
        ("See No. 7 for details. Next.", ["See No. 7 for details.", "Next."]),
        ("We met at 7:15 today. Then 3.5 hours passed.", ["We met at 7:15 today.", "Then 3.5 hours passed."]),
        ("J. R. R. Tolkien wrote it. Yes.", ["J. R. R. Tolkien wrote it.", "Yes."]),
        ('He said "Stop. Now." and left. Done.', ['He said "Stop. Now." and left.', "Done."]),
        ("Read [Dr. Who](http://x.org/a.b) now. Go.", ["Read [Dr. Who](http://x.org/a.b) now.", "Go."]),
        ("Call `a.b()` first. Then.", ["Call `a.b()` first.", "Then."]),
        ("An *emphasised sentence.* Next one.", ["An *emphasised sentence.*", "Next one."]),
        ("Really? Yes! Fine.", ["Really?", "Yes!", "Fine."]),
        ("Maybe — just maybe — this time. Or not.", ["Maybe — just maybe — this time.", "Or not."]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


def test_spans_cover_the_text_but_whitespace() -> None:
    text = "One.  Two.\nThree."
    spans = split_sentences(text)
    rebuilt = "".join(text[a:b] for a, b in spans)
    assert rebuilt.replace(" ", "") == text.replace(" ", "").replace("\n", "")
