"""Markdown's inline syntax: what markdown-it-py calls code, links, markup in a segment, its HTML and
plain text, and each language's no-break spaces."""

from __future__ import annotations

import pytest

from transmgr.editions.model import Piece, Status
from transmgr.editions.typography import NBSP, NNBSP, apply_typography
from transmgr.formats import MARKDOWN, Role
from transmgr.formats.base import safe_url
from transmgr.formats.markdown.guard import find_code_spans


def inline_to_html(text: str, lang: str = "en") -> str:
    return MARKDOWN.piece_html(Piece(text, Status.TRANSLATED), lang, lang)


def inline_to_text(text: str) -> str:
    from transmgr.formats.markdown.parser import inline_tokens
    from transmgr.formats.markdown.text_edition import inline_text

    return inline_text(inline_tokens(text))

HTML_CASES = [
    ("plain & simple", "plain &amp; simple"),
    ("*em* and _em_", "<em>em</em> and <em>em</em>"),
    ("**strong** and __strong__", "<strong>strong</strong> and <strong>strong</strong>"),
    ("***both***", "<em><strong>both</strong></em>"),
    ("snake_case_name stays", "snake_case_name stays"),
    ("2 * 3 * 4", "2 * 3 * 4"),
    (r"\*not em\*", "*not em*"),
    ("`a *b* <c>`", "<code>a *b* &lt;c&gt;</code>"),
    ("``co`de``", "<code>co`de</code>"),
    ("[a *b*](https://x.org/p_q?r=1&s=2)", '<a href="https://x.org/p_q?r=1&amp;s=2"><em>b</em></a>'.replace(
        '"><em>', '">a <em>')),
    ('[t](https://x.org "Title <x>")', '<a href="https://x.org" title="Title &lt;x&gt;">t</a>'),
    ("[rel](../other.html#part)", '<a href="../other.html#part">rel</a>'),
    ("[mail](mailto:a@b.org)", '<a href="mailto:a@b.org">mail</a>'),
    ("[bad](javascript:alert(1))", "[bad](javascript:alert(1))"),  # not a link: the text, escaped
    ("[bad](vbscript:x)", "[bad](vbscript:x)"),
    ("<https://x.org/a?b=1&c=2>", '<a href="https://x.org/a?b=1&amp;c=2">https://x.org/a?b=1&amp;c=2</a>'),
    ("**[link](https://x.org)**", '<strong><a href="https://x.org">link</a></strong>'),
    ("<b onclick=x>", "&lt;b onclick=x&gt;"),  # a translation's raw HTML is shown, never run
    ("[^1] note", '<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup> note'),
    ("~~gone~~ and  \nbreak", "<s>gone</s> and<br>\nbreak"),
    ("unclosed *star and [bracket", "unclosed *star and [bracket"),
    ("[a [b](https://x.org)", '[a <a href="https://x.org">b</a>'),  # a link's text has no unpaired "["
]


@pytest.mark.parametrize(("text", "expected"), HTML_CASES)
def test_inline_to_html(text: str, expected: str) -> None:
    assert inline_to_html(text) == expected


TEXT_CASES = [
    ("*em* **strong** `code`", "em strong code"),
    ("see [the site](https://x.org)", "see the site (https://x.org)"),
    ("[https://x.org](https://x.org)", "https://x.org"),
    ("[anchor](#part)", "anchor"),
    (r"\*literal\*", "*literal*"),
    ("***both***", "both"),
]


@pytest.mark.parametrize(("text", "expected"), TEXT_CASES)
def test_inline_to_text(text: str, expected: str) -> None:
    assert inline_to_text(text) == expected


# Code spans as CommonMark pairs backtick runs: (text, the code of each span).
CODE_CASES = [
    ("`a` b `c`", ["a", "c"]),
    ("``co`de``", ["co`de"]),
    ("``a```b``", ["a```b"]),  # a run closes only at a run of exactly its length
    ("```a``", []),  # no such run: the backticks are literal
    ("`a\\`b", ["a\\"]),  # a backslash is literal inside code
    ("\\`not code` but `this`", [" but "]),  # an escaped backtick opens nothing
    ("\\\\`code`", ["code"]),  # an escaped backslash escapes nothing after it
    ("`x", []),
    ("`" * 5000, []),
]


@pytest.mark.parametrize(("text", "codes"), CODE_CASES)
def test_code_spans(text: str, codes: list[str]) -> None:
    # The guard's fast scan, the format's inline model and the renderer agree on every case.
    spans = find_code_spans(text)
    assert [text[start:end].strip("`") for start, end in spans] == codes
    assert [text[s.start:s.end].strip("`") for s in MARKDOWN.inline(text).spans if s.role is Role.CODE] == codes
    assert inline_to_html(text).count("<code>") == len(codes)


