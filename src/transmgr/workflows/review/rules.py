"""The rules every writer of a unit keeps, whatever the tool: a translation made what gettext can
hold, the origin of an edited draft, when a text is only a copy of its source, which entries a
draft may fill."""

from __future__ import annotations

import difflib
import re

from transmgr.catalog import State, Unit
from transmgr.formats import Format

_SPACE_RUNS = re.compile(r"\A\n+|\n+\Z")
_WORD = re.compile(r"[^\W\d_]{2,}")


def gettext_text(msgid: str, text: str) -> str:
    """``text`` as gettext can hold it beside ``msgid``: it begins (ends) with a newline exactly when
    ``msgid`` does (``msgfmt -c`` refuses a file otherwise); Windows line ends made ``\\n``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    core = _SPACE_RUNS.sub("", text)
    head = "\n" if msgid.startswith("\n") else ""
    tail = "\n" if msgid.endswith("\n") and msgid.strip("\n") else ""
    return head + core + tail if core else ""


def edited_origin(unit: Unit, text: str) -> str:
    """The origin recorded for a translation a person changed: the old origin, ``edited`` and how much
    of the text changed (``llm gpt-4o edited 12%``); an origin already edited keeps its first measure."""
    origin = unit.origin
    if not origin:
        return "edited"
    if origin == "edited" or " edited" in origin:
        return origin
    changed = round(100 * (1 - difflib.SequenceMatcher(None, unit.msgstr, text, autojunk=False).ratio()))
    return f"{origin} edited {changed}%"


def is_copy_of_source(entry: Unit, text: str, fmt: Format) -> bool:
    """True when ``text``, offered as ``entry``'s translation, is its source as a reader reads it (the
    markup aside: an edition's stand-in with its invisible mark, a CAT tool's pre-filled target) and
    the catalog does not say that the text may stay the same (:func:`may_equal_source`)."""
    if text == entry.msgstr:
        return False
    same = text == entry.msgid or " ".join(fmt.plain(text).split()) == " ".join(fmt.plain(entry.msgid).split())
    return same and not may_equal_source(entry, fmt)


def may_equal_source(entry: Unit, fmt: Format) -> bool:
    """True when ``entry``'s catalog says its translation may be the source text itself: the source has
    fewer than two words to translate (a name, a number, code), the entry already holds that text as
    its translation, or its ``untranslated`` check is silenced (``# ignore: untranslated``). An import
    takes a segment equal to its source only then: otherwise it is a stand-in (an edition built with
    fallbacks) or a CAT tool's copy of the source, not a translation."""
    from transmgr.checks.base import suppressed_checks

    if entry.msgstr == entry.msgid and entry.state is not State.UNTRANSLATED:
        return True
    if len(_WORD.findall(fmt.inline(entry.msgid).prose_text())) < 2:
        return True
    return "untranslated" in suppressed_checks(entry)


def carried_over(entry: Unit) -> bool:
    """A draft ``update`` carried over from an edited source (the old translation, not yet revised)."""
    return entry.state == State.DRAFT and (entry.draft_origin or "").startswith("fuzzy-merge")


def wants_draft(entry: Unit, *, redraft: bool) -> bool:
    """True when a draft may be set on ``entry``: untranslated, a draft a reviewer rejected, or (with
    ``redraft``) a draft carried over from an edited source. Never over a person's work."""
    if entry.msgid_plural:
        return False
    return entry.state == State.UNTRANSLATED or entry.rejected is not None or (redraft and carried_over(entry))
