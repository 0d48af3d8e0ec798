"""Review: the reviewer's identity, what awaits review, and accepting, rejecting or editing entries.

A reference names one entry: the ``#:`` file:line of the entry (``source/essay.md:12``), its
entry number in the PO file as shown by ``--list`` (``12``, when one document is in scope), or
both together (``essay#12``). Every action is written at once, atomically, with the PO header's
Last-Translator and PO-Revision-Date set to the reviewer and the time of the action.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import subprocess
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from transmgr.catalog import Catalog, State, Unit, accept, reject, set_translation
from transmgr.catalog.store import CatalogFile
from transmgr.errors import ReviewError
from transmgr.workflows.project import Project

REVIEWER_ENV = "TRANSMGR_REVIEWER"
REVIEW_FILTERS: dict[str, tuple[State, ...]] = {
    "draft": (State.DRAFT,),
    "translated": (State.TRANSLATED,),
    "stale": (State.STALE,),
    "all": (State.DRAFT, State.TRANSLATED, State.STALE),
    "reviewed": (State.REVIEWED,),  # not awaiting review: to see who approved what, or to review again
}
_NUMBER = re.compile(r"^\d+$")
_DOC_NUMBER = re.compile(r"^(?P<doc>.+)#(?P<number>\d+)$")
_FILE_LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+)$")
_LIST_HINT = "run 'transmgr review {lang} --list --state all' to see the references"

Key = tuple[str | None, str]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def git_identity(root: Path, environ: Mapping[str, str] | None = None) -> str | None:
    """``Name <email>`` from ``git config`` run in ``root``, or None when git has neither."""
    values = []
    for key in ("user.name", "user.email"):
        try:
            done = subprocess.run(
                ["git", "config", "--get", key], cwd=root, capture_output=True, text=True, timeout=10,
                env=dict(os.environ if environ is None else environ),
            )
        except (OSError, subprocess.SubprocessError):
            return None  # git not installed or not runnable: no identity from it
        values.append(_one_line(done.stdout) if done.returncode == 0 else "")
    name, email = values
    if name and email:
        return f"{name} <{email}>"
    return name or email or None


def resolve_reviewer(project: Project, environ: Mapping[str, str] | None = None) -> str:
    """Who is reviewing: config ``reviewer``, else ``$TRANSMGR_REVIEWER``, else git's user.name/email."""
    env = os.environ if environ is None else environ
    if project.config.reviewer:
        return _one_line(project.config.reviewer)
    from_env = _one_line(env.get(REVIEWER_ENV, ""))
    if from_env:
        return from_env
    from_git = git_identity(project.root, env)
    if from_git:
        return from_git
    raise ReviewError(
        "no reviewer identity: a review records who made it", path=project.config.config_path,
        hint=f'set reviewer = "Your Name <you@example.org>" in the configuration, or export {REVIEWER_ENV}, '
             "or run 'git config user.name \"Your Name\"' and 'git config user.email you@example.org'",
    )


@dataclass(frozen=True)
class ReviewItem:
    """One entry as the reviewer sees it: where it is, its text, state and history."""

    doc: str
    lang: str
    number: int
    references: tuple[str, ...]
    kind: str
    msgctxt: str | None
    msgid: str
    msgstr: str
    state: State
    origin: str | None
    previous_msgid: str | None
    note: str | None
    reviewed_by: str | None
    reviewed_on: str | None
    line: int | None = None

    @property
    def ref(self) -> str:
        """``doc#number``: a reference valid whatever documents are in scope."""
        return f"{self.doc}#{self.number}"

    @property
    def key(self) -> Key:
        return (self.msgctxt, self.msgid)

    @property
    def where(self) -> str:
        """The first ``#:`` reference (file:line), or :attr:`ref` when the entry has none."""
        return self.references[0] if self.references else self.ref

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready mapping."""
        return {
            "ref": self.ref, "doc": self.doc, "lang": self.lang, "number": self.number,
            "references": list(self.references), "kind": self.kind, "state": self.state.value,
            "origin": self.origin, "msgctxt": self.msgctxt, "msgid": self.msgid, "msgstr": self.msgstr,
            "previous_msgid": self.previous_msgid, "note": self.note,
            "reviewed_by": self.reviewed_by, "reviewed_on": self.reviewed_on,
        }


def active_entries(catalog: Catalog) -> list[Unit]:
    """The entries that are not obsolete, in file (= document) order; entry numbers count these."""
    return [entry for entry in catalog if not entry.obsolete]


def review_item(doc: str, lang: str, number: int, entry: Unit) -> ReviewItem:
    """The :class:`ReviewItem` of ``entry``, the ``number``-th active entry of ``doc``'s catalog."""
    stamp = entry.stamp
    return ReviewItem(
        doc=doc, lang=lang, number=number,
        references=tuple(f"{path}:{line}" if line else path for path, line in entry.references),
        kind=entry.note, msgctxt=entry.msgctxt, msgid=entry.msgid, msgstr=entry.msgstr,
        state=entry.state, origin=entry.origin, previous_msgid=entry.previous_msgid or None,
        note=entry.review_note, reviewed_by=stamp.who if stamp else None,
        reviewed_on=stamp.date if stamp else None, line=entry.line,
    )


