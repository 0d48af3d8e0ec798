"""Quality checks that know Belarusian, Ukrainian and Russian, and the project glossary."""

from transmgr.checks.base import SEVERITIES, Check, Context, Finding, Item, Key, Severity, suppressed_checks
from transmgr.checks.glossary import (
    EMPTY_GLOSSARY,
    Concept,
    Glossary,
    TermHit,
    find_terms,
    glossary_path,
    load_glossary,
    parse_glossary,
    read_glossary,
)
from transmgr.checks.registry import CHECK_IDS, CHECKS, enabled_checks, get_check

__all__ = [
    "CHECKS", "CHECK_IDS", "EMPTY_GLOSSARY", "SEVERITIES", "Check", "Concept", "Context", "Finding", "Glossary",
    "Item", "Key", "Severity", "TermHit", "enabled_checks", "find_terms", "get_check", "glossary_path",
    "load_glossary", "parse_glossary", "read_glossary", "suppressed_checks",
]
