"""What changes through the review app: signing in and out, and the review core's actions.

Every change needs the session's CSRF token; every unit action names the unit by its stable id and
carries the revision the person was shown, and is applied by the review core in a worker thread.
A unit that changed meanwhile is answered 409 with both texts and their difference, the person's
own text kept in the editor; a unit that is gone is answered 409 too, never applied elsewhere.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from transmgr.catalog import Catalog
from transmgr.errors import ReviewError, TransmgrError
from transmgr.locking import LockBusy, waiting_at_most
from transmgr.web.auth import consume_invite, csrf_ok
from transmgr.web.pages import EXACT_MEMORY, queue_url, reference_only, unit_url, unit_values
from transmgr.workflows.review.context import word_diff
from transmgr.workflows.review.core import ReviewCore
from transmgr.workflows.review.items import active_entries
from transmgr.workflows.review.requests import Actor, Applied, Conflict, Role
from transmgr.workflows.review.requests import Request as Change

if TYPE_CHECKING:
    from transmgr.web.app import ReviewApp
    from transmgr.web.auth import Person

#: The actions a form may ask for, and what the flash says when one is done.
DONE = {"accept": "Accepted", "edit": "Saved", "edit_accept": "Saved and accepted", "suggest": "Suggestion saved",
        "take": "Suggestion taken and accepted", "drop": "Suggestion dropped", "reject": "Rejected",
        "comment": "Comment added", "undo": "Undone"}
STAY = ("comment", "suggest", "drop", "undo")  # actions after which the same unit is shown again
MAX_CHECKED = 20_000  # characters: a proposed translation checked as the person types
BUSY = ("Not saved: another transmgr process (an update, a draft run) is writing the catalogs. Nothing was "
        "changed; your text is kept below. Try again in a moment.")


class Forms:
    """The POST routes."""

    def __init__(self, app: ReviewApp) -> None:
        self.app = app

    async def login(self, request: Request) -> Response:
        """The sign-in button of a login link's page: uses the link up and starts a session."""
        if request.headers.get("sec-fetch-site") == "cross-site":
            return self.app.error(request, 403, "Sign in from the login link itself.")
        form = await request.form()
        name = await run_in_threadpool(consume_invite, self.app.project.config, str(form.get("token", "")))
        if name is None:
            return self.app.error(request, 403, "This login link is unknown, used or expired. Ask for a new one.")
        response = RedirectResponse("/", status_code=303)
        self.app.sign_out(request, response)  # whatever session this browser had ends: no fixation
        await run_in_threadpool(self.app.sign_in, response, name)
        return response

    async def logout(self, request: Request) -> Response:
        session = self.app.session(request)
        form = await request.form()
        if session is None or not csrf_ok(session.csrf, form.get("csrf")):
            return self.app.error(request, 403, "The form expired; reload the page and try again.")
        response = RedirectResponse("/", status_code=303)
        self.app.sign_out(request, response)
        return response

    def _authorised(self, request: Request, token: object) -> tuple[Person, str, str] | Response:
        session = self.app.session(request)
        person = self.app.person(request)
        if session is None or person is None:
            return self.app.error(request, 403, "Sign in first: ask for a login link.")
        if not csrf_ok(session.csrf, token):
            return self.app.error(request, 403, "The form expired or came from another site; reload the page.")
        found = self.app.target(request)
        if found is None:
            return self.app.error(request, 404, "No such language or document in this project.")
        if not person.may(found[0]):
            return self.app.error(request, 403, f"{person.name} may not work on {found[0]} in this project.")
        return person, found[0], found[1]

    async def act(self, request: Request) -> Response:
        form = await request.form()
        allowed = self._authorised(request, form.get("csrf"))
        if isinstance(allowed, Response):
            return allowed
        person, lang, doc = allowed
        action = str(form.get("action", ""))
        if action not in DONE:
            return self.app.error(request, 400, "Unknown action.")
        uid = request.path_params["uid"]
        state = str(form.get("state", "all"))
        text = str(form.get("text", ""))
        change = Change(
            doc, uid, {"edit_accept": "edit", "undo": "revert"}.get(action, action), seen=str(form.get("seen", "")),
            text=text if action in ("edit", "edit_accept", "suggest") else None,
            note=str(form.get("note", "")).strip() or None, clear=bool(form.get("clear")),
            accept=action == "edit_accept", by=(str(form.get("by", "")) or None) if action in ("take", "drop") else None)
        core = ReviewCore(self.app.project, lang, Actor(person.name, person.role, "web"))
        try:
            applied: Applied = await run_in_threadpool(self._apply, core, [change], True)
        except LockBusy:
            values = await run_in_threadpool(unit_values, self.app, lang, doc, uid, person, state, text or None)
            if values is None:
                return self.app.error(request, 503, BUSY)
            return self.app.render(request, "segment.html", status=503, busy=BUSY, **values)
        except Conflict as conflict:
            return await self._conflict(request, person, lang, doc, state, conflict, text, str(form.get("shown", "")))
        except ReviewError as exc:
            self.app.flash(request, "error", exc.message + (f" ({exc.hint})" if exc.hint else ""))
            return RedirectResponse(unit_url(lang, doc, uid, state), status_code=303)
        except TransmgrError as exc:
            return self.app.error(request, 503, str(exc))
        outcome = applied.outcomes[0]
        if outcome.changed:
            self.app.flash(request, "ok", f"{DONE[action]}: segment {outcome.number}.")
        else:
            self.app.flash(request, "ok", f"Nothing to change: segment {outcome.number} is already so.")
        if action in STAY:
            return RedirectResponse(unit_url(lang, doc, uid, state), status_code=303)
        following = await run_in_threadpool(self._next_in_queue, lang, doc, outcome.number, state)
        if following is None:
            return RedirectResponse(queue_url(lang, doc, state), status_code=303)
        return RedirectResponse(unit_url(lang, doc, following, state), status_code=303)

    def _apply(self, core: ReviewCore, changes: list[Change], all_or_nothing: bool) -> Applied:
        """Apply ``changes`` in this worker thread, waiting for the catalogs' lock at most the app's
        ``lock_timeout`` (then :class:`LockBusy`)."""
        with waiting_at_most(self.app.lock_timeout):
            return core.apply(changes, all_or_nothing=all_or_nothing)

    def _next_in_queue(self, lang: str, doc: str, number: int, state: str) -> str | None:
        from transmgr.web.pages import _in_queue

        with self.app.read_lock:
            catalog = self.app.store(lang).get(doc)
        later = active_entries(catalog)[number:] if catalog is not None else []
        return next((unit.uid for unit in later if _in_queue(unit, state)), None)

    async def _conflict(self, request: Request, person: Person, lang: str, doc: str, state: str, conflict: Conflict,
                        text: str, shown: str) -> Response:
        uid = request.path_params["uid"]
        if conflict.current is None:
            return self.app.render(request, "gone.html", status=409, lang=lang, doc=doc, state=state, text=text,
                                   message=conflict.message)
        current = conflict.current.msgstr
        details: dict[str, Any] = {"message": conflict.message, "shown": shown, "current": current,
                                   "diff": word_diff(shown, current) if shown != current else None,
                                   "yours": text or None,
                                   "yours_diff": word_diff(current, text) if text and text != current else None}
        values = await run_in_threadpool(unit_values, self.app, lang, doc, uid, person, state, text or None, details)
        if values is None:
            return self.app.render(request, "gone.html", status=409, lang=lang, doc=doc, state=state, text=text,
                                   message=conflict.message)
        return self.app.render(request, "segment.html", status=409, **values)

    async def check(self, request: Request) -> Response:
        """Findings for a proposed translation (the page asks as the person types)."""
        session = self.app.session(request)
        if session is None or not csrf_ok(session.csrf, request.headers.get("x-csrf-token")):
            return JSONResponse({"error": "forbidden"}, status_code=403)
        found = self.app.target(request)
        if found is None:
            return JSONResponse({"error": "not found"}, status_code=404)
        lang, doc = found
        try:
            body = json.loads(await request.body())
            text = str(body.get("text", ""))
        except (ValueError, AttributeError, RecursionError):
            return JSONResponse({"error": "bad request"}, status_code=400)
        if len(text) > MAX_CHECKED:
            return JSONResponse({"findings": [], "skipped": f"over {MAX_CHECKED} characters: checked on save"})
        findings = await run_in_threadpool(self._findings, lang, doc, request.path_params["uid"], text)
        if findings is None:
            return JSONResponse({"error": "not found"}, status_code=404)
        return JSONResponse({"findings": findings})

    def _findings(self, lang: str, doc: str, uid: str, text: str) -> list[dict[str, str]] | None:
        from transmgr.workflows.review.context import load_findings

        with self.app.read_lock:
            current = self.app.store(lang).get(doc)
        entry = next((u for u in active_entries(current) if u.uid == uid), None) if current is not None else None
        if entry is None or current is None:
            return None
        if not text.strip():
            return []
        catalog = Catalog(list(current.units), current.header, current.path)  # a copy: the store's stays as on disk
        catalog.put(entry.changed(msgstr=text, flags=tuple(f for f in entry.flags if f != "fuzzy")), replacing=entry)
        found = load_findings(self.app.project, lang, doc, catalog).get(entry.key, [])
        return [{"check": f.check_id, "severity": f.severity, "message": f.message} for f in found]

    async def bulk(self, request: Request) -> Response:
        """Accept every exact memory match, or every draft whose source changed only in its references."""
        form = await request.form()
        allowed = self._authorised(request, form.get("csrf"))
        if isinstance(allowed, Response):
            return allowed
        person, lang, doc = allowed
        kind = str(form.get("kind", ""))
        if person.role is not Role.REVIEWER or kind not in ("exact", "refs"):
            return self.app.error(request, 403 if kind in ("exact", "refs") else 400,
                                  "Only a reviewer accepts; choose exact memory matches or reference-only changes.")
        try:
            applied = await run_in_threadpool(self._bulk, person, lang, doc, kind)
        except LockBusy:
            return self.app.error(request, 503, BUSY)
        what = "exact memory matches" if kind == "exact" else "drafts whose source changed only in its references"
        message = f"Accepted {len(applied.changed)} {what}"
        if applied.conflicts:
            message += f"; {len(applied.conflicts)} left (changed meanwhile, or: {applied.conflicts[0].message})"
        self.app.flash(request, "ok" if not applied.conflicts else "error", message + ".")
        return RedirectResponse(queue_url(lang, doc), status_code=303)

    def _bulk(self, person: Person, lang: str, doc: str, kind: str) -> Applied:
        project = self.app.project
        fmt = project.format_of(next(d for d in project.documents([doc])))
        with self.app.read_lock:
            catalog = self.app.store(lang).get(doc)
        changes = []
        for unit in active_entries(catalog) if catalog is not None else []:
            if kind == "exact" and unit.fuzzy and (unit.draft_origin or "").startswith(EXACT_MEMORY):
                changes.append(Change(doc, unit.uid, "accept", seen=unit.revision))
            elif kind == "refs":
                text = reference_only(fmt, unit)
                if text is not None:
                    changes.append(Change(doc, unit.uid, "accept", seen=unit.revision, text=text))
        core = ReviewCore(project, lang, Actor(person.name, person.role, "web"))
        return self._apply(core, changes, False)
