"""The review core: every change of a unit's translation or state, under one conflict rule, recorded.

Accept, edit, suggest, take or drop a suggestion, reject, comment, revert (undo), and the writes
of tools (a draft, an import) are all :class:`Request`\\ s applied by :meth:`ReviewCore.apply`; the
CLI ``review``, the terminal review, the web app, XLIFF and document import and ``draft`` call
nothing else to change a unit. The rules, in one place:

- **Identity.** A request names its unit by ``Unit.uid`` (a digest of msgctxt and msgid), never by
  position, so a unit moved by ``update`` is still the one meant, and a unit that is gone is a
  conflict, never another unit.
- **Conflict.** A request carries the unit's ``revision`` as the actor read it; under the
  catalogs' lock the core compares it with the unit on disk and refuses (:class:`Conflict`, with
  the current unit) when they differ. Reviewers' comments are not part of the revision.
- **Roles.** Reviewers may do everything; translators may edit, suggest, comment and undo their
  own last change, never accept; tools (drafts) only draft. With ``[review] four_eyes = true``
  nobody accepts a translation whose text they wrote last (``# translator:``).
- **What gettext can hold.** A translation must begin and end with a newline exactly when its
  source does (``msgfmt -c``); one that does not is normalised so.
- **History.** Each change is appended to the catalog's history (:mod:`.journal`) after the
  catalog is written; the last change of a unit can be undone under the same conflict rule.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from pathlib import Path

from transmgr.catalog import Catalog, State, Unit
from transmgr.catalog.merge3 import OTHER_BRANCH
from transmgr.catalog.model import Suggestion
from transmgr.catalog.state import (
    accept,
    add_comment,
    add_suggestion,
    drop_suggestion,
    reject,
    set_assessment,
    set_draft,
    set_translation,
)
from transmgr.catalog.store import redo_on_change
from transmgr.errors import ReviewError
from transmgr.workflows.project import Project
from transmgr.workflows.review.identity import collapse_spaces, same_person
from transmgr.workflows.review.journal import OUTSIDE, LastRecords, Record, Snapshot, journal_path, now_stamp
from transmgr.workflows.review.requests import ACTIONS, ALLOWED, Actor, Applied, Conflict, Outcome, Request, Role
from transmgr.workflows.review.rules import edited_origin, gettext_text, is_copy_of_source, wants_draft
from transmgr.workflows.review.store import CatalogStore


class ReviewCore:
    """Applies requests to one language's catalogs for one actor."""

    def __init__(self, project: Project, lang: str, actor: Actor, *, store: CatalogStore | None = None) -> None:
        self.project = project
        self.store = store or CatalogStore(project, lang)
        self.lang = self.store.lang
        self.actor = actor
        self.four_eyes = project.config.review.four_eyes
        self._journals: dict[str, LastRecords] = {}

    # -- reading ----------------------------------------------------------------------------------

    def journal(self, doc: str) -> Path:
        return journal_path(self.project.config.locales_dir, self.lang, doc)

    def locate(self, doc: str, uid: str) -> tuple[int, Unit] | None:
        """(entry number, unit) of the active unit ``uid`` in ``doc``'s catalog as on disk now."""
        catalog = self.store.get(doc)
        if catalog is None:
            return None
        for number, unit in enumerate((u for u in catalog if not u.obsolete), start=1):
            if unit.uid == uid:
                return number, unit
        return None

    def last_record(self, doc: str, uid: str) -> Record | None:
        """The last recorded action on unit ``uid`` of ``doc``."""
        return self._last_records(doc).get(uid)

    def _last_records(self, doc: str) -> dict[str, Record]:
        if doc not in self._journals:
            self._journals[doc] = LastRecords(self.journal(doc))
        return self._journals[doc].refresh()

    # -- writing ----------------------------------------------------------------------------------

    def apply(self, requests: Sequence[Request], *, all_or_nothing: bool = True) -> Applied:
        """Apply ``requests`` under the catalogs' lock and save what changed.

        With ``all_or_nothing`` the first conflict or refusal is raised and nothing is written;
        otherwise conflicting requests are skipped and listed, the rest applied. Documents are
        saved one by one; a PO editor saving a file meanwhile (it takes no lock) makes that
        document's requests be decided again on its new content.
        """
        by_doc: dict[str, list[Request]] = {}
        for request in requests:
            if request.action not in ACTIONS:
                raise ReviewError(f"unknown review action {request.action!r}", hint=f"use one of {', '.join(ACTIONS)}")
            by_doc.setdefault(request.doc, []).append(request)
        applied = Applied()
        with self.store.transaction(by_doc):
            decided: dict[str, tuple[list[Outcome], list[Conflict]]] = {}
            try:  # decide everything before anything is written
                for doc, doc_requests in by_doc.items():
                    decided[doc] = self._decide(doc, doc_requests, strict=all_or_nothing)
            except BaseException:
                for doc in by_doc:
                    self.store.forget(doc)  # changed in memory only: read again next time
                raise
            for doc, first in decided.items():
                result = [first]

                def save(doc: str = doc, result: list[tuple[list[Outcome], list[Conflict]]] = result) -> None:
                    self._save(doc, result[0][0])

                def decide_again(doc: str = doc, result: list[tuple[list[Outcome], list[Conflict]]] = result) -> None:
                    self.store.forget(doc)  # someone saved it meanwhile: decide again on what they saved
                    result[0] = self._decide(doc, by_doc[doc], strict=all_or_nothing)

                redo_on_change(save, again=decide_again)
                applied.outcomes += result[0][0]
                applied.conflicts += result[0][1]
        return applied

    def _decide(self, doc: str, requests: list[Request], *, strict: bool) -> tuple[list[Outcome], list[Conflict]]:
        catalog = self.store.get(doc)
        path = self.store.path(doc)
        if catalog is None:
            conflict = Conflict(f"no {self.lang} catalog for {doc!r}", request=requests[0], current=None, path=path,
                                hint="run 'transmgr update' to create it; nothing was changed")
            if strict:
                raise conflict
            return [], [conflict]
        index = {unit.uid: (number, unit) for number, unit in
                 enumerate((u for u in catalog if not u.obsolete), start=1)}
        outcomes: list[Outcome] = []
        conflicts: list[Conflict] = []
        for request in requests:
            try:
                outcome = self._decide_one(catalog, index, path, request)
            except Conflict as conflict:
                if strict:
                    raise
                conflicts.append(conflict)
                continue
            except ReviewError as exc:
                found = index.get(request.uid)
                if strict:
                    raise ReviewError(exc.message, path=path, line=found[1].line if found else None,
                                      hint=exc.hint) from exc
                conflicts.append(Conflict(exc.message, request=request, current=found[1] if found else None,
                                          path=path, hint=exc.hint))
                continue
            if outcome.changed:
                catalog.put(outcome.after, replacing=outcome.before)
                index[request.uid] = (outcome.number, outcome.after)
            outcomes.append(outcome)
        return outcomes, conflicts

    def _decide_one(self, catalog: Catalog, index: dict[str, tuple[int, Unit]], path: Path,
                    request: Request) -> Outcome:
        found = index.get(request.uid)
        if found is None:
            raise Conflict("this entry is no longer in the catalog (its source changed or was removed)",
                           request=request, current=None, path=path,
                           hint="run 'transmgr review --list' to see what is there now; nothing was changed")
        number, unit = found
        if request.seen is not None and request.seen != unit.revision:
            raise Conflict("someone changed this entry since it was read", request=request, current=unit,
                           number=number, path=path)
        if request.action not in ALLOWED[self.actor.role]:
            raise ReviewError(f"{self.actor.name} may not {request.action} here ({self.actor.role.value})",
                              hint="ask a reviewer of this language")
        after = _TRANSFORMS[request.action](self, catalog, unit, request)
        return Outcome(request, number, unit, after, path)

    def _save(self, doc: str, outcomes: list[Outcome]) -> None:
        changed = [outcome for outcome in outcomes if outcome.changed]
        if not changed:
            return
        last = self._last_records(doc)
        records = []
        for outcome in changed:
            unit = outcome.before
            known = last.get(unit.uid)
            if known is not None and known.new.revision != unit.revision:
                records.append(Record(now_stamp(), unit.uid, unit.msgid, OUTSIDE, "(outside transmgr)", "", "file",
                                      known.new, Snapshot.of(unit)))
            records.append(Record(now_stamp(), unit.uid, unit.msgid, outcome.request.action, self.actor.name,
                                  self.actor.role.value, self.actor.via, Snapshot.of(unit),
                                  Snapshot.of(outcome.after), _note(outcome.request)))
        self.store.save(doc, self.actor.name)
        from transmgr.workflows.review.journal import append_records

        append_records(self.journal(doc), records)

    # -- the actions ------------------------------------------------------------------------------

    def _accept(self, catalog: Catalog, unit: Unit, request: Request) -> Unit:
        if not unit.translated_fully:
            raise ReviewError("an untranslated entry cannot be accepted", hint="translate it first; nothing was changed")
        if request.text is not None and request.text != unit.msgstr:
            # Accepting with the links of an edited source put in: only the syntax may differ.
            fmt = self.project.format_of(next(iter(self.project.documents([request.doc]))))
            if fmt.plain(request.text) != fmt.plain(unit.msgstr):
                raise ReviewError("accepting with a changed text may change only its links and references",
                                  hint="edit the translation instead")
            editor = unit.editor
            unit = set_translation(unit, request.text, unit.origin, by=editor.who if editor else None)
        self._check_four_eyes(unit)
        return accept(unit, self.actor.name, edited=self._edited_share(request.doc, unit))

    def _edited_share(self, doc: str, unit: Unit) -> str | None:
        """How much of a draft a person changed outside transmgr (``12%``), from the history's record of
        the text it was drafted with; None when it was not changed, or the history does not know."""
        if not unit.draft_edited:
            return None
        from transmgr.catalog.model import text_digest
        from transmgr.workflows.review.journal import history_of

        for record in reversed(history_of(self.journal(doc), unit.uid)):
            drafted = (record.new.msgstr,) if not record.new.plural else record.new.plural
            if record.new.fuzzy and text_digest(drafted) == unit.draft_digest:
                ratio = difflib.SequenceMatcher(None, record.new.msgstr, unit.msgstr, autojunk=False).ratio()
                return f"{round(100 * (1 - ratio))}%"
        return None

    def _check_four_eyes(self, unit: Unit) -> None:
        editor = unit.editor
        if self.four_eyes and editor is not None and same_person(editor.who, self.actor.name):
            raise ReviewError("four eyes: you wrote this translation, so another reviewer must accept it",
                              hint="[review] four_eyes = true in the configuration")

    def _edit(self, catalog: Catalog, unit: Unit, request: Request) -> Unit:
        if unit.msgid_plural:
            raise ReviewError("plural entries cannot be edited here", hint="edit it in a PO editor, then accept it")
        text = gettext_text(unit.msgid, request.text or "")
        if not text.strip():
            raise ReviewError("an empty translation cannot be saved", hint="reject the unit instead")
        if text == unit.msgstr and not unit.fuzzy:
            after = unit
        elif text == unit.msgstr:  # a draft confirmed as it is: the tool's text, not the person's
            after = set_translation(unit, text, unit.origin or "draft")
        else:
            after = set_translation(unit, text, edited_origin(unit, text), by=self.actor.name)
        if request.accept:
            if self.actor.role is not Role.REVIEWER:
                raise ReviewError(f"{self.actor.name} may edit but not accept", hint="a reviewer accepts it later")
            self._check_four_eyes(after)
            after = accept(after, self.actor.name)
        return after

    def _suggest(self, catalog: Catalog, unit: Unit, request: Request) -> Unit:
        text = gettext_text(unit.msgid, request.text or "")
        if not text.strip():
            raise ReviewError("an empty suggestion cannot be saved")
        if text == unit.msgstr:
            raise ReviewError("the suggestion is the current translation", hint="accept it instead")
        # An import may name the person the file credits (a CAT tool's translator); nobody else speaks for another.
        who = request.by if request.by and self.actor.via in ("xliff", "import") else self.actor.name
        return add_suggestion(unit, text, who)

    def _suggestion(self, unit: Unit, by: str | None) -> Suggestion:
        found = next((s for s in unit.suggestions if by is not None and s.by == by), None)
        if found is None:
            raise ReviewError(f"no suggestion by {by!r} on this entry", hint="it was taken or dropped meanwhile")
        return found

    def _take(self, catalog: Catalog, unit: Unit, request: Request) -> Unit:
        suggestion = self._suggestion(unit, request.by)
        assert request.by is not None
        writer = None if suggestion.by == OTHER_BRANCH else suggestion.by
        taken = set_translation(unit, gettext_text(unit.msgid, suggestion.text), suggestion.origin or "suggestion",
                                by=writer)
        self._check_four_eyes(taken)
        return drop_suggestion(accept(taken, self.actor.name), request.by)

    def _drop(self, catalog: Catalog, unit: Unit, request: Request) -> Unit:
        self._suggestion(unit, request.by)
        assert request.by is not None
        if self.actor.role is not Role.REVIEWER and not same_person(request.by, self.actor.name):
            raise ReviewError("only a reviewer or its author may drop a suggestion")
        return drop_suggestion(unit, request.by)

    def _reject(self, catalog: Catalog, unit: Unit, request: Request) -> Unit:
        if not unit.translated_partly:
            return unit  # nothing to send back
        note = collapse_spaces(request.note) if request.note else None
        return reject(unit, clear=request.clear, note=note, who=self.actor.name)

    def _comment(self, catalog: Catalog, unit: Unit, request: Request) -> Unit:
        if not request.note or not request.note.strip():
            raise ReviewError("an empty comment was not saved")
        return add_comment(unit, request.note, self.actor.name)

    def _revert(self, catalog: Catalog, unit: Unit, request: Request) -> Unit:
        record = self.last_record(request.doc, unit.uid)
        if record is None:
            raise ReviewError("no recorded change of this entry to undo",
                              hint="changes made before the history was kept cannot be undone")
        if record.new.revision != unit.revision:
            raise Conflict("this entry changed after its last recorded action (outside transmgr)", request=request,
                           current=unit, hint="nothing was changed; edit it instead")
        if self.actor.role is not Role.REVIEWER and not (same_person(record.who, self.actor.name)
                                                          and record.action != "accept"):
            raise ReviewError(f"{self.actor.name} may undo only their own last change")
        return record.old.restored_on(unit, record.new)

    def _draft(self, catalog: Catalog, unit: Unit, request: Request) -> Unit:
        if not wants_draft(unit, redraft=request.redraft):
            raise Conflict("translated meanwhile: a draft never replaces a person's work", request=request,
                           current=unit)
        text = gettext_text(unit.msgid, request.text or "")
        if not text:
            raise ReviewError("an empty draft")
        if unit.rejected is not None and text == unit.msgstr:
            raise Conflict("the same text the reviewer rejected", request=request, current=unit)
        origin = request.origin or "draft"
        if request.state is State.TRANSLATED:
            return set_translation(unit, text, origin=origin)
        drafted = set_draft(unit, text, origin, tokens=request.tokens)
        if request.previous is not None:
            drafted = drafted.changed(previous_msgid=request.previous, previous_msgctxt=None)
        return drafted

    def _import(self, catalog: Catalog, unit: Unit, request: Request) -> Unit:
        text = gettext_text(unit.msgid, request.text or "")
        if not text:
            raise ReviewError("an empty translation cannot be imported")
        if is_copy_of_source(unit, text, self.project.format_of(next(iter(self.project.documents([request.doc]))))):
            raise ReviewError("the text is a copy of the source, not a translation",
                              hint="a fallback edition's stand-in or a CAT tool's pre-filled target")
        origin = request.origin or "import"
        if request.state is State.DRAFT:
            return set_draft(unit, text, origin)
        after = unit if text == unit.msgstr and unit.state is State.TRANSLATED else \
            set_translation(unit, text, origin=origin, by=request.by)
        if request.state is State.REVIEWED:
            after = accept(after, request.signed_by or self.actor.name)
        return after


def _assess(core: ReviewCore, catalog: Catalog, unit: Unit, request: Request) -> Unit:
    """The judge's verdict, written only on the translation it read."""
    if request.errors is None or not request.judge or not request.digest:
        raise ReviewError("an assessment needs the judge, its errors and the digest of what it read")
    if unit.digest != request.digest:
        raise Conflict("the translation changed since the judge read it", request=request, current=unit)
    return set_assessment(unit, request.judge, request.errors, request.digest)


def _note(request: Request) -> str | None:
    if request.action in ("reject", "comment") and request.note:
        return collapse_spaces(request.note)
    if request.action in ("take", "drop") and request.by:
        return f"suggestion by {request.by}"
    if request.action in ("draft", "import") and request.origin:
        return request.origin
    return None


_TRANSFORMS: dict[str, Callable[[ReviewCore, Catalog, Unit, Request], Unit]] = {
    "accept": ReviewCore._accept, "edit": ReviewCore._edit, "suggest": ReviewCore._suggest,
    "take": ReviewCore._take, "drop": ReviewCore._drop, "reject": ReviewCore._reject,
    "comment": ReviewCore._comment, "revert": ReviewCore._revert, "draft": ReviewCore._draft,
    "import": ReviewCore._import, "assess": _assess,
}
