"""What a reviewer needs beside an entry: the source's word diff, other languages, neighbours, findings."""

from __future__ import annotations

import difflib
import re
import threading
from dataclasses import dataclass

from transmgr.catalog import Catalog, State, Unit
from transmgr.errors import TransmgrError
from transmgr.workflows.project import Project
from transmgr.workflows.review.items import Key, ReviewItem, active_entries

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class DiffChunk:
    """A run of text that is ``equal`` in both versions, or was ``delete``-d or ``insert``-ed."""

    op: str
    text: str


def word_diff(old: str, new: str) -> list[DiffChunk]:
    """A word-level diff of ``old`` and ``new``: words, spaces and punctuation are the units."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    chunks: list[DiffChunk] = []

    def add(op: str, tokens: list[str]) -> None:
        text = "".join(tokens)
        if not text:
            return
        if chunks and chunks[-1].op == op:
            chunks[-1] = DiffChunk(op, chunks[-1].text + text)
        else:
            chunks.append(DiffChunk(op, text))

    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("equal", a[i1:i2])
        else:
            add("delete", a[i1:i2])
            add("insert", b[j1:j2])
    return chunks


@dataclass(frozen=True)
class OtherTranslation:
    """The same segment in another language of the project (``state`` None: not in that catalog)."""

    lang: str
    text: str | None
    state: State | None


@dataclass(frozen=True)
class Neighbour:
    """An entry near the one under review."""

    number: int
    msgid: str
    msgstr: str
    state: State
    uid: str = ""


@dataclass(frozen=True)
class ReviewFinding:
    """A quality-check finding for the entry."""

    check_id: str
    severity: str
    message: str


@dataclass(frozen=True)
class ReviewContext:
    """Everything shown around an entry."""

    diff: list[DiffChunk] | None
    others: list[OtherTranslation]
    before: Neighbour | None
    after: Neighbour | None
    findings: list[ReviewFinding]
    around: tuple[Neighbour, ...] = ()  # up to three entries each side, in document order

    def as_dict(self) -> dict[str, object]:
        return {
            "diff": [{"op": c.op, "text": c.text} for c in self.diff] if self.diff is not None else None,
            "others": [{"lang": o.lang, "text": o.text, "state": o.state.value if o.state else None}
                       for o in self.others],
            "findings": [{"check_id": f.check_id, "severity": f.severity, "message": f.message}
                         for f in self.findings],
        }


def load_findings(project: Project, lang: str, doc: str, catalog: Catalog,
                  only: Key | None = None) -> dict[Key, list[ReviewFinding]]:
    """The quality-check findings of a catalog by (msgctxt, msgid) (of the entry ``only``, if given)."""
    from transmgr.workflows.check import entry_findings  # on first use: it imports every check

    return {
        key: [ReviewFinding(f.check_id, f.severity, f.message) for f in findings]
        for key, findings in entry_findings(project, lang, doc, catalog, only).items()
    }


def _neighbour(entries: list[Unit], number: int) -> Neighbour | None:
    if not 1 <= number <= len(entries):
        return None
    entry = entries[number - 1]
    return Neighbour(number, entry.msgid, entry.msgstr, entry.state, entry.uid)


class ContextBuilder:
    """Builds :class:`ReviewContext` objects, reading another language's catalog again whenever its
    file changed (a merge, another reviewer), so the context is never older than the disk."""

    def __init__(self, project: Project, lang: str) -> None:
        self.project = project
        self.lang = lang
        self.other_langs = [code for code in project.config.languages if code != lang]
        self._others: dict[tuple[str, str], tuple[object, dict[Key, Unit] | None]] = {}
        self._findings: dict[str, tuple[object, dict[Key, list[ReviewFinding]]]] = {}
        self._unit_findings: dict[tuple[str, Key], tuple[object, dict[Key, list[ReviewFinding]]]] = {}
        self._lock = threading.Lock()

    def _other_entries(self, lang: str, doc: str) -> dict[Key, Unit] | None:
        path = self.project.po_path(lang, doc)
        try:
            stat = path.stat()
            signature: object = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        except OSError:
            signature = None
        cached = self._others.get((lang, doc))
        if cached is None or cached[0] != signature:
            try:
                catalog = self.project.load_catalog(lang, doc) if signature is not None else None
            except TransmgrError:
                catalog = None  # a catalog that does not parse (being merged, say) shows as missing
            cached = (signature, None if catalog is None else {e.key: e for e in active_entries(catalog)})
            self._others[(lang, doc)] = cached
        return cached[1]

    def findings(self, doc: str, catalog: Catalog, version: object) -> dict[Key, list[ReviewFinding]]:
        """Findings for ``doc``, computed again only when the catalog's ``version`` changed."""
        cached = self._findings.get(doc)
        if cached is None or cached[0] != version:
            cached = (version, load_findings(self.project, self.lang, doc, catalog))
            self._findings[doc] = cached
        return cached[1]

    def unit_findings(self, doc: str, catalog: Catalog, version: object, key: Key) -> dict[Key, list[ReviewFinding]]:
        """Findings for one entry of ``doc``: from the whole catalog's when they are at hand for this
        ``version``, else checked alone (a page after each save checks one entry, not forty)."""
        cached = self._findings.get(doc)
        if cached is not None and cached[0] == version:
            return cached[1]
        with self._lock:
            found = self._unit_findings.get((doc, key))
            if found is not None and found[0] == version:
                return found[1]
        result = load_findings(self.project, self.lang, doc, catalog, only=key)
        with self._lock:
            self._unit_findings = {k: v for k, v in self._unit_findings.items() if v[0] == version}
            self._unit_findings[(doc, key)] = (version, result)
        return result

    def build(self, item: ReviewItem, catalog: Catalog, version: object = None) -> ReviewContext:
        """The context of ``item``, whose catalog (as now on disk) is ``catalog``."""
        diff = word_diff(item.previous_msgid, item.msgid) if item.previous_msgid is not None else None
        others = []
        for lang in self.other_langs:
            entries = self._other_entries(lang, item.doc)
            if entries is None:
                continue
            entry = entries.get(item.key)
            others.append(OtherTranslation(lang, entry.msgstr if entry else None,
                                           entry.state if entry else None))
        active = active_entries(catalog)
        found = self.unit_findings(item.doc, catalog, version, item.key)
        return ReviewContext(
            diff=diff, others=others,
            before=_neighbour(active, item.number - 1), after=_neighbour(active, item.number + 1),
            findings=found.get(item.key, []),
            around=tuple(n for n in (_neighbour(active, item.number + d) for d in (-3, -2, -1, 1, 2, 3)) if n),
        )
