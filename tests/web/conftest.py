"""A project served by the review app: a document with drafts in be and ru, two reviewers."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from transmgr.catalog import read_catalog, set_draft, set_translation, write_catalog
from transmgr.workflows import Project, update

DOC = """# The appeal

There is no bottom in Belarus.

You can never be concerned enough to stop the war.

More than 60,000 people went through arrests and prisons.

Belarusians use this expression every day.
"""
BE = {"The appeal": "Зварот", "There is no bottom in Belarus.": "У Беларусі дна няма.",
      "You can never be concerned enough to stop the war.": "Ніколі не будзеш досыць занепакоены, каб спыніць вайну.",
      "More than 60,000 people went through arrests and prisons.": "Больш за 60 000 чалавек прайшлі праз арышты і турмы."}
RU = {"There is no bottom in Belarus.": "В Беларуси дна нет."}
ALA, TARAS, OLGA, PAVEL = "Ala Kavalenka", "Taras Melnyk", "Olga Translator", "Pavel Second"


def reviewers_config() -> str:
    return (f'[serve.reviewers]\n"{ALA}" = ["be"]\n"{TARAS}" = ["ru"]\n"{PAVEL}" = ["be"]\n'
            f'[serve.translators]\n"{OLGA}" = ["be"]\n')


@pytest.fixture
def served(make_project: Callable[..., Path]) -> Path:
    root = make_project({"doc.md": DOC}, languages=["be", "ru"], extra=reviewers_config())
    project = Project.load(root)
    update(project)
    for lang, texts in (("be", BE), ("ru", RU)):
        path = project.po_path(lang, "doc")
        catalog = read_catalog(path)
        for unit in list(catalog):
            if unit.msgid in texts:
                drafted = set_draft(unit, texts[unit.msgid], "google") if unit.msgid != "The appeal" else \
                    set_translation(unit, texts[unit.msgid], "translator")
                catalog.put(drafted, replacing=unit)
        write_catalog(catalog, path)
    return root


def form_value(html: str, name: str, form_id: str | None = None) -> str:
    """The value of the hidden input ``name`` (in the form ``form_id`` when given)."""
    if form_id is not None:
        found = re.search(rf'<form[^>]*id="{form_id}".*?</form>', html, re.DOTALL)
        assert found is not None, form_id
        html = found.group(0)
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found is not None, name
    return found.group(1)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def invite(root: Path, port: int, name: str) -> str:
    """A login link made by ``transmgr serve --invite`` for the server on ``port``."""
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "transmgr", "serve", "--project", str(root), "--port", str(port),
                           "--invite", name], capture_output=True, text=True, check=True).stdout.strip()


def start_server(root: Path, port: int, env: dict[str, str] | None = None) -> object:
    """``transmgr serve`` for ``root`` as a real process, once it accepts connections (terminate it after);
    ``env``: variables set for it."""
    import os
    import socket
    import subprocess
    import sys
    import time

    process = subprocess.Popen([sys.executable, "-m", "transmgr", "serve", "--project", str(root), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.1)
    return process
