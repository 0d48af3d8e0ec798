"""Sister-language pivots: draft a language from another target language's human translation.

Russian -> Belarusian and Russian -> Ukrainian machine translation is far better than
English -> Belarusian, so ``pivot:ru:google`` sends the reviewed (or translated) Russian text
of the same segment to Google and drafts Belarusian from it. Entries without a human
translation in the pivot language are left to the next step of the chain.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from transmgr.catalog import Catalog
from transmgr.engines.base import Draft, Plan, Translator
from transmgr.engines.memory import human_units
from transmgr.formats import Format


def pivot_texts(catalogs: Iterable[Catalog]) -> dict[str, str]:
    """msgid -> the pivot language's human translation (a reviewed one wins over a translated one)."""
    best: dict[str, tuple[int, str]] = {}
    for msgid, msgstr, rank, _ in human_units(catalogs):
        if msgid not in best or rank > best[msgid][0]:
            best[msgid] = (rank, msgstr)
    return {msgid: text for msgid, (_, text) in best.items()}


class PivotStep:
    """A chain step ``pivot:<via>:<engine>``: translate the ``via`` translation into ``target``."""

    def __init__(self, via: str, texts: Mapping[str, str], translator: Translator, target: str) -> None:
        self.via = via
        self.texts = texts
        self.translator = translator
        self.target = target
        self.name = f"pivot:{via}:{translator.name}"

    def draft(self, msgid: str, fmt: Format) -> Draft | None:
        """A draft from the pivot translation of ``msgid``, or None when there is none."""
        pivot = self.texts.get(msgid)
        if not pivot:
            return None
        text = self.translator.translate(pivot, self.via, self.target, fmt)
        return Draft(text, f"pivot {self.via} via {self.translator.name}") if text else None

    def plan(self, msgid: str, fmt: Format) -> Plan | None:
        pivot = self.texts.get(msgid)
        return self.translator.plan(pivot, self.via, self.target, self.name, fmt) if pivot else None