def revision_date(now: dt.datetime | None = None) -> str:
    """A PO-Revision-Date value (``YYYY-MM-DD HH:MM+0000``, in UTC as ``update`` writes it)."""
    return (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M+0000")


def touch_header(catalog: Catalog, who: str, now: dt.datetime | None = None) -> None:
    """Set Last-Translator and PO-Revision-Date to the reviewer and the time of the change."""
    catalog.set_fields({"Last-Translator": who, "PO-Revision-Date": revision_date(now)})


class CatalogStore:
    """One language's catalogs, read once and read again only when the file changed on disk.

    Changes are made inside :meth:`transaction`, which holds the project's lock and brings every
    catalog up to date with the disk first, so they apply to what another writer left there.
    """

    def __init__(self, project: Project, lang: str) -> None:
        project.languages([lang])
        self.project = project
        self.lang = lang
        self._cache: dict[str, tuple[CatalogFile, tuple[int, int, int]]] = {}
        self.versions: dict[str, int] = {}
        self._verify = False

    def path(self, doc: str) -> Path:
        return self.project.po_path(self.lang, doc)

    @staticmethod
    def _signature(path: Path) -> tuple[int, int, int]:
        stat = path.stat()
        return (stat.st_ino, stat.st_mtime_ns, stat.st_size)

    def get(self, doc: str) -> Catalog | None:
        """The catalog of ``doc`` as it is on disk now, or None when there is none.

        Outside a transaction a changed file is noticed by its inode, time and size; inside one
        by its bytes, which nothing can fool.
        """
        path = self.path(doc)
        if not path.exists():
            self._cache.pop(doc, None)
            return None
        cached = self._cache.get(doc)
        signature = self._signature(path)
        if cached is not None and cached[1] == signature and not (self._verify and cached[0].changed()):
            return cached[0].catalog
        file = CatalogFile.read(path)
        self._cache[doc] = (file, signature)
        self.versions[doc] = self.versions.get(doc, 0) + 1
        return file.catalog

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Hold the project's lock; inside it :meth:`get` compares bytes and :meth:`save` may write."""
        with self.project.writing():
            self._verify = True
            try:
                yield
            finally:
                self._verify = False

    def put(self, doc: str, unit: Unit, *, replacing: Unit) -> None:
        """Store ``unit`` in ``doc``'s catalog in place of ``replacing`` (saved by :meth:`save`)."""
        catalog = self.get(doc)
        assert catalog is not None
        catalog.put(unit, replacing=replacing)

    def save(self, doc: str, who: str) -> Path:
        """Write ``doc``'s catalog with a current header (inside :meth:`transaction` only)."""
        if not self._verify:
            raise AssertionError("CatalogStore.save outside a transaction")
        file, _ = self._cache[doc]
        assert file.catalog is not None
        touch_header(file.catalog, who)
        try:
            file.save(file.catalog)
        finally:
            # Written or not, the next get() reads the file again if it is not what we hold.
            self._cache[doc] = (file, self._signature(file.path) if file.path.exists() else (0, 0, 0))
        self.versions[doc] = self.versions.get(doc, 0) + 1
        return file.path

    def catalogs(self, docs: Sequence[str] | None = None) -> Iterator[tuple[str, Catalog]]:
        """(doc, catalog) for every selected document that has a catalog in this language."""
        found = []
        for source in self.project.documents(list(docs) if docs else None):
            catalog = self.get(source.name)
            if catalog is None:
                if docs:
                    raise ReviewError(f"no {self.lang} catalog for {source.name!r}", path=self.path(source.name),
                                      hint="run 'transmgr update' to create it")
                continue
            found.append((source.name, catalog))
        if not found:
            raise ReviewError(f"no {self.lang} catalog to review", path=self.project.config.locales_dir,
                              hint="run 'transmgr update' to create the catalogs")
        yield from found

    def find(self, doc: str, key: Key) -> tuple[int, Unit] | None:
        """(entry number, entry) of the active entry with ``key`` in ``doc``'s current catalog."""
        catalog = self.get(doc)
        for number, entry in enumerate(active_entries(catalog) if catalog is not None else (), start=1):
            if (entry.msgctxt, entry.msgid) == key:
                return number, entry
        return None


def review_states(state: str) -> tuple[State, ...]:
    """The states a ``--state`` value selects."""
    try:
        return REVIEW_FILTERS[state]
    except KeyError:
        raise ReviewError(f"unknown review state {state!r}", hint=f"use one of {', '.join(REVIEW_FILTERS)}") from None


def list_review(
    project: Project, lang: str, docs: Sequence[str] | None = None, state: str = "all",
    *, store: CatalogStore | None = None,
) -> list[ReviewItem]:
    """What awaits review in ``lang``: entries in the states ``state`` selects, in document order."""
    wanted = review_states(state)
    store = store or CatalogStore(project, lang)
    items = []
    for doc, catalog in store.catalogs(docs):
        for number, entry in enumerate(active_entries(catalog), start=1):
            if entry.state in wanted:
                items.append(review_item(doc, lang, number, entry))
    return items


@dataclass(frozen=True)
class Located:
    """A reference resolved to one entry."""

    ref: str
    doc: str
    number: int
    entry: Unit


def locate_references(store: CatalogStore, refs: Sequence[str], docs: Sequence[str] | None = None) -> list[Located]:
    """Resolve every reference first, so that one bad reference changes nothing."""
    catalogs = dict(store.catalogs(docs))
    entries = {doc: active_entries(catalog) for doc, catalog in catalogs.items()}
    hint = _LIST_HINT.format(lang=store.lang)
    located: list[Located] = []
    for raw in refs:
        ref = raw.strip()
        doc_number = _DOC_NUMBER.match(ref)
        if _NUMBER.match(ref) or doc_number:
            if doc_number:
                doc, number = doc_number.group("doc"), int(doc_number.group("number"))
                if doc not in entries:
                    raise ReviewError(f"reference {ref!r}: no {store.lang} catalog for document {doc!r} in scope",
                                      hint=f"documents: {', '.join(entries)}")
            elif len(entries) == 1:
                doc, number = next(iter(entries)), int(ref)
            else:
                raise ReviewError(f"reference {ref!r} is ambiguous: {len(entries)} documents are in scope",
                                  hint=f"write it as DOC#{ref} (e.g. {next(iter(entries))}#{ref}) or pass --doc")
            if not 1 <= number <= len(entries[doc]):
                raise ReviewError(f"reference {ref!r}: {doc} has entries 1 to {len(entries[doc])}",
                                  path=store.path(doc), hint=hint)
            located.append(Located(ref, doc, number, entries[doc][number - 1]))
            continue
        if not _FILE_LINE.match(ref):
            raise ReviewError(f"reference {ref!r} is neither file:line, an entry number nor DOC#NUMBER", hint=hint)
        wanted = ref.removeprefix("./")
        matches = [
            Located(ref, doc, number, entry)
            for doc, active in entries.items() for number, entry in enumerate(active, start=1)
            if any(f"{path}:{line}" == wanted for path, line in entry.references)
        ]
        if not matches:
            raise ReviewError(f"no {store.lang} entry at {ref!r}", hint=hint)
        if len(matches) > 1:
            numbers = ", ".join(f"{m.doc}#{m.number}" for m in matches)
            raise ReviewError(f"{ref!r} holds {len(matches)} entries", hint=f"name one of them: {numbers}")
        located.append(matches[0])
    unique: dict[tuple[str, int], Located] = {}
    for loc in located:
        unique.setdefault((loc.doc, loc.number), loc)
    return list(unique.values())


def accept_entry(entry: Unit, who: str, *, day: dt.date | None = None) -> Unit:
    """``entry`` reviewed by ``who``; an untranslated entry is a :class:`ReviewError`."""
    if not entry.translated_fully:
        raise ReviewError("an untranslated entry cannot be accepted", line=entry.line,
                          hint="translate it first, or press e to write the translation")
    return accept(entry, who, day=day)


def reject_entry(entry: Unit, who: str, *, note: str | None = None, keep_draft: bool = False,
                 day: dt.date | None = None) -> Unit:
    """``entry`` sent back to untranslated, or kept as a draft; ``note`` tells the translator why."""
    return reject(entry, keep_as_draft=keep_draft, note=_one_line(note) if note else None, who=who, day=day)


def edited_origin(origin: str | None) -> str:
    """The origin recorded for a translation the reviewer edited: ``<old origin> edited``."""
    if not origin:
        return "edited"
    return origin if origin == "edited" or origin.endswith(" edited") else f"{origin} edited"


def edit_entry(entry: Unit, text: str, who: str, *, day: dt.date | None = None) -> Unit:
    """``entry`` with the reviewer's ``text`` as its translation, reviewed by them."""
    if entry.msgid_plural:
        raise ReviewError("plural entries cannot be edited here", line=entry.line,
                          hint="edit it in a PO editor, then accept it")
    if not text.strip():
        raise ReviewError("an empty translation cannot be saved", hint="reject the entry instead (r)")
    return accept(set_translation(entry, text, edited_origin(entry.origin), day=day), who, day=day)


@dataclass(frozen=True)
class ReviewResult:
    """One entry an action was applied to: as it was before, and its state after."""

    action: str
    before: ReviewItem
    after: State
    path: Path

    def as_dict(self, project: Project) -> dict[str, object]:
        return {"action": self.action, "ref": self.before.ref, "where": self.before.where,
                "before": self.before.state.value, "after": self.after.value, "path": project.relative(self.path)}


def _apply(store: CatalogStore, located: list[Located], action: str, who: str,
           apply: Callable[[Unit], Unit]) -> list[ReviewResult]:
    results = []
    changed: dict[str, None] = {}
    for loc in located:
        before = review_item(loc.doc, store.lang, loc.number, loc.entry)
        after = apply(loc.entry)
        if after != loc.entry:
            store.put(loc.doc, after, replacing=loc.entry)
            changed[loc.doc] = None
        results.append(ReviewResult(action, before, after.state, store.path(loc.doc)))
    for doc in changed:  # a no-op (rejecting an untranslated entry) leaves the file and its header alone
        store.save(doc, who)
    return results


def accept_references(project: Project, lang: str, refs: Sequence[str], *, reviewer: str,
                      docs: Sequence[str] | None = None) -> list[ReviewResult]:
    """Accept the referenced entries (all checked before anything is written)."""
    store = CatalogStore(project, lang)
    with store.transaction():
        located = locate_references(store, refs, docs)
        for loc in located:
            if not loc.entry.translated_fully:
                raise ReviewError(f"{loc.ref}: an untranslated entry cannot be accepted", path=store.path(loc.doc),
                                  line=loc.entry.line, hint="translate it first; nothing was changed")
        return _apply(store, located, "accept", reviewer, lambda entry: accept_entry(entry, reviewer))


def reject_references(project: Project, lang: str, refs: Sequence[str], *, reviewer: str, note: str | None = None,
                      keep_draft: bool = False, docs: Sequence[str] | None = None) -> list[ReviewResult]:
    """Reject the referenced entries: back to untranslated, or kept as drafts with ``note``."""
    store = CatalogStore(project, lang)
    with store.transaction():
        located = locate_references(store, refs, docs)
        return _apply(store, located, "reject", reviewer,
                      lambda entry: reject_entry(entry, reviewer, note=note, keep_draft=keep_draft))


def edit_reference(project: Project, lang: str, ref: str, text: str, *, reviewer: str,
                   docs: Sequence[str] | None = None) -> ReviewResult:
    """Replace the referenced entry's translation with ``text``, reviewed by ``reviewer``."""
    store = CatalogStore(project, lang)
    with store.transaction():
        located = locate_references(store, [ref], docs)
        return _apply(store, located, "edit", reviewer, lambda entry: edit_entry(entry, text, reviewer))[0]
