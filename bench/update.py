"""Benchmark: ``transmgr update --template`` against ``msgmerge --previous``, the same merges, one run.

What it does:
1. reads the 481 real PO files of ../shared/corpus/python-docs-fr and derives a new template from
   each: 10% of the source strings edited slightly (a word replaced, dropped or added, punctuation
   changed) and 2% new ones, remembering the translation each edited string had;
2. merges every PO file with its template with each tool, one process per file for both tools
   (``transmgr update --template new.pot work.po`` in place; ``msgmerge --previous -o out.po old.po
   new.pot``), first one file after another, then two processes at a time; the tools alternate
   (transmgr, msgmerge, transmgr, ...) for --runs runs (default 3) and the medians are printed,
   with the median of the pairwise ratios;
3. counts, for each tool, the edited strings that came out as fuzzy drafts carrying the
   translation they had before the edit (a correct fuzzy match: what a translator needs). The
   ``#|`` previous msgid is not what is counted: msgmerge leaves it out when the old entry was
   already fuzzy;
4. with --big, also merges one catalog of every file joined by msgcat (about 16 MB) with its
   edited template, by transmgr only (msgmerge needs about 40 minutes of CPU on it; --big-msgmerge
   runs it too).

Run: ``python bench/update.py [--runs N] [--limit N] [--big]``. Needs ../shared/corpus and GNU gettext.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from transmgr.catalog import Catalog, new_catalog, new_entry, read_catalog, write_catalog

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "python-docs-fr"
WORDS = ["module", "function", "value", "object", "returns", "simply", "now", "also", "new", "list"]
TRANSMGR = str(Path(sys.executable).with_name("transmgr"))


def _edit(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    choice = rng.randrange(4)
    if choice == 0 and len(words) > 3:
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    elif choice == 1 and len(words) > 4:
        del words[rng.randrange(len(words))]
    elif choice == 2:
        words.insert(rng.randrange(len(words) + 1), rng.choice(WORDS))
    else:
        return text.rstrip(".") + ("!" if text.endswith(".") else ".")
    edited = " ".join(words)
    return edited if edited != text else text + " again"


def derive(old: Catalog, rng: random.Random, name: str, truth: dict[tuple[str, str], str]) -> Catalog:
    """The edited template of ``old``; ``truth`` gets (name, edited msgid) -> the translation it had."""
    template = new_catalog({"Project-Id-Version": name, "Content-Type": "text/plain; charset=UTF-8",
                            "POT-Creation-Date": "2026-11-25 00:00+0000"})
    seen = {(u.msgctxt, u.msgid) for u in old if not u.obsolete}
    for unit in old:
        if unit.obsolete or not unit.msgid:
            continue
        msgid = unit.msgid
        if rng.random() < 0.10 and unit.msgid_plural is None:
            edited = _edit(msgid, rng)
            if (unit.msgctxt, edited) not in seen:
                if unit.msgstr:
                    truth[(name, edited)] = unit.msgstr
                msgid = edited
                seen.add((unit.msgctxt, msgid))
        template.append(new_entry(msgid, msgctxt=unit.msgctxt, occurrences=unit.references, comment=unit.note))
        if rng.random() < 0.02:
            template.append(new_entry(f"Brand new paragraph {len(template)}: " + " ".join(
                rng.choice(WORDS) + str(rng.randrange(1000)) for _ in range(8)), occurrences=unit.references))
    return template


def prepare(work: Path, files: list[Path], seed: int = 7) -> tuple[list[Path], dict[tuple[str, str], str]]:
    rng = random.Random(seed)
    folders, truth = [], {}
    for number, path in enumerate(files):
        folder = work / f"{number:03d}"
        folder.mkdir()
        shutil.copy(path, folder / "old.po")
        write_catalog(derive(read_catalog(path), rng, folder.name, truth), folder / "new.pot")
        folders.append(folder)
    return folders, truth


def merge_all(tool: str, folders: list[Path], workers: int) -> float:
    """Merge every folder's old.po with its new.pot, one process per file; the wall time of it all."""
    if tool == "transmgr":
        for folder in folders:
            shutil.copy(folder / "old.po", folder / "transmgr.po")  # it merges in place
    commands = [[TRANSMGR, "update", "--template", str(f / "new.pot"), str(f / "transmgr.po")] if tool == "transmgr"
                else ["msgmerge", "--quiet", "--previous", "-o", str(f / "msgmerge.po"), str(f / "old.po"),
                      str(f / "new.pot")] for f in folders]
    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        for done in pool.map(lambda c: subprocess.run(c, capture_output=True), commands):
            if done.returncode != 0:
                raise SystemExit(f"{tool} failed: {done.stderr.decode(errors='replace')}")
    return time.perf_counter() - started


def merge_tree(folders: list[Path], work: Path) -> float:
    """transmgr: every file in one process (``update --template-dir``, on every core)."""
    for folder in folders:
        shutil.copy(folder / "old.po", folder / "transmgr.po")
        (work / "pot" / folder.name).mkdir(parents=True, exist_ok=True)
        shutil.copy(folder / "new.pot", work / "pot" / folder.name / "transmgr.pot")
    command = [TRANSMGR, "update", "--template-dir", "pot", *(f"{f.name}/transmgr.po" for f in folders)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, cwd=work)
    if done.returncode != 0:
        raise SystemExit(f"transmgr failed: {done.stderr.decode(errors='replace')}")
    return time.perf_counter() - started


