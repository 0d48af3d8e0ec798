"""The browser review app: Starlette routes over the project's PO files, served by uvicorn.

The PO files are the only store. Every change goes through the review core
(:class:`~transmgr.workflows.review.core.ReviewCore`: units addressed by their stable id, one
conflict rule, each action recorded in the history), stamped with the signed-in person's name,
under the catalogs' lock shared with the CLI. Pages and actions run in worker threads, so a
writer waiting for the lock never stops the server answering. Pages are Jinja2 templates with
autoescaping; bidirectional control characters are shown as visible marks; a strict
Content-Security-Policy allows only the app's own CSS and script. The routes are in
:mod:`transmgr.web.pages` (what is shown) and :mod:`transmgr.web.forms` (what changes).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import re
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

import anyio.to_thread
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from transmgr.errors import TransmgrError
from transmgr.languages import language_name_in
from transmgr.web.auth import Person, people
from transmgr.web.sessions import COOKIE, Session, Sessions, cookie_header
from transmgr.workflows.project import Project
from transmgr.workflows.review.context import ContextBuilder
from transmgr.workflows.review.store import CatalogStore

WORKER_THREADS = 4  # requests worked on at once (the others wait their turn in the event loop)

HERE = Path(__file__).parent
MAX_BODY = 256 * 1024  # a form with a long paragraph is a few kilobytes
LOCK_TIMEOUT = 10.0  # seconds an action waits for the catalogs' lock before it is answered "busy, try again"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")


def visible(text: str | None) -> Markup:
    """``text`` escaped, with invisible bidirectional controls shown as marks (they could disguise a text)."""
    return marked_controls(html.escape(text or ""))


def judged(text: str | None, assessment: object) -> Markup:
    """``text`` escaped as :func:`visible` does, each span a judge found an error in marked, with its
    severity, category and note as the mark's title."""
    errors = getattr(assessment, "errors", ())
    text = text or ""
    marks: list[tuple[int, int, str, str]] = []
    for error in errors:
        start = text.find(error.span)
        if start >= 0 and not any(a < start + len(error.span) and start < b for a, b, _, _ in marks):
            marks.append((start, start + len(error.span), error.severity,
                          f"{error.severity} {error.category}: {error.note}"))
    out, position = [], 0
    for start, end, severity, title in sorted(marks):
        out.append(html.escape(text[position:start]))
        out.append(f'<mark class="judge {severity}" title="{html.escape(title)}">{html.escape(text[start:end])}</mark>')
        position = end
    out.append(html.escape(text[position:]))
    return marked_controls("".join(out))


def marked_controls(markup: str) -> Markup:
    """HTML ``markup`` (already safe) with its bidirectional controls shown as visible marks."""
    return Markup(_BIDI.sub(lambda m: f'<span class="ctl" title="U+{ord(m.group(0)):04X}">[U+{ord(m.group(0)):04X}]</span>',
                            markup))


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


BODY_TIMEOUT = 30.0  # seconds a request body may take to arrive


