"""Changes of state, kept in the PO file itself in forms that msgcat and msgmerge preserve.

Each function takes a :class:`Unit` and returns the changed unit (units are values); the states
themselves are described on :class:`transmgr.catalog.model.State`. The review digest covers
msgctxt, msgid and every msgstr, so an edit made anywhere (transmgr, Poedit, a text editor, a
source change merged by ``update``) makes the review stale by itself. Translator comments are used
because gettext's tools drop flags they do not know. ``# origin: <origin> <date>`` records where
an accepted translation came from.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from transmgr.catalog.assessment import (
    ASSESSMENT_TAGS,
    OVERRULED_TAG,
    AssessError,
    assessment_lines,
    score_of,
    words_of,
)
from transmgr.catalog.model import (
    COMMENT_TAG,
    DRAFT_TAG,
    EDITOR_TAG,
    NOTE_TAG,
    ORIGIN_TAG,
    REJECTED_TAG,
    REVIEW_TAG,
    STATE_TAGS,
    SUGGESTION_TAG,
    TOKENS_TAG,
    Suggestion,
    Unit,
    text_digest,
)

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _lines(unit: Unit) -> list[str]:
    return unit.comments.split("\n") if unit.comments else []


def _with_tag(comments: str, tag: str, value: str | None) -> str:
    lines = [line for line in (comments.split("\n") if comments else []) if not line.startswith(tag)]
    if value is not None:
        # One comment line per tag: a newline in a note or a name would split it and lose the rest.
        lines.append(f"{tag} {' '.join(value.split())}")
    return "\n".join(lines)


def _today(day: dt.date | None) -> str:
    return (day or dt.date.today()).isoformat()


def _flags_without_fuzzy(unit: Unit) -> tuple[str, ...]:
    return tuple(flag for flag in unit.flags if flag != "fuzzy")


def _without(comments: str, *tags: str) -> str:
    for tag in tags:
        comments = _with_tag(comments, tag, None)
    return comments


def set_draft(unit: Unit, text: str, origin: str, *, day: dt.date | None = None, tokens: int | None = None) -> Unit:
    """``unit`` as a draft with translation ``text`` from ``origin`` (a tool's: no person wrote it);
    ``tokens``: what a language model spent on it (``# tokens: N``, kept after acceptance: the report's
    cost per accepted word)."""
    comments = _without(unit.comments, REVIEW_TAG, ORIGIN_TAG, REJECTED_TAG, EDITOR_TAG)
    texts = unit.msgstr_plural if unit.msgid_plural is not None else (text,)
    comments = _with_tag(comments, TOKENS_TAG, str(tokens) if tokens is not None else None)
    return unit.changed(
        msgstr=text, flags=unit.flags if unit.fuzzy else ("fuzzy", *unit.flags),
        comments=_with_tag(comments, DRAFT_TAG, f"{origin} {_today(day)} #{text_digest(texts)}"),
    )


def set_plural_draft(unit: Unit, texts: tuple[str, ...], origin: str, *, day: dt.date | None = None) -> Unit:
    """A plural ``unit`` as a draft with the plural translations ``texts`` from ``origin``."""
    return set_draft(unit.changed(msgstr_plural=texts), unit.msgstr, origin, day=day)


def set_translation(unit: Unit, text: str, origin: str | None = None, *, by: str | None = None,
                    day: dt.date | None = None) -> Unit:
    """A translation that is not a draft: any draft or rejection mark is cleared, a review stamp stays
    (and goes stale); ``by`` names the person who wrote it (``# translator:``), None a tool."""
    comments = _without(unit.comments, DRAFT_TAG, REJECTED_TAG)
    if origin is not None:
        comments = _with_tag(comments, ORIGIN_TAG, f"{origin} {_today(day)}")
    comments = _with_tag(comments, EDITOR_TAG, f"{_today(day)} {by}" if by else None)
    return unit.changed(msgstr=text, flags=_flags_without_fuzzy(unit), comments=comments,
                        previous_msgctxt=None, previous_msgid=None, previous_msgid_plural=None)


def accept(unit: Unit, who: str, *, day: dt.date | None = None, edited: str | None = None) -> Unit:
    """``unit`` reviewed by ``who``: a draft's origin is kept as the translation's origin; a draft whose
    text changed since it was made (in a PO editor, say) becomes ``<origin> edited`` (``edited``: how
    much, e.g. ``12%``, when the caller knows the text it was made with)."""
    if not unit.translated_fully:
        raise ValueError("an untranslated unit cannot be reviewed")
    draft = unit.tagged(DRAFT_TAG)
    comments = unit.comments
    if draft is not None:
        origin, dates = unit.draft_origin or "draft", _DATE.findall(draft)
        if unit.draft_edited and " edited" not in origin:
            origin = f"{origin} edited" + (f" {edited}" if edited else "")
        when = dates[-1] if dates else _today(day)  # the day the draft was made
        comments = _with_tag(_with_tag(comments, DRAFT_TAG, None), ORIGIN_TAG, f"{origin} {when}")
    comments = _without(comments, NOTE_TAG, REJECTED_TAG)
    assessed = unit.assessment
    if assessed is not None and assessed.flagged:  # a person accepts the text the judge found errors in
        comments = _with_tag(comments, OVERRULED_TAG, f"{_today(day)} {who}")
    cleared = unit.changed(flags=_flags_without_fuzzy(unit), previous_msgctxt=None, previous_msgid=None,
                           previous_msgid_plural=None, comments=comments)
    return cleared.changed(comments=_with_tag(comments, REVIEW_TAG, f"{_today(day)} {cleared.digest} {who}"))


def set_assessment(unit: Unit, judge: str, errors: tuple[AssessError, ...], digest: str, *,
                   day: dt.date | None = None) -> Unit:
    """``unit`` with the judge's assessment of the translation whose digest is ``digest`` (any older
    assessment, and a person's overruling of it, replaced). Its state does not change."""
    lines = [line for line in _lines(unit) if not line.startswith(ASSESSMENT_TAGS)]
    score = score_of(errors, words_of(unit.msgid))
    origin = unit.origin
    own = origin and " edited" not in origin and origin != "edited" and not unit.draft_edited
    lines += assessment_lines(_today(day), digest, judge, score, errors, origin if own else None)
    return unit.changed(comments="\n".join(lines))


def reject(unit: Unit, *, clear: bool = False, note: str | None = None, who: str | None = None,
           day: dt.date | None = None) -> Unit:
    """``unit`` sent back: kept as a draft marked rejected (``# rejected: <date> <who>``) with the
    reviewer's note, its origin kept; with ``clear``, back to untranslated."""
    comments = _with_tag(unit.comments, REVIEW_TAG, None)
    comments = _with_tag(comments, NOTE_TAG, (f"{note} ({who} {_today(day)})" if who else note) if note else None)
    unit = unit.changed(comments=comments)
    if not clear and unit.translated_fully:
        origin = unit.tagged(DRAFT_TAG) or unit.tagged(ORIGIN_TAG)
        if origin and unit.draft_digest:  # the rejected text keeps the digest it was drafted with, if unedited
            origin = origin if not unit.draft_edited else origin.rsplit(" #", 1)[0]
        drafted = unit.changed(
            flags=unit.flags if unit.fuzzy else ("fuzzy", *unit.flags),
            comments=_with_tag(_without(unit.comments, ORIGIN_TAG), DRAFT_TAG, origin or f"rejected {_today(day)}"))
        return drafted.changed(comments=_with_tag(drafted.comments, REJECTED_TAG, f"{_today(day)} {who or 'reviewer'}"))
    comments = _without(unit.comments, DRAFT_TAG, ORIGIN_TAG, REJECTED_TAG, EDITOR_TAG)
    return unit.changed(msgstr="", msgstr_plural=tuple("" for _ in unit.msgstr_plural),
                        flags=_flags_without_fuzzy(unit), comments=comments)


def add_suggestion(unit: Unit, text: str, who: str, *, day: dt.date | None = None, origin: str | None = None) -> Unit:
    """``unit`` with ``who``'s suggestion ``text`` kept beside its translation (one comment line, the
    text JSON-encoded so that newlines survive); a person's earlier suggestion is replaced. ``origin``:
    where the text came from, when not from ``who`` alone (a merged branch's machine draft)."""
    kept = [line for line in _lines(unit)
            if not (line.startswith(SUGGESTION_TAG) and any(s.by == who for s in _parsed(line)))]
    data = {"by": " ".join(who.split()), "text": text, **({"origin": origin} if origin else {})}
    value = json.dumps(data, ensure_ascii=False)
    return unit.changed(comments="\n".join([*kept, f"{SUGGESTION_TAG} {_today(day)} {value}"]))


def drop_suggestion(unit: Unit, by: str) -> Unit:
    """``unit`` without ``by``'s suggestion."""
    return unit.changed(comments="\n".join(
        line for line in _lines(unit)
        if not (line.startswith(SUGGESTION_TAG) and any(s.by == by for s in _parsed(line)))))


def _parsed(line: str) -> tuple[Suggestion, ...]:
    return Unit("", comments=line).suggestions


def add_comment(unit: Unit, text: str, who: str, *, day: dt.date | None = None) -> Unit:
    """``unit`` with a reviewer's comment (``# comment: <text> (<who> <date>)``); comments accumulate,
    and, not being part of the translation, change no state."""
    line = f"{COMMENT_TAG} {' '.join(text.split())} ({' '.join(who.split())} {_today(day)})"
    return unit.changed(comments="\n".join([*_lines(unit), line]) if unit.comments else line)


def comments_of(unit: Unit) -> list[str]:
    """The reviewers' comments on ``unit``, oldest first."""
    return [line[len(COMMENT_TAG):].strip() for line in _lines(unit) if line.startswith(COMMENT_TAG)]


def set_note(unit: Unit, note: str) -> Unit:
    """``unit`` with a note for the reviewer (``# review-note:``, one line; accepting clears it)."""
    return unit.changed(comments=_with_tag(unit.comments, NOTE_TAG, " ".join(note.split())))


def clear_state_comments(unit: Unit) -> Unit:
    """``unit`` without any transmgr state comment; other translator comments stay."""
    return unit.changed(comments="\n".join(line for line in _lines(unit) if not line.startswith(STATE_TAGS)))
