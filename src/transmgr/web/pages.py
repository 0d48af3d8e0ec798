"""What the review app shows: the overview, a queue, a unit, the document as a reader sees it.

Every page is built in a worker thread from the catalogs as they are on disk now (other languages
and the history included), addressed by the unit's stable id, never by its position.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from transmgr.catalog import Catalog, State, Unit
from transmgr.catalog.state import comments_of
from transmgr.editions.model import Piece, Status
from transmgr.workflows.review.actions import REVIEW_FILTERS, review_filter
from transmgr.workflows.review.context import word_diff
from transmgr.workflows.review.items import active_entries, queue_key, review_item
from transmgr.workflows.review.journal import Record, history_of, journal_path
from transmgr.workflows.review.requests import Role

if TYPE_CHECKING:
    from transmgr.web.app import ReviewApp
    from transmgr.web.auth import Person

#: The queue's filters: the review states, then two that need more than the unit.
FILTERS = (*REVIEW_FILTERS, "failing", "comments")
FILTER_LABELS = {"all": "awaiting review", "failing": "failing checks", "comments": "with comments"}
EXACT_MEMORY = "memory 100%"
PAGE_SIZE = 200


def unit_url(lang: str, doc: str, uid: str, state: str = "all") -> str:
    return f"/l/{lang}/u/{uid}/{doc}" + (f"?state={state}" if state != "all" else "")


def queue_url(lang: str, doc: str, state: str = "all") -> str:
    return f"/l/{lang}/d/{doc}" + (f"?state={state}" if state != "all" else "")


def state_of(request: Request) -> str:
    state = request.query_params.get("state", "all")
    return state if state in FILTERS else "all"


def reference_only(fmt: Any, unit: Unit) -> str | None:
    """For a draft whose source changed only in its links or references (the words are the same),
    the translation with the new targets put in; None for any other unit."""
    previous = unit.previous_msgid
    if unit.state is not State.DRAFT or not previous or previous == unit.msgid or not unit.msgstr:
        return None
    if fmt.plain(previous) != fmt.plain(unit.msgid):
        return None
    from transmgr.formats.base import Role as Syntax

    roles = (Syntax.TARGET, Syntax.URL)
    old = fmt.inline(previous).values(*roles)
    new = fmt.inline(unit.msgid).values(*roles)
    if len(old) != len(new):
        return None
    text = unit.msgstr
    for before, after in zip(old, new):
        if before != after:
            if text.count(before) != 1:
                return None  # not found, or ambiguous: a person must look
            text = text.replace(before, after)
    return text if text != unit.msgstr else None


@dataclass(frozen=True)
class Row:
    """One unit in a queue."""

    number: int
    uid: str
    state: str
    msgid: str
    msgstr: str
    suggestions: int
    rejected: bool
    comments: int
    judged: str = ""  # the worst severity of a judge's current errors ("" for none)
    order: tuple[int, float, int] = (2, 100.0, 0)


class Pages:
    """The GET routes."""

    def __init__(self, app: ReviewApp) -> None:
        self.app = app

    def _page(self, request: Request) -> tuple[Person, str, str] | Response:
        person = self.app.person(request)
        if person is None:
            return RedirectResponse("/", status_code=303)
        found = self.app.target(request)
        if found is None:
            return self.app.error(request, 404, "No such language or document in this project.")
        return person, found[0], found[1]

    async def home(self, request: Request) -> Response:
        person = self.app.person(request)
        if person is None:
            return self.app.render(request, "login.html")
        from transmgr.workflows import status

        rows = await run_in_threadpool(status, self.app.project)
        return self.app.render(request, "home.html", rows=rows, languages=self.app.project.config.languages,
                               docs=self.app.doc_names())

    async def login_page(self, request: Request) -> Response:
        """A login link opened (or fetched by a mail scanner): a page with a sign-in button; the
        link is used up only by that button's POST."""
        from transmgr.web.auth import peek_invite

        token = request.path_params["token"]
        name = await run_in_threadpool(peek_invite, self.app.project.config, token)
        if name is None:
            return self.app.error(request, 403, "This login link is unknown, used or expired. Ask for a new one.")
        return self.app.render(request, "login_confirm.html", name=name, token=token)

    async def by_number(self, request: Request) -> Response:
        """An old address by entry number: to the unit that has that number now."""
        page = self._page(request)
        if isinstance(page, Response):
            return page
        _, lang, doc = page
        with self.app.read_lock:
            catalog = self.app.store(lang).get(doc)
        entries = active_entries(catalog) if catalog is not None else []
        written = request.path_params["number"]
        number = int(written) if written.isdigit() and len(written) <= 9 else 0
        if not 1 <= number <= len(entries):
            return self.app.error(request, 404, "No such segment.")
        return RedirectResponse(unit_url(lang, doc, entries[number - 1].uid, state_of(request)), status_code=303)

    async def queue(self, request: Request) -> Response:
        page = self._page(request)
        if isinstance(page, Response):
            return page
        person, lang, doc = page
        state, query = state_of(request), request.query_params.get("q", "").strip()[:200]
        values = await run_in_threadpool(self._queue_values, lang, doc, state, query)
        return self.app.render(request, "queue.html", lang=lang, doc=doc, state=state, query=query,
                               filters=[(f, FILTER_LABELS.get(f, f)) for f in FILTERS],
                               may=person.may(lang), reviewer=person.role is Role.REVIEWER, **values)

    def _queue_values(self, lang: str, doc: str, state: str, query: str) -> dict[str, Any]:
        with self.app.read_lock:
            store = self.app.store(lang)
            catalog = store.get(doc)
            if catalog is None:
                return {"rows": [], "total": 0, "exact": [], "refs_only": []}
            findings = self.app.context(lang).findings(doc, catalog, store.versions.get(doc)) \
                if state == "failing" else {}
        fmt = self.app.project.format_of(next(d for d in self.app.project.documents([doc])))
        wanted = review_filter(state) if state in REVIEW_FILTERS else None
        folded = query.casefold()
        rows, exact, refs_only = [], [], []
        for number, unit in enumerate(active_entries(catalog), start=1):
            if not unit.msgid:
                continue
            if unit.state is State.DRAFT and (unit.draft_origin or "").startswith(EXACT_MEMORY):
                exact.append(unit.uid)
            if reference_only(fmt, unit) is not None:
                refs_only.append(unit.uid)
            if wanted is not None and not wanted(unit):
                continue
            if state == "failing" and not findings.get(unit.key):
                continue
            if state == "comments" and not comments_of(unit):
                continue
            if folded and folded not in unit.msgid.casefold() and folded not in unit.msgstr.casefold():
                continue
            found = unit.assessment
            rows.append(Row(number, unit.uid, unit.state.value, unit.msgid, unit.msgstr, len(unit.suggestions),
                            unit.rejected is not None, len(comments_of(unit)),
                            found.worst or "" if found is not None and found.flagged else "",
                            queue_key(unit, number)))
        rows.sort(key=lambda row: row.order)  # a judge's critical and major errors first (see queue_key)
        return {"rows": rows[:PAGE_SIZE], "total": len(rows), "exact": exact, "refs_only": refs_only}

    async def unit(self, request: Request) -> Response:
        page = self._page(request)
        if isinstance(page, Response):
            return page
        person, lang, doc = page
        values = await run_in_threadpool(unit_values, self.app, lang, doc, request.path_params["uid"], person,
                                         state_of(request))
        if values is None:
            return self.app.error(request, 404, "No such segment: its source changed or it was removed. "
                                                "Go back to the queue to see the document as it is now.")
        return self.app.render(request, "segment.html", **values)

    async def document(self, request: Request) -> Response:
        page = self._page(request)
        if isinstance(page, Response):
            return page
        _, lang, doc = page
        blocks = await run_in_threadpool(self._document_blocks, lang, doc)
        return self.app.render(request, "document.html", lang=lang, doc=doc, blocks=blocks,
                               states=[s.value for s in State])

    def _document_blocks(self, lang: str, doc: str) -> list[dict[str, Any]]:
        """The document's blocks in the target language, each segment with its state and unit id."""
        from transmgr.web.app import marked_controls

        project = self.app.project
        source = next(d for d in project.documents([doc]))
        document = project.segment(source)
        fmt = project.format_of(source)
        with self.app.read_lock:
            catalog = self.app.store(lang).get(doc)
        units = {u.key: u for u in active_entries(catalog)} if catalog is not None else {}
        source_lang = project.config.source_language
        blocks = []
        for block in document.blocks:
            segments = []
            for segment in block.segments:
                unit = units.get((segment.context, segment.text))
                state = unit.state if unit else State.UNTRANSLATED
                if unit is not None and unit.msgstr and state is not State.UNTRANSLATED:
                    piece = Piece(unit.msgstr, Status.DRAFT if state is State.DRAFT else Status.TRANSLATED)
                else:
                    piece = Piece(segment.text, Status.FALLBACK)
                segments.append({"html": marked_controls(fmt.piece_html(piece, lang, source_lang)), "state": state.value,
                                 "uid": unit.uid if unit else None})
            blocks.append({"kind": block.kind, "level": block.level, "segments": segments})
        return blocks


