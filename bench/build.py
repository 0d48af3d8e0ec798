"""Benchmark: building every edition of 2,000 essay-sized documents in 4 languages, and MO compilation against msgfmt.

What it does, in one run:
1. makes a project of N documents (default 2,000) from the UDHR in ../shared/corpus/udhr: each
   document is the whole declaration (about 1,800 English words in 91 segments, the size of the
   project's essay), its paragraphs rotated so no two documents are alike, in English with
   Belarusian, Ukrainian and Russian catalogs holding the real UN translations in a mix of states
   (reviewed, translated, stale, draft, untranslated) and an English copy-editing catalog;
2. times ``transmgr build`` of every edition (Markdown, HTML, text, MO; parallel pages; index);
3. compiles the same 4 x N catalogs to MO files with transmgr (read the PO, compile, write) and with
   GNU ``msgfmt`` (one process per catalog, as a build script runs it), sequentially, best of two runs
   each, and prints the ratio (msgfmt also writes a hash table; transmgr writes what
   ``msgfmt --no-hash`` writes); checks that transmgr's files are byte-identical to ``msgfmt --no-hash``'s on a sample.

Run: ``python bench/build.py [--docs N]``. Needs ../shared/corpus and GNU gettext.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from transmgr.catalog import accept, format_catalog, new_catalog, new_entry, read_catalog, set_draft, set_translation
from transmgr.editions import compile_mo
from transmgr.editions.mo import mo_messages
from transmgr.workflows import Project
from transmgr.workflows.build import build

UDHR = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "udhr" / "txt" / "udhr_aligned.tsv"
LANGUAGES = ("be", "uk", "ru", "en")
DAY = dt.date(2026, 11, 25)


def load_rows() -> list[dict[str, str]]:
    with UDHR.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def document_rows(rows: list[dict[str, str]], number: int) -> list[tuple[str, dict[str, str]]]:
    """(kind, texts) in document order: every row rotated by ``number``, each numbered, so that no
    two documents share a segment (as in a real project, where documents differ)."""
    body = rows[1:]
    shift = number % len(body)
    ordered = body[shift:] + body[:shift]
    numbered = [{k: f"{v} ({number}.{n})" for k, v in row.items()} for n, row in enumerate([rows[0], *ordered])]
    return [("title", numbered[0])] + [
        ("heading" if "/title" in row["key"] else "paragraph", numbered[n + 1]) for n, row in enumerate(ordered)
    ]


def markdown(doc: list[tuple[str, dict[str, str]]]) -> str:
    out = []
    for kind, texts in doc:
        text = " ".join(texts["en"].replace("|", " ").split())
        out.append(("# " if kind == "title" else "## " if kind == "heading" else "") + text)
    return "\n\n".join(out) + "\n"


def write_document(args: tuple[Path, int, list[dict[str, str]]]) -> None:
    """Write one source document and its four catalogs."""
    root, number, rows = args
    doc = document_rows(rows, number)
    name = f"doc-{number:04d}"
    (root / "source" / f"{name}.md").write_text(markdown(doc), encoding="utf-8")
    rng = random.Random(number)
    for lang in LANGUAGES:
        catalog = new_catalog({
            "Project-Id-Version": name, "POT-Creation-Date": "2026-11-25 00:00+0000",
            "PO-Revision-Date": "2026-11-25 00:00+0000", "Last-Translator": "Bench <bench@example.org>",
            "Language-Team": f"{lang} <{lang}@li.org>", "Language": lang, "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
        })
        seen = set()
        for kind, texts in doc:
            msgid = " ".join(texts["en"].replace("|", " ").split())
            if msgid in seen:
                continue
            seen.add(msgid)
            entry = new_entry(msgid, comment=kind, occurrences=[(f"source/{name}.md", "1")])
            text = msgid if lang == "en" else " ".join(texts[lang].replace("|", " ").split())
            roll = rng.random()
            if lang == "en" or roll < 0.85:
                entry = set_translation(entry, text)
                if roll < 0.55:
                    entry = accept(entry, "Bench", day=DAY)
                elif roll < 0.58:
                    entry = accept(entry, "Bench", day=DAY).changed(msgstr=text + " ")  # edited after review: stale
            elif roll < 0.93:
                entry = set_draft(entry, text, "google", day=DAY)
            catalog.append(entry)
        path = root / "locales" / lang / "LC_MESSAGES" / f"{name}.po"
        path.write_text(format_catalog(catalog), encoding="utf-8")


def make_project(root: Path, docs: int) -> list[Path]:
    rows = load_rows()
    (root / "source").mkdir(parents=True)
    for lang in LANGUAGES:
        (root / "locales" / lang / "LC_MESSAGES").mkdir(parents=True)
    (root / "transmgr.toml").write_text(
        'source_language = "en"\nlanguages = ["be", "uk", "ru", "en"]\n', encoding="utf-8"
    )
    with ProcessPoolExecutor() as pool:
        list(pool.map(write_document, [(root, n, rows) for n in range(docs)], chunksize=32))
    return sorted((root / "locales").rglob("*.po"))


def time_transmgr_mo(catalogs: list[Path], out: Path) -> tuple[float, float]:
    """(total seconds for read + compile + write, seconds spent compiling alone)."""
    compiling = 0.0
    start = time.perf_counter()
    for n, po in enumerate(catalogs):
        catalog = read_catalog(po)
        t0 = time.perf_counter()
        data = compile_mo(mo_messages(catalog))
        compiling += time.perf_counter() - t0
        (out / f"{n}.mo").write_bytes(data)
    return time.perf_counter() - start, compiling


def time_msgfmt(catalogs: list[Path], out: Path, *extra: str) -> float:
    start = time.perf_counter()
    for n, po in enumerate(catalogs):
        subprocess.run(["msgfmt", *extra, "-o", str(out / f"{n}.mo"), str(po)], check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=2000, help="documents in the project (default 2000)")
    options = parser.parse_args()
    if not UDHR.exists():
        print(f"skipped: needs {UDHR} (../shared/corpus is not present in this clone)")
        return 0
    if shutil.which("msgfmt") is None:
        print("skipped: needs GNU gettext's msgfmt (apt-get install gettext)")
        return 0
    with tempfile.TemporaryDirectory(prefix="transmgr-bench-build-") as tmp:
        root = Path(tmp) / "project"
        start = time.perf_counter()
        catalogs = make_project(root, options.docs)
        words = len(markdown(document_rows(load_rows(), 0)).split())
        print(f"project: {options.docs} documents of about {words} words, {len(LANGUAGES)} languages, "
              f"{len(catalogs)} catalogs (made in {time.perf_counter() - start:.1f} s)")

        start = time.perf_counter()
        result = build(Project.load(root), day=DAY)
        elapsed = time.perf_counter() - start
        files = sum(len(e.files) for e in result.editions) + len(result.pages)
        print(f"build: {len(result.built)} editions built, {len(result.skipped)} skipped, {files} files "
              f"in {elapsed:.1f} s ({1000 * elapsed / len(result.editions):.1f} ms per document and language)")
        start = time.perf_counter()
        again = build(Project.load(root), day=DAY)
        print(f"build again (nothing changed): {time.perf_counter() - start:.1f} s, {len(again.written)} files written")

        ours_dir, ref_dir, nohash_dir = (Path(tmp) / name for name in ("ours", "msgfmt", "nohash"))
        for folder in (ours_dir, ref_dir, nohash_dir):
            folder.mkdir()
        # Best of two runs each, alternating, so that a busy moment does not decide the ratio.
        ours, compiling = time_transmgr_mo(catalogs, ours_dir)
        theirs = time_msgfmt(catalogs, ref_dir)
        ours2, compiling2 = time_transmgr_mo(catalogs, ours_dir)
        theirs = min(theirs, time_msgfmt(catalogs, ref_dir))
        ours, compiling = min(ours, ours2), min(compiling, compiling2)
        sample = catalogs[:: max(1, len(catalogs) // 50)]
        time_msgfmt(sample, nohash_dir, "--no-hash")
        same = sum((ours_dir / f"{catalogs.index(po)}.mo").read_bytes() == (nohash_dir / f"{n}.mo").read_bytes()
                   for n, po in enumerate(sample))
        print(f"MO, {len(catalogs)} catalogs: transmgr {ours:.2f} s (of which compiling {compiling:.2f} s), "
              f"msgfmt {theirs:.2f} s")
        print(f"ratio transmgr/msgfmt: {ours / theirs:.2f} (read + compile + write; below 1 is faster)")
        print(f"ratio transmgr compile step/msgfmt: {compiling / theirs:.3f} (the build's added cost, PO already read)")
        print(f"identical to msgfmt --no-hash: {same} of {len(sample)} sampled catalogs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
