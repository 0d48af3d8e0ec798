"""Twenty reviewers at once in the browser app while ``transmgr draft`` runs: nothing lost.

A real ``transmgr serve`` process; twenty HTTP clients on 127.0.0.1, each signed in with its own
login link, open random segments and accept or edit them; ``transmgr draft`` drafts the
untranslated half of the same catalog against a fake engine in a loop. Every action must either
land or be refused with a reason, and what landed must be on disk or have been seen (by its
digest) by a later action; every draft a run reported is on disk unless a reviewer translated
that entry; msgfmt -c passes.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import msgfmt_check
from tests.engines.fake_services import FakeService
from tests.web.conftest import free_port, invite, start_server
from transmgr.catalog import State, new_entry, read_catalog, set_draft, write_catalog
from transmgr.workflows import Project, update

pytestmark = pytest.mark.slow
httpx = pytest.importorskip("httpx", reason="httpx (a test dependency) is the reviewers' HTTP client")

SECONDS = float(os.environ.get("TRANSMGR_WEB_RACE_SECONDS", "6"))
REVIEWERS = [f"Reviewer {n:02d}" for n in range(1, 21)]
PARAS = [f"Paragraph {n} of the appeal, which a reviewer may accept or edit." for n in range(60)]
EMPTY = [f"Untranslated paragraph {n} waits for a machine draft." for n in range(120)]


def _digest(msgid: str, msgstr: str) -> str:
    return new_entry(msgid, msgstr).digest


def _race_project(make_project: Callable[..., Path], paragraphs: list[str], extra: str) -> Path:
    """A project whose catalog has the ``PARAS`` as drafts awaiting review (and ``paragraphs`` in all)."""
    root = make_project({"doc.md": "# Race\n\n" + "\n\n".join(paragraphs) + "\n"}, languages=["be"], extra=extra)
    project = Project.load(root)
    update(project)
    path = project.po_path("be", "doc")
    catalog = read_catalog(path)
    for unit in list(catalog):
        if unit.msgid in PARAS:
            catalog.put(set_draft(unit, f"Чарнавік: {unit.msgid}", "memory 100%"), replacing=unit)
    write_catalog(catalog, path)
    return root


class Reviewer(threading.Thread):
    def __init__(self, name: str, link: str, base: str, deadline: float, seed: int) -> None:
        super().__init__(daemon=True)
        self.name_, self.link, self.base, self.deadline = name, link, base, deadline
        self.rng = random.Random(seed)
        self.actions: list[dict[str, object]] = []
        self.errors: list[str] = []

    def run(self) -> None:
        try:
            self.review()
        except httpx.HTTPError as exc:  # the server went away (the kill test)
            self.errors.append(f"{type(exc).__name__}: {exc}")

    def review(self) -> None:
        with httpx.Client(base_url=self.base, follow_redirects=False, timeout=60) as client:
            client.get(self.link.replace(self.base, ""))
            n = 0
            while time.monotonic() < self.deadline:
                number = self.rng.randrange(2, len(PARAS) + 2)
                page = client.get(f"/l/be/s/{number}/doc")
                if page.status_code != 200:
                    self.errors.append(f"GET {number}: {page.status_code}")
                    continue
                csrf = re.search(r'name="csrf" value="([^"]*)"', page.text)
                seen = re.search(r'name="seen" value="([^"]*)"', page.text)
                source = re.search(r'<p class="text" lang="en">(.*?)</p>', page.text)
                if not (csrf and seen and source):
                    self.errors.append(f"segment {number}: no form")
                    continue
                action = "edit" if self.rng.random() < 0.4 else "accept"
                text = f"Праўка {self.name_} #{n}."
                n += 1
                data = {"csrf": csrf.group(1), "seen": seen.group(1), "action": action, "state": "all", "text": text}
                response = client.post(f"/l/be/s/{number}/doc", data=data)
                self.actions.append({"number": number, "action": action, "seen": seen.group(1), "text": text,
                                     "msgid": source.group(1), "status": response.status_code,
                                     "reason": "" if response.status_code == 303 else response.text[:2000]})


def test_twenty_reviewers_and_a_draft_run_lose_nothing(make_project: Callable[..., Path]) -> None:
    reviewers = "".join(f'"{name}" = ["be"]\n' for name in REVIEWERS)
    with FakeService(delay=0.01) as service:
        root = _race_project(make_project, PARAS + EMPTY,
                             f'[serve.reviewers]\n{reviewers}[draft.chains]\nbe = ["google"]\n'
                             f'[engines.google]\nurl = "{service.root("google")}"\ntimeout = 5\n')
        path = Project.load(root).po_path("be", "doc")
        initial = {u.msgid: u.msgstr for u in read_catalog(path) if u.msgid}
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        links = [invite(root, port, name) for name in REVIEWERS]
        server = start_server(root, port)
        try:
            deadline = time.monotonic() + SECONDS
            threads = [Reviewer(name, link, base, deadline, seed) for seed, (name, link) in enumerate(zip(REVIEWERS, links))]
            for thread in threads:
                thread.start()
            drafts: list[dict[str, object]] = []
            while time.monotonic() < deadline:
                done = subprocess.run([sys.executable, "-m", "transmgr", "draft", "--project", str(root), "--lang", "be",
                                       "--limit", "15", "--json"], capture_output=True, text=True)
                assert done.returncode == 0, done.stderr
                drafts.append(json.loads(done.stdout))
            for thread in threads:
                thread.join(timeout=120)
        finally:
            server.terminate()  # type: ignore[attr-defined]
            server.wait(timeout=10)  # type: ignore[attr-defined]

    actions = [a for thread in threads for a in thread.actions]
    assert not [e for thread in threads for e in thread.errors]
    landed = [a for a in actions if a["status"] == 303]
    refused = [a for a in actions if a["status"] != 303]
    assert len(landed) > 40, len(landed)
    for action in refused:  # refused with the reason shown, never an error page
        assert action["status"] == 409 and "someone changed this segment" in str(action["reason"]), action
    final = {u.msgid: u for u in read_catalog(path) if u.msgid}
    seen_digests = {str(a["seen"]) for a in landed}
    for action in landed:
        msgid = html_unescape(str(action["msgid"]))
        unit = final[msgid]
        result = str(action["text"]) if action["action"] == "edit" else None
        if result is not None:
            # An edit landed: it is on disk, or a later action saw it (and changed it knowingly).
            assert unit.msgstr == result or _digest(msgid, result) in seen_digests, action
        else:
            # An accept landed on the text it saw: it is reviewed on disk, or a later edit saw that text.
            assert (unit.state == State.REVIEWED and _digest(msgid, unit.msgstr) == action["seen"]) or \
                   any(a["seen"] == action["seen"] and a["action"] == "edit" for a in landed), action
    for unit in final.values():
        if unit.msgid in PARAS and unit.state == State.REVIEWED:
            assert unit.stamp is not None and unit.stamp.who in REVIEWERS
        if unit.msgid in PARAS and unit.msgstr != initial[unit.msgid]:
            assert unit.msgstr.startswith("Праўка Reviewer") and unit.state == State.REVIEWED
    drafted = sum(c["drafted"] for run in drafts for c in run["catalogs"])
    on_disk = sum(1 for u in final.values() if u.state == State.DRAFT and u.draft_origin == "google")
    assert drafted > 0 and on_disk == drafted
    msgfmt_check(path)
    print(f"\n{len(actions)} actions by 20 reviewers in {SECONDS:g} s: {len(landed)} landed, {len(refused)} refused "
          f"(someone changed the segment first); {drafted} drafts meanwhile")


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)


def test_a_killed_server_leaves_every_file_valid(make_project: Callable[..., Path]) -> None:
    root = _race_project(make_project, PARAS, f'[serve.reviewers]\n"{REVIEWERS[0]}" = ["be"]\n')
    path = Project.load(root).po_path("be", "doc")
    port = free_port()
    link = invite(root, port, REVIEWERS[0])
    server = start_server(root, port)
    reviewer = Reviewer(REVIEWERS[0], link, f"http://127.0.0.1:{port}", time.monotonic() + 3, 7)
    reviewer.start()
    time.sleep(1.5)
    server.kill()  # type: ignore[attr-defined]  # SIGKILL in the middle of the actions
    server.wait(timeout=10)  # type: ignore[attr-defined]
    reviewer.join(timeout=30)
    assert any(a["status"] == 303 for a in reviewer.actions)
    msgfmt_check(path)
    assert read_catalog(path).find(PARAS[0]) is not None
    assert not [p for p in path.parent.iterdir() if p.name != path.name and p.suffix == ".po"]