class BodyTimeout:
    """ASGI middleware: a request body that does not arrive within ``timeout`` seconds ends the request
    (as if the client left), so a client sending a byte a minute holds nothing for long."""

    def __init__(self, app: Callable[..., Awaitable[None]], timeout: float = BODY_TIMEOUT) -> None:
        self.app = app
        self.timeout = timeout

    async def __call__(self, scope: MutableMapping[str, Any], receive: Callable[[], Awaitable[MutableMapping[str, Any]]],
                       send: Callable[[MutableMapping[str, Any]], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout

        async def timed() -> MutableMapping[str, Any]:
            try:
                return await asyncio.wait_for(receive(), max(0.0, deadline - loop.time()))
            except asyncio.TimeoutError:
                return {"type": "http.disconnect"}

        with contextlib.suppress(ClientDisconnect):  # gone, or too slow: nobody to answer
            await self.app(scope, timed, send)


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


class ReviewApp:
    """What every route shares: the project (its configuration read again when the file changes),
    the people and their sessions, per-language catalog stores for reading, and rendering."""

    def __init__(self, project: Project) -> None:
        self._project = project
        self._config_signature = self._signature(project.config.config_path)
        self.sessions = Sessions(project.config)
        self.templates = Environment(loader=FileSystemLoader(HERE / "templates"),
                                     autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
        self.templates.filters["visible"] = visible
        self.templates.filters["judged"] = judged
        self.templates.globals["language_name"] = lambda code: language_name_in(code, "en")
        # Pages read through one store and context per language, one page at a time (the lock);
        # actions write through stores of their own, under the catalogs' lock.
        self.read_lock = threading.Lock()
        self._stores: dict[str, CatalogStore] = {}
        self._contexts: dict[str, ContextBuilder] = {}
        self._reload_lock = threading.Lock()
        self._glossary: tuple[object, Any] | None = None
        self.lock_timeout = LOCK_TIMEOUT

    @staticmethod
    def _signature(path: Path) -> tuple[int, int]:
        try:
            stat = path.stat()
        except OSError:
            return (0, 0)
        return (stat.st_mtime_ns, stat.st_size)

    @property
    def project(self) -> Project:
        """The project, with its configuration as the file says now (people added or removed take
        effect at once; a configuration that no longer loads keeps the last good one)."""
        signature = self._signature(self._project.config.config_path)
        if signature != self._config_signature:
            with self._reload_lock:
                if signature != self._config_signature:
                    try:
                        self._project = Project.load(self._project.root)
                    except TransmgrError:
                        pass  # being edited: try again on the next request
                    else:
                        self._stores.clear()
                        self._contexts.clear()
                        self.sessions.end_for_others(people(self._project.config))
                    self._config_signature = signature
        return self._project

    def store(self, lang: str) -> CatalogStore:
        """The reading store of ``lang`` (hold :attr:`read_lock`)."""
        if lang not in self._stores:
            self._stores[lang] = CatalogStore(self.project, lang)
            self._contexts[lang] = ContextBuilder(self.project, lang)
        return self._stores[lang]

    def context(self, lang: str) -> ContextBuilder:
        self.store(lang)
        return self._contexts[lang]

    def glossary(self) -> Any:
        """The project's glossary, read again when its file changed (None while it does not load)."""
        from transmgr.checks.glossary import glossary_path, load_glossary

        path = glossary_path(self.project.config)
        signature = self._signature(path)
        if self._glossary is None or self._glossary[0] != signature:
            try:
                self._glossary = (signature, load_glossary(self.project.config))
            except TransmgrError:
                self._glossary = (signature, None)  # being edited: the page shows no glossary meanwhile
        return self._glossary[1]

    # -- who is asking --------------------------------------------------------------------------------

    def session(self, request: Request) -> Session | None:
        return self.sessions.get(request.cookies.get(COOKIE), people(self.project.config))

    def person(self, request: Request) -> Person | None:
        session = self.session(request)
        return people(self.project.config).get(session.name) if session else None

    # -- answering ------------------------------------------------------------------------------------

    def render(self, request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        session = self.session(request)
        person = people(self.project.config).get(session.name) if session else None
        page = self.templates.get_template(template).render(
            person=person, csrf=session.csrf if session else "", flash=self.sessions.take_flash(session),
            project_name=self.project.root.name, source_language=self.project.config.source_language, **values)
        return HTMLResponse(page, status_code=status)

    def error(self, request: Request, status: int, message: str) -> HTMLResponse:
        return self.render(request, "error.html", status=status, message=message)

    def flash(self, request: Request, kind: str, message: str) -> None:
        session = self.session(request)
        if session is not None:
            self.sessions.flash(session, kind, message)

    def sign_in(self, response: Response, name: str) -> None:
        sid, _ = self.sessions.create(name)
        response.headers.append("set-cookie", cookie_header(sid, secure=self.project.config.serve.secure_cookies))

    def sign_out(self, request: Request, response: Response) -> None:
        session = self.session(request)
        if session is not None:
            self.sessions.end(session)
        response.headers.append("set-cookie", cookie_header("", secure=self.project.config.serve.secure_cookies,
                                                            clear=True))

    def doc_names(self) -> list[str]:
        return [doc.name for doc in self.project.documents()]

    def target(self, request: Request) -> tuple[str, str] | None:
        """The language and document a URL names, when both are this project's (no path reaches a file)."""
        lang, doc = request.path_params.get("lang", ""), request.path_params.get("doc", "")
        if lang not in self.project.config.languages:
            return None
        return (lang, doc) if doc in self.doc_names() else None


def create_app(project: Project) -> Starlette:
    """The ASGI application serving ``project``."""
    from transmgr.web.forms import Forms
    from transmgr.web.pages import Pages

    app = ReviewApp(project)
    pages, forms = Pages(app), Forms(app)
    unit = "/l/{lang}/u/{uid:str}/{doc:path}"
    routes = [
        Route("/", pages.home),
        Route("/login/{token}", pages.login_page, methods=["GET", "HEAD"]),
        Route("/login", forms.login, methods=["POST"]),
        Route("/logout", forms.logout, methods=["POST"]),
        Route("/l/{lang}/d/{doc:path}", pages.queue),
        Route("/l/{lang}/v/{doc:path}", pages.document),
        Route("/l/{lang}/s/{number}/{doc:path}", pages.by_number, methods=["GET"]),
        Route(unit, pages.unit, methods=["GET"]),
        Route(unit, forms.act, methods=["POST"]),
        Route("/l/{lang}/c/{uid:str}/{doc:path}", forms.check, methods=["POST"]),
        Route("/l/{lang}/bulk/{doc:path}", forms.bulk, methods=["POST"]),
        Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [Middleware(SecurityHeaders), Middleware(BodyTimeout), Middleware(BodyLimit)]

    async def unreadable(request: Request, exc: Exception) -> Response:
        # A catalog that does not parse (being merged, edited by hand): one line, never a traceback.
        return app.error(request, 503, f"A file of the project cannot be read: {exc}")

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        # Few worker threads: the pages and saves are CPU work under one interpreter lock, so more
        # threads only take turns with a save that holds a catalog's lock (and make it wait longer).
        anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
        yield

    return Starlette(routes=routes, middleware=middleware, exception_handlers={TransmgrError: unreadable},
                     lifespan=lifespan)
