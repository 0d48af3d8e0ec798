"""Twenty reviewers at once in the browser app while ``transmgr draft`` runs: nothing lost.

A real ``transmgr serve`` process; twenty HTTP clients on 127.0.0.1, each signed in with its own
login link, open random segments and accept, edit, suggest or undo; ``transmgr draft`` drafts the
untranslated half of the same catalog against a fake engine in a loop. Every action must either
land or be refused with a reason; every action that landed is in the history exactly once, with
its author and text; every unit's history is one unbroken chain that ends in the unit on disk
(no change happened outside the review core); every draft a run reported is on disk; msgfmt -c
passes.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import msgfmt_check
from tests.engines.fake_services import FakeService
from tests.web.conftest import free_port, invite, start_server
from transmgr.catalog import State, read_catalog, set_draft, write_catalog
from transmgr.workflows import Project, update
from transmgr.workflows.review.journal import OUTSIDE, Record, journal_path, read_records

pytestmark = pytest.mark.slow
httpx = pytest.importorskip("httpx", reason="httpx (a test dependency) is the reviewers' HTTP client")

SECONDS = float(os.environ.get("TRANSMGR_WEB_RACE_SECONDS", "6"))
REVIEWERS = [f"Reviewer {n:02d}" for n in range(1, 21)]
PARAS = [f"Paragraph {n} of the appeal, which a reviewer may accept or edit." for n in range(60)]
EMPTY = [f"Untranslated paragraph {n} waits for a machine draft." for n in range(120)]


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
        self.landed = threading.Event()  # set when an action has landed

    def run(self) -> None:
        try:
            self.review()
        except httpx.HTTPError as exc:  # the server went away (the kill test)
            self.errors.append(f"{type(exc).__name__}: {exc}")

    def review(self) -> None:
        with httpx.Client(base_url=self.base, follow_redirects=False, timeout=60) as client:
            page = client.get(self.link.replace(self.base, ""))
            token = re.search(r'name="token" value="([^"]*)"', page.text)
            assert token is not None, page.text
            client.post("/login", data={"token": token.group(1)})
            n = 0
            while time.monotonic() < self.deadline:
                number = self.rng.randrange(2, len(PARAS) + 2)
                found = client.get(f"/l/be/s/{number}/doc")
                url = found.headers.get("location", "")
                page = client.get(url) if found.status_code == 303 else found
                if page.status_code != 200:
                    self.errors.append(f"GET {number}: {page.status_code}")
                    continue
                csrf = re.search(r'name="csrf" value="([^"]*)"', page.text)
                seen = re.search(r'name="seen" value="([^"]*)"', page.text)
                if not (csrf and seen):
                    self.errors.append(f"segment {number}: no form")
                    continue
                roll = self.rng.random()
                action = "accept" if roll < 0.3 else "edit_accept" if roll < 0.6 else "suggest" if roll < 0.75 \
                    else "undo" if roll < 0.9 and 'id="undo"' in page.text else "edit"
                text = f"Праўка {self.name_} #{n}."
                n += 1
                data = {"csrf": csrf.group(1), "seen": seen.group(1), "action": action, "state": "all", "text": text}
                response = client.post(url.split("?")[0], data=data)
                landed = response.status_code == 303
                reason = "" if landed else response.text[:2000]
                shown = ""
                if landed:  # the flash on the next page says whether it was done or refused (and why)
                    shown = client.get(response.headers["location"]).text
                    refused = re.search(r'<p class="flash error">(.*?)</p>', shown)
                    if refused:
                        landed, reason = False, refused.group(1)
                noop = landed and "Nothing to change" in shown
                self.actions.append({"uid": url.split("/")[4], "action": action, "text": text, "landed": landed,
                                     "noop": noop, "status": response.status_code, "reason": reason})
                if landed:
                    self.landed.set()


KINDS = {"accept": "accept", "edit_accept": "edit", "edit": "edit", "suggest": "suggest", "undo": "revert"}


def test_twenty_reviewers_and_a_draft_run_lose_nothing(make_project: Callable[..., Path]) -> None:
    reviewers = "".join(f'"{name}" = ["be"]\n' for name in REVIEWERS)
    with FakeService(delay=0.01) as service:
        root = _race_project(make_project, PARAS + EMPTY,
                             f'[serve.reviewers]\n{reviewers}[draft.chains]\nbe = ["google"]\n'
                             f'[engines.google]\nurl = "{service.root("google")}"\ntimeout = 5\n')
        path = Project.load(root).po_path("be", "doc")
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

    actions = [{**a, "who": thread.name_} for thread in threads for a in thread.actions]
    assert not [e for thread in threads for e in thread.errors]
    landed = [a for a in actions if a["landed"]]
    refused = [a for a in actions if not a["landed"]]
    assert len(landed) > 40, len(landed)
    assert {a["action"] for a in landed} >= {"accept", "edit_accept", "suggest", "undo"}
    for action in refused:  # refused with the reason shown, never an error page
        assert (action["status"] == 409 and "someone changed this segment" in str(action["reason"])) or (
            action["status"] == 303 and "changed" in str(action["reason"])), action

    records = [record for _, record in read_records(journal_path(root / "locales", "be", "doc"))]
    # Every action that landed is in the history once, with its author; and nothing else by a reviewer is.
    by_web = Counter((r.who, r.action, r.uid) for r in records if r.via == "web")
    assert by_web == Counter((str(a["who"]), KINDS[str(a["action"])], str(a["uid"])) for a in landed
                             if not a["noop"])  # (accepting what one already accepted changes nothing)
    texts = {(r.who, r.new.msgstr) for r in records if r.action == "edit"}
    suggested = {(r.who, line) for r in records if r.action == "suggest" for line in r.new.comments.split("\n")}
    for action in landed:
        if action["action"] in ("edit", "edit_accept"):
            assert (action["who"], action["text"]) in texts, action
        if action["action"] == "suggest":
            assert any(who == action["who"] and str(action["text"]) in line for who, line in suggested), action
    # Each unit's history is one unbroken chain ending in what is on disk: no change was lost or made
    # outside the review core (the drafts included).
    final = {u.uid: u for u in read_catalog(path) if u.msgid}
    chains: dict[str, list[Record]] = {}
    for record in sorted(records, key=lambda r: r.at):
        chains.setdefault(record.uid, []).append(record)
    assert not [r for r in records if r.action == OUTSIDE]
    for uid, chain in chains.items():
        for before, after in itertools.pairwise(chain):
            assert before.new.revision == after.old.revision, (uid, before, after)
        assert chain[-1].new.revision == final[uid].revision and chain[-1].new.msgstr == final[uid].msgstr, uid
    for unit in final.values():
        if unit.msgid in PARAS and unit.state == State.REVIEWED:
            assert unit.stamp is not None and unit.stamp.who in REVIEWERS
    drafted = sum(c["drafted"] for run in drafts for c in run["catalogs"])
    on_disk = sum(1 for u in final.values() if u.state == State.DRAFT and u.draft_origin == "google")
    assert drafted > 0 and on_disk == drafted == sum(1 for r in records if r.action == "draft")
    msgfmt_check(path)
    print(f"\n{len(actions)} actions by 20 reviewers in {SECONDS:g} s: {len(landed)} landed "
          f"({dict(Counter(str(a['action']) for a in landed))}), {len(refused)} refused "
          f"(someone changed the segment first); {drafted} drafts meanwhile; {len(records)} history records")


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)


def test_a_killed_server_leaves_every_file_valid(make_project: Callable[..., Path]) -> None:
    root = _race_project(make_project, PARAS, f'[serve.reviewers]\n"{REVIEWERS[0]}" = ["be"]\n')
    path = Project.load(root).po_path("be", "doc")
    port = free_port()
    link = invite(root, port, REVIEWERS[0])
    server = start_server(root, port)
    reviewer = Reviewer(REVIEWERS[0], link, f"http://127.0.0.1:{port}", time.monotonic() + 30, 7)
    reviewer.start()
    assert reviewer.landed.wait(timeout=30)  # the reviewer is at work: actions land, more are on their way
    server.kill()  # type: ignore[attr-defined]  # SIGKILL in the middle of the actions
    server.wait(timeout=10)  # type: ignore[attr-defined]
    reviewer.join(timeout=30)
    assert any(a["landed"] for a in reviewer.actions)
    msgfmt_check(path)
    assert read_catalog(path).find(PARAS[0]) is not None
    assert not [p for p in path.parent.iterdir() if p.name != path.name and p.suffix == ".po"]