def compare_tree(folders: list[Path], work: Path, runs: int) -> None:
    """The whole tree: transmgr in one process against msgmerge looped (one file after another)."""
    times: dict[str, list[float]] = {"transmgr": [], "msgmerge": []}
    for _ in range(runs):
        times["transmgr"].append(merge_tree(folders, work))
        times["msgmerge"].append(merge_all("msgmerge", folders, 1))
    ratios = [a / b for a, b in zip(times["transmgr"], times["msgmerge"])]
    print(f"  whole tree        transmgr {statistics.median(times['transmgr']):7.2f} s (one process, "
          f"update --template-dir)   msgmerge {statistics.median(times['msgmerge']):7.2f} s (looped)   "
          f"ratio {statistics.median(ratios):.2f}")


def correct(folders: list[Path], truth: dict[tuple[str, str], str], name: str) -> tuple[int, int]:
    """(edited strings that came out as a fuzzy draft with their old translation, edited strings)."""
    found = 0
    for folder in folders:
        for unit in read_catalog(folder / name):
            old = truth.get((folder.name, unit.msgid))
            if old is not None and not unit.obsolete and unit.fuzzy and unit.msgstr == old:
                found += 1
    return found, len(truth)


def compare(folders: list[Path], runs: int, workers: int) -> None:
    times: dict[str, list[float]] = {"transmgr": [], "msgmerge": []}
    for _ in range(runs):
        for tool in ("transmgr", "msgmerge"):
            times[tool].append(merge_all(tool, folders, workers))
    ratios = [a / b for a, b in zip(times["transmgr"], times["msgmerge"])]
    label = "one after another" if workers == 1 else f"{workers} at a time"
    print(f"  {label:<18} transmgr {statistics.median(times['transmgr']):7.2f} s   "
          f"msgmerge {statistics.median(times['msgmerge']):7.2f} s   ratio {statistics.median(ratios):.2f}")


def big(work: Path, files: list[Path], with_msgmerge: bool) -> None:
    listing = work / "files.txt"
    listing.write_text("\n".join(str(f) for f in files) + "\n", encoding="utf-8")
    subprocess.run(["msgcat", "--use-first", "-f", str(listing), "-o", str(work / "big.po")], check=True)
    truth: dict[tuple[str, str], str] = {}
    write_catalog(derive(read_catalog(work / "big.po"), random.Random(9), "big", truth), work / "big.pot")
    shutil.copy(work / "big.po", work / "transmgr.po")
    started = time.perf_counter()
    subprocess.run([TRANSMGR, "update", "--template", str(work / "big.pot"), str(work / "transmgr.po")], check=True,
                   capture_output=True)
    elapsed = time.perf_counter() - started
    found = sum(1 for u in read_catalog(work / "transmgr.po")
                if u.fuzzy and not u.obsolete and truth.get(("big", u.msgid)) == u.msgstr)
    size = (work / "big.po").stat().st_size / 1e6
    print(f"one {size:.1f} MB catalog: transmgr update --template {elapsed:.1f} s, {found} of {len(truth)} edited "
          "strings drafted with their old translation")
    if with_msgmerge:
        started = time.perf_counter()
        subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(work / "msgmerge.po"), str(work / "big.po"),
                        str(work / "big.pot")], check=True)
        print(f"  msgmerge --previous {time.perf_counter() - started:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="alternated runs (default 3)")
    parser.add_argument("--limit", type=int, help="only the first N files")
    parser.add_argument("--big", action="store_true", help="also merge the 16 MB joined catalog (transmgr)")
    parser.add_argument("--big-msgmerge", action="store_true", help="with --big: msgmerge too (about 40 minutes)")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is not present (the benchmark needs ../shared/corpus)")
        return 0
    if shutil.which("msgmerge") is None:
        print("skipped: GNU gettext's msgmerge is not installed")
        return 0
    files = sorted(CORPUS.rglob("*.po"))[:args.limit]
    with tempfile.TemporaryDirectory() as tmp:
        folders, truth = prepare(Path(tmp), files)
        entries = sum(len(read_catalog(f / "new.pot")) for f in folders)
        print(f"{len(folders)} files, {entries} template entries, {len(truth)} edited translated strings; "
              f"one process per file for each tool, {args.runs} alternated runs, medians")
        compare(folders, args.runs, 1)
        compare(folders, args.runs, 2)
        compare_tree(folders, Path(tmp), args.runs)
        print("edited strings drafted with the translation they had (correct fuzzy matches):")
        for tool, name in (("transmgr", "transmgr.po"), ("msgmerge", "msgmerge.po")):
            found, total = correct(folders, truth, name)
            print(f"  {tool:<9} {found:6d} of {total}")
        if args.big:
            big(Path(tmp), files, args.big_msgmerge)
    return 0


if __name__ == "__main__":
    sys.exit(main())
