"""Benchmark: transmgr's catalog update against ``msgmerge --previous`` on python-docs-fr.

What it does, in one run:
1. reads the 481 real PO files of ../shared/corpus/python-docs-fr and derives a template from each;
2. edits 10% of the source strings slightly (a word replaced, dropped or added, punctuation changed)
   and adds 2% new ones, remembering which old msgid each edited msgid came from;
3. merges every old PO file with its new template twice: with GNU ``msgmerge --previous`` and with
   transmgr's own indexed merge (reading the POT and PO from disk and writing the result, as
   msgmerge does), timing both, sequentially and then with one process per core;
4. counts the fuzzy matches each tool found, and how many point at the right old msgid.

Run: ``python bench/update.py [--limit N]``. Needs ../shared/corpus and GNU gettext.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from transmgr.catalog import new_catalog, new_entry, read_catalog, write_catalog
from transmgr.catalog.po import Catalog
from transmgr.workflows.updating import merge_into

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "python-docs-fr"
WORDS = ["module", "function", "value", "object", "returns", "simply", "now", "also", "new", "list"]


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


def _new_string(rng: random.Random, n: int) -> str:
    return f"Brand new paragraph {n}: " + " ".join(rng.choice(WORDS) + str(rng.randrange(1000)) for _ in range(8))


def prepare(workdir: Path, limit: int | None, seed: int = 7) -> tuple[list[tuple[Path, Path]], dict[str, str]]:
    """Write old.po / new.pot pairs; return them and the truth {new msgid: old msgid}."""
    rng = random.Random(seed)
    files = sorted(CORPUS.rglob("*.po"))[:limit]
    pairs, truth = [], {}
    for number, path in enumerate(files):
        old = read_catalog(path)
        template: Catalog = new_catalog({"Project-Id-Version": path.stem, "Content-Type": "text/plain; charset=UTF-8",
                                         "POT-Creation-Date": "2026-11-25 00:00+0000"})
        seen = {(e.msgctxt, e.msgid) for e in old if not e.obsolete}
        for entry in old:
            if entry.obsolete:
                continue
            msgid = entry.msgid
            if rng.random() < 0.10:
                edited = _edit(msgid, rng)
                if (entry.msgctxt, edited) not in seen:
                    if entry.msgstr:
                        truth[f"{number}\x00{edited}"] = msgid
                    msgid = edited
                    seen.add((entry.msgctxt, msgid))
            template.append(new_entry(msgid, msgctxt=entry.msgctxt, occurrences=entry.references,
                                      comment=entry.note))
            if rng.random() < 0.02:
                template.append(new_entry(_new_string(rng, len(template)), occurrences=entry.references))
        folder = workdir / f"{number:03d}"
        folder.mkdir()
        shutil.copy(path, folder / "old.po")
        write_catalog(template, folder / "new.pot")
        pairs.append((folder / "old.po", folder / "new.pot"))
    return pairs, truth


def run_msgmerge(pair: tuple[Path, Path]) -> None:
    old, pot = pair
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(old.with_name("msgmerge.po")), str(old), str(pot)],
                   check=True)


def run_transmgr(pair: tuple[Path, Path]) -> None:
    old_path, pot = pair
    merged, _ = merge_into(read_catalog(pot), read_catalog(old_path), "fr", old_path.parent.name)
    write_catalog(merged, old_path.with_name("transmgr.po"))


def count(pairs: list[tuple[Path, Path]], truth: dict[str, str], name: str) -> tuple[int, int, int]:
    """(fuzzy matches found, of which correct, edited translated strings)."""
    found = correct = 0
    for number, (old, _) in enumerate(pairs):
        for entry in read_catalog(old.with_name(name)):
            if entry.obsolete or "fuzzy" not in entry.flags or not entry.previous_msgid:
                continue
            key = f"{number}\x00{entry.msgid}"
            if key not in truth:
                continue  # fuzzy entries the corpus already had, or new strings
            found += 1
            correct += entry.previous_msgid == truth[key]
    return found, correct, len(truth)


def timed(label: str, func, pairs, workers: int) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    if workers == 1:
        for pair in pairs:
            func(pair)
    else:
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(func, pairs, chunksize=8))
    elapsed = time.perf_counter() - start
    print(f"  {label:<34} {elapsed:7.2f} s")
    return elapsed


def parse_times(path: Path) -> None:
    import babel.messages.pofile as babel_po  # only for the comparison
    import polib

    for label, func in [
        ("transmgr read_catalog", lambda: read_catalog(path)),
        ("polib.pofile", lambda: polib.pofile(str(path))),
        ("babel read_po", lambda: babel_po.read_po(path.open("rb"))),
    ]:
        best = min(_once(func) for _ in range(5))
        print(f"  {label:<34} {best * 1000:7.1f} ms")


def _once(func) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N files")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is not present (the benchmark needs ../shared/corpus)")
        return 0
    if shutil.which("msgmerge") is None:
        print("skipped: GNU gettext's msgmerge is not installed")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        pairs, truth = prepare(Path(tmp), args.limit)
        entries = sum(len(read_catalog(pot)) for _, pot in pairs)
        print(f"{len(pairs)} files, {entries} template entries, {len(truth)} edited translated strings")
        print("sequential (one process):")
        t_msgmerge = timed("msgmerge --previous", run_msgmerge, pairs, 1)
        t_transmgr = timed("transmgr update (merge_into)", run_transmgr, pairs, 1)
        cores = os.cpu_count() or 1
        print(f"parallel ({cores} processes):")
        p_msgmerge = timed("msgmerge --previous", run_msgmerge, pairs, cores)
        p_transmgr = timed("transmgr update (merge_into)", run_transmgr, pairs, cores)
        m_found, m_correct, total = count(pairs, truth, "msgmerge.po")
        t_found, t_correct, _ = count(pairs, truth, "transmgr.po")
        print("fuzzy matches of edited strings (found / correct / edited):")
        print(f"  msgmerge  {m_found:6d} / {m_correct:6d} / {total}")
        print(f"  transmgr  {t_found:6d} / {t_correct:6d} / {total}")
        print(f"time ratio transmgr/msgmerge: sequential {t_transmgr / t_msgmerge:.2f}, "
              f"parallel {p_transmgr / p_msgmerge:.2f} (below 1 means transmgr is faster)")
        largest = max(CORPUS.rglob("*.po"), key=lambda p: p.stat().st_size)
        print(f"parse time of the largest catalog ({largest.name}, {largest.stat().st_size // 1024} KiB), best of 5:")
        parse_times(largest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
