"""Teams past one machine: two clones of one shared repository, each with its review server that
commits its reviewers' work under their names and pushes it; `transmgr sync` for the command line."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.conftest import msgfmt_check
from tests.web.conftest import free_port, invite, start_server
from transmgr.catalog import read_catalog, set_draft, write_catalog
from transmgr.workflows import Project, update

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
DOC = "# The appeal\n\n" + "\n\n".join(f"Paragraph {n} of the appeal." for n in range(1, 9)) + "\n"
ALA, TARAS = "Ala Kavalenka <ala@example.org>", "Taras Melnyk <taras@example.org>"


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Setup", "GIT_AUTHOR_EMAIL": "setup@example.org",
           "GIT_COMMITTER_NAME": "Setup", "GIT_COMMITTER_EMAIL": "setup@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True, env=env).stdout


def transmgr(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "transmgr", *args, "--project", str(cwd)], capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def shared(tmp_path: Path, make_project: Callable[..., Path]) -> Callable[[str], Path]:
    """A bare repository holding a project with be drafts; ``clone(name)`` makes a set-up clone."""
    extra = (f'[serve.reviewers]\n"{ALA}" = ["be"]\n"{TARAS}" = ["be"]\n'
             '[serve.git]\ncommit_every = 0.5\nremote = "origin"\n')
    root = make_project({"doc.md": DOC}, languages=["be"], extra=extra)
    update(Project.load(root))
    path = Project.load(root).po_path("be", "doc")
    catalog = read_catalog(path)
    for unit in list(catalog):
        if unit.msgid.startswith("Paragraph"):
            catalog.put(set_draft(unit, "Абзац " + unit.msgid.split()[1] + " звароту.", "google"), replacing=unit)
    write_catalog(catalog, path)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "the project")
    bare = tmp_path / "shared.git"
    git(tmp_path, "clone", "-q", "--bare", str(root), str(bare))

    def clone(name: str) -> Path:
        target = tmp_path / name
        git(tmp_path, "clone", "-q", str(bare), str(target))
        assert transmgr(target, "git-setup").returncode == 0
        git(target, "config", "user.name", f"{name} server")
        git(target, "config", "user.email", f"{name}@example.org")
        return target

    clone.bare = bare  # type: ignore[attr-defined]
    return clone


def _review(base: str, link: str, actions: list[tuple[int, str, str]]) -> list[str]:
    """Sign in by ``link`` and do each (segment number, action, text); the texts that landed."""
    done = []
    with httpx.Client(base_url=base, follow_redirects=False, timeout=30) as client:
        page = client.get(link.replace(base, ""))
        token = re.search(r'name="token" value="([^"]*)"', page.text).group(1)  # type: ignore[union-attr]
        client.post("/login", data={"token": token})
        for number, action, text in actions:
            found = client.get(f"/l/be/s/{number}/doc")
            url = found.headers["location"].split("?")[0]
            page = client.get(url)
            csrf = re.search(r'name="csrf" value="([^"]*)"', page.text).group(1)  # type: ignore[union-attr]
            seen = re.search(r'name="seen" value="([^"]*)"', page.text).group(1)  # type: ignore[union-attr]
            answer = client.post(url, data={"csrf": csrf, "seen": seen, "action": action, "state": "all", "text": text})
            assert answer.status_code == 303, answer.text
            done.append(text)
    return done


def _remote_log(bare: Path) -> list[tuple[str, str]]:
    out = git(bare, "log", "--format=%an <%ae>%x09%s", "main")
    return [tuple(line.split("\t", 1)) for line in out.splitlines()]  # type: ignore[misc]


def _wait_for(condition: Callable[[], bool], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_two_review_servers_push_their_reviewers_work_under_their_names(shared: Callable[[str], Path],
                                                                        tmp_path: Path) -> None:
    minsk, kyiv = shared("minsk"), shared("kyiv")
    servers = []
    try:
        landed = {}
        for root, who, numbers in ((minsk, ALA, (2, 3, 4)), (kyiv, TARAS, (6, 7, 8))):
            port = free_port()
            link = invite(root, port, who)
            servers.append(start_server(root, port))
            actions = [(n, "edit_accept", f"Абзац {n}, выпраўлены: {who.split()[0]}.") for n in numbers]
            landed[who] = _review(f"http://127.0.0.1:{port}", link, actions)
        assert _wait_for(lambda: {a for a, _ in _remote_log(shared.bare)} >= {ALA, TARAS})  # type: ignore[attr-defined]
    finally:
        for server in servers:
            server.terminate()  # type: ignore[attr-defined]
            server.wait(timeout=30)  # type: ignore[attr-defined]
    log = _remote_log(shared.bare)  # type: ignore[attr-defined]
    for who in (ALA, TARAS):  # each one's three edits in commits of theirs (a round may fall between two edits)
        name = who.split(" <")[0]
        counted = [int(m.group(1)) for a, s in log if a == who
                   and (m := re.match(rf"Review by {name}: (\d+) unit\(s\)", s))]
        assert sum(counted) == 3, log
    fresh = tmp_path / "fresh"
    git(tmp_path, "clone", "-q", str(shared.bare), str(fresh))  # type: ignore[attr-defined]
    path = Project.load(fresh).po_path("be", "doc")
    msgfmt_check(path)
    reviewed = {u.msgstr for u in read_catalog(path) if u.state.value == "reviewed"}
    assert reviewed >= set(landed[ALA]) | set(landed[TARAS])
    history = (fresh / "locales" / ".history" / "be" / "doc.jsonl").read_text(encoding="utf-8")
    assert all(text in history for texts in landed.values() for text in texts)


def test_both_servers_editing_one_unit_keep_both_texts(shared: Callable[[str], Path], tmp_path: Path) -> None:
    minsk, kyiv = shared("minsk"), shared("kyiv")
    for root in (minsk, kyiv):  # rounds 3 s apart: both edits land before either server has the other's
        config = root / "transmgr.toml"
        config.write_text(config.read_text(encoding="utf-8").replace("commit_every = 0.5", "commit_every = 3"),
                          encoding="utf-8")
    servers, texts = [], {}
    try:
        for root, who in ((minsk, ALA), (kyiv, TARAS)):
            port = free_port()
            link = invite(root, port, who)
            servers.append(start_server(root, port))
            texts[who] = _review(f"http://127.0.0.1:{port}", link, [(3, "edit", f"Другі абзац паводле {who.split()[0]}.")])[0]
        assert _wait_for(lambda: {a for a, _ in _remote_log(shared.bare)} >= {ALA, TARAS})  # type: ignore[attr-defined]
        # the second server to push merged the first's work: wait until a clone sees both texts
        fresh = tmp_path / "fresh"

        def both_there() -> bool:
            if fresh.exists():
                git(fresh, "pull", "-q")
            else:
                git(tmp_path, "clone", "-q", str(shared.bare), str(fresh))  # type: ignore[attr-defined]
            text = (fresh / "locales" / "be" / "LC_MESSAGES" / "doc.po").read_text(encoding="utf-8")
            return all(t in text for t in texts.values())

        assert _wait_for(both_there)
    finally:
        for server in servers:
            server.terminate()  # type: ignore[attr-defined]
            server.wait(timeout=30)  # type: ignore[attr-defined]
    path = fresh / "locales" / "be" / "LC_MESSAGES" / "doc.po"
    msgfmt_check(path)
    assert "<<<<<<<" not in path.read_text(encoding="utf-8")
    unit = next(u for u in read_catalog(path) if u.msgid == "Paragraph 2 of the appeal.")
    assert unit.fuzzy and {unit.msgstr, *(s.text for s in unit.suggestions)} >= set(texts.values())


def test_sync_commits_as_the_person_and_refuses_a_clone_without_the_driver(shared: Callable[[str], Path],
                                                                          tmp_path: Path) -> None:
    here = shared("laptop")
    path = Project.load(here).po_path("be", "doc")
    env = {**os.environ, "TRANSMGR_REVIEWER": "Olga Translator <olga@example.org>"}
    done = subprocess.run([sys.executable, "-m", "transmgr", "review", "be", "--accept", "source/doc.md:5",
                           "--project", str(here)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    path.write_text(path.read_text(encoding="utf-8").replace("Абзац 8 звароту.", "Абзац восьмы."), encoding="utf-8")
    synced = subprocess.run([sys.executable, "-m", "transmgr", "sync", "--remote", "origin", "--json",
                             "--project", str(here)], capture_output=True, text=True, env=env)
    assert synced.returncode == 0, synced.stderr
    result = json.loads(synced.stdout)
    assert [c["author"] for c in result["commits"]] == ["Olga Translator <olga@example.org>"] * 2
    assert result["pushed"] and result["commits"][0]["units"] == 1
    log = _remote_log(shared.bare)  # type: ignore[attr-defined]
    assert log[0][1].startswith("transmgr: changes no review records explain")
    assert log[1][1].startswith("Review by Olga Translator: 1 unit(s)")
    bare_clone = tmp_path / "plain"
    git(tmp_path, "clone", "-q", str(shared.bare), str(bare_clone))  # type: ignore[attr-defined]
    refused = transmgr(bare_clone, "sync")
    assert refused.returncode != 0 and "transmgr git-setup" in refused.stderr and refused.stderr.count("\n") == 1
    server = transmgr(bare_clone, "serve", "--port", str(free_port()))  # [serve.git] is set: it does not start
    assert server.returncode != 0 and "transmgr git-setup" in server.stderr and "Serving" not in server.stderr
