"""A property of the review core, tried with real processes: whatever sequence of actions the CLI, the
browser app and imports apply to one catalog, interleaved, every unit's history replays to its final
state (each record starts where the previous one ended, the last ends where the unit is), and every
action a tool reported as done is in the history.

Seeded random sequences: three workers (a ``transmgr review`` CLI, two reviewers in a running
``transmgr serve``, a ``transmgr import`` of whole translated documents) act at once.
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
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import msgfmt_check
from tests.web.conftest import free_port, invite, start_server
from transmgr.catalog import read_catalog, set_draft, write_catalog
from transmgr.workflows import Project, update
from transmgr.workflows.review.journal import OUTSIDE, Record, journal_path, read_records

pytestmark = pytest.mark.slow
httpx = pytest.importorskip("httpx", reason="httpx (a test dependency) is the browser's stand-in")

PARAS = [f"Paragraph {n} says something worth translating." for n in range(8)]
STEPS = int(os.environ.get("TRANSMGR_REPLAY_STEPS", "10"))
REVIEWER = "Cli Reviewer <cli@example.org>"
WEB = ["Web One", "Web Two"]


def _project(make_project: Callable[..., Path]) -> Path:
    people = "".join(f'"{name}" = ["be"]\n' for name in WEB)
    root = make_project({"doc.md": "# Title\n\n" + "\n\n".join(PARAS) + "\n"}, languages=["be"],
                        extra=f"[serve.reviewers]\n{people}")
    project = Project.load(root)
    update(project)
    path = project.po_path("be", "doc")
    catalog = read_catalog(path)
    for unit in list(catalog):
        if unit.msgid in PARAS[:5]:
            catalog.put(set_draft(unit, f"Чарнавік {PARAS.index(unit.msgid)}.", "google"), replacing=unit)
    write_catalog(catalog, path)
    return root


def _cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRANSMGR_REVIEWER": REVIEWER}
    return subprocess.run([sys.executable, "-m", "transmgr", *args, "--project", str(root)], capture_output=True,
                          text=True, env=env, timeout=60)


def _cli_worker(root: Path, rng: random.Random, done: list[tuple[str, str]]) -> None:
    for step in range(STEPS):
        ref = f"{rng.randrange(2, len(PARAS) + 2)}"
        action = rng.choice(["accept", "reject", "edit", "undo"])
        args = {"accept": ["--accept", ref], "reject": ["--reject", ref, "--note", f"note {step}"],
                "edit": ["--edit", ref, "--text", f"CLI праўка {step}."], "undo": ["--undo", ref]}[action]
        result = _cli(root, "review", "be", *args, "--json")
        if result.returncode == 0:
            for row in json.loads(result.stdout):
                done.append((REVIEWER, row["id"]))
        else:
            assert result.returncode in (1, 2) and "Traceback" not in result.stderr, result.stderr


def _import_worker(root: Path, rng: random.Random, tmp: Path, done: list[int]) -> None:
    for step in range(STEPS // 2):
        texts = [f"Імпарт {step}: абзац {n}." if rng.random() < 0.5 else f"Чарнавік {n}." for n in range(len(PARAS))]
        path = tmp / f"be-{step}.md"
        path.write_text("# Загаловак\n\n" + "\n\n".join(texts) + "\n", encoding="utf-8")
        args = ["import", "be", str(path), "--doc", "doc", "--json"] + (["--draft"] if rng.random() < 0.5 else [])
        result = _cli(root, *args)
        assert result.returncode in (0, 1, 2) and "Traceback" not in result.stderr, result.stderr
        if result.returncode == 0:
            done.append(json.loads(result.stdout)["imported"])


def _web_worker(base: str, link: str, name: str, rng: random.Random, done: list[tuple[str, str]]) -> None:
    with httpx.Client(base_url=base, follow_redirects=False, timeout=60) as client:
        page = client.get(link.replace(base, ""))
        token = re.search(r'name="token" value="([^"]*)"', page.text)
        assert token is not None
        client.post("/login", data={"token": token.group(1)})
        for step in range(STEPS):
            found = client.get(f"/l/be/s/{rng.randrange(2, len(PARAS) + 2)}/doc")
            url = found.headers["location"].split("?")[0]
            page = client.get(url)
            csrf = re.search(r'name="csrf" value="([^"]*)"', page.text)
            seen = re.search(r'name="seen" value="([^"]*)"', page.text)
            assert csrf and seen, page.text[:500]
            action = rng.choice(["accept", "edit_accept", "suggest", "reject", "undo", "comment"])
            data = {"csrf": csrf.group(1), "seen": seen.group(1), "action": action, "text": f"{name} {step}.",
                    "note": f"{name} note {step}"}
            response = client.post(url, data=data)
            assert response.status_code in (303, 409), response.text[:500]
            if response.status_code == 303:
                shown = client.get(response.headers["location"]).text
                if 'class="flash ok"' in shown and "Nothing to change" not in shown:
                    done.append((name, url.split("/")[4]))


def _same_state(a: object, b: object) -> bool:
    fields = ("msgstr", "plural", "fuzzy", "comments", "previous", "state", "revision")
    return all(getattr(a, f) == getattr(b, f) for f in fields)


@pytest.mark.parametrize("seed", [1, 2])
def test_every_units_history_replays_to_its_final_state(make_project: Callable[..., Path], tmp_path: Path,
                                                        seed: int) -> None:
    root = _project(make_project)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    links = [invite(root, port, name) for name in WEB]
    server = start_server(root, port)
    rng = random.Random(seed)
    cli_done: list[tuple[str, str]] = []
    web_done: list[tuple[str, str]] = []
    imports: list[int] = []
    workers = [threading.Thread(target=_cli_worker, args=(root, random.Random(rng.random()), cli_done)),
               threading.Thread(target=_import_worker, args=(root, random.Random(rng.random()), tmp_path, imports))]
    workers += [threading.Thread(target=_web_worker, args=(base, link, name, random.Random(rng.random()), web_done))
                for name, link in zip(WEB, links)]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=300)
    finally:
        server.terminate()  # type: ignore[attr-defined]
        server.wait(timeout=10)  # type: ignore[attr-defined]

    path = Project.load(root).po_path("be", "doc")
    records = [record for _, record in read_records(journal_path(root / "locales", "be", "doc"))]
    assert not [r for r in records if r.action == OUTSIDE]  # every change went through the review core
    chains: dict[str, list[Record]] = {}
    for record in sorted(records, key=lambda r: r.at):
        chains.setdefault(record.uid, []).append(record)
    final = {unit.uid: unit for unit in read_catalog(path) if unit.msgid}
    from transmgr.workflows.review.journal import Snapshot

    for uid, chain in chains.items():
        for before, after in itertools.pairwise(chain):
            assert _same_state(before.new, after.old), (uid, before.action, after.action)
        assert _same_state(chain[-1].new, Snapshot.of(final[uid])), uid
    # What each tool reported as done is in the history, by the right person.
    recorded = [(r.who, r.uid) for r in records]
    for who, uid in cli_done + web_done:
        assert (who, uid) in recorded, (who, uid)
    assert sum(1 for r in records if r.via == "import") == sum(imports)
    assert cli_done and web_done and imports
    msgfmt_check(path)
    print(f"\nseed {seed}: {len(records)} records over {len(chains)} units "
          f"({', '.join(f'{via} {sum(1 for r in records if r.via == via)}' for via in ('cli', 'web', 'import'))})")
