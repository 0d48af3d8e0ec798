"""Punctuation and typography checks: end punctuation, brackets, quotation marks, dashes, apostrophes, spaces."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from transmgr.checks.base import Check, Context, Finding, Item
from transmgr.checks.text import MASK, quote
from transmgr.languages.profiles import profile_for

_CLOSERS = "»“”\"'’)]*_ \u00a0\u202f" + MASK
_END_CLASSES = {".": "a full stop", "?": "a question mark", "!": "an exclamation mark", ":": "a colon",
                "…": "an ellipsis"}
_SOFT = ",;—–-"
_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("«", "»"))
_SPACE = "[ \u00a0\u202f\u2009]"
_HYPHEN_DASH = re.compile(rf"(?:^|{_SPACE})-(?={_SPACE}|$)")
_EN_DASH = re.compile(rf"(.)?{_SPACE}–{_SPACE}(.)?")
_TIGHT_EM_DASH = re.compile(r"[^\W\d_]—[^\W\d_]")
_UNICODE_HYPHEN = re.compile(r"[^\s]*\u2010[^\s]*")
_CYR = "а-яёіўїєґА-ЯЁІЎЇЄҐ"
_WRONG_APOSTROPHE = re.compile(rf"[{_CYR}]+['’‘`][{_CYR}]+")
_ANY_APOSTROPHE = re.compile(r"(?<=[^\W\d_])['’ʼ](?=[^\W\d_])")
_DOUBLE_SPACE = re.compile(rf"{_SPACE}{{2,}}")
_SPACE_BEFORE = re.compile(rf"[^\W_]{_SPACE}+[,.;:!?](?![\w.])")
_STOP_LOWER = re.compile(r"\.(?<=[^\W\d_]{5}\.)[ \u00a0]+([^\W\d_]\w*)")
_WORD_BEFORE = re.compile(r"[^\W\d_]+$")
# Abbreviations of five letters or more that end with a full stop inside a sentence.
_ABBREVIATIONS = frozenset({"перев", "франц", "польск", "прибл", "латин", "немецк", "англ", "укр"})
MAX_LISTED = 5


def end_class(text: str) -> str:
    """How a text ends: one of the keys of the end classes, ``soft`` (comma, semicolon, dash) or ``none``."""
    stripped = text.rstrip().rstrip(_CLOSERS)
    if not stripped:
        return "none"
    if stripped.endswith(("...", "…")):
        return "…"
    last = stripped[-1]
    if last in _END_CLASSES:
        return "?" if last == "!" and stripped[-2:-1] == "?" else last
    return "soft" if last in _SOFT else "none"


def _describe(end: str) -> str:
    return _END_CLASSES.get(end, "no punctuation")


class EndPunctuation(Check):
    """The translation ends like the source: a full stop, question mark, exclamation mark, colon,
    ellipsis, or no punctuation (a title).

    Closing quotes and brackets are looked through; commas, semicolons and dashes are not
    compared (a clause may end a sentence differently in another language). Catches a full
    stop added to a heading (“Article 1” → «Артыкул 1.») and a question turned into a statement.
    """

    check_id = "end-punctuation"
    name = "End punctuation"
    severity = "warning"

    def run(self, item: Item, context: Context) -> Iterator[Finding]:
        source, target = end_class(item.source_masked), end_class(item.translation_masked)
        if source == target or "soft" in (source, target):
            return
        yield self.finding(item, f"the translation ends with {_describe(target)}, the source with {_describe(source)}")


@functools.cache
def _keep_only(opening: str, closing: str) -> re.Pattern[str]:
    return re.compile(f"[^{re.escape(opening)}{re.escape(closing)}]+")


def balanced(text: str, opening: str, closing: str) -> bool:
    """Whether every ``opening`` in ``text`` is closed, in order."""
    opened = text.count(opening)
    if opened != text.count(closing):
        return False
    if not opened:
        return True
    depth = 0
    for char in _keep_only(opening, closing).sub("", text):
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _quotes_balanced(text: str) -> bool:
    return text.count('"') % 2 == 0 and text.count("“") == text.count("”") and balanced(text, "«", "»")


class Brackets(Check):
    """Brackets and guillemets balanced: every (, [, { and « closed, in order.

    Only reported when the source is balanced itself (a list marker such as "a)" or a
    quotation running over several paragraphs leaves the source unbalanced too).
    """

    check_id = "brackets"
    name = "Balanced brackets and quotes"
    severity = "error"

    def run(self, item: Item, context: Context) -> Iterator[Finding]:
        source, target = item.source_masked, item.translation_masked
        if not any(c in target for c in "()[]{}«»"):
            return
        for opening, closing in _PAIRS:
            if opening == "«":
                if _quotes_balanced(source) and not balanced(target, opening, closing):
                    yield self.finding(item, f"unbalanced {opening}…{closing}: {target.count(opening)} opening, "
                                             f"{target.count(closing)} closing")
            elif balanced(source, opening, closing) and not balanced(target, opening, closing):
                yield self.finding(item, f"unbalanced {opening}…{closing}: {target.count(opening)} opening, "
                                         f"{target.count(closing)} closing")


class Quotes(Check):
    """The language's own quotation marks: «…» with „…“ inside them (Belarusian, Ukrainian, Russian).

    Errors: straight quotes ("…"), English curly quotes (“…”, ‘…’). Warnings: «…» nested
    directly in «…», and „…“ used as the outer quotes.
    """

    check_id = "quotes"
    name = "Quotation marks"
    severity = "error"

    def relevant(self, lang: str, source_lang: str) -> bool:
        return profile_for(lang).quotes is not None

    def run(self, item: Item, context: Context) -> Iterator[Finding]:
        text = item.translation_masked
        if not any(c in text for c in "\"«»„“”‘"):
            return
        opening, closing = item.profile.quotes or ("«", "»")
        inner_open, inner_close = item.profile.inner_quotes or ("„", "“")
        stack: list[str] = []
        english, nested, outer_inner = False, False, False
        for char in text:
            if char == opening:
                nested = nested or (bool(stack) and stack[-1] == opening)
                stack.append(char)
            elif char == closing:
                if stack and stack[-1] == opening:
                    stack.pop()
            elif char == inner_open:
                outer_inner = outer_inner or not stack
                stack.append(char)
            elif char == inner_close:
                if stack and stack[-1] == inner_open:
                    stack.pop()
                else:
                    english = True
            elif char in "”‘":
                english = True
        problems = []
        if '"' in text:
            problems.append('straight quotes "…"')
        if english:
            problems.append("English quotes “…”")
        if problems:
            yield self.finding(item, f"{' and '.join(problems)}: {item.lang} writes {opening}…{closing}, "
                                     f"with {inner_open}…{inner_close} inside")
        if nested:
            yield self.finding(item, f"{opening}…{closing} inside {opening}…{closing}: write {inner_open}…{inner_close} "
                                     "inside", "warning")
        if outer_inner:
            yield self.finding(item, f"{inner_open}…{inner_close} used as the outer quotes: write {opening}…{closing} "
                                     "outside", "warning")


class Dashes(Check):
    """Dashes as the language writes them: a spaced em dash ( — ) between words, never a hyphen.

    Errors: a spaced hyphen, or a double hyphen the source does not have (``---`` in both is
    reST or SmartyPants markup for a dash), used as a dash. Warnings: a spaced en dash
    between words, an em dash without spaces between words, and U+2010 HYPHEN where
    compound words take the ordinary hyphen (-). Ranges of numbers (1941–1945) are left alone.
    """

    check_id = "dashes"
    name = "Dashes"
    severity = "error"

    def relevant(self, lang: str, source_lang: str) -> bool:
        return profile_for(lang).spaced_em_dash

    def run(self, item: Item, context: Context) -> Iterator[Finding]:
        text = item.translation_masked
        if "-" not in text and "–" not in text and "—" not in text and "\u2010" not in text:
            return
        if "--" in text and "--" not in item.source_masked:  # '---' in both is markup (reST, SmartyPants)
            yield self.finding(item, "a double hyphen (--) used as a dash: write « — »")
        elif _HYPHEN_DASH.search(text):
            yield self.finding(item, "a hyphen used as a dash: write a spaced em dash « — »")
        for match in _EN_DASH.finditer(text):
            before, after = match.group(1) or "", match.group(2) or ""
            if not (before.isdigit() and after.isdigit()):
                yield self.finding(item, "a spaced en dash (–) between words: write an em dash « — »", "warning")
                break
        if _TIGHT_EM_DASH.search(text):
            yield self.finding(item, "an em dash without spaces between words: write « — »", "warning")
        hyphens = _UNICODE_HYPHEN.findall(text)
        if hyphens:
            shown = ", ".join(quote(w) for w in list(dict.fromkeys(hyphens))[:MAX_LISTED])
            yield self.finding(item, f"U+2010 HYPHEN in {shown}: write the ordinary hyphen (-)", "warning")


class Apostrophe(Check):
    """One apostrophe character per language: U+02BC «ʼ» in Belarusian and Ukrainian words.

    The UN's Belarusian and Ukrainian texts write «сямʼі», «Обʼєднаних» with U+02BC, which
    spell-checkers and search treat as a letter; ' (U+0027) and ’ (U+2019) are reported. In
    other languages, a translation that mixes apostrophe characters is reported.
    """

    check_id = "apostrophe"
    name = "Apostrophe"
    severity = "warning"

    def run(self, item: Item, context: Context) -> Iterator[Finding]:
        text = item.translation_masked
        present = [c for c in "'’‘`ʼ" if c in text]
        wanted = item.profile.apostrophe
        if not present or (not wanted and len(present) < 2):
            return
        if wanted:
            wrong = _WRONG_APOSTROPHE.findall(text)
            if wrong:
                chars = ", ".join(sorted({f"{c} (U+{ord(c):04X})" for w in wrong for c in w if c in "'’‘`"}))
                shown = ", ".join(quote(w) for w in list(dict.fromkeys(wrong))[:MAX_LISTED])
                yield self.finding(item, f"apostrophe {chars} in {shown}: {item.lang} writes {wanted} "
                                         f"(U+{ord(wanted):04X})")
            return
        kinds = set(_ANY_APOSTROPHE.findall(text))
        if len(kinds) > 1:
            listed = ", ".join(f"{c} (U+{ord(c):04X})" for c in sorted(kinds))
            yield self.finding(item, f"mixed apostrophes: {listed}; use one")


class Spacing(Check):
    """Spaces: no double spaces, no space before a comma or full stop, and the same leading and
    trailing whitespace as the source.

    Spaces before ; : ! ? are left alone in languages that use them (French); the space
    before punctuation rule applies to Belarusian, Ukrainian, Russian and English.
    """

    check_id = "spacing"
    name = "Spaces"
    severity = "warning"

    def run(self, item: Item, context: Context) -> Iterator[Finding]:
        source, target = item.source_masked, item.translation_masked
        if _DOUBLE_SPACE.search(target) and not _DOUBLE_SPACE.search(source):
            yield self.finding(item, "double space in the translation")
        if item.profile.code in ("be", "uk", "ru", "en"):
            match = _SPACE_BEFORE.search(target)
            if match and not _SPACE_BEFORE.search(source):
                yield self.finding(item, f"space before punctuation: {quote(match.group(0))}")
        src, tr = item.source, item.translation
        if tr and (tr[:1].isspace() != src[:1].isspace() or tr[-1:].isspace() != src[-1:].isspace()):
            yield self.finding(item, "leading or trailing whitespace differs from the source")


class LowercaseAfterStop(Check):
    """A full stop followed by a lowercase word, where the source has none: usually a full stop
    typed for a comma («беручи до уваги. що» in the UN's Ukrainian text).

    Short abbreviations (т. д., напр., г.) are not counted: the word before the stop must have
    five letters or more.
    """

    check_id = "lowercase-after-stop"
    name = "Full stop before a lowercase word"
    severity = "warning"

    def run(self, item: Item, context: Context) -> Iterator[Finding]:
        if ". " not in item.translation_masked and ".\u00a0" not in item.translation_masked:
            return
        text = item.translation_masked
        found = []
        for match in _STOP_LOWER.finditer(text):
            if match.group(1)[0].islower():
                before = _WORD_BEFORE.search(text, 0, match.start())
                word = before.group(0) if before else ""
                if word.lower() not in _ABBREVIATIONS:
                    found.append(f"{word}. {match.group(1)}")
        if not found:
            return
        in_source = sum(1 for m in _STOP_LOWER.finditer(item.source_masked) if m.group(1)[0].islower())
        if len(found) > in_source:
            yield self.finding(item, "a full stop before a lowercase word: "
                                     + ", ".join(quote(f) for f in found[:MAX_LISTED]))
