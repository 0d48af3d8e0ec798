"""Benchmark: translation-memory lookups against brute-force rapidfuzz, the same queries, the same run.

What it does:
1. builds a memory of real translation units: the msgid/msgstr pairs of python-docs-fr
   (../shared/corpus/python-docs-fr, 481 PO files; 26,700 distinct translated msgids), each also
   a second time with a number appended (a revised paragraph): about 53,000 units, the size the
   issue measured, full of near-duplicates, the hard case for an index;
2. makes 1,000 queries from units picked at random (seeded): a third unchanged, a third with one
   word changed or dropped (a revised sentence), a third cut or extended by a clause; and 200 queries
   from the essay's paragraphs, which have no match;
3. answers every query with ``TranslationMemory.lookup`` (transmgr's length and word index) and with
   ``rapidfuzz.process.extractOne`` over every unit (``fuzz.ratio``, the same score, the same 75%
   cut-off), alternating which goes first over ``--runs`` runs;
4. reports each tool's median time per query, their ratio, and how many queries each answered
   with a match of the best score there is (the brute force's score is the best by definition).

5. keeps the memory on disk as a draft run does (engines/memory_store.py) and measures, in fresh
   processes, the time from opening it to the first answer (median of 5, long and short queries).

Run: ``python bench/memory.py [--runs 3] [--queries 1000]``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "python-docs-fr"

from transmgr.catalog import read_catalog  # noqa: E402
from transmgr.engines.memory import TranslationMemory  # noqa: E402
from transmgr.engines.memory_store import open_store  # noqa: E402


def units() -> list[tuple[str, str]]:
    found: dict[str, str] = {}
    for path in sorted(CORPUS.rglob("*.po")):
        for entry in read_catalog(path):
            source = " ".join(entry.msgid.split())
            if source and entry.msgstr and not entry.fuzzy and not entry.msgid_plural:
                found.setdefault(source, entry.msgstr)
    copies = [(f"{source} ({n})", f"{target} ({n})") for n, (source, target) in enumerate(found.items(), start=2)]
    return list(found.items()) + copies


def queries(pairs: list[tuple[str, str]], count: int) -> list[str]:
    rng = random.Random(7)
    out = []
    for n in range(count):
        words = rng.choice(pairs)[0].split()
        if n % 3 == 1 and len(words) > 4:
            spot = rng.randrange(len(words))
            words = words[:spot] + words[spot + 1:] if n % 2 else [*words[:spot], "revised", *words[spot + 1:]]
        elif n % 3 == 2 and len(words) > 6:
            words = words[: len(words) * 4 // 5] if n % 2 else [*words, "in", "most", "cases"]
        out.append(" ".join(words))
    essay = (ROOT / "source" / "deeply-concerned.md").read_text(encoding="utf-8").split("\n\n")
    return out + [" ".join(p.split()) for p in essay if len(p) > 40][:200]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--queries", type=int, default=1000)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"skipped: {CORPUS} is missing")
        return 0
    pairs = units()
    asked = queries(pairs, args.queries)
    started = time.perf_counter()
    memory = TranslationMemory([(s, t, 2, "python-docs-fr") for s, t in pairs], 75)
    memory.lookup("warm the index up: a query long enough to build the word index")
    build = time.perf_counter() - started
    sources = [s for s, _ in pairs]
    ours_times: list[float] = []
    peer_times: list[float] = []
    ours_scores: list[int] = []
    peer_scores: list[int] = []
    for run in range(args.runs):
        for tool in (("ours", "peer") if run % 2 == 0 else ("peer", "ours")):
            started = time.perf_counter()
            if tool == "ours":
                found = [memory.lookup(q) for q in asked]
                ours_times.append(time.perf_counter() - started)
                ours_scores = [m.score if m else 0 for m in found]
            else:
                hits = [process.extractOne(q, sources, scorer=fuzz.ratio, processor=None, score_cutoff=75)
                        for q in asked]
                peer_times.append(time.perf_counter() - started)
                peer_scores = [0 if h is None else (100 if h[1] == 100 else min(99, int(h[1]))) for h in hits]
    best = sum(1 for o, p in zip(ours_scores, peer_scores) if p and o >= p)
    matched_peer = sum(1 for p in peer_scores if p)
    ours = statistics.median(ours_times) / len(asked) * 1000
    peer = statistics.median(peer_times) / len(asked) * 1000
    result = {"units": len(pairs), "queries": len(asked), "index_build_s": round(build, 2),
              "transmgr_ms_per_query": round(ours, 3), "rapidfuzz_ms_per_query": round(peer, 3),
              "ratio": round(peer / ours, 1), "brute_force_matches": matched_peer,
              "transmgr_matches": sum(1 for o in ours_scores if o), "transmgr_best_score": best,
              "transmgr_missed": matched_peer - best}
    print(f"{len(pairs)} units, {len(asked)} queries; index built in {build:.2f} s")
    print(f"transmgr memory: {ours:.3f} ms a query; brute-force rapidfuzz extractOne: {peer:.3f} ms a query "
          f"({peer / ours:.1f}x)")
    print(f"matches: brute force {matched_peer}; transmgr {best} of them at the best score, "
          f"{matched_peer - best} missed")
    result.update(stored_first_query(pairs, asked))
    print(json.dumps(result))
    return 0


FIRST = """
import json, sys, time
from pathlib import Path
started = time.perf_counter()
from transmgr.engines.memory import TranslationMemory
from transmgr.engines.memory_store import open_store
imported = time.perf_counter()
stored = open_store(Path(sys.argv[1]), "bench", 0.75, lambda: [])
memory = TranslationMemory((), 75, stored=stored)
memory.lookup(sys.argv[2])
answered = time.perf_counter()
stored.ready.wait()
print(json.dumps([imported - started, answered - imported, time.perf_counter() - imported]))
"""


def stored_first_query(pairs: list[tuple[str, str]], asked: list[str], runs: int = 5) -> dict[str, float]:
    """The memory kept on disk (what a draft run opens): the time to write it, then in fresh processes
    the time from opening it to the first answer, and until the whole memory is in the process."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "memory.sqlite"
        started = time.perf_counter()
        open_store(path, "bench", 0.75, lambda: [(s, t, 2, "python-docs-fr") for s, t in pairs])
        written = time.perf_counter() - started
        firsts, loads = [], []
        for n in range(runs):  # a long query (the word index) and a short one (the whole window), alternately
            query = max(asked[n::7], key=len) if n % 2 == 0 else min(asked[n::7], key=len)
            done = subprocess.run([sys.executable, "-c", FIRST, str(path), query], capture_output=True, text=True,
                                  check=True)
            _, first, loaded = json.loads(done.stdout)
            firsts.append(first)
            loads.append(loaded)
    first_ms, load_ms = statistics.median(firsts) * 1000, statistics.median(loads) * 1000
    print(f"kept on disk: written in {written:.1f} s; a fresh process opens it and has its first answer in "
          f"{first_ms:.0f} ms (median of {runs}; slowest {max(firsts) * 1000:.0f} ms), the whole memory in the "
          f"process after {load_ms:.0f} ms")
    return {"store_write_s": round(written, 2), "store_first_query_ms": round(first_ms, 1),
            "store_first_query_max_ms": round(max(firsts) * 1000, 1), "store_loaded_ms": round(load_ms)}


if __name__ == "__main__":
    sys.exit(main())
