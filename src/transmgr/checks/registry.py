"""The explicit, ordered table of checks: the order is the order of ``transmgr check --list`` and of findings.

To add a check, write a :class:`transmgr.checks.base.Check` subclass in the module of its kind and
add one line here, its id and where it is; ``docs/checks.md`` lists it (a test compares the two).
"""

from __future__ import annotations

from collections.abc import Iterable

from transmgr.checks.base import Check
from transmgr.errors import ConfigError
from transmgr.lazy import Registry

REGISTRY: Registry[type[Check]] = Registry("check id", {
    "wrong-language": "transmgr.checks.alphabet:WrongLanguage",
    "mixed-script": "transmgr.checks.alphabet:MixedScript",
    "numbers": "transmgr.checks.numbers:Numbers",
    "placeholders": "transmgr.checks.markup:Placeholders",
    "codes": "transmgr.checks.markup:FormattingCodes",
    "links": "transmgr.checks.markup:Links",
    "inline-code": "transmgr.checks.markup:InlineCode",
    "emphasis": "transmgr.checks.markup:Emphasis",
    "forbidden-term": "transmgr.checks.terms:ForbiddenTerm",
    "glossary": "transmgr.checks.terms:GlossaryTerm",
    "end-punctuation": "transmgr.checks.typography:EndPunctuation",
    "brackets": "transmgr.checks.typography:Brackets",
    "quotes": "transmgr.checks.typography:Quotes",
    "dashes": "transmgr.checks.typography:Dashes",
    "apostrophe": "transmgr.checks.typography:Apostrophe",
    "spacing": "transmgr.checks.typography:Spacing",
    "lowercase-after-stop": "transmgr.checks.typography:LowercaseAfterStop",
    "untranslated": "transmgr.checks.content:Untranslated",
    "length": "transmgr.checks.content:Length",
    "inconsistent-translation": "transmgr.checks.consistency:InconsistentTranslation",
    "cross-language": "transmgr.checks.consistency:CrossLanguage",
    "stale-review": "transmgr.checks.review:StaleReview",
    "assessment": "transmgr.checks.review:JudgeErrors",
})

CHECKS: tuple[Check, ...] = tuple(REGISTRY.get(check_id)() for check_id in REGISTRY)
CHECK_IDS: tuple[str, ...] = REGISTRY.names()
assert all(check.check_id == check_id for check, check_id in zip(CHECKS, CHECK_IDS)), "a check's id is its table key"


def get_check(check_id: str) -> Check:
    """The check with id ``check_id``; an unknown id is a :class:`ConfigError`."""
    if check_id not in REGISTRY:
        raise ConfigError(REGISTRY.unknown(check_id), hint=f"known checks: {', '.join(CHECK_IDS)}")
    return CHECKS[CHECK_IDS.index(check_id)]


def enabled_checks(disabled: Iterable[str] = ()) -> tuple[Check, ...]:
    """The checks in registry order, without the ``disabled`` ones (each must be a known id)."""
    off = set(disabled)
    for check_id in off:
        get_check(check_id)
    return tuple(check for check in CHECKS if check.check_id not in off)
