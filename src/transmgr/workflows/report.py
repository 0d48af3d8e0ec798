"""The project as its own benchmark: how each draft origin (an engine and model, the memory, a pivot,
an import, a person) serves each language, read from what the PO files hold and nothing else.

Per language and origin: units that came from it, how many a reviewer accepted, how many of those
unchanged, the mean edit between the draft and the accepted text (``… edited 12%`` in the origin
comment, recorded by the review core at acceptance), the errors a judge found per 100 source words
by severity (in the origin's own text, even once fixed: ``# assessed-origin:``; else current
assessments only), and the tokens a language model reported per accepted
source word (``# tokens: N``, recorded with each draft).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from transmgr.catalog import State, Unit
from transmgr.catalog.assessment import SEVERITIES, words_of
from transmgr.catalog.model import TOKENS_TAG
from transmgr.workflows.project import Project

_EDITED = re.compile(r"\s+edited(?:\s+(\d+)%)?$")
HUMAN = "human"


@dataclass
class OriginRow:
    """One language's units from one origin."""

    lang: str
    origin: str
    units: int = 0
    accepted: int = 0
    unchanged: int = 0
    edits: list[int] = field(default_factory=list)  # the measured edit of each accepted, edited draft (percent)
    unmeasured: int = 0  # accepted after an edit whose size was not recorded (edited outside transmgr's review)
    words: int = 0  # source words of the units assessed
    errors: dict[str, int] = field(default_factory=dict)
    tokens: int = 0  # reported by the model, over the accepted units
    accepted_words: int = 0

    @property
    def mean_edit(self) -> float | None:
        """The mean edit of accepted drafts (unchanged ones count 0%); None without a measure."""
        measured = self.edits + [0] * self.unchanged
        return round(sum(measured) / len(measured), 1) if measured else None

    def per_100_words(self, severity: str) -> float | None:
        return round(100.0 * self.errors.get(severity, 0) / self.words, 2) if self.words else None

    @property
    def tokens_per_word(self) -> float | None:
        return round(self.tokens / self.accepted_words, 1) if self.tokens and self.accepted_words else None

    def as_dict(self) -> dict[str, object]:
        return {"lang": self.lang, "origin": self.origin, "units": self.units, "accepted": self.accepted,
                "accepted_unchanged": self.unchanged, "mean_edit_percent": self.mean_edit,
                "edited_unmeasured": self.unmeasured,
                "assessed_words": self.words,
                "errors_per_100_words": {s: self.per_100_words(s) for s in SEVERITIES},
                "tokens_per_accepted_word": self.tokens_per_word}


def origin_group(unit: Unit | str | None) -> str:
    """The origin a unit's translation (or an origin as written) is counted under: ``llm <model>``,
    ``memory``, ``pivot ru via google``, an engine's or a tool's name, or ``human`` (no tool recorded)."""
    written = unit.origin if isinstance(unit, Unit) else unit
    origin = _EDITED.sub("", (written or "").split(",")[0]).strip()  # "translator, revised by ...": translator
    if not origin or origin in ("edited", "draft"):
        return HUMAN
    words = origin.split()
    if words[0] == "llm" and len(words) > 1:
        return f"llm {words[1]}"
    if words[0] == "pivot":
        return origin
    return words[0]


def report(project: Project, langs: Sequence[str] | None = None) -> list[OriginRow]:
    """The rows of every target language (or ``langs``), origins in order of their units."""
    config = project.config
    languages = project.languages(list(langs)) if langs else config.target_languages
    rows: list[OriginRow] = []
    for lang in languages:
        found: dict[str, OriginRow] = {}
        for doc in project.catalog_docs(lang):
            catalog = project.load_catalog(lang, doc)
            for unit in catalog.active() if catalog is not None else ():
                if not unit.msgid or unit.state is State.UNTRANSLATED:
                    continue
                row = found.setdefault(origin_group(unit), OriginRow(lang, origin_group(unit)))
                row.units += 1
                if unit.state is State.REVIEWED:
                    row.accepted += 1
                    row.accepted_words += words_of(unit.msgid)
                    edited = _EDITED.search(unit.origin or "")
                    if edited is None:
                        row.unchanged += 1
                    elif edited.group(1) is not None:
                        row.edits.append(int(edited.group(1)))
                    else:
                        row.unmeasured += 1
                    tokens = unit.tagged(TOKENS_TAG)
                    row.tokens += int(tokens) if tokens and tokens.isdigit() else 0
                assessed = unit.assessment
                if assessed is not None and (assessed.current or assessed.origin):
                    # The errors in an origin's own text count against it, even once a person fixed them.
                    judged = row if assessed.origin is None else found.setdefault(
                        origin_group(assessed.origin), OriginRow(lang, origin_group(assessed.origin)))
                    judged.words += words_of(unit.msgid)
                    for error in assessed.errors:
                        judged.errors[error.severity] = judged.errors.get(error.severity, 0) + 1
        rows += sorted(found.values(), key=lambda r: (r.origin == HUMAN, -r.units, r.origin))
    return rows
