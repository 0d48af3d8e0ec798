"""Who may use the review app: the people of the configuration, one-time login links, CSRF tokens.

People are named in the configuration with the languages they work on: ``[serve.reviewers]``
may do everything, ``[serve.translators]`` may edit and suggest but not accept.
``transmgr serve --invite NAME`` makes a login link: a random token whose SHA-256 alone is kept
in ``.transmgr/serve/invites.json`` (with the name and an expiry), so the file never holds a
usable link. Opening the link (GET or HEAD, as mail scanners and chat previews do) only shows a
page with a sign-in button; the POST of that button uses the link up and starts a session
(:mod:`transmgr.web.sessions`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from transmgr.config import Config
from transmgr.errors import ConfigError
from transmgr.files import write_text_atomic
from transmgr.locking import write_lock
from transmgr.workflows.review.requests import Role

INVITE_DAYS = 7


@dataclass(frozen=True)
class Person:
    """Someone the configuration names: their role and the languages they work on."""

    name: str
    role: Role
    languages: tuple[str, ...]

    def may(self, lang: str) -> bool:
        return lang in self.languages

    @property
    def verb(self) -> str:
        return "reviews" if self.role is Role.REVIEWER else "translates"


def people(config: Config) -> dict[str, Person]:
    """Everyone who may sign in, by name."""
    found = {name: Person(name, Role.TRANSLATOR, langs) for name, langs in config.serve.translators.items()}
    found.update({name: Person(name, Role.REVIEWER, langs) for name, langs in config.serve.reviewers.items()})
    return found


@dataclass(frozen=True)
class Invite:
    url: str
    name: str
    expires: float


def serve_dir(config: Config) -> Path:
    return config.cache_dir / "serve"


def digest(token: str) -> str:
    """What is kept of a secret token: its SHA-256."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def _invites_path(config: Config) -> Path:
    return serve_dir(config) / "invites.json"


def load_json(path: Path) -> dict[str, dict[str, object]]:
    """A JSON object kept by the app, or an empty one when missing or damaged."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, dict)} if isinstance(data, dict) else {}


def create_invite(config: Config, name: str, base_url: str) -> Invite:
    """A one-time login link for ``name`` (a reviewer or a translator of the configuration)."""
    if name not in people(config):
        known = ", ".join(sorted(people(config))) or "none yet"
        raise ConfigError(f"'{name}' is not a reviewer or translator of this project (known: {known})",
                          path=config.config_path, hint=f'add "{name}" = ["<language>"] to [serve.reviewers]')
    token = secrets.token_urlsafe(32)
    expires = time.time() + INVITE_DAYS * 86400
    path = _invites_path(config)
    path.parent.mkdir(parents=True, exist_ok=True)
    with write_lock(serve_dir(config) / "invites.lock", "the review app's login links"):
        invites = {key: value for key, value in load_json(path).items()
                   if float(str(value.get("expires", 0))) > time.time()}
        invites[digest(token)] = {"name": name, "expires": expires}
        write_text_atomic(path, json.dumps(invites, indent=1))
    return Invite(f"{base_url.rstrip('/')}/login/{token}", name, expires)


def _valid(config: Config, entry: dict[str, object] | None) -> str | None:
    if entry is None:
        return None
    name = entry.get("name")
    if not isinstance(name, str) or float(str(entry.get("expires", 0))) < time.time():
        return None
    return name if name in people(config) else None


def _find(invites: dict[str, dict[str, object]], token: str) -> str | None:
    wanted = digest(token)
    return next((key for key in invites if hmac.compare_digest(key, wanted)), None)


def peek_invite(config: Config, token: str) -> str | None:
    """The person an unused, unexpired link names, leaving the link usable (for GET and HEAD)."""
    if not token or len(token) > 200:
        return None
    invites = load_json(_invites_path(config))
    key = _find(invites, token)
    return _valid(config, invites.get(key)) if key else None


def consume_invite(config: Config, token: str) -> str | None:
    """The person an unused, unexpired link names (the link is used up); None otherwise."""
    if not token or len(token) > 200:
        return None
    path = _invites_path(config)
    if not path.exists():
        return None
    with write_lock(serve_dir(config) / "invites.lock", "the review app's login links"):
        invites = load_json(path)
        key = _find(invites, token)
        if key is None:
            return None
        entry = invites.pop(key)
        write_text_atomic(path, json.dumps(invites, indent=1))
    return _valid(config, entry)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def csrf_ok(expected: object, given: object) -> bool:
    return isinstance(expected, str) and isinstance(given, str) and bool(expected) and hmac.compare_digest(expected, given)
