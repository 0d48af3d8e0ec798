"""Translation memory: drafts from the project's own human translations and the user's TMX files.

Every translated or reviewed entry of every catalog of the target language (obsolete ones
included, and catalogs whose document is gone) and every translation unit of the configured TMX
files becomes a memory unit, remembering the file it came from. A text is looked up exactly first
(surrounding and repeated whitespace ignored), then fuzzily with rapidfuzz over a length and word
index (:class:`transmgr.catalog.FuzzyIndex`). The draft's origin names the score and the file,
e.g. ``memory 92% locales/be/LC_MESSAGES/old.po``, and a fuzzy match records the source it matched
as the entry's previous msgid (``#|``), so that review shows what differs. An exact match of a
reviewed translation can be taken as a translation (``[draft] exact_memory = "translated"``).
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from transmgr.catalog import Catalog, FuzzyIndex, State
from transmgr.config.options import MIN_SCORE, TMX, Option
from transmgr.engines.base import Draft, Plan
from transmgr.engines.memory_store import MemoryUnit, StoredMemory, best_units, normal
from transmgr.errors import EngineError
from transmgr.formats import Format

DEFAULT_MIN_SCORE: float = MIN_SCORE.default
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_HUMAN = {State.REVIEWED: 3, State.TRANSLATED: 2, State.STALE: 1}


# A memory unit (MemoryUnit): source text, translation, rank (reviewed 3, translated 2, stale 1, TMX 0), where
# it came from.


@dataclass(frozen=True)
class MemoryMatch:
    """A memory unit's translation and how similar its source is (percent, 100 = exact)."""

    text: str
    score: int
    source: str
    where: str = ""
    rank: int = 0


_normal = normal


def human_units(catalogs: Iterable[Catalog], where: Callable[[Catalog], str] | None = None) -> list[MemoryUnit]:
    """``(msgid, msgstr, rank, where)`` of every entry a person translated; reviewed ranks highest.
    ``where`` names a catalog's file (default: its path as given)."""
    units = []
    for catalog in catalogs:
        label = where(catalog) if where else str(catalog.path or "")
        for entry in catalog:
            if not entry.msgid or entry.msgid_plural:
                continue
            rank = _HUMAN.get(entry.state)
            if rank is not None:
                units.append((entry.msgid, entry.msgstr, rank, label))
    return units


def _language_matches(code: str | None, lang: str) -> bool:
    if not code:
        return False
    return code.replace("_", "-").split("-")[0].lower() == lang.lower()


def read_tmx(path: Path, source: str, target: str, where: str | None = None) -> list[MemoryUnit]:
    """``(source text, target text, 0, where)`` for every unit of a TMX file that has both languages;
    ``where`` names the file (default: its name). A file that is not TMX, not well-formed, or in an
    encoding Python does not know is a one-line :class:`EngineError`."""
    if not path.is_file():
        raise EngineError("TMX file not found", path=path,
                          hint="fix the path in 'tmx' of [engines.memory] (relative to the project folder)")
    units = []
    hint = "fix the file or remove it from [engines.memory]"
    try:
        root_seen = False
        for event, element in ET.iterparse(path, events=("start", "end")):
            if event == "start":
                if not root_seen and element.tag != "tmx":
                    raise EngineError(f"not a TMX file (its root is <{element.tag}>, not <tmx>)", path=path,
                                      hint=hint)
                root_seen = True
                continue
            if element.tag != "tu":
                continue
            texts: dict[str, str] = {}
            for tuv in element.iter("tuv"):
                code = tuv.get(_XML_LANG) or tuv.get("lang")
                seg = tuv.find("seg")
                if seg is None:
                    continue
                for lang in (source, target):
                    if _language_matches(code, lang) and lang not in texts:
                        texts[lang] = "".join(seg.itertext()).strip()
            if texts.get(source) and texts.get(target):
                units.append((texts[source], texts[target], 0, where or path.name))
            element.clear()
    except ET.ParseError as exc:
        raise EngineError(f"invalid TMX: {exc.msg if hasattr(exc, 'msg') else exc}", path=path,
                          line=exc.position[0], hint=hint) from exc
    except (LookupError, ValueError, UnicodeError) as exc:  # an encoding expat or Python does not know
        raise EngineError(f"cannot be read: {exc}", path=path, hint="save it as UTF-8") from exc
    except OSError as exc:
        raise EngineError(f"cannot read: {exc.strerror}", path=path) from exc
    return units


class TranslationMemory:
    """An offline draft source: exact matches first, then the best fuzzy match above ``min_score``."""

    name = "memory"
    options: ClassVar[tuple[Option, ...]] = (TMX, MIN_SCORE)  # the keys of [engines.memory]

    def __init__(self, units: Iterable[MemoryUnit], min_score: float = DEFAULT_MIN_SCORE, *,
                 exact_translated: bool = False, stored: StoredMemory | None = None) -> None:
        """A memory of ``units``, or the one kept on disk (``stored``, see memory_store.py: then
        ``units`` is not read)."""
        self.min_score = float(min_score)
        self.exact_translated = exact_translated
        self._index: FuzzyIndex[MemoryUnit]
        if stored is not None:
            self._exact: Callable[[str], MemoryUnit | None] = stored.exact
            self._index = stored
        else:
            best = best_units(units)
            self._exact = best.get
            self._index = FuzzyIndex(((unit[0], unit) for unit in best.values()), threshold=self.min_score / 100)

    def __len__(self) -> int:
        return len(self._index)

    def lookup(self, text: str) -> MemoryMatch | None:
        """The best unit for ``text``: an exact match, else the most similar source above the threshold."""
        key = _normal(text)
        if not key:
            return None
        exact = self._exact(key)
        if exact is not None:
            return MemoryMatch(exact[1], 100, exact[0], exact[3], exact[2])
        found = self._index.best(text)
        if found is None:
            return None
        (source, target, rank, where), similarity = found
        # Floor, so that a near miss never shows as 100%.
        return MemoryMatch(target, min(99, math.floor(similarity * 100)), source, where, rank)

    def draft(self, msgid: str, fmt: Format) -> Draft | None:
        """A draft from memory, its origin naming the score and the file (``memory 92% old.po``); a fuzzy
        match keeps the source it matched as the previous msgid; an exact match of a reviewed
        translation is final when the project says so."""
        match = self.lookup(msgid)
        if match is None:
            return None
        origin = f"memory {match.score}% {match.where}".rstrip()
        if match.score == 100:
            return Draft(match.text, origin, final=self.exact_translated and match.rank == _HUMAN[State.REVIEWED])
        return Draft(match.text, origin, previous=match.source)

    def plan(self, msgid: str, fmt: Format) -> Plan | None:
        return Plan("offline", self.name) if self.lookup(msgid) else None
