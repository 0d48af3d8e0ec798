"""XLIFF import: a CAT tool's work back into the catalogs, through the review core, all or nothing.

Every unit is read and checked before anything is written (:mod:`.xliff_read`): a unit whose
source no longer matches its catalog entry, whose target's codes are not the source's (missing,
added, repeated, unpaired or crossed: :func:`.codes.check_codes`), or that holds something the
reader cannot take, refuses the whole file with one line per unit. Then, per unit:

- a translation that is its source as a reader reads it is a copy (CAT tools pre-fill targets so),
  not imported, unless the catalog says the text may stay the same
  (:func:`transmgr.workflows.review.core.is_copy_of_source`);
- a unit whose text and state are those of the catalog (or lower: an import never lowers a
  state) is unchanged;
- a reviewed (or stale) entry is replaced only with ``overwrite``; without it a different text is
  kept beside it as a suggestion for its reviewer;
- ``signed-off``/``final`` units are stamped reviewed only with ``accept_signed_off``, by the
  person the file names for them (1.2 phases) or else the person importing; otherwise they come
  in as translated;
- ``as_draft`` makes every imported text a draft.

The changes are review-core ``import`` and ``suggest`` actions (origin ``xliff``, the translator
the file names as the writer), decided against the revision read, so work done on the catalogs
while the CAT tool had the file wins. ``dry_run`` reports the same and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from transmgr.catalog import Catalog, State, Unit
from transmgr.errors import CatalogError
from transmgr.workflows.exchange.codes import Code, check_codes, codes_of, pieces
from transmgr.workflows.exchange.xliff_read import NS20, XliffError, XliffUnit, parse_xliff, rank, read_units
from transmgr.workflows.project import Project
from transmgr.workflows.review.core import ReviewCore
from transmgr.workflows.review.identity import acting_person
from transmgr.workflows.review.requests import Actor, Request
from transmgr.workflows.review.rules import is_copy_of_source

ORIGIN = "xliff"


@dataclass(frozen=True)
class XliffImport:
    """What an import did (or, in a dry run, would do)."""

    units: int  # read
    changed: dict[str, int]  # per document: entries changed
    unchanged: int
    suggested: int = 0  # different texts kept beside reviewed entries (no overwrite)
    not_stamped: int = 0  # signed-off units taken as translated (no accept_signed_off)
    skipped: tuple[str, ...] = ()  # units not taken, one line each with the reason
    written: tuple[Path, ...] = ()
    dry_run: bool = False
    untranslated: int = 0  # units without a translation in the file

    @property
    def total_changed(self) -> int:
        return sum(self.changed.values())


@dataclass
class _Plan:
    requests: dict[str, list[Request]] = field(default_factory=dict)
    unchanged: int = 0
    suggested: int = 0
    not_stamped: int = 0
    untranslated: int = 0
    skipped: list[str] = field(default_factory=list)


def import_xliff(project: Project, lang: str, path: Path, reviewer: str | None, *, dry_run: bool = False,
                 overwrite: bool = False, as_draft: bool = False, accept_signed_off: bool = False) -> XliffImport:
    """Import ``path`` into ``lang``'s catalogs (see the module); ``reviewer`` is the person importing."""
    lang = project.language(lang)
    root, ns = parse_xliff(path)
    target_lang = root.get("trgLang") if ns == NS20 else next(
        (f.get("target-language") for f in root.iter(f"{{{ns}}}file")), None)
    if target_lang and target_lang.replace("_", "-").split("-")[0].lower() != lang.lower():
        raise XliffError(f"the file's target language is {target_lang}, not {lang}", path=path, line=root.sourceline)
    entries = _Entries(project, lang)
    found: list[tuple[str, Unit, XliffUnit]] = []
    problems: list[str] = []
    count = 0
    for unit in read_units(root, ns, path, entries.codes_for):
        count += 1
        located = entries.locate(unit.where, unit.id)
        if located is None:
            problems.append(f"{path}:{unit.line}: unit {unit.id}: not in this project's {lang} catalogs "
                            "(its source changed or was removed since the export)")
            continue
        doc, entry = located
        codes = entries.codes_for(unit.where, unit.id) or {}
        problem = _problem(entry, unit, list(codes.values()))
        if problem:
            problems.append(f"{path}:{unit.line}: unit {unit.id}: {problem}")
            continue
        found.append((doc, entry, unit))
    if problems:
        raise XliffError(f"{len(problems)} unit(s) cannot be imported; nothing was written", path=path,
                         hint="export again from the current catalogs, or fix the units in the CAT tool",
                         problems=tuple(problems))
    person = reviewer or acting_person(project)
    plan = _plan(project, found, person, overwrite=overwrite, as_draft=as_draft, accept_signed_off=accept_signed_off)
    if dry_run:
        return XliffImport(count, {doc: sum(r.action == "import" for r in requests)
                                   for doc, requests in plan.requests.items()}, plan.unchanged,
                           plan.suggested, plan.not_stamped, tuple(plan.skipped), dry_run=True,
                           untranslated=plan.untranslated)
    core = ReviewCore(project, lang, Actor(person, via="xliff"))
    changed: dict[str, int] = {}
    written = []
    suggested = 0
    for doc, requests in plan.requests.items():
        applied = core.apply(requests, all_or_nothing=False)
        changed[doc] = sum(outcome.request.action == "import" for outcome in applied.changed)
        suggested += sum(outcome.request.action == "suggest" for outcome in applied.changed)
        plan.unchanged += len(applied.outcomes) - len(applied.changed)  # already so when written
        plan.skipped += [f"unit {c.request.uid}: {c.message} (kept as it is now)" for c in applied.conflicts]
        if applied.changed:
            written.append(project.po_path(lang, doc))
    return XliffImport(count, changed, plan.unchanged, suggested, plan.not_stamped, tuple(plan.skipped),
                       tuple(written), untranslated=plan.untranslated)


