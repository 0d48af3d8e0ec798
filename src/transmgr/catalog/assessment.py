"""A language-model judge's assessment of one translation, kept in the PO file beside the review stamp.

In translator comments, which msgcat, msgmerge, Poedit and Translate Toolkit keep::

    # assessed: 2026-12-07 3f9a0c1d2e4b judge:qwen2.5:14b 82.5
    # assess-error: major accuracy "60 000" the source says 6,000
    # assess-error: minor fluency "вельмі вельмі" a word repeated

The first line holds the date, the digest of msgctxt, msgid and every msgstr the judge saw (the
review stamp's digest), the judge's model and the unit's quality score; each error its severity,
MQM category, the span of the translation it concerns (JSON-quoted) and the judge's note. An
assessment whose digest no longer matches the unit is *stale*: the source or the translation
changed since, by whatever tool, and it is never reported as current. ``# assess-overruled: <date>
<who>`` records that a person accepted the translation as it was, the errors notwithstanding.

The score follows MQM: each error weighs 1 (minor), 5 (major) or 25 (critical); the penalty per
100 source words is subtracted from 100 (never below 0).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

ASSESS_TAG = "assessed:"
ERROR_TAG = "assess-error:"
OVERRULED_TAG = "assess-overruled:"
ORIGIN_TAG = "assessed-origin:"  # the origin whose unedited text was judged (a draft, or one accepted as it was)
ASSESSMENT_TAGS = (ASSESS_TAG, ERROR_TAG, OVERRULED_TAG, ORIGIN_TAG)
SEVERITIES = ("minor", "major", "critical")
WEIGHTS = {"minor": 1, "major": 5, "critical": 25}
CATEGORIES = ("accuracy", "omission", "addition", "fluency", "grammar", "terminology", "style", "locale", "markup")
_ASSESSED = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+([0-9a-f]{12})\s+(\S+)\s+(\d+(?:\.\d+)?)$")
_ERROR = re.compile(r'^(minor|major|critical)\s+([a-z]+)\s+("(?:[^"\\]|\\.)*")\s*(.*)$')
_OVERRULED = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(.+)$")
_WORD = re.compile(r"\w+(?:['’ʼ-]\w+)*")


@dataclass(frozen=True)
class AssessError:
    """One error the judge found: how bad, of what kind, where in the translation, and why."""

    severity: str
    category: str
    span: str
    note: str = ""

    @property
    def weight(self) -> int:
        return WEIGHTS[self.severity]


@dataclass(frozen=True)
class Assessment:
    """A unit's assessment as the PO file holds it."""

    date: str
    digest: str
    judge: str  # the judge's model
    score: float  # 0..100: 100 - the MQM penalty per 100 source words
    errors: tuple[AssessError, ...] = ()
    current: bool = True  # the digest matches the unit as it is
    overruled: str | None = None  # "<date> <who>": a person accepted the translation anyway
    origin: str | None = None  # the engine, model or tool whose own text was judged (None: a person's or edited)

    @property
    def worst(self) -> str | None:
        """The severity of the worst error (None: assessed clean)."""
        found = [error.severity for error in self.errors]
        return max(found, key=SEVERITIES.index) if found else None

    @property
    def flagged(self) -> bool:
        """Current, with errors, and not overruled: what check, status and the queue show."""
        return self.current and bool(self.errors) and self.overruled is None


def words_of(text: str) -> int:
    return len(_WORD.findall(text))


def score_of(errors: Iterable[AssessError], words: int) -> float:
    """100 minus the MQM penalty per 100 words (``words``: of the source), at least 0."""
    penalty = sum(error.weight for error in errors)
    return round(max(0.0, 100.0 - penalty * 100.0 / max(words, 1)), 1)


def read_assessment(comments: str, digest: str) -> Assessment | None:
    """The assessment in a unit's translator comments (``digest``: the unit's own), if any."""
    if ASSESS_TAG not in comments:
        return None
    head = None
    errors: list[AssessError] = []
    overruled = origin = None
    for line in comments.split("\n"):
        if line.startswith(ASSESS_TAG):
            head = _ASSESSED.match(line[len(ASSESS_TAG):].strip())
        elif line.startswith(ERROR_TAG):
            found = _ERROR.match(line[len(ERROR_TAG):].strip())
            if found is not None:
                try:
                    span = json.loads(found.group(3))
                except ValueError:
                    continue
                if isinstance(span, str) and found.group(2) in CATEGORIES:
                    errors.append(AssessError(found.group(1), found.group(2), span, found.group(4).strip()))
        elif line.startswith(OVERRULED_TAG):
            mark = _OVERRULED.match(line[len(OVERRULED_TAG):].strip())
            overruled = f"{mark.group(1)} {mark.group(2)}" if mark else None
        elif line.startswith(ORIGIN_TAG):
            origin = line[len(ORIGIN_TAG):].strip() or None
    if head is None:
        return None
    return Assessment(head.group(1), head.group(2), head.group(3), float(head.group(4)), tuple(errors),
                      current=head.group(2) == digest, overruled=overruled, origin=origin)


def assessment_lines(date: str, digest: str, judge: str, score: float, errors: Iterable[AssessError],
                     origin: str | None = None) -> list[str]:
    """The comment lines of an assessment (without the ``# `` gettext writes before each); ``origin``:
    the tool whose own, unedited text was judged (the report counts the errors against it)."""
    lines = [f"{ASSESS_TAG} {date} {digest} {'_'.join(judge.split()) or 'judge'} {score:g}"]
    if origin:
        lines.append(f"{ORIGIN_TAG} {' '.join(origin.split())}")
    for error in errors:
        span = json.dumps(" ".join(error.span.split()), ensure_ascii=False)
        lines.append(f"{ERROR_TAG} {error.severity} {error.category} {span} {' '.join(error.note.split())}".rstrip())
    return lines
