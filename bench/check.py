"""Benchmark: transmgr's quality checks against Translate Toolkit's pofilter, in the same run.

1. Speed: both tools over the python-docs-fr corpus (481 PO files, 17 MB), on the same entries
   (translated and fuzzy ones: pofilter's default, ``transmgr check --drafts``) and with the
   checks they share only (OVERLAP below names them: numbers, placeholders, URLs, brackets, end
   punctuation, spacing, unchanged text, length), each in its own process, alternated, medians of
   --runs. transmgr is timed in one process and with --workers processes (the catalogs are
   independent, so checking is split by file). Each tool's full set is timed too, without a
   ratio: 46 pofilter tests and 21 transmgr checks are not the same work.
2. Findings on the Universal Declaration of Human Rights (en -> be/uk/ru, OHCHR's texts):
   PO files are built from udhr/txt/udhr_aligned.tsv, both tools check them, and each finding
   is counted as a true positive when its paragraph holds one of the known faults listed in
   ../shared/corpus/README.md, else as a false positive.
3. Findings on this repository's own translations of the essay (locales/*.po), correct text.

    python bench/check.py [--runs 3] [--workers 2]

Needs ../shared/corpus and pofilter (pip install translate-toolkit; a benchmark tool, not a
project dependency). Skips with a message when either is missing.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
DOCS_FR = CORPUS / "python-docs-fr"
UDHR_TSV = CORPUS / "udhr" / "txt" / "udhr_aligned.tsv"
UDHR_RU_NOTE = CORPUS / "udhr" / "txt" / "udhr_ru.txt"
NOTE_EN = "Adopted and proclaimed by General Assembly resolution 217 A (III) of 10 December 1948."


# transmgr's checks and the pofilter tests that look for the same faults.
OVERLAP = {
    "numbers": ["numbers"],
    "placeholders": ["printf", "pythonbraceformat", "variables"],
    "links": ["urls"],
    "brackets": ["brackets"],
    "end-punctuation": ["endpunc"],
    "spacing": ["doublespacing", "startwhitespace", "endwhitespace", "puncspacing"],
    "untranslated": ["unchanged"],
    "length": ["long", "short"],
}


def pofilter_command() -> str | None:
    found = shutil.which("pofilter") or str(Path(sys.executable).with_name("pofilter"))
    return found if Path(found).exists() else None


# --- transmgr, run in a child process -------------------------------------------------------------

def _check_files(paths: list[str], lang: str, only: bool = False) -> tuple[int, dict[str, int]]:
    from transmgr.catalog import read_catalog
    from transmgr.checks import CHECKS, Context
    from transmgr.workflows.check import check_catalog

    checks = [c for c in CHECKS if c.check_id in OVERLAP] if only else CHECKS
    counts: Counter[str] = Counter()
    entries = 0
    context = Context()
    for path in paths:
        catalog = read_catalog(Path(path))
        entries += len(catalog)
        for _, finding in check_catalog(catalog, lang=lang, source_lang="en", doc=Path(path).stem, checks=checks,
                                        context=context, include_drafts=True):
            counts[finding.check_id] += 1
    return entries, dict(counts)


def run_ours(folder: Path, lang: str, workers: int, only: bool) -> None:
    """Child mode: check every PO file under ``folder``; print counts as JSON."""
    paths = [str(p) for p in sorted(folder.rglob("*.po"))]
    if workers <= 1:
        entries, counts = _check_files(paths, lang, only)
    else:
        # Interleave big and small files so both workers get a similar share.
        by_size = sorted(paths, key=lambda p: -os.path.getsize(p))
        chunks = [by_size[i::workers] for i in range(workers)]
        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(_check_files, chunks, [lang] * workers, [only] * workers))
        entries = sum(r[0] for r in results)
        counts = dict(sum((Counter(r[1]) for r in results), Counter()))
    print(json.dumps({"entries": entries, "findings": counts}))


def time_ours(folder: Path, lang: str, workers: int, only: bool = False) -> tuple[float, dict[str, int]]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--child", str(folder), "--lang", lang, "--workers", str(workers),
                           *(["--only"] if only else [])], capture_output=True, text=True, check=True)
    elapsed = time.perf_counter() - start
    return elapsed, json.loads(done.stdout)["findings"]


# --- pofilter ---------------------------------------------------------------------------------------

def pofilter_findings(output: Path) -> list[tuple[str | None, str, str]]:
    """(msgctxt, msgid, test) for every note pofilter wrote into its output files."""
    from transmgr.catalog import read_catalog

    found = []
    files = [output] if output.is_file() else sorted(output.rglob("*.po"))
    for path in files:
        for entry in read_catalog(path):
            for line in (entry.comments or "").splitlines():
                if line.startswith("(pofilter) "):
                    found.append((entry.msgctxt, entry.msgid, line[len("(pofilter) "):].split(":", 1)[0]))
    return found


def time_pofilter(command: str, source: Path, lang: str, output: Path, only: bool = False) -> float:
    if output.exists():
        shutil.rmtree(output) if output.is_dir() else output.unlink()
    tests = [f"--test={test}" for tests in OVERLAP.values() for test in tests] if only else []
    start = time.perf_counter()
    subprocess.run([command, "--progress=none", f"--language={lang}", *tests, "-i", str(source), "-o", str(output)],
                   capture_output=True, text=True, check=True)
    return time.perf_counter() - start


# --- the UDHR side by side ----------------------------------------------------------------------------

def known_faults(key: str, lang: str, text: str) -> set[str]:
    """The faults the corpus README lists, located in one paragraph of one language."""
    faults = set()
    if lang in ("be", "uk") and key.startswith("/article") and key.endswith("/title#1"):
        faults.add("full stop added to the article title")
    if lang == "uk" and key == "/preamble/para#6":
        faults.add("'уваги. що': a full stop for a comma")
    if lang == "uk" and "'" in text:
        faults.add("ASCII apostrophe (be writes U+02BC)")
    if "\u2010" in text:
        faults.add("U+2010 HYPHEN (ru writes '-')")
    if key == "/note" and "217 \u0410" in text:
        faults.add("Cyrillic А in '217 A (III)'")
    return faults


def build_udhr(folder: Path) -> dict[str, dict[str, tuple[str, str]]]:
    """One PO file per language (msgctxt = paragraph key); returns {lang: {key: (en, text)}}."""
    from transmgr.catalog import new_catalog, new_entry, write_catalog
    from transmgr.languages import get_language

    with UDHR_TSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    note = next(line for line in UDHR_RU_NOTE.read_text(encoding="utf-8").splitlines() if "217" in line)
    texts: dict[str, dict[str, tuple[str, str]]] = {}
    for lang in ("be", "uk", "ru"):
        catalog = new_catalog({"Content-Type": "text/plain; charset=UTF-8", "Language": lang,
                               "Plural-Forms": get_language(lang).plural_forms})
        texts[lang] = {}
        pairs = [(row["key"], row["en"], row[lang]) for row in rows]
        if lang == "ru":
            pairs.append(("/note", NOTE_EN, note))
        for key, en, text in pairs:
            catalog.append(new_entry(en, text, msgctxt=key, occurrences=[("udhr", key)]))
            texts[lang][key] = (en, text)
        write_catalog(catalog, folder / f"udhr-{lang}.po")
    return texts


def udhr_side_by_side(command: str) -> None:
    from transmgr.catalog import read_catalog
    from transmgr.checks import CHECKS, Context
    from transmgr.workflows.check import check_catalog

    print("\n== UDHR en -> be/uk/ru: findings of both tools (TP: on a paragraph with a known fault) ==")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        texts = build_udhr(folder)
        faulty = {(lang, key) for lang, table in texts.items() for key, (_, text) in table.items()
                  if known_faults(key, lang, text)}
        results: dict[str, dict[str, list[tuple[str, str]]]] = {"pofilter": {}, "transmgr": {}}
        for lang in texts:
            out = folder / f"out-{lang}.po"
            time_pofilter(command, folder / f"udhr-{lang}.po", lang, out)
            results["pofilter"][lang] = [(ctx or "", test) for ctx, _, test in pofilter_findings(out)] if out.exists() else []
            catalog = read_catalog(folder / f"udhr-{lang}.po")
            results["transmgr"][lang] = [
                (key[0] or "", f.check_id) for key, f in check_catalog(
                    catalog, lang=lang, source_lang="en", doc="udhr", checks=CHECKS, context=Context())]
    print(f"paragraphs: {sum(len(t) for t in texts.values())} ({', '.join(f'{k} {len(v)}' for k, v in texts.items())});"
          f" with a known fault: {len(faulty)}")
    header = f"{'tool':9} {'lang':4} {'findings':>8} {'TP':>5} {'FP':>5} {'faulty paragraphs found':>24}"
    print(header)
    print("-" * len(header))
    for tool, by_lang in results.items():
        for lang in (*texts, "all"):
            found = [(lang_, key, test) for lang_, items in by_lang.items() for key, test in items
                     if lang in (lang_, "all")]
            tp = sum(1 for lang_, key, _ in found if (lang_, key) in faulty)
            units = {(lang_, key) for lang_, key, _ in found if (lang_, key) in faulty}
            wanted = sum(1 for lang_, key in faulty if lang in (lang_, "all"))
            print(f"{tool:9} {lang:4} {len(found):8} {tp:5} {len(found) - tp:5} {len(units):>17} of {wanted:<4}")
    for tool, by_lang in results.items():
        tally: dict[str, list[int]] = {}
        for lang, items in by_lang.items():
            for key, test in items:
                tally.setdefault(test, [0, 0])[0 if (lang, key) in faulty else 1] += 1
        listed = ", ".join(f"{test} {tp}/{fp}" for test, (tp, fp) in sorted(tally.items(), key=lambda x: -sum(x[1])))
        print(f"{tool} by test (TP/FP): {listed or 'none'}")
    missed = sorted(faulty - {(lang, key) for lang, items in results["transmgr"].items() for key, _ in items})
    print(f"faulty paragraphs transmgr does not flag: {missed or 'none'}")


def essay_side_by_side(command: str) -> None:
    """Both tools on this repository's own be/uk/ru translations of the essay (taken as correct)."""
    from transmgr.workflows import Project
    from transmgr.workflows.check import check

    project = Project.load(ROOT)
    docs = [d.name for d in project.documents()]
    langs = [lang for lang in project.config.target_languages if any(project.po_path(lang, d).exists() for d in docs)]
    print("\n== The essay's own translations (locales/, the project translators' work, taken as correct) ==")
    ours = check(project, langs).findings
    with tempfile.TemporaryDirectory() as tmp:
        for lang in langs:
            theirs: Counter[str] = Counter()
            for doc in docs:
                out = Path(tmp) / f"{lang}-{doc}.po"
                time_pofilter(command, project.po_path(lang, doc), lang, out)
                if out.exists():
                    theirs.update(test for _, _, test in pofilter_findings(out))
            mine = Counter(f.check_id for f in ours if f.lang == lang)
            print(f"{lang}: pofilter {sum(theirs.values())} ({', '.join(f'{k} {v}' for k, v in theirs.most_common()) or 'none'});"
                  f" transmgr {sum(mine.values())} ({', '.join(f'{k} {v}' for k, v in mine.most_common()) or 'none'})")