def _problem(entry: Unit, unit: XliffUnit, codes: list[Code]) -> str | None:
    if unit.source.problems:
        return f"the source: {unit.source.problems[0]}"
    if unit.source.text != entry.msgid:
        return f"the source no longer matches the catalog (msgid {entry.msgid[:50]!r})"
    if unit.target is None:
        return None
    if unit.target.problems:
        return f"the target: {unit.target.problems[0]}"
    why = check_codes(codes, unit.target.codes)
    return f"the target's codes: {why}" if why else None


def _plan(project: Project, found: list[tuple[str, Unit, XliffUnit]], person: str, *, overwrite: bool,
          as_draft: bool, accept_signed_off: bool) -> _Plan:
    plan = _Plan()
    formats = {doc.name: project.format_of(doc) for doc in project.documents()}
    for doc, entry, unit in found:
        if unit.target is None or unit.state is State.UNTRANSLATED:
            plan.untranslated += 1
            continue
        text, state = unit.target.text, unit.state
        if is_copy_of_source(entry, text, formats[doc]):
            plan.skipped.append(f"unit {unit.id}: the target is a copy of the source (not imported)")
            continue
        if state is State.REVIEWED and not accept_signed_off:
            state = State.TRANSLATED
            if not (text == entry.msgstr and entry.state is State.REVIEWED):
                plan.not_stamped += 1
        if as_draft:
            state = State.DRAFT
        incoming = State.DRAFT if state is State.STALE else state
        if text == entry.msgstr and rank(incoming) <= rank(entry.state):
            plan.unchanged += 1  # the same text, at the same state or lower: an import never lowers a state
            continue
        requests = plan.requests.setdefault(doc, [])
        if entry.state in (State.REVIEWED, State.STALE) and text != entry.msgstr and not overwrite:
            if any(s.text == text for s in entry.suggestions):
                plan.unchanged += 1
                continue
            requests.append(Request(doc, entry.uid, "suggest", seen=entry.revision, text=text,
                                    by=unit.translator or person))
            plan.suggested += 1
            continue
        requests.append(Request(doc, entry.uid, "import", seen=entry.revision, text=text, origin=ORIGIN,
                                state=incoming, by=unit.translator if incoming is not State.DRAFT else None,
                                signed_by=unit.translator or person))
    return plan


class _Entries:
    """The catalogs an import reads, and each unit's codes, loaded as the file's units ask for them."""

    def __init__(self, project: Project, lang: str) -> None:
        self.project = project
        self.lang = lang
        self.documents = {doc.name: doc for doc in project.documents()}
        self.by_original = {project.relative(doc.path): name for name, doc in self.documents.items()}
        self.indexes: dict[str, dict[str, Unit]] = {}
        self._codes: dict[tuple[str, str], dict[str, Code] | None] = {}

    def _load(self, name: str) -> dict[str, Unit]:
        if name not in self.indexes:
            catalog: Catalog | None = self.project.load_catalog(self.lang, name)
            if catalog is None:
                raise CatalogError("no catalog for this language and document yet",
                                   path=self.project.po_path(self.lang, name), hint="run 'transmgr update' first")
            self.indexes[name] = {u.uid: u for u in catalog.active() if u.msgid}
        return self.indexes[name]

    def locate(self, where: str, uid: str) -> tuple[str, Unit] | None:
        """(document, entry) of unit ``uid``; a document renamed since the export is found by the id."""
        name = where if where in self.documents else self.by_original.get(where)
        if name is not None and uid in self._load(name):
            return name, self._load(name)[uid]
        for other in self.documents:
            if uid in self._load(other):
                return other, self._load(other)[uid]
        return None

    def codes_for(self, where: str, uid: str) -> dict[str, Code] | None:
        if (where, uid) not in self._codes:
            located = self.locate(where, uid)
            if located is None:
                self._codes[(where, uid)] = None
            else:
                doc, entry = located
                fmt = self.project.format_of(self.documents[doc])
                self._codes[(where, uid)] = {code.id: code for code in codes_of(pieces(entry.msgid, fmt))}
        return self._codes[(where, uid)]
