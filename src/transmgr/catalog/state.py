"""Translation states kept in the PO file itself, in forms that msgcat and msgmerge preserve.

=============  ================================================================================
untranslated   empty msgstr (a fuzzy entry with an empty msgstr counts as untranslated too)
draft          ``#, fuzzy`` plus ``# draft: <origin> <YYYY-MM-DD>``
translated     msgstr set, not fuzzy, no valid review stamp
reviewed       not fuzzy, plus ``# reviewed: <YYYY-MM-DD> <digest> <who>``
stale          a review stamp whose digest no longer matches msgid and msgstr
=============  ================================================================================

The digest covers msgctxt, msgid and every msgstr, so an edit made anywhere (transmgr, Poedit,
a text editor, a source change merged by ``update``) makes the review stale by itself.
Translator comments are used because gettext's tools drop flags they do not know.
``# origin: <origin> <date>`` records where an accepted translation came from.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import re
from dataclasses import dataclass

from transmgr.catalog.po import Entry

DRAFT_TAG = "draft:"
REVIEW_TAG = "reviewed:"
ORIGIN_TAG = "origin:"
NOTE_TAG = "review-note:"
_TAGS = (DRAFT_TAG, REVIEW_TAG, ORIGIN_TAG, NOTE_TAG)
_REVIEW = re.compile(r"^reviewed:\s+(\d{4}-\d{2}-\d{2})\s+([0-9a-f]{12})\s+(.+)$")
_DATED = re.compile(r"^(?P<origin>.*?)\s+(?P<date>\d{4}-\d{2}-\d{2})$")


class State(str, enum.Enum):
    """The state of one entry; values are the names used in output and options."""

    UNTRANSLATED = "untranslated"
    DRAFT = "draft"
    TRANSLATED = "translated"
    REVIEWED = "reviewed"
    STALE = "stale"


STATES = tuple(State)


@dataclass(frozen=True)
class ReviewStamp:
    """Who reviewed an entry, when, and the digest of what they saw."""

    date: str
    digest: str
    who: str


def entry_digest(entry: Entry) -> str:
    """A 12-hex-digit digest of msgctxt, msgid, msgid_plural and every msgstr."""
    parts = [entry.msgctxt or "", entry.msgid, entry.msgid_plural or "", entry.msgstr]
    parts += [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:12]


def _lines(entry: Entry) -> list[str]:
    return entry.tcomment.split("\n") if entry.tcomment else []


def _set_lines(entry: Entry, lines: list[str]) -> None:
    entry.tcomment = "\n".join(lines)


def _tagged(entry: Entry, tag: str) -> str | None:
    for line in _lines(entry):
        if line.startswith(tag):
            return line[len(tag):].strip()
    return None


def _replace_tag(entry: Entry, tag: str, value: str | None) -> None:
    lines = [line for line in _lines(entry) if not line.startswith(tag)]
    if value is not None:
        # One comment line per tag: a newline in a note or a name would split it and lose the rest.
        lines.append(f"{tag} {' '.join(value.split())}")
    _set_lines(entry, lines)


def has_translation(entry: Entry) -> bool:
    """True when msgstr (or every plural msgstr) is filled."""
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def review_stamp(entry: Entry) -> ReviewStamp | None:
    """The review stamp of an entry, valid or not."""
    value = _tagged(entry, REVIEW_TAG)
    if value is None:
        return None
    match = _REVIEW.match(f"{REVIEW_TAG} {value}")
    return ReviewStamp(*match.groups()) if match else None


def entry_state(entry: Entry) -> State:
    """The :class:`State` of ``entry``."""
    if not has_translation(entry):
        return State.UNTRANSLATED
    if "fuzzy" in entry.flags:
        return State.DRAFT
    stamp = review_stamp(entry)
    if stamp is None:
        return State.TRANSLATED
    return State.REVIEWED if stamp.digest == entry_digest(entry) else State.STALE


def draft_origin(entry: Entry) -> str | None:
    """Where a draft came from, e.g. ``google``, ``memory 92%`` or ``pivot ru via google``."""
    value = _tagged(entry, DRAFT_TAG)
    if value is None:
        return None
    match = _DATED.match(value)
    return match.group("origin") if match else value


def translation_origin(entry: Entry) -> str | None:
    """Where the current translation came from: the draft origin, else the recorded origin."""
    value = _tagged(entry, DRAFT_TAG) or _tagged(entry, ORIGIN_TAG)
    if value is None:
        return None
    match = _DATED.match(value)
    return match.group("origin") if match else value


def review_note(entry: Entry) -> str | None:
    """The reviewer's note left when a translation was rejected, if any."""
    return _tagged(entry, NOTE_TAG)


def _today(day: dt.date | None) -> str:
    return (day or dt.date.today()).isoformat()


def set_draft(entry: Entry, text: str, origin: str, *, day: dt.date | None = None) -> None:
    """Make ``entry`` a draft with translation ``text`` from ``origin``."""
    entry.msgstr = text
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    _replace_tag(entry, REVIEW_TAG, None)
    _replace_tag(entry, ORIGIN_TAG, None)
    _replace_tag(entry, DRAFT_TAG, f"{origin} {_today(day)}")


def set_translation(entry: Entry, text: str, origin: str | None = None, *, day: dt.date | None = None) -> None:
    """Set a translation a person made; any draft mark is cleared, a review stamp stays (and goes stale)."""
    entry.msgstr = text
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    entry.previous_msgid = None
    entry.previous_msgid_plural = None
    entry.previous_msgctxt = None
    _replace_tag(entry, DRAFT_TAG, None)
    if origin is not None:
        _replace_tag(entry, ORIGIN_TAG, f"{origin} {_today(day)}")


def accept(entry: Entry, who: str, *, day: dt.date | None = None) -> None:
    """Mark ``entry`` reviewed by ``who``: a draft's origin is kept as the translation's origin."""
    if not has_translation(entry):
        raise ValueError("an untranslated entry cannot be reviewed")
    draft = _tagged(entry, DRAFT_TAG)
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    entry.previous_msgid = None
    entry.previous_msgid_plural = None
    entry.previous_msgctxt = None
    if draft is not None:
        _replace_tag(entry, DRAFT_TAG, None)
        _replace_tag(entry, ORIGIN_TAG, draft)
    _replace_tag(entry, NOTE_TAG, None)
    _replace_tag(entry, REVIEW_TAG, f"{_today(day)} {entry_digest(entry)} {who}")


def reject(entry: Entry, *, keep_as_draft: bool = False, note: str | None = None, who: str | None = None,
           day: dt.date | None = None) -> None:
    """Send ``entry`` back: to untranslated, or kept as a draft with the reviewer's note."""
    _replace_tag(entry, REVIEW_TAG, None)
    if note:
        signed = f"{note} ({who} {_today(day)})" if who else note
        _replace_tag(entry, NOTE_TAG, signed)
    if keep_as_draft and has_translation(entry):
        origin = translation_origin(entry) or "rejected"
        set_draft(entry, entry.msgstr, origin, day=day)
        return
    entry.msgstr = ""
    for key in entry.msgstr_plural:
        entry.msgstr_plural[key] = ""
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    _replace_tag(entry, DRAFT_TAG, None)
    _replace_tag(entry, ORIGIN_TAG, None)


def clear_state_comments(entry: Entry) -> None:
    """Drop every transmgr state comment, keeping other translator comments."""
    _set_lines(entry, [line for line in _lines(entry) if not line.startswith(_TAGS)])
