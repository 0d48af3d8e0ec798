"""The explicit, ordered table of checks: the order is the order of ``transmgr check --list`` and of findings."""

from __future__ import annotations

from collections.abc import Iterable

from transmgr.checks.alphabet import MixedScript, WrongLanguage
from transmgr.checks.base import Check
from transmgr.checks.consistency import CrossLanguage, InconsistentTranslation
from transmgr.checks.content import Length, Untranslated
from transmgr.checks.markup import Emphasis, FormattingCodes, InlineCode, Links, Placeholders
from transmgr.checks.numbers import Numbers
from transmgr.checks.review import StaleReview
from transmgr.checks.terms import ForbiddenTerm, GlossaryTerm
from transmgr.checks.typography import (
    Apostrophe,
    Brackets,
    Dashes,
    EndPunctuation,
    LowercaseAfterStop,
    Quotes,
    Spacing,
)
from transmgr.errors import ConfigError

CHECKS: tuple[Check, ...] = (
    WrongLanguage(),
    MixedScript(),
    Numbers(),
    Placeholders(),
    FormattingCodes(),
    Links(),
    InlineCode(),
    Emphasis(),
    ForbiddenTerm(),
    GlossaryTerm(),
    EndPunctuation(),
    Brackets(),
    Quotes(),
    Dashes(),
    Apostrophe(),
    Spacing(),
    LowercaseAfterStop(),
    Untranslated(),
    Length(),
    InconsistentTranslation(),
    CrossLanguage(),
    StaleReview(),
)

CHECK_IDS: tuple[str, ...] = tuple(check.check_id for check in CHECKS)


def get_check(check_id: str) -> Check:
    """The check with id ``check_id``; an unknown id is a :class:`ConfigError`."""
    for check in CHECKS:
        if check.check_id == check_id:
            return check
    raise ConfigError(f"unknown check id {check_id!r}", hint=f"known checks: {', '.join(CHECK_IDS)}")


def enabled_checks(disabled: Iterable[str] = ()) -> tuple[Check, ...]:
    """The checks in registry order, without the ``disabled`` ones (each must be a known id)."""
    off = set(disabled)
    for check_id in off:
        get_check(check_id)
    return tuple(check for check in CHECKS if check.check_id not in off)
