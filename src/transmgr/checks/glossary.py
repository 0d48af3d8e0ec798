"""The project glossary: a CSV file under locales/, found, read with file:line errors, matched with inflection.

One row is a concept, one column per language (``en,be,uk,ru``), optional ``forbidden-<lang>``
columns for variants that must not be used, a ``note`` column and ``note-<lang>`` columns for a
note about one language only (a ``note`` that starts with ``<lang>:``, as in ``ru: never
«Белоруссия»``, is that language's too). A cell may hold alternatives
separated by ``|``; the first is the preferred rendering. A word ending in ``*`` is an explicit
stem (``Ірпен*`` matches Ірпеня, Ірпені). Other words match their inflected forms: the
dictionary ending is stripped (Лукашэнка -> лукашэнк) and the language's case endings are
accepted after the stem (Лукашэнкі, Лукашэнку, Лукашэнкам). Rows whose first cell starts with
``#`` are comments.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from transmgr.checks.text import fold, span_words, words
from transmgr.errors import ConfigError
from transmgr.languages import is_known_language
from transmgr.languages.profiles import STEM_LETTERS, Profile, profile_for

if TYPE_CHECKING:
    from transmgr.config import Config

GLOSSARY_FILE = "glossary.csv"
FORBIDDEN_PREFIX = "forbidden-"
NOTE_COLUMN = "note"
NOTE_PREFIX = "note-"
ALTERNATIVE_SEPARATOR = "|"
MIN_STEM = 3


@dataclass(frozen=True)
class WordPattern:
    """One word of a term: its folded form and the stem its inflected forms start with."""

    word: str
    stem: str
    stripped: bool

    def matches(self, candidate: str, profile: Profile, strict: bool) -> bool:
        """Whether folded ``candidate`` is this word or one of its inflected forms.

        ``strict`` (used for forbidden variants) refuses the bare stem of a word whose ending was
        stripped: «Білорусія» must not match «Білорусі», the genitive of the correct «Білорусь».
        """
        if candidate == self.word:
            return True
        if not candidate.startswith(self.stem):
            return False
        rest = candidate[len(self.stem):]
        if rest not in profile.endings:
            return False
        return not (strict and self.stripped and not rest)


def word_pattern(word: str, profile: Profile) -> WordPattern:
    """The pattern of one folded glossary word in a language."""
    if word.endswith("*"):
        stem = word[:-1]
        return WordPattern(stem, stem, True)
    if not profile.cyrillic or len(word) <= MIN_STEM or not word.isalpha():
        return WordPattern(word, word, False)
    for ending in profile.stem_endings:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return WordPattern(word, word[: -len(ending)], True)
    if word[-1] in STEM_LETTERS:
        return WordPattern(word, word[:-1], True)
    return WordPattern(word, word, False)


@dataclass(frozen=True)
class TermForm:
    """One way of writing a concept in one language, ready for matching."""

    text: str
    lang: str
    patterns: tuple[WordPattern, ...]

    def find(self, text_words: Sequence[str], folded: str, strict: bool = False) -> tuple[int, int] | None:
        """Where in ``text_words`` this term is rendered, as (start, end) word indices, or None."""
        if not self.patterns or self.patterns[0].stem not in folded:
            return None
        profile = profile_for(self.lang)
        size = len(self.patterns)
        first = self.patterns[0]
        for start in range(len(text_words) - size + 1):
            if not first.matches(text_words[start], profile, strict):
                continue
            if all(p.matches(text_words[start + i], profile, strict) for i, p in enumerate(self.patterns[1:], 1)):
                return start, start + size
        return None


def term_form(text: str, lang: str) -> TermForm:
    """Prepare the glossary term ``text`` of language ``lang`` for matching."""
    profile = profile_for(lang)
    folded = fold(text)
    parts = [w + "*" if folded[m_end:m_end + 1] == "*" else w for w, m_end in _words_with_ends(folded)]
    return TermForm(text, lang, tuple(word_pattern(w, profile) for w in parts))


def _words_with_ends(folded: str) -> list[tuple[str, int]]:
    result = []
    position = 0
    for word in words(folded):
        start = folded.index(word, position)
        position = start + len(word)
        result.append((word, position))
    return result


@dataclass(frozen=True)
class Concept:
    """One glossary row: the terms per language, the forbidden variants and a note."""

    line: int
    terms: Mapping[str, tuple[TermForm, ...]]
    forbidden: Mapping[str, tuple[TermForm, ...]] = field(default_factory=dict)
    note: str = ""  # for every language
    notes: Mapping[str, str] = field(default_factory=dict)  # for one language each

    def note_for(self, lang: str) -> str:
        """What the glossary says about this concept to a translator into ``lang`` (never another
        language's note)."""
        return " ".join(part for part in (self.note, self.notes.get(lang, "")) if part)

    @property
    def all_notes(self) -> str:
        """Every note of the concept, each language's marked (``ru: ...``), as the glossary lists them."""
        return "; ".join([self.note] * bool(self.note) + [f"{lang}: {text}" for lang, text in self.notes.items()])

    def preferred(self, lang: str) -> str | None:
        """The preferred rendering in ``lang`` (the first alternative), if the row has one."""
        forms = self.terms.get(lang)
        return forms[0].text if forms else None

    def label(self, lang: str) -> str:
        """A name for the concept: its term in ``lang``, else its first term."""
        return self.preferred(lang) or next(iter(self.terms.values()))[0].text

    def find(self, text_words: Sequence[str], folded: str, lang: str) -> tuple[int, int] | None:
        """Where words of a text render this concept in ``lang`` (word indices), or None."""
        for form in self.terms.get(lang, ()):
            found = form.find(text_words, folded)
            if found is not None:
                return found
        return None

    def find_forbidden(self, text_words: Sequence[str], folded: str, lang: str
                       ) -> tuple[TermForm, tuple[int, int]] | None:
        """The first forbidden variant of ``lang`` used in a text, with where it matched (word indices)."""
        for form in self.forbidden.get(lang, ()):
            found = form.find(text_words, folded, strict=True)
            if found is not None:
                return form, found
        return None


@dataclass(frozen=True)
class Glossary:
    """The project glossary."""

    path: Path | None
    languages: tuple[str, ...]
    concepts: tuple[Concept, ...]

    def __len__(self) -> int:
        return len(self.concepts)

    def ambiguous(self, concept: Concept, lang: str) -> bool:
        """Whether a term of ``concept`` in ``lang`` shares its first stem with another concept's
        term (Беларусь and беларусы both start «беларус»), so that finding it proves little."""
        return lang in self._ambiguous() and concept.line in self._ambiguous()[lang]

    def _ambiguous(self) -> dict[str, set[int]]:
        cached = self.__dict__.get("_ambiguous_cache")
        if cached is None:
            by_stem: dict[tuple[str, str], set[int]] = {}
            for concept in self.concepts:
                for lang, forms in concept.terms.items():
                    for form in forms:
                        if form.patterns:
                            by_stem.setdefault((lang, form.patterns[0].stem), set()).add(concept.line)
            cached = {}
            for (lang, _), lines in by_stem.items():
                if len(lines) > 1:
                    cached.setdefault(lang, set()).update(lines)
            object.__setattr__(self, "_ambiguous_cache", cached)
        return cached

    def concepts_in(self, text: str, lang: str) -> list[tuple[Concept, str]]:
        """The concepts rendered in ``text`` (written in ``lang``), with the words that matched."""
        folded = fold(text)
        text_words = words(folded)
        found = []
        for concept in self.concepts:
            match = concept.find(text_words, folded, lang)
            if match is not None:
                found.append((concept, span_words(text, text_words, *match)))
        return found


EMPTY_GLOSSARY = Glossary(None, (), ())


def read_glossary(path: Path) -> Glossary:
    """Read the glossary CSV at ``path``; a malformed file is a :class:`ConfigError` with file:line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise ConfigError("glossary not found", path=path,
                          hint="create it (a header row such as 'en,be,uk,ru,note') or fix 'glossary' in the configuration") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError("glossary is not UTF-8 text", path=path, hint="save it as UTF-8") from exc
    except OSError as exc:
        raise ConfigError(f"cannot read the glossary: {exc.strerror}", path=path) from exc
    return parse_glossary(text, path)


def parse_glossary(text: str, path: Path) -> Glossary:
    """Parse glossary CSV ``text`` (``path`` is for messages)."""
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise ConfigError(f"glossary is not valid CSV: {exc}", path=path, line=reader.line_num) from exc
    if not header or not any(cell.strip() for cell in header):
        raise ConfigError("glossary has no header row", path=path, line=1,
                          hint="start with a header such as 'en,be,uk,ru,forbidden-ru,note'")
    columns = _columns(header, path)
    languages = tuple(kind for kind, _ in columns if kind not in (NOTE_COLUMN,) and not kind.startswith(FORBIDDEN_PREFIX))
    concepts = []
    while True:
        try:
            row = next(reader, None)
        except csv.Error as exc:
            raise ConfigError(f"glossary is not valid CSV: {exc}", path=path, line=reader.line_num) from exc
        if row is None:
            break
        line = reader.line_num
        if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
            continue
        if len(row) > len(columns):
            raise ConfigError(f"row has {len(row)} cells but the header names {len(columns)} columns", path=path,
                              line=line, hint="quote cells that contain commas, or add the missing column")
        concepts.append(_concept(row, columns, path, line))
    return Glossary(path, languages, tuple(concepts))


def _columns(header: list[str], path: Path) -> list[tuple[str, str]]:
    columns: list[tuple[str, str]] = []
    seen = set()
    for cell in header:
        name = cell.strip()
        prefix = next((p for p in (FORBIDDEN_PREFIX, NOTE_PREFIX) if name.startswith(p)), "")
        lang = name[len(prefix):]
        if name != NOTE_COLUMN and not is_known_language(lang):
            raise ConfigError(f"unknown glossary column {name!r}", path=path, line=1,
                              hint="columns are language codes (en, be...), forbidden-<code>, note and note-<code>")
        if name in seen:
            raise ConfigError(f"glossary column {name!r} appears twice", path=path, line=1, hint="remove one")
        seen.add(name)
        columns.append((name, lang))
    return columns


def _concept(row: list[str], columns: list[tuple[str, str]], path: Path, line: int) -> Concept:
    terms: dict[str, tuple[TermForm, ...]] = {}
    forbidden: dict[str, tuple[TermForm, ...]] = {}
    note = ""
    notes: dict[str, str] = {}
    for cell, (name, lang) in zip(row, columns):
        if name == NOTE_COLUMN:
            note = cell.strip()
            head, colon, rest = note.partition(":")
            if colon and is_known_language(head.strip()) and head.strip() == head.strip().lower():
                notes[head.strip()], note = rest.strip(), ""  # "ru: ..." is a note about Russian only
            continue
        if name.startswith(NOTE_PREFIX):
            if cell.strip():
                notes[lang] = " ".join(part for part in (notes.get(lang, ""), cell.strip()) if part)
            continue
        alternatives = [a.strip() for a in cell.split(ALTERNATIVE_SEPARATOR) if a.strip()]
        forms = []
        for alternative in alternatives:
            if any("*" in part[:-1] for part in alternative.split()):
                raise ConfigError(f"{alternative!r}: '*' may only end a word", path=path, line=line,
                                  hint="write a stem such as 'Ірпен*'")
            form = term_form(alternative, lang)
            if not form.patterns:
                raise ConfigError(f"{alternative!r} has no letters", path=path, line=line)
            forms.append(form)
        if forms:
            (forbidden if name.startswith(FORBIDDEN_PREFIX) else terms)[lang] = tuple(forms)
    if not terms:
        raise ConfigError("glossary row has no term in any language", path=path, line=line,
                          hint="fill at least the source-language column, or delete the row")
    return Concept(line, terms, forbidden, note, notes)


def glossary_path(config: Config) -> Path:
    """Where the project's glossary is (or would be): ``glossary`` from the configuration, else
    ``locales/glossary.csv``."""
    return config.glossary or config.locales_dir / GLOSSARY_FILE


def load_glossary(config: Config) -> Glossary:
    """The project glossary: ``glossary`` from the configuration (which must exist), else
    ``locales/glossary.csv`` if present, else :data:`EMPTY_GLOSSARY`."""
    if config.glossary is not None:
        return read_glossary(config.glossary)
    default = config.locales_dir / GLOSSARY_FILE
    return read_glossary(default) if default.exists() else EMPTY_GLOSSARY


@dataclass(frozen=True)
class TermHit:
    """A glossary concept found in a text: in which language, by which words."""

    concept: Concept
    lang: str
    words: str


def find_terms(glossary: Glossary, text: str, languages: Sequence[str]) -> list[TermHit]:
    """The glossary concepts a text renders, trying it as each of ``languages``."""
    hits = []
    seen: set[int] = set()
    for lang in languages:
        for concept, found in glossary.concepts_in(text, lang):
            if concept.line not in seen:
                seen.add(concept.line)
                hits.append(TermHit(concept, lang, found))
    return sorted(hits, key=lambda h: h.concept.line)
