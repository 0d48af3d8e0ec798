r"""The wire contract with a language model: what one request carries (a :class:`Batch` of
:class:`Item`\ s of one document, with its context), what comes back (a :class:`BatchResult`), and
how the answers are read and validated."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from transmgr.engines.base import AnswerProblem, Draft
from transmgr.engines.markup import Protected, has_words, protect, split_whitespace
from transmgr.formats import Format
from transmgr.languages import get_language, is_known_language
from transmgr.languages.profiles import profile_for

_FENCE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.DOTALL)
_TOKEN = re.compile(r"\[X\d+X\]")
_LETTERS = re.compile(r"[^\W\d_]+")

def language_name(code: str) -> str:
    return get_language(code).english_name if is_known_language(code) else code


def estimate_tokens(text: str) -> int:
    """A model's tokens for ``text``, roughly: a token per four bytes of UTF-8 (English words are one
    to two tokens, Cyrillic letters take two bytes and tokenize about twice as finely)."""
    return len(text.encode("utf-8")) // 4 + 1


# -- what is sent ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One segment to translate: its id in the request, its source and what goes with it."""

    id: str
    source: str  # the msgid as it stands in the catalog
    protected: Protected  # the source with its markup as tokens: what the model sees
    kind: str = ""
    references: Mapping[str, str] = field(default_factory=dict)  # sister language -> reviewed translation
    previous: tuple[str, str] | None = None  # (previous source, its translation) when the source was edited
    rejected: tuple[str, str] | None = None  # (the draft a reviewer rejected, their note) when redrafting it

    def wire(self) -> dict[str, Any]:
        """The segment as the request carries it: its id, text with tokens, what kind of segment it is,
        and what each token stands for (code, a link, a number: visible, not to be changed)."""
        data: dict[str, Any] = {"id": self.id, "text": self.protected.text.strip()}
        if self.kind:
            data["kind"] = self.kind
        if self.protected.pieces:
            data["tokens"] = {f"[X{n}X]": piece for n, piece in enumerate(self.protected.pieces)}
        return data

    @property
    def lead_trail(self) -> tuple[str, str]:
        lead, _, trail = split_whitespace(self.source)
        return lead, trail


@dataclass(frozen=True)
class GlossaryHit:
    """A glossary concept whose source term occurs in the batch."""

    source: str
    target: str
    forbidden: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Batch:
    """The segments of one request and their document's context."""

    source_lang: str
    target_lang: str
    doc: str
    title: str
    items: tuple[Item, ...]
    brief: str = ""
    before: tuple[tuple[str, str | None], ...] = ()  # neighbouring segments: (source, translation or None)
    after: tuple[tuple[str, str | None], ...] = ()
    glossary: tuple[GlossaryHit, ...] = ()


@dataclass(frozen=True)
class BatchResult:
    """What a batch gave: drafts per item id, the reason each other item has none, requests sent."""

    drafts: Mapping[str, Draft]
    problems: Mapping[str, str]


def parse_reply(content: str) -> dict[str, list[Any]]:
    """The texts the reply gives per id (a list: an id answered twice has two); an unreadable reply
    is an :class:`AnswerProblem`."""
    text = content.strip()
    fenced = _FENCE.search(text)
    if fenced is not None and not text.startswith("{"):
        text = fenced.group(1).strip()
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        start, end = text.find("{"), text.rfind("}")
        try:
            data = json.loads(text[start:end + 1]) if 0 <= start < end else None
        except json.JSONDecodeError:
            data = None
    rows = data.get("translations") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise AnswerProblem('the reply is not {"translations": [...]} JSON')
    found: dict[str, list[Any]] = {}
    for row in rows:
        if isinstance(row, dict) and isinstance(row.get("id"), (str, int)):
            found.setdefault(str(row["id"]), []).append(row.get("text"))
    return found


def validate(item: Item, answers: Sequence[Any] | None, target_lang: str) -> str:
    """The translation of ``item`` restored from its answers, or a :class:`ValueError` saying why not."""
    if not answers:
        raise ValueError("no translation for this id in the reply")
    if len(answers) > 1:
        raise ValueError("the reply answered this id twice")
    text = answers[0]
    if not isinstance(text, str) or not text.strip():
        raise ValueError("an empty translation")
    tokens = sorted(_TOKEN.findall(text))
    if tokens != sorted(_TOKEN.findall(item.protected.text)):
        raise ValueError("markup tokens lost, doubled or invented")
    restored = item.protected.restore(text.strip())
    if restored is None:
        raise ValueError("markup tokens lost, doubled or invented")
    foreign = profile_for(target_lang).foreign_letters  # letters the language never uses: и, щ in be
    if foreign:
        source_words = {w.lower() for w in _LETTERS.findall(item.source)}
        bad = sorted({w for w in _LETTERS.findall(_TOKEN.sub(" ", text))
                      if w.lower() not in source_words and any(c in foreign for c in w.lower())})
        if bad:
            raise ValueError(f"letters {language_name(target_lang)} does not use: {', '.join(bad[:3])}")
    if " ".join(restored.split()) == " ".join(item.source.split()) and any(
            word != word.upper() for word in _LETTERS.findall(item.source)):
        # (a source of acronyms, numbers and codes alone, "CC BY 4.0", may stay as it is)
        raise ValueError("the source came back untranslated")
    if item.rejected is not None and " ".join(restored.split()) == " ".join(item.rejected[0].split()):
        raise ValueError("the reply repeats the draft the reviewer rejected")
    lead, trail = item.lead_trail
    return lead + restored.strip() + trail


def make_item(item_id: str, msgid: str, fmt: Format, *, kind: str = "", references: Mapping[str, str] | None = None,
              previous: tuple[str, str] | None = None, rejected: tuple[str, str] | None = None) -> Item | None:
    """The :class:`Item` for ``msgid``, or None when it has nothing to translate."""
    _, core, _ = split_whitespace(msgid)
    inline = fmt.inline(core)
    if not has_words(core, inline):
        return None
    return Item(item_id, msgid, protect(core, inline), kind, dict(references or {}), previous, rejected)
