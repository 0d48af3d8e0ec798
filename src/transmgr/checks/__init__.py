"""Quality checks that know Belarusian, Ukrainian and Russian, and the project glossary."""

from transmgr.checks.base import SEVERITIES, Check, Context, Finding, Item, Key, Severity
from transmgr.checks.glossary import EMPTY_GLOSSARY, Concept, Glossary, parse_glossary, read_glossary
from transmgr.checks.registry import CHECK_IDS, CHECKS, enabled_checks, get_check

__all__ = [
    "CHECKS", "CHECK_IDS", "EMPTY_GLOSSARY", "SEVERITIES", "Check", "Concept", "Context", "Finding", "Glossary",
    "Item", "Key", "Severity", "enabled_checks", "get_check", "parse_glossary", "read_glossary",
]
