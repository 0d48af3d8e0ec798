"""Who may use the review app: one-time login links, the session secret, CSRF tokens.

Reviewers are named in the configuration with the languages they may review
(``[serve.reviewers]``). ``transmgr serve --invite NAME`` makes a login link: a random token whose
SHA-256 alone is kept in ``.transmgr/serve/invites.json`` (with the name and an expiry), so the
file never holds a usable link; the running server consumes it at first use. The session lives in
a cookie signed with a secret kept in ``.transmgr/serve/secret`` (mode 0600); on login the
session is emptied and a new one made (no fixation), with its own CSRF token.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from transmgr.config import Config
from transmgr.errors import ConfigError
from transmgr.files import write_text_atomic
from transmgr.locking import write_lock

INVITE_DAYS = 7


@dataclass(frozen=True)
class Invite:
    url: str
    name: str
    expires: float


def serve_dir(config: Config) -> Path:
    return config.cache_dir / "serve"


def secret_key(config: Config) -> str:
    """The key that signs session cookies, made on first use and kept private to the project."""
    path = serve_dir(config) / "secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as stream:
            stream.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="ascii").strip()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def _invites_path(config: Config) -> Path:
    return serve_dir(config) / "invites.json"


def _load(path: Path) -> dict[str, dict[str, object]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def create_invite(config: Config, name: str, base_url: str) -> Invite:
    """A one-time login link for reviewer ``name`` (who must be in ``[serve.reviewers]``)."""
    if name not in config.serve.reviewers:
        known = ", ".join(sorted(config.serve.reviewers)) or "none yet"
        raise ConfigError(f"'{name}' is not a reviewer of this project (known: {known})", path=config.config_path,
                          hint=f'add "{name}" = ["<language>"] to [serve.reviewers]')
    token = secrets.token_urlsafe(32)
    expires = time.time() + INVITE_DAYS * 86400
    path = _invites_path(config)
    path.parent.mkdir(parents=True, exist_ok=True)
    with write_lock(serve_dir(config) / "invites.lock", "the review app's login links"):
        invites = {key: value for key, value in _load(path).items()
                   if isinstance(value, dict) and float(str(value.get("expires", 0))) > time.time()}
        invites[_digest(token)] = {"name": name, "expires": expires}
        write_text_atomic(path, json.dumps(invites, indent=1))
    return Invite(f"{base_url.rstrip('/')}/login/{token}", name, expires)


def consume_invite(config: Config, token: str) -> str | None:
    """The reviewer an unused, unexpired link names (the link is used up); None otherwise."""
    if not token or len(token) > 200:
        return None
    path = _invites_path(config)
    if not path.exists():
        return None
    with write_lock(serve_dir(config) / "invites.lock", "the review app's login links"):
        invites = _load(path)
        key = next((k for k in invites if hmac.compare_digest(k, _digest(token))), None)
        if key is None:
            return None
        entry = invites.pop(key)
        write_text_atomic(path, json.dumps(invites, indent=1))
    name = entry.get("name") if isinstance(entry, dict) else None
    if not isinstance(name, str) or float(str(entry.get("expires", 0))) < time.time():
        return None
    return name if name in config.serve.reviewers else None


def new_csrf() -> str:
    return secrets.token_urlsafe(24)


def csrf_ok(expected: object, given: object) -> bool:
    return isinstance(expected, str) and isinstance(given, str) and bool(expected) and hmac.compare_digest(expected, given)