def unit_values(app: ReviewApp, lang: str, doc: str, uid: str, person: Person, state: str,
                proposed: str | None = None, conflict: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """What the unit page shows; None when the unit is not in the catalog."""
    project = app.project
    with app.read_lock:
        store = app.store(lang)
        catalog = store.get(doc)
        found = _find(catalog, uid)
        if found is None or catalog is None:
            return None
        number, entry = found
        version = store.versions.get(doc)
        builder = app.context(lang)
    item = review_item(doc, lang, number, entry)
    context = builder.build(item, catalog, version)  # outside the lock: the catalog read is not changed
    history = history_of(journal_path(project.config.locales_dir, lang, doc), uid)
    last = history[-1] if history else None
    reviewed_text = _last_reviewed_text(history) if entry.state is State.STALE else None
    terms = _terms(app, entry, lang)
    entries = active_entries(catalog)
    queue = [u for n, u in sorted(enumerate(entries), key=lambda pair: queue_key(pair[1], pair[0]))
             if _in_queue(u, state)]
    uids = [u.uid for u in queue]
    position = uids.index(uid) if uid in uids else None
    before = uids[position - 1] if position else None
    after = uids[position + 1] if position is not None and position + 1 < len(uids) else None
    if position is None:  # not in the queue (any more): the next one after it in the document
        later = [u.uid for u in active_entries(catalog)[number:] if _in_queue(u, state)]
        after = later[0] if later else None
    editor = entry.editor
    return {
        "lang": lang, "doc": doc, "number": number, "uid": uid, "item": item, "entry": entry, "context": context,
        "terms": terms, "state": state, "prev_uid": before, "next_uid": after, "seen": entry.revision,
        "may": person.may(lang), "reviewer": person.role is Role.REVIEWER,
        "four_eyes_blocks": bool(project.config.review.four_eyes and editor is not None
                                 and _same(editor.who, person.name)),
        "four_eyes": project.config.review.four_eyes,
        "comments": comments_of(entry), "proposed": proposed if proposed is not None else entry.msgstr,
        "diff": word_diff(entry.previous_msgid, entry.msgid) if entry.previous_msgid else None,
        "reviewed_text": reviewed_text,
        "reviewed_diff": word_diff(reviewed_text, entry.msgstr) if reviewed_text is not None else None,
        "history": list(reversed(history)), "undo": last is not None and last.new.revision == entry.revision,
        "last": last, "conflict": conflict,
    }


def _same(a: str, b: str) -> bool:
    from transmgr.workflows.review.identity import same_person

    return same_person(a, b)


def _find(catalog: Catalog | None, uid: str) -> tuple[int, Unit] | None:
    if catalog is None:
        return None
    return next(((n, u) for n, u in enumerate(active_entries(catalog), start=1) if u.uid == uid), None)


def _in_queue(unit: Unit, state: str) -> bool:
    if state in REVIEW_FILTERS:
        return REVIEW_FILTERS[state](unit)
    if state == "comments":
        return bool(comments_of(unit))
    return REVIEW_FILTERS["all"](unit)


def _last_reviewed_text(history: list[Record]) -> str | None:
    for record in reversed(history):
        if record.new.state == State.REVIEWED.value:
            return record.new.msgstr
    return None


def _terms(app: ReviewApp, entry: Unit, lang: str) -> list[dict[str, Any]]:
    glossary = app.glossary()
    terms = []
    for concept, words in glossary.concepts_in(entry.msgid, app.project.config.source_language) if glossary else []:
        target = concept.preferred(lang)
        if target:
            terms.append({"source": words, "target": target, "note": concept.note_for(lang),
                          "forbidden": [f.text for f in concept.forbidden.get(lang, ())]})
    return terms