# --- main ---------------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="alternated runs per tool; medians (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="processes for the parallel transmgr run (default 2)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--lang", default="fr", help=argparse.SUPPRESS)
    parser.add_argument("--only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_ours(args.child, args.lang, args.workers, args.only)
        return 0
    if not DOCS_FR.is_dir() or not UDHR_TSV.is_file():
        print(f"skipped: needs the shared corpus at {CORPUS} (python-docs-fr and udhr)")
        return 0
    command = pofilter_command()
    if command is None:
        print("skipped: pofilter not found (pip install translate-toolkit into this environment)")
        return 0
    files = sorted(DOCS_FR.rglob("*.po"))
    size = sum(p.stat().st_size for p in files) / 1e6
    print(f"== Speed: {len(files)} PO files of python-docs-fr ({size:.1f} MB), translated and fuzzy entries, "
          f"{args.runs} alternated runs, medians ==")
    print("shared checks: " + "; ".join(f"{ours} = {', '.join(theirs)}" for ours, theirs in OVERLAP.items()))
    parallel = f"transmgr ({args.workers} processes)"
    with tempfile.TemporaryDirectory() as tmp:
        for only, title in ((True, "the shared checks only (the same work)"),
                            (False, "each tool's full set (not the same work: no ratio)")):
            times: dict[str, list[float]] = {"transmgr (1 process)": [], parallel: [], "pofilter": []}
            counts: dict[str, dict[str, int]] = {}
            for _ in range(args.runs):  # alternated, so that load on the machine hits both tools alike
                elapsed, counts["transmgr"] = time_ours(DOCS_FR, "fr", 1, only)
                times["transmgr (1 process)"].append(elapsed)
                times[parallel].append(time_ours(DOCS_FR, "fr", args.workers, only)[0])
                times["pofilter"].append(time_pofilter(command, DOCS_FR, "fr", Path(tmp) / "out", only))
            counts["pofilter"] = dict(Counter(test for _, _, test in pofilter_findings(Path(tmp) / "out")))
            print(f"-- {title}")
            median = {tool: statistics.median(values) for tool, values in times.items()}
            for tool, value in median.items():
                ratio = f"  pofilter / this {median['pofilter'] / value:.2f}" if only and tool != "pofilter" else ""
                print(f"{tool:24} {value:6.2f} s  (runs: {', '.join(f'{v:.2f}' for v in times[tool])}){ratio}")
            for tool in ("transmgr", "pofilter"):
                total = sum(counts[tool].values())
                top = ", ".join(f"{k} {v}" for k, v in sorted(counts[tool].items(), key=lambda x: -x[1])[:8])
                print(f"{tool} findings: {total} ({top})")
    udhr_side_by_side(command)
    essay_side_by_side(command)
    return 0


if __name__ == "__main__":
    sys.exit(main())
