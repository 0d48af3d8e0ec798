"""A team past one machine, simulated on loopback: review servers on three clones of one shared
repository, 50 reviewers over 30 languages working through HTTP for a while, and a fourth clone
where the source grows, ``update`` and ``draft`` run and ``sync`` pushes. At the end every action
a reviewer saw land must be in a fresh clone of the shared repository (its history record, and the
text in the catalog unless a later action changed it), no record twice, every catalog valid for
``msgfmt -c``. Reports actions per second, commits, merges, conflicted files and retried pushes.

    python bench/team_simulation.py [--seconds 120] [--units 200] [--seed 1] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

import httpx  # noqa: E402
from tests.engines.fake_services import FakeService  # noqa: E402

from transmgr.catalog import read_catalog, set_draft, write_catalog  # noqa: E402
from transmgr.workflows import Project, update  # noqa: E402

LANGUAGES = ["be", "uk", "ru", "pl", "cs", "sk", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "fi", "et",
             "lv", "lt", "hu", "ro", "bg", "sr", "hr", "sl", "el", "tr", "ka", "hy", "kk"]
SERVERS = 3
REVIEWERS = 50
COMMIT_EVERY = 10.0  # seconds between a server's sync rounds ([serve.git] commit_every; a team would use 60)


def run(cwd: Path, *args: str, check: bool = True, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, check=check,
                          env={**os.environ, **(env or {})})


def transmgr(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run(cwd, sys.executable, "-m", "transmgr", *args, "--project", str(cwd), check=False, env=env)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_shared(folder: Path, units: int, people: dict[str, tuple[str, ...]]) -> Path:
    project = folder / "origin"
    (project / "source").mkdir(parents=True)
    paragraphs = [f"Paragraph {n} of the long report says something about the square and the weather." for n in
                  range(1, units + 1)]
    (project / "source" / "report.md").write_text("# The report\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    reviewers = "".join(f'"{who}" = {json.dumps(list(langs))}\n' for who, langs in people.items())
    (project / "transmgr.toml").write_text(
        f'source_language = "en"\nlanguages = {json.dumps(LANGUAGES)}\n[serve.reviewers]\n{reviewers}'
        f'[serve.git]\ncommit_every = {COMMIT_EVERY:g}\nremote = "origin"\n', encoding="utf-8")
    update(Project.load(project))
    for lang in LANGUAGES:
        path = Project.load(project).po_path(lang, "report")
        catalog = read_catalog(path)
        for unit in list(catalog):
            if unit.msgid.startswith("Paragraph"):
                catalog.put(set_draft(unit, f"[{lang}] {unit.msgid}", "google"), replacing=unit)
        write_catalog(catalog, path)
    who = {"GIT_AUTHOR_NAME": "Setup", "GIT_AUTHOR_EMAIL": "s@example.org", "GIT_COMMITTER_NAME": "Setup",
           "GIT_COMMITTER_EMAIL": "s@example.org"}
    run(project, "git", "init", "-q", "-b", "main")
    run(project, "git", "add", ".")
    run(project, "git", "commit", "-q", "-m", "project", env=who)
    bare = folder / "shared.git"
    run(folder, "git", "clone", "-q", "--bare", str(project), str(bare))
    return bare


def clone(bare: Path, target: Path) -> Path:
    run(bare.parent, "git", "clone", "-q", str(bare), str(target))
    assert transmgr(target, "git-setup").returncode == 0
    run(target, "git", "config", "user.name", f"{target.name} server")
    run(target, "git", "config", "user.email", f"{target.name}@example.org")
    return target


class Reviewer(threading.Thread):
    def __init__(self, who: str, langs: tuple[str, ...], base: str, link: str, deadline: float, seed: int) -> None:
        super().__init__(daemon=True)
        self.who, self.langs, self.base, self.link, self.deadline = who, langs, base, link, deadline
        self.rng = random.Random(seed)
        self.landed: list[dict[str, str]] = []
        self.refused = 0

    def run(self) -> None:
        with httpx.Client(base_url=self.base, follow_redirects=False, timeout=60) as client:
            page = client.get(self.link.replace(self.base, ""))
            token = re.search(r'name="token" value="([^"]*)"', page.text).group(1)  # type: ignore[union-attr]
            client.post("/login", data={"token": token})
            n = 0
            while time.monotonic() < self.deadline:
                lang = self.rng.choice(self.langs)
                found = client.get(f"/l/{lang}/s/{self.rng.randrange(2, 40)}/report")
                if found.status_code != 303:
                    continue
                url = found.headers["location"].split("?")[0]
                page = client.get(url)
                csrf = re.search(r'name="csrf" value="([^"]*)"', page.text)
                seen = re.search(r'name="seen" value="([^"]*)"', page.text)
                if not (csrf and seen):
                    continue
                action = self.rng.choice(["accept", "edit_accept", "edit"])
                text = f"[{lang}] {self.who.split()[0]} #{n}"
                n += 1
                answer = client.post(url, data={"csrf": csrf.group(1), "seen": seen.group(1), "action": action,
                                                "state": "all", "text": text})
                shown = client.get(answer.headers["location"]).text if answer.status_code == 303 else ""
                if answer.status_code == 303 and 'class="flash error"' not in shown and "Nothing to change" not in shown:
                    self.landed.append({"lang": lang, "uid": url.split("/")[4], "action": action,
                                        "text": text if action != "accept" else ""})
                else:
                    self.refused += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, default=None, help="work in this folder and keep it")
    parser.add_argument("--commit-every", type=float, default=COMMIT_EVERY, help="the servers' sync interval (s)")
    args = parser.parse_args()
    globals()["COMMIT_EVERY"] = args.commit_every
    rng = random.Random(args.seed)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="transmgr-team-"))
    folder.mkdir(parents=True, exist_ok=True)
    groups = [LANGUAGES[i::SERVERS] for i in range(SERVERS)]  # each server reviews a group of languages
    people: dict[str, tuple[str, ...]] = {}
    for n in range(REVIEWERS):
        group = groups[n % SERVERS]
        people[f"Reviewer {n:02d} <r{n:02d}@example.org>"] = tuple(rng.sample(group, 2))
    started = time.monotonic()
    bare = make_shared(folder, args.units, people)
    servers, reviewers, logs = [], [], []
    try:
        deadline = time.monotonic() + args.seconds
        for index in range(SERVERS):
            root = clone(bare, folder / f"site{index}")
            port = free_port()
            log = open(folder / f"site{index}.log", "w", encoding="utf-8")  # noqa: SIM115
            logs.append(log)
            servers.append(subprocess.Popen([sys.executable, "-m", "transmgr", "serve", "--project", str(root),
                                             "--port", str(port)], stdout=log, stderr=log))
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):  # until it answers
                try:
                    httpx.get(base + "/", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            for who, langs in people.items():
                if set(langs) <= set(groups[index]):
                    link = transmgr(root, "serve", "--port", str(port), "--invite", who).stdout.strip()
                    reviewers.append(Reviewer(who, langs, base, link, deadline, rng.randrange(1 << 30)))
        for reviewer in reviewers:
            reviewer.start()
        tools = clone(bare, folder / "tools")
        tool_runs = Counter()
        with FakeService() as service:
            config = tools / "transmgr.toml"
            codes = ", ".join(f'{lang} = "{lang}"' for lang in LANGUAGES)  # the fake translates them all
            config.write_text(config.read_text(encoding="utf-8") + f'\n[engines.google]\nurl = "{service.root("google")}"\n'
                              f'codes = {{ {codes} }}\n[draft.chains]\n' + "".join(f'{lang} = ["google"]\n' for lang in LANGUAGES),
                              encoding="utf-8")
            run(tools, "git", "update-index", "--assume-unchanged", "transmgr.toml")
            added = 0
            while time.monotonic() < deadline:
                added += 1
                source = tools / "source" / "report.md"
                source.write_text(source.read_text(encoding="utf-8") + f"\nA paragraph added later, number {added}.\n",
                                  encoding="utf-8")
                tool_runs["update"] += transmgr(tools, "update").returncode == 0
                tool_runs["draft"] += transmgr(tools, "draft").returncode in (0, 1)
                began = time.monotonic()
                synced = transmgr(tools, "sync", "--remote", "origin")
                tool_runs["sync"] += synced.returncode == 0
                tool_runs["sync seconds"] += round(time.monotonic() - began)
                if synced.returncode != 0:
                    tool_runs["sync problems"] += 1
                    print(f"tool sync: {synced.stderr.strip()}", file=sys.stderr)
                time.sleep(min(5.0, max(0.0, deadline - time.monotonic())))
        for reviewer in reviewers:
            reviewer.join(timeout=120)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=120)
        for log in logs:
            log.close()
    transmgr(tools, "sync", "--remote", "origin")
    fresh = folder / "fresh"
    run(folder, "git", "clone", "-q", str(bare), str(fresh))
    elapsed = time.monotonic() - started
    # -- what the shared repository holds --------------------------------------------------------
    landed = [dict(action, who=r.who) for r in reviewers for action in r.landed]
    missing, invalid, duplicated = [], [], 0
    records: dict[tuple[str, str], list[dict[str, object]]] = {}
    for lang in LANGUAGES:
        history = fresh / "locales" / ".history" / lang / "report.jsonl"
        lines = history.read_text(encoding="utf-8").splitlines() if history.exists() else []
        duplicated += len(lines) - len(set(lines))
        for line in lines:
            data = json.loads(line)
            records.setdefault((lang, str(data["uid"])), []).append(data)
        po = Project.load(fresh).po_path(lang, "report")
        check = run(fresh, "msgfmt", "-c", "-o", "/dev/null", str(po), check=False)
        if check.returncode != 0:
            invalid.append(f"{lang}: {check.stderr.strip()[:200]}")
    for action in landed:
        found = records.get((action["lang"], action["uid"]), [])
        if not any(r["who"] == action["who"] and (not action["text"] or r["new"].get("msgstr") == action["text"])  # type: ignore[union-attr]
                   for r in found):
            missing.append(action)
    log_text = "".join((folder / f"site{i}.log").read_text(encoding="utf-8") for i in range(SERVERS))
    rounds = re.findall(r"git sync: (\d+) commit\(s\), (merged|no merge), (pushed|not pushed), (\d+) conflicted "
                        r"file\(s\), (\d+) retried", log_text)
    commits = int(run(fresh, "git", "rev-list", "--count", "HEAD").stdout)
    merges = int(run(fresh, "git", "rev-list", "--count", "--merges", "HEAD").stdout)
    authors = len(set(run(fresh, "git", "log", "--format=%ae").stdout.split()))
    print(f"{len(reviewers)} reviewers on {SERVERS} servers over {len(LANGUAGES)} languages "
          f"({args.units} units each), {args.seconds:g} s of work, servers syncing every {COMMIT_EVERY:g} s, "
          f"{elapsed:.0f} s in all")
    print(f"actions landed: {len(landed)} ({len(landed) / args.seconds:.1f}/s), refused or no-ops: "
          f"{sum(r.refused for r in reviewers)}")
    print(f"server sync rounds with work: {len(rounds)}, pushed: {sum(1 for r in rounds if r[2] == 'pushed')}, "
          f"conflicted files: {sum(int(r[3]) for r in rounds)}, retried pushes: {sum(int(r[4]) for r in rounds)}")
    print(f"tool clone: {dict(tool_runs)}; shared repository: {commits} commits ({merges} merges) by {authors} authors")
    print(f"missing actions: {len(missing)}, duplicated history lines: {duplicated}, invalid catalogs: {len(invalid)}")
    for action in missing[:5]:
        print(f"  missing: {action}")
    for line in invalid[:5]:
        print(f"  invalid: {line}")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    sys.exit(1 if missing or duplicated or invalid else 0)


if __name__ == "__main__":
    main()
