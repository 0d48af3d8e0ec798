"""The browser review app: Starlette routes over the project's PO files, served by uvicorn.

The PO files are the only store. Every action goes through the same code as ``transmgr review``
(:mod:`transmgr.workflows.review`: ``accept_entry``, ``edit_entry``, ``reject_entry``, and
:class:`~transmgr.workflows.review.store.CatalogStore`'s transaction under the project's lock,
shared with the CLI), stamped with the logged-in reviewer's name. An action carries the digest of
the translation the reviewer was shown; if the entry changed since, it is refused and the other
text shown. Pages are Jinja2 templates with autoescaping; bidirectional control characters are
shown as visible marks; a strict Content-Security-Policy allows only the app's own CSS and script.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from transmgr.catalog import Catalog, Unit
from transmgr.catalog.state import add_comment, comments_of
from transmgr.checks.glossary import load_glossary
from transmgr.errors import ReviewError, TransmgrError
from transmgr.languages import language_name_in
from transmgr.web.auth import consume_invite, csrf_ok, new_csrf, secret_key
from transmgr.workflows.project import Project
from transmgr.workflows.review.actions import REVIEW_FILTERS, accept_entry, edit_entry, list_review, reject_entry
from transmgr.workflows.review.context import ContextBuilder, load_findings, word_diff
from transmgr.workflows.review.items import active_entries, review_item
from transmgr.workflows.review.store import CatalogStore

HERE = Path(__file__).parent
MAX_BODY = 256 * 1024  # a form with a long paragraph is a few kilobytes
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")
ACTIONS = ("accept", "edit", "reject", "comment")


def visible(text: str | None) -> Markup:
    """``text`` escaped, with invisible bidirectional controls shown as marks (they could disguise a text)."""
    escaped = html.escape(text or "")
    return Markup(_BIDI.sub(lambda m: f'<span class="ctl" title="U+{ord(m.group(0)):04X}">[U+{ord(m.group(0)):04X}]</span>',
                            escaped))


class BodyLimit:
    """ASGI middleware: a request body over ``limit`` bytes is answered 413 before it is read whole."""

    def __init__(self, app: Callable[..., Awaitable[None]], limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: MutableMapping[str, Any], receive: Callable[[], Awaitable[MutableMapping[str, Any]]],
                       send: Callable[[MutableMapping[str, Any]], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await PlainTextResponse("request too large", status_code=413)(scope, receive, send)
            return
        seen = 0

        async def limited() -> MutableMapping[str, Any]:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await PlainTextResponse("request too large", status_code=413)(scope, receive, send)


class _TooLarge(Exception):
    pass


class SecurityHeaders:
    """ASGI middleware: the Content-Security-Policy and the other headers every response gets."""

    def __init__(self, app: Callable[..., Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: MutableMapping[str, Any], receive: Callable[..., Awaitable[Any]],
                       send: Callable[[MutableMapping[str, Any]], Awaitable[None]]) -> None:
        async def with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                headers += [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY"),
                            (b"cache-control", b"no-store")]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


@dataclass
class Reviewer:
    name: str
    languages: tuple[str, ...]

    def may(self, lang: str) -> bool:
        return lang in self.languages


class ReviewApp:
    """The routes; one instance per served project."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.config = project.config
        self.templates = Environment(loader=FileSystemLoader(HERE / "templates"),
                                     autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
        self.templates.filters["visible"] = visible
        self.templates.globals["language_name"] = lambda code: language_name_in(code, "en")
        # One store and context per language, shared by every request: the handlers run on the server's
        # event loop, one at a time; a store reads a catalog again only when its file changed on disk.
        self._stores: dict[str, CatalogStore] = {}
        self._contexts: dict[str, ContextBuilder] = {}
        self._glossary: tuple[float, Any] | None = None

    def store(self, lang: str) -> CatalogStore:
        if lang not in self._stores:
            self._stores[lang] = CatalogStore(self.project, lang)
            self._contexts[lang] = ContextBuilder(self.project, lang)
        return self._stores[lang]

    def glossary(self) -> Any:
        from transmgr.checks.glossary import glossary_path

        path = glossary_path(self.config)
        stamp = path.stat().st_mtime if path.exists() else 0.0
        if self._glossary is None or self._glossary[0] != stamp:
            self._glossary = (stamp, load_glossary(self.config))
        return self._glossary[1]

    # -- plumbing -------------------------------------------------------------------------------------

    def reviewer(self, request: Request) -> Reviewer | None:
        name = request.session.get("name")
        if not isinstance(name, str) or name not in self.config.serve.reviewers:
            return None  # never logged in, or removed from [serve.reviewers] since
        return Reviewer(name, self.config.serve.reviewers[name])

    def render(self, request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        flash = request.session.pop("flash", []) if "session" in request.scope else []
        page = self.templates.get_template(template).render(
            reviewer=self.reviewer(request), csrf=request.session.get("csrf", ""), flash=flash,
            project_name=self.project.root.name, source_language=self.config.source_language, **values)
        return HTMLResponse(page, status_code=status)

    def error(self, request: Request, status: int, message: str) -> HTMLResponse:
        return self.render(request, "error.html", status=status, message=message)

    def flash(self, request: Request, kind: str, message: str) -> None:
        request.session["flash"] = [*request.session.get("flash", []), {"kind": kind, "message": message}][-5:]

    def doc_names(self) -> list[str]:
        return [doc.name for doc in self.project.documents()]

    def target(self, request: Request) -> tuple[str, str] | None:
        """The language and document a URL names, when both are this project's (no path reaches a file)."""
        lang, doc = request.path_params.get("lang", ""), request.path_params.get("doc", "")
        if lang not in self.config.languages:
            return None
        return (lang, doc) if doc in self.doc_names() else None

    # -- pages ----------------------------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        reviewer = self.reviewer(request)
        if reviewer is None:
            return self.render(request, "login.html")
        from transmgr.workflows import status

        rows = status(self.project)
        return self.render(request, "home.html", rows=rows, languages=self.config.languages, docs=self.doc_names())

    async def login(self, request: Request) -> Response:
        name = consume_invite(self.config, request.path_params["token"])
        if name is None:
            return self.error(request, 403, "This login link is unknown, used or expired. Ask for a new one.")
        request.session.clear()  # a new session: nothing from before the login survives (no fixation)
        request.session.update({"name": name, "csrf": new_csrf()})
        self.flash(request, "ok", f"Signed in as {name}.")
        return RedirectResponse("/", status_code=303)

    async def logout(self, request: Request) -> Response:
        form = await request.form()
        if not csrf_ok(request.session.get("csrf"), form.get("csrf")):
            return self.error(request, 403, "The form expired; reload the page and try again.")
        request.session.clear()
        return RedirectResponse("/", status_code=303)

    def _state(self, request: Request) -> str:
        state = request.query_params.get("state", "all")
        return state if state in REVIEW_FILTERS else "all"

    def _page(self, request: Request) -> tuple[Reviewer, str, str] | Response:
        """The signed-in reviewer and the language and document a page's URL names, or the response
        that answers instead (to sign in, or not found)."""
        reviewer = self.reviewer(request)
        if reviewer is None:
            return RedirectResponse("/", status_code=303)
        found = self.target(request)
        if found is None:
            return self.error(request, 404, "No such language or document in this project.")
        return reviewer, found[0], found[1]

    async def queue(self, request: Request) -> Response:
        page = self._page(request)
        if isinstance(page, Response):
            return page
        reviewer, lang, doc = page
        state = self._state(request)
        items = list_review(self.project, lang, [doc], state, store=self.store(lang))
        return self.render(request, "queue.html", lang=lang, doc=doc, state=state, items=items,
                           states=list(REVIEW_FILTERS), may=reviewer.may(lang))

    def _entry(self, lang: str, doc: str, number: int) -> tuple[CatalogStore, Unit] | None:
        store = self.store(lang)
        catalog = store.get(doc)
        entries = active_entries(catalog) if catalog is not None else []
        if not 1 <= number <= len(entries):
            return None
        return store, entries[number - 1]

    def _neighbours_in_queue(self, lang: str, doc: str, number: int, state: str) -> tuple[int | None, int | None]:
        numbers = [item.number for item in list_review(self.project, lang, [doc], state, store=self.store(lang))]
        before = max((n for n in numbers if n < number), default=None)
        after = min((n for n in numbers if n > number), default=None)
        return before, after

    async def segment(self, request: Request) -> Response:
        page = self._page(request)
        if isinstance(page, Response):
            return page
        reviewer, lang, doc = page
        number = request.path_params["number"]
        located = self._entry(lang, doc, number)
        if located is None:
            return self.error(request, 404, "No such segment.")
        store, entry = located
        return self.render(request, "segment.html", **self._segment_values(store, lang, doc, number, entry,
                                                                           self._state(request), reviewer))

    def _segment_values(self, store: CatalogStore, lang: str, doc: str, number: int, entry: Unit, state: str,
                        reviewer: Reviewer, proposed: str | None = None) -> dict[str, Any]:
        item = review_item(doc, lang, number, entry)
        catalog = store.get(doc)
        assert catalog is not None
        self.store(lang)
        context = self._contexts[lang].build(item, catalog, store.versions.get(doc))
        glossary = self.glossary()
        terms = []
        for concept, words in glossary.concepts_in(entry.msgid, self.config.source_language) if glossary else []:
            target = concept.preferred(lang)
            if target:
                terms.append({"source": words, "target": target, "note": concept.note,
                              "forbidden": [f.text for f in concept.forbidden.get(lang, ())]})
        before, after = self._neighbours_in_queue(lang, doc, number, state)
        return {"lang": lang, "doc": doc, "number": number, "item": item, "entry": entry, "context": context,
                "terms": terms, "state": state, "prev_number": before, "next_number": after,
                "digest": entry.digest, "may": reviewer.may(lang), "comments": comments_of(entry),
                "proposed": proposed if proposed is not None else entry.msgstr,
                "diff": word_diff(entry.previous_msgid, entry.msgid) if entry.previous_msgid else None}

    # -- actions --------------------------------------------------------------------------------------

    async def act(self, request: Request) -> Response:
        reviewer = self.reviewer(request)
        if reviewer is None:
            return self.error(request, 403, "Sign in first: ask for a login link.")
        form = await request.form()
        if not csrf_ok(request.session.get("csrf"), form.get("csrf")):
            return self.error(request, 403, "The form expired or came from another site; reload the page.")
        found = self.target(request)
        if found is None:
            return self.error(request, 404, "No such language or document in this project.")
        lang, doc = found
        if not reviewer.may(lang):
            return self.error(request, 403, f"{reviewer.name} may not review {lang} in this project.")
        action = str(form.get("action", ""))
        if action not in ACTIONS:
            return self.error(request, 400, "Unknown action.")
        number = request.path_params["number"]
        seen = str(form.get("seen", ""))
        state = str(form.get("state", "all")) if form.get("state") in REVIEW_FILTERS else "all"
        text = str(form.get("text", "")).replace("\r\n", "\n")
        note = str(form.get("note", "")).strip()
        store = self.store(lang)
        try:
            with store.transaction():
                catalog = store.get(doc)
                entries = active_entries(catalog) if catalog is not None else []
                if not 1 <= number <= len(entries):
                    return self.error(request, 409, "This segment is no longer in the catalog (the document was "
                                                    "updated). Nothing was changed.")
                entry = entries[number - 1]
                if entry.digest != seen:
                    return self._conflict(request, store, lang, doc, number, entry, state, reviewer, text)
                if action == "accept":
                    after = accept_entry(entry, reviewer.name)
                elif action == "edit":
                    after = edit_entry(entry, text, reviewer.name)
                elif action == "reject":
                    after = reject_entry(entry, reviewer.name, note=note or None, keep_draft=bool(form.get("keep")))
                else:
                    if not note:
                        return self.error(request, 400, "An empty comment was not saved.")
                    after = add_comment(entry, note, reviewer.name)
                store.put(doc, after, replacing=entry)
                store.save(doc, reviewer.name)
        except ReviewError as exc:
            self.flash(request, "error", exc.message + (f" ({exc.hint})" if exc.hint else ""))
            return RedirectResponse(self._segment_url(lang, doc, number, state), status_code=303)
        except TransmgrError as exc:
            return self.error(request, 503, str(exc))
        done = {"accept": "Accepted", "edit": "Saved and accepted", "reject": "Rejected", "comment": "Comment added"}
        self.flash(request, "ok", f"{done[action]}: segment {number}.")
        if action == "comment":
            return RedirectResponse(self._segment_url(lang, doc, number, state), status_code=303)
        _, after_number = self._neighbours_in_queue(lang, doc, number, state)
        if after_number is None:
            return RedirectResponse(self._queue_url(lang, doc, state), status_code=303)
        return RedirectResponse(self._segment_url(lang, doc, after_number, state), status_code=303)

    def _conflict(self, request: Request, store: CatalogStore, lang: str, doc: str, number: int, entry: Unit,
                  state: str, reviewer: Reviewer, text: str) -> Response:
        values = self._segment_values(store, lang, doc, number, entry, state, reviewer, proposed=text or None)
        return self.render(request, "segment.html", status=409, conflict=True, **values)

    async def check(self, request: Request) -> Response:
        """Findings for a proposed translation (the page asks as the reviewer types)."""
        reviewer = self.reviewer(request)
        if reviewer is None or not csrf_ok(request.session.get("csrf"), request.headers.get("x-csrf-token")):
            return JSONResponse({"error": "forbidden"}, status_code=403)
        found = self.target(request)
        if found is None:
            return JSONResponse({"error": "not found"}, status_code=404)
        lang, doc = found
        try:
            body = json.loads(await request.body())
            text = str(body.get("text", ""))
        except (ValueError, AttributeError):
            return JSONResponse({"error": "bad request"}, status_code=400)
        located = self._entry(lang, doc, request.path_params["number"])
        if located is None:
            return JSONResponse({"error": "not found"}, status_code=404)
        store, entry = located
        current = store.get(doc)
        assert current is not None
        catalog = Catalog(list(current.units), current.header, current.path)  # a copy: the store's stays as on disk
        trial = entry.changed(msgstr=text, flags=tuple(f for f in entry.flags if f != "fuzzy"))
        catalog.put(trial, replacing=entry)
        findings = load_findings(self.project, lang, doc, catalog).get(entry.key, []) if text.strip() else []
        return JSONResponse({"findings": [{"check": f.check_id, "severity": f.severity, "message": f.message}
                                          for f in findings]})

    @staticmethod
    def _segment_url(lang: str, doc: str, number: int, state: str) -> str:
        return f"/l/{lang}/s/{number}/{doc}" + (f"?state={state}" if state != "all" else "")

    @staticmethod
    def _queue_url(lang: str, doc: str, state: str) -> str:
        return f"/l/{lang}/d/{doc}" + (f"?state={state}" if state != "all" else "")


def create_app(project: Project) -> Starlette:
    """The ASGI application serving ``project``."""
    app = ReviewApp(project)
    serve = project.config.serve
    routes = [
        Route("/", app.home),
        Route("/login/{token}", app.login),
        Route("/logout", app.logout, methods=["POST"]),
        Route("/l/{lang}/d/{doc:path}", app.queue),
        Route("/l/{lang}/s/{number:int}/{doc:path}", app.segment, methods=["GET"]),
        Route("/l/{lang}/s/{number:int}/{doc:path}", app.act, methods=["POST"]),
        Route("/l/{lang}/c/{number:int}/{doc:path}", app.check, methods=["POST"]),
        Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(BodyLimit),
        Middleware(SessionMiddleware, secret_key=secret_key(project.config), session_cookie="transmgr_session",
                   max_age=14 * 86400, same_site="strict", https_only=serve.secure_cookies),
    ]
    return Starlette(routes=routes, middleware=middleware)