@pytest.mark.parametrize("text", ["`" * 5000, "`" * 3001 + "x", "`a" * 5000, "``x`" * 2000, "\\`" * 5000,
                                  "[" * 5000, "![" * 2500, "*a" * 2500, "<" * 5000])
def test_long_runs_of_markup_are_read_as_text(text: str) -> None:
    # A back-referencing regex once took 112 s on 3,001 backticks (cubic time); how fast these are
    # read now is bench/pathological_markup.py's to measure.
    html_text = inline_to_html(text)
    assert "<code>" not in html_text or text.count("`") >= 2
    assert inline_to_text(text).strip() and MARKDOWN.inline(text) is not None


@pytest.mark.parametrize(("url", "safe"), [
    ("https://x.org", True), ("HTTP://x.org", True), ("mailto:a@b", True), ("page.html", True), ("#top", True),
    ("/abs/path", True), ("javascript:x", False), ("java\nscript:x", False), (" javascript:x", False),
    ("data:text/html,x", False), ("file:///etc/passwd", False),
])
def test_safe_url(url: str, safe: bool) -> None:
    assert safe_url(url) is safe


TYPOGRAPHY_CASES = [
    ("ru", "Он пришёл — и ушёл", f"Он{NBSP}пришёл{NBSP}— и{NBSP}ушёл"),
    ("ru", "в дом к нам", f"в{NBSP}дом к{NBSP}нам"),
    ("be", "60 000 чалавек у турмах", f"60{NBSP}000{NBSP}чалавек у{NBSP}турмах"),
    ("ru", "24 февраля 2022 года, в 2,5 раза", f"24{NBSP}февраля 2022{NBSP}года, в{NBSP}2,5{NBSP}раза"),
    ("uk", "№ 5 і все", f"№{NBSP}5{NBSP}і{NBSP}все"),
    ("en", "a word — and a dash", f"a word{NBSP}— and a dash"),
    ("en", "In 2020 and 2022", "In 2020 and 2022"),
    ("pl", "w domu i na dworze", f"w{NBSP}domu i{NBSP}na dworze"),
    ("fr", "Quoi ? « Oui » : non !", f"Quoi{NNBSP}? «{NBSP}Oui{NBSP}»{NBSP}: non{NNBSP}!"),
    ("de", "Ja — nein", f"Ja{NBSP}— nein"),
]


@pytest.mark.parametrize(("lang", "text", "expected"), TYPOGRAPHY_CASES)
def test_typography(lang: str, text: str, expected: str) -> None:
    assert apply_typography(text, lang) == expected


def test_typography_leaves_code_and_urls_alone() -> None:
    html = inline_to_html("в `a b` и [в дом](<https://x.org/a b>)", "ru")
    assert "<code>a b</code>" in html and f"и{NBSP}" in html and 'href="https://x.org/a%20b"' in html


@pytest.mark.parametrize(("text", "roles"), [
    ("Read [the report](https://x.org/r \"Its title\") now", ["marker", "target", "marker"]),
    ("`code` and <b>tag</b> and &amp; and \\* and [^1]", ["code", "tag", "tag", "entity", "escape", "note"]),
    ("Go to https://x.org/a, then {name} and %s", ["url", "placeholder", "placeholder"]),
    ("![alt text](i.png) and <https://x.org>", ["marker", "target", "url"]),
    ("[ref][label] and [collapsed][] and [shortcut]", ["marker", "target", "marker", "marker", "marker", "marker"]),
])
def test_inline_roles(text: str, roles: list[str]) -> None:
    inline = MARKDOWN.inline(text)
    assert [span.role.value for span in inline.spans] == roles
    # Spans are where they say: prose plus spans give the text back.
    rebuilt = "".join(text[a:b] for a, b in sorted([*inline.prose(), *((s.start, s.end) for s in inline.spans)]))
    assert rebuilt == text


def test_link_title_is_prose_and_destination_is_not() -> None:
    inline = MARKDOWN.inline('[label](https://x.org/p "The title")')
    assert inline.prose_text("|") == "label|The title"
    assert inline.values(Role.TARGET) == ["https://x.org/p"]


@pytest.mark.parametrize("text", [
    "Plain prose, with commas; colons: and (brackets).",
    "A URL https://example.org/path?x=1 and www.example.org, an e-mail ann@example.org.",
    "Placeholders {name}, {0}, %s and %(count)d stay; so do 12.5 % and 1 000 000.",
    "«Кавычкі» і „лапкі“, ʼапостраф, em dash — and ellipsis…",
    "Trailing spaces  ",
    "  leading spaces",
    "",
])
def test_text_without_syntax_characters_is_what_the_parser_makes_of_it(text: str) -> None:
    from transmgr.formats.markdown.inline import markdown_inline, parsed_inline

    assert markdown_inline(text) == parsed_inline(text)
