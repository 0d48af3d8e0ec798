"""Benchmark: transmgr against GNU gettext's C tools on their own jobs, whole processes, one run.

What it does:
1. takes one large real catalog: every PO file of python-docs-fr (../shared/corpus) joined by
   ``msgcat`` into one file (about 16 MB, 55,000 entries), or the file given with --catalog;
2. times each pair of commands on it, alternating them (A B A B ...) for --runs runs (default 5),
   each a whole process from start to exit, and prints the median, min and max of each and the
   median of the pairwise ratios A/B (below 1: transmgr is faster):

   statistics   ``transmgr status BIG.po``            vs ``msgfmt --statistics -o /dev/null BIG.po``
   MO file      ``transmgr compile BIG.po -o a.mo``   vs ``msgfmt --no-hash -o b.mo BIG.po``
   parse+write  read BIG.po and write it back: ``python -c 'read_catalog; write_catalog'``
                                                      vs ``msgcat BIG.po -o b.po``
   MO, tree     every python-docs-fr file compiled: ``transmgr compile F1 F2 … F481`` (one process,
                both cores) vs ``msgfmt --no-hash -o F.mo F`` looped over the files, --many-runs runs
   peak memory  of one run of each command on BIG.po (statistics, MO file, and ``transmgr update
                --template BIG.pot BIG.po`` against msgfmt), the largest resident set, each whole
                process measured on its own

3. checks the outputs: the MO files byte-identical to msgfmt --no-hash's, the rewritten catalog
   byte-identical to msgcat's (BIG.po is msgcat's output, so both write it back unchanged), and
   the statistics the same as msgfmt's.

The merge against msgmerge is bench/update.py. Run: ``python bench/catalog.py [--runs N]
[--catalog FILE]``. Needs GNU gettext; without ../shared/corpus, give --catalog.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "python-docs-fr"
TRANSMGR = [sys.executable, "-m", "transmgr"]
REWRITE = ("import sys; from pathlib import Path; from transmgr.catalog import read_catalog, write_catalog; "
           "write_catalog(read_catalog(Path(sys.argv[1])), Path(sys.argv[2]))")


def run(command: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr.decode(errors='replace')}")
    return elapsed


def compare(label: str, ours: list[list[str]], theirs: list[list[str]], runs: int) -> float:
    """Alternate the two command lists ``runs`` times; print medians and the median pairwise ratio."""
    for command in ours + theirs:  # warm-up: the file cache, Python's bytecode cache
        run(command)
    mine, gnu, ratios = [], [], []
    for _ in range(runs):
        a = sum(run(command) for command in ours)
        b = sum(run(command) for command in theirs)
        mine.append(a)
        gnu.append(b)
        ratios.append(a / b)
    ratio = statistics.median(ratios)
    print(f"{label:<12} transmgr {statistics.median(mine):7.2f} s ({min(mine):.2f}-{max(mine):.2f})   "
          f"gettext {statistics.median(gnu):7.2f} s ({min(gnu):.2f}-{max(gnu):.2f})   ratio {ratio:.2f}")
    return ratio


PEAK = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True, check=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def peak_mb(command: list[str]) -> float:
    """The peak resident memory of ``command`` run alone, in MB (a wrapper process of its own)."""
    done = subprocess.run([sys.executable, "-c", PEAK, *command], capture_output=True, text=True, check=True)
    return int(done.stdout.split()[-1]) / 1024


def msgfmt_counts(path: Path) -> tuple[int, int, int]:
    done = subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    found = dict((kind, int(n)) for n, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", done.stderr))
    return found.get("translated", 0), found.get("fuzzy", 0), found.get("untranslated", 0)


def transmgr_counts(path: Path) -> tuple[int, int, int]:
    import json

    done = subprocess.run([*TRANSMGR, "status", str(path), "--json"], capture_output=True, text=True, check=True)
    entries = json.loads(done.stdout)[0]["entries"]
    return entries["translated"] + entries["reviewed"] + entries["stale"], entries["draft"], entries["untranslated"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="alternated runs per comparison (default 5)")
    parser.add_argument("--catalog", type=Path, help="the large catalog (default: python-docs-fr joined by msgcat)")
    parser.add_argument("--many-runs", type=int, default=3, help="alternated runs of the MO comparison over the tree")
    args = parser.parse_args()
    for tool in ("msgfmt", "msgcat", "msgfilter"):
        if shutil.which(tool) is None:
            print(f"skipped: GNU gettext's {tool} is not installed")
            return 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        big = args.catalog
        files = sorted(CORPUS.rglob("*.po")) if CORPUS.exists() else []
        if big is None:
            if not files:
                print(f"skipped: {CORPUS} is not present; give --catalog FILE")
                return 0
            big = work / "big.po"
            listing = work / "files.txt"
            listing.write_text("\n".join(str(f) for f in files) + "\n", encoding="utf-8")
            subprocess.run(["msgcat", "--use-first", "-f", str(listing), "-o", str(big)], check=True)
        size = big.stat().st_size / 1e6
        print(f"catalog: {big.name}, {size:.1f} MB; {args.runs} alternated runs per line; medians (min-max)")
        ratios = {}
        ratios["statistics"] = compare("statistics", [[*TRANSMGR, "status", str(big)]],
                                       [["msgfmt", "--statistics", "-o", "/dev/null", str(big)]], args.runs)
        ratios["MO file"] = compare("MO file", [[*TRANSMGR, "compile", str(big), "-o", str(work / "a.mo")]],
                                    [["msgfmt", "--no-hash", "-o", str(work / "b.mo"), str(big)]], args.runs)
        ratios["parse+write"] = compare("parse+write", [[sys.executable, "-c", REWRITE, str(big), str(work / "a.po")]],
                                        [["msgcat", str(big), "-o", str(work / "b.po")]], args.runs)
        same_mo = (work / "a.mo").read_bytes() == (work / "b.mo").read_bytes()
        same_po = (work / "a.po").read_bytes() == (work / "b.po").read_bytes()
        same_counts = transmgr_counts(big) == msgfmt_counts(big)
        print(f"outputs: MO identical to msgfmt --no-hash's: {same_mo}; rewritten catalog identical to msgcat's: "
              f"{same_po}; statistics equal to msgfmt's: {same_counts}")
        template = work / "big.pot"
        subprocess.run(["msgfilter", "-i", str(big), "-o", str(template), "--keep-header", "sed", "-e", "d"], check=True,
                       capture_output=True)
        merged = work / "merged.po"
        shutil.copyfile(big, merged)
        gnu_peak = peak_mb(["msgfmt", "--no-hash", "-o", str(work / "b.mo"), str(big)])
        peaks = {"statistics": peak_mb([*TRANSMGR, "status", str(big)]),
                 "MO file": peak_mb([*TRANSMGR, "compile", str(big), "-o", str(work / "a.mo")]),
                 "update": peak_mb([*TRANSMGR, "update", "--template", str(template), str(merged)])}
        print(f"peak memory: msgfmt {gnu_peak:.0f} MB; transmgr " + ", ".join(
            f"{job} {mb:.0f} MB ({mb / gnu_peak:.2f}x)" for job, mb in peaks.items()))
        if files:
            tree = work / "tree"
            copies = []
            for f in files:
                copy = tree / f.relative_to(CORPUS)
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(f, copy)
                copies.append(copy)
            ours = [[*TRANSMGR, "compile", *map(str, copies)]]
            theirs = [["msgfmt", "--no-hash", "-o", str(c.with_suffix(".b.mo")), str(c)] for c in copies]
            print(f"MO, tree: {len(files)} files; transmgr in one process, msgfmt looped over them")
            ratios["MO, tree"] = compare("MO, tree", ours, theirs, args.many_runs)
            same_tree = all(c.with_suffix(".mo").read_bytes() == c.with_suffix(".b.mo").read_bytes() for c in copies)
            print(f"outputs: the {len(copies)} MO files identical to msgfmt --no-hash's: {same_tree}")
        print("ratios (transmgr / gettext): " + ", ".join(f"{k} {v:.2f}" for k, v in ratios.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
