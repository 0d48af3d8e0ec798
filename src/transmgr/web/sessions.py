"""Sessions of the review app, kept on the server so that signing out ends them everywhere.

The browser holds only a random session id (cookie ``transmgr_session``: HttpOnly, SameSite=Lax so
that a link followed from a mail or chat client arrives signed in, Secure behind TLS). The server
keeps the id's SHA-256 with the person's name, the session's CSRF token and its expiry in
``.transmgr/serve/sessions.json`` (under a lock, replaced atomically), so a copy of an old cookie
is refused once its session ended: at sign-out, at expiry, or when the person left the
configuration. Several server processes of one project share the file.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Collection
from dataclasses import dataclass

from transmgr.config import Config
from transmgr.files import write_text_atomic
from transmgr.locking import write_lock
from transmgr.web.auth import digest, load_json, new_token, serve_dir

COOKIE = "transmgr_session"
SESSION_DAYS = 14
RENEW_AFTER = 3600.0  # seconds: a session in use is extended at most this often (each extension is a write)


@dataclass(frozen=True)
class Session:
    """A signed-in person's session."""

    key: str  # the SHA-256 of the id the cookie holds
    name: str
    csrf: str
    expires: float


class Sessions:
    """The sessions file of one project, read again when another process changed it."""

    def __init__(self, config: Config) -> None:
        self.path = serve_dir(config) / "sessions.json"
        self.lock_path = serve_dir(config) / "sessions.lock"
        self._cache: tuple[tuple[int, int, int], dict[str, dict[str, object]]] | None = None
        self._flash: dict[str, list[dict[str, str]]] = {}
        self._memory_lock = threading.Lock()

    def _signature(self) -> tuple[int, int, int]:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return (0, 0, 0)
        return (stat.st_ino, stat.st_mtime_ns, stat.st_size)

    def _all(self) -> dict[str, dict[str, object]]:
        signature = self._signature()
        with self._memory_lock:
            if self._cache is None or self._cache[0] != signature:
                self._cache = (signature, load_json(self.path))
            return self._cache[1]

    def _change(self, change: object) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with write_lock(self.lock_path, "the review app's sessions"):
            data = {key: value for key, value in load_json(self.path).items()
                    if float(str(value.get("expires", 0))) > time.time()}
            change(data)  # type: ignore[operator]
            write_text_atomic(self.path, json.dumps(data, indent=1))
            self.path.chmod(0o600)
        with self._memory_lock:
            self._cache = None

    def create(self, name: str) -> tuple[str, Session]:
        """A new session for ``name``: (the id for the cookie, the session)."""
        sid = secrets.token_urlsafe(32)
        session = Session(digest(sid), name, new_token(), time.time() + SESSION_DAYS * 86400)
        self._change(lambda data: data.__setitem__(
            session.key, {"name": name, "csrf": session.csrf, "expires": session.expires, "created": time.time()}))
        return sid, session

    def get(self, sid: str | None, allowed: Collection[str]) -> Session | None:
        """The live session of cookie value ``sid`` whose person is still ``allowed``; None otherwise
        (a session of someone no longer allowed is ended)."""
        if not sid or len(sid) > 100:
            return None
        key = digest(sid)
        entry = self._all().get(key)
        if entry is None:
            return None
        name, csrf, expires = entry.get("name"), entry.get("csrf"), float(str(entry.get("expires", 0)))
        if not isinstance(name, str) or not isinstance(csrf, str) or expires < time.time():
            return None
        if name not in allowed:
            self.end_for_others(allowed)
            return None
        if expires - time.time() < SESSION_DAYS * 86400 - RENEW_AFTER:
            renewed = time.time() + SESSION_DAYS * 86400
            self._change(lambda data: data.get(key, {}).__setitem__("expires", renewed))
            expires = renewed
        return Session(key, name, csrf, expires)

    def end(self, session: Session) -> None:
        """End ``session`` everywhere: the cookie's id is refused from now on."""
        self._change(lambda data: data.pop(session.key, None))
        self._flash.pop(session.key, None)

    def end_for_others(self, allowed: Collection[str]) -> None:
        """End the sessions of everyone not ``allowed`` (removed from the configuration)."""
        if all(entry.get("name") in allowed for entry in self._all().values()):
            return

        def drop(data: dict[str, dict[str, object]]) -> None:
            for key in [key for key, value in data.items() if value.get("name") not in allowed]:
                del data[key]

        self._change(drop)

    # Messages shown once, on the next page of the same session (kept in memory: a restart loses them).

    def flash(self, session: Session, kind: str, message: str) -> None:
        with self._memory_lock:
            self._flash[session.key] = [*self._flash.get(session.key, []), {"kind": kind, "message": message}][-5:]

    def take_flash(self, session: Session | None) -> list[dict[str, str]]:
        if session is None:
            return []
        with self._memory_lock:
            return self._flash.pop(session.key, [])


def cookie_header(sid: str, *, secure: bool, clear: bool = False) -> str:
    """The Set-Cookie value that gives (or, with ``clear``, removes) the session cookie."""
    value = "" if clear else sid
    age = 0 if clear else SESSION_DAYS * 86400
    return f"{COOKIE}={value}; Path=/; Max-Age={age}; HttpOnly; SameSite=Lax" + ("; Secure" if secure else "")
