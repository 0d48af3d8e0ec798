"""The check model: a Finding, the Item a check looks at, the Context it may consult, the Check base,
and the flags and comments that silence a check for one entry."""

from __future__ import annotations

import inspect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar, Literal, TypeVar

from transmgr.catalog.model import Key
from transmgr.checks import text as textutil
from transmgr.formats import Format, Inline
from transmgr.languages import NumberToken, parse_numbers
from transmgr.languages.profiles import Profile, profile_for
from transmgr.lazy import once

if TYPE_CHECKING:
    from transmgr.catalog import Unit
    from transmgr.checks.glossary import Glossary

T = TypeVar("T")


Severity = Literal["error", "warning"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning")
IGNORE_FLAG = "ignore-"
IGNORE_COMMENT = "ignore:"


@dataclass(frozen=True)
class Finding:
    """One problem found in one translation."""

    check_id: str
    severity: Severity
    lang: str
    doc: str
    reference: str
    source: str
    translation: str
    message: str

    def as_dict(self) -> dict[str, str]:
        """A JSON-ready mapping with every field."""
        return {
            "check_id": self.check_id, "severity": self.severity, "lang": self.lang, "doc": self.doc,
            "reference": self.reference, "source": self.source, "translation": self.translation,
            "message": self.message,
        }


@dataclass(eq=False)
class Item:
    """One translation to check: a PO entry's msgid (or msgid_plural) and one of its msgstr.

    Derived views (text with code and URLs masked, the numbers, the words) are computed once
    and shared by every check. Treat it as read-only; it is not frozen because a frozen
    dataclass is several times slower to create, and one is created per entry checked.
    """

    source: str
    translation: str
    lang: str
    source_lang: str
    doc: str = ""
    reference: str = ""
    msgctxt: str | None = None
    msgid: str = ""
    flags: frozenset[str] = frozenset()
    plural_form: int | None = None
    unit: Unit | None = field(default=None, repr=False)
    fmt: Format = field(kw_only=True, repr=False)  # the document's format: what is syntax in the texts

    @property
    def key(self) -> Key:
        """The entry's (msgctxt, msgid)."""
        return (self.msgctxt, self.msgid or self.source)

    @once
    def profile(self) -> Profile:
        """The typographic and alphabetic rules of the target language."""
        return profile_for(self.lang)

    @once
    def source_inline(self) -> Inline:
        """The source's syntax (code, links, tags...) and prose, as its format reads it."""
        return self.fmt.inline(self.source)

    @once
    def translation_inline(self) -> Inline:
        return self.fmt.inline(self.translation)

    @once
    def source_masked(self) -> str:
        """The source with inline code, URLs, HTML tags and placeholders masked."""
        return textutil.mask_markup(self.source_inline, self.flags)

    @once
    def translation_masked(self) -> str:
        return textutil.mask_markup(self.translation_inline, self.flags)

    @once
    def source_numbers(self) -> list[NumberToken]:
        """Numbers of the masked source, read in the source language's notation."""
        return parse_numbers(self.source_masked, self.source_lang) if _has_digit(self.source_masked) else []

    @once
    def translation_numbers(self) -> list[NumberToken]:
        """Numbers of the masked translation, read in the target language's notation."""
        return parse_numbers(self.translation_masked, self.lang) if _has_digit(self.translation_masked) else []

    @once
    def source_folded(self) -> str:
        """The source lowercased with apostrophes, hyphens and spaces unified, for matching."""
        return textutil.fold(self.source)

    @once
    def translation_folded(self) -> str:
        return textutil.fold(self.translation)

    @once
    def source_words(self) -> list[str]:
        """Folded words of the source, hyphenated compounds and apostrophes kept inside words."""
        return textutil.words(self.source_folded)

    @once
    def translation_words(self) -> list[str]:
        return textutil.words(self.translation_folded)


def _has_digit(text: str) -> bool:
    # Ten substring scans beat one regex search by about five times on prose without digits.
    return any(digit in text for digit in "0123456789")


@dataclass
class Context:
    """What checks may consult beyond one item: settings, the glossary, other translations.

    ``translations`` maps a language to {(msgctxt, msgid): translation} for the same document
    (the cross-language check); ``variants`` maps a language to {folded msgid: {translation:
    first reference}} over all the project's documents (the consistency check).
    """

    max_length_ratio: float = 2.5
    min_length_ratio: float = 0.4
    glossary: Glossary | None = None
    translations: Mapping[str, Mapping[Key, str]] = field(default_factory=dict)
    variants: Mapping[str, Mapping[str, Mapping[str, str]]] = field(default_factory=dict)
    number_cache: dict[tuple[str, str], frozenset[Decimal]] = field(default_factory=dict)
    fmt: Format = field(kw_only=True)  # the format of the document whose catalogs are checked

    def numbers_in(self, text: str, lang: str) -> frozenset[Decimal]:
        """The values of the numbers in ``text`` (masked) read in ``lang``'s notation, cached."""
        key = (lang, text)
        found = self.number_cache.get(key)
        if found is None:
            masked = textutil.mask_markup(self.fmt.inline(text))
            found = frozenset(n.value for n in parse_numbers(masked, lang)) if _has_digit(masked) else frozenset()
            self.number_cache[key] = found
        return found


class Check:
    """Base of every check. Subclasses set ``check_id``, ``name`` and ``severity``; the docstring
    is the user documentation printed by ``transmgr check --list``."""

    check_id: ClassVar[str] = ""
    name: ClassVar[str] = ""
    severity: ClassVar[Severity] = "error"

    @classmethod
    def description(cls) -> str:
        """The check's documentation (its docstring)."""
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        """The first paragraph of the documentation, on one line."""
        return " ".join(cls.description().split("\n\n", 1)[0].split())

    def relevant(self, lang: str, source_lang: str) -> bool:
        """Whether this check has anything to say about translations from ``source_lang`` into
        ``lang`` (default: always); decided once per catalog."""
        return True

    def run(self, item: Item, context: Context) -> Iterator[Finding]:
        """The findings for one item."""
        raise NotImplementedError

    def finding(self, item: Item, message: str, severity: Severity | None = None) -> Finding:
        """A finding of this check about ``item``."""
        return Finding(
            check_id=self.check_id, severity=severity or self.severity, lang=item.lang, doc=item.doc,
            reference=item.reference, source=item.source, translation=item.translation, message=message,
        )


def suppressed_checks(entry: Unit) -> frozenset[str]:
    """Check ids silenced for one entry: ``#, ignore-<id>`` flags and ``# ignore: <id>, <id>`` comments.

    The comment form exists because msgcat and msgmerge drop flags they do not know but keep
    translator comments.
    """
    ids = {flag[len(IGNORE_FLAG):] for flag in entry.flags if flag.startswith(IGNORE_FLAG)}
    for line in (entry.comments or "").split("\n"):
        line = line.strip()
        if line.startswith(IGNORE_COMMENT):
            ids.update(part for part in line[len(IGNORE_COMMENT):].replace(",", " ").split() if part)
    return frozenset(ids)
