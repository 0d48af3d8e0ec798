"""Who is reviewing: the identity a review records, from the configuration, the environment or git."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

from transmgr.errors import ReviewError
from transmgr.workflows.project import Project

REVIEWER_ENV = "TRANSMGR_REVIEWER"


def collapse_spaces(text: str) -> str:
    """``text`` with every run of whitespace (newlines too) made one space."""
    return " ".join(text.split())


def same_person(a: str, b: str) -> bool:
    """True when two identities name one person: the same name (case and spacing aside) or the
    same address, in ``Name``, ``Name <address>`` or ``<address>`` form."""
    def parts(who: str) -> tuple[str, str]:
        name, _, rest = who.partition("<")
        return " ".join(name.split()).casefold(), rest.rstrip(">").strip().casefold()

    (name_a, mail_a), (name_b, mail_b) = parts(a), parts(b)
    return bool(name_a and name_a == name_b) or bool(mail_a and mail_a == mail_b)


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
        values.append(collapse_spaces(done.stdout) if done.returncode == 0 else "")
    name, email = values
    if name and email:
        return f"{name} <{email}>"
    return name or email or None


def resolve_reviewer(project: Project, environ: Mapping[str, str] | None = None) -> str:
    """Who is reviewing: config ``reviewer``, else ``$TRANSMGR_REVIEWER``, else git's user.name/email."""
    env = os.environ if environ is None else environ
    if project.config.reviewer:
        return collapse_spaces(project.config.reviewer)
    from_env = collapse_spaces(env.get(REVIEWER_ENV, ""))
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


def acting_person(project: Project) -> str:
    """Who runs a tool (a draft, an import), as its history records and the PO header's
    Last-Translator says: the reviewer identity when one is known, else the tool's own name."""
    try:
        return resolve_reviewer(project)
    except ReviewError:
        return "transmgr"
