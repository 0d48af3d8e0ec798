"""The merge cases of a team sharing PO files through git, merged three ways: transmgr's driver, git's own
line merge, and a msgcat-based driver (``msgcat -o %A %A %B``, the core of the popular git-merge-po
script). For each case and way it reports whether git stopped with a conflict, whether the PO file
passes ``msgfmt -c``, whether it holds conflict markers, and whether the result is what a translator
wants (the case's own check).

Run: ``python bench/merge_cases.py`` (needs git and gettext).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from transmgr.catalog import State, accept, read_catalog, set_translation, write_catalog
from transmgr.workflows import Project, update
from transmgr.workflows.exchange.merge_driver import driver_command

DOC = "# Appeal\n\nThe war must stop.\n\nThere is no bottom in Belarus.\n\nWhat are you going to do?\n"
ENV = {**os.environ, "GIT_AUTHOR_NAME": "B", "GIT_AUTHOR_EMAIL": "b@example.org", "GIT_COMMITTER_NAME": "B",
       "GIT_COMMITTER_EMAIL": "b@example.org", "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent"}
PO = "locales/be/LC_MESSAGES/doc.po"


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, env=ENV)


def translate(root: Path, texts: dict[str, str], review: tuple[str, ...] = ()) -> None:
    path = root / PO
    catalog = read_catalog(path)
    for unit in list(catalog):
        if unit.msgid in texts:
            done = set_translation(unit, texts[unit.msgid])
            catalog.put(accept(done, "Ala") if unit.msgid in review else done, replacing=unit)
        elif unit.msgid in review:
            catalog.put(accept(unit, "Ala"), replacing=unit)
    write_catalog(catalog, path)


def edit_source(root: Path) -> None:
    (root / "source" / "doc.md").write_text(DOC.replace("in Belarus.", "in Belarus, none."))
    update(Project.load(root))


def header(date: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        catalog = read_catalog(root / PO)
        catalog.set_fields({"PO-Revision-Date": date})
        write_catalog(catalog, root / PO)
    return change


def units(root: Path) -> dict[str, object]:
    try:
        return {u.msgid: u for u in read_catalog(root / PO) if u.msgid and not u.obsolete}
    except Exception:  # a file with conflict markers does not parse
        return {}


W, B, Q = "The war must stop.", "There is no bottom in Belarus.", "What are you going to do?"
CASES: list[tuple[str, Callable[[Path], None], Callable[[Path], None], Callable[[dict[str, object]], bool]]] = [
    ("different entries", lambda r: translate(r, {B: "У Беларусі няма дна."}),
     lambda r: translate(r, {Q: "Што вы збіраецеся рабіць?"}),
     lambda u: getattr(u.get(B), "msgstr", "") == "У Беларусі няма дна." and getattr(u.get(Q), "msgstr", "") != ""),
    ("same entry, same text", lambda r: translate(r, {Q: "Што рабіць?"}), lambda r: translate(r, {Q: "Што рабіць?"}),
     lambda u: getattr(u.get(Q), "msgstr", "") == "Што рабіць?"),
    ("same entry, different text", lambda r: translate(r, {W: "Вайна мусіць спыніцца."}),
     lambda r: translate(r, {W: "Вайну трэба спыніць."}),
     lambda u: getattr(u.get(W), "state", None) == State.DRAFT and "Вайну трэба" in (getattr(u.get(W), "review_note", "") or "")),
    ("one side reviewed, other translated another entry", lambda r: translate(r, {}, (W,)),
     lambda r: translate(r, {Q: "Што рабіць?"}),
     lambda u: getattr(u.get(W), "state", None) == State.REVIEWED and getattr(u.get(Q), "msgstr", "") == "Што рабіць?"),
    ("one side reviewed, other edited that entry", lambda r: translate(r, {}, (W,)),
     lambda r: translate(r, {W: "Вайну трэба спыніць."}),
     lambda u: getattr(u.get(W), "msgstr", "") == "Вайну трэба спыніць." and getattr(u.get(W), "state", None) != State.REVIEWED),
    ("source updated on one side, translated on the other", edit_source,
     lambda r: translate(r, {B: "У Беларусі няма дна."}),
     lambda u: getattr(u.get("There is no bottom in Belarus, none."), "msgstr", "") == "У Беларусі няма дна."
     and B not in u),
    ("header only", header("2026-11-01 10:00+0000"), header("2026-12-01 10:00+0000"), lambda u: bool(u)),
]


def run(way: str, case: tuple[str, Callable[[Path], None], Callable[[Path], None], Callable[[dict[str, object]], bool]],
        folder: Path) -> dict[str, object]:
    _, ours, theirs, wanted = case
    root = folder / way
    (root / "source").mkdir(parents=True)
    (root / "source" / "doc.md").write_text(DOC)
    (root / "transmgr.toml").write_text('source_language = "en"\nlanguages = ["be"]\n')
    git(root, "init", "-q", "-b", "main")
    if way != "git":
        driver = driver_command() if way == "transmgr" else "msgcat -o %A %A %B"
        (root / ".gitattributes").write_text("*.po merge=po\n")
        git(root, "config", "merge.po.driver", driver)
    update(Project.load(root))
    translate(root, {W: "Вайна павінна спыніцца."})
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    git(root, "branch", "theirs")
    ours(root)
    git(root, "commit", "-qam", "ours")
    git(root, "checkout", "-q", "theirs")
    theirs(root)
    git(root, "add", "-A")
    git(root, "commit", "-qam", "theirs")
    git(root, "checkout", "-q", "main")
    merged = git(root, "merge", "--no-edit", "theirs")
    text = (root / PO).read_text(encoding="utf-8")
    valid = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(root / PO)], capture_output=True).returncode == 0
    return {"conflict": merged.returncode != 0, "msgfmt": valid,
            "markers": "<<<<<<<" in text or "#-#-#-#-#" in text, "wanted": wanted(units(root))}


def main() -> int:
    ways = ("transmgr", "git", "msgcat")
    print(f"{'case':55} " + " ".join(f"{w:32}" for w in ways))
    with tempfile.TemporaryDirectory() as tmp:
        for number, case in enumerate(CASES):
            cells = []
            for way in ways:
                r = run(way, case, Path(tmp) / f"{number}")
                cells.append(f"{'CONFLICT' if r['conflict'] else 'clean':8} msgfmt {'ok' if r['msgfmt'] else 'FAILS':5} "
                             f"{'markers ' if r['markers'] else ''}{'right' if r['wanted'] else 'WRONG'}")
            print(f"{case[0]:55} " + " ".join(f"{c:32}" for c in cells), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
