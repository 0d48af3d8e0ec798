"""Benchmark: building every edition of 2,000 essay-sized documents in 4 languages, then rebuilding.

What it does, in one run:
1. makes a project of N documents (default 2,000) from the UDHR in ../shared/corpus/udhr: each
   document is the whole declaration (about 1,800 English words in 91 segments, the size of the
   project's essay), its paragraphs rotated so no two documents are alike, in English with
   Belarusian, Ukrainian and Russian catalogs holding the real UN translations in a mix of states
   (reviewed, translated, stale, draft, untranslated) and an English copy-editing catalog;
2. times ``transmgr build`` of every edition (Markdown, HTML, text, MO; parallel pages; index) in
   this process, from nothing, --runs times (default 3; the median; each run's build/ is moved aside,
   deleted only at the end), then, as whole ``transmgr
   build`` commands (what a user runs; three times each, medians), a rebuild with nothing changed
   and a rebuild after a translation an edition shows changed in one catalog;
3. checks a sample of the MO files the build wrote against ``msgfmt --no-hash``'s (byte for byte).
   MO timings against msgfmt are bench/catalog.py's (same work, one process each).

Run: ``python bench/build.py [--docs N] [--runs N]``. Needs ../shared/corpus and GNU gettext.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from transmgr.catalog import accept, format_catalog, new_catalog, new_entry, set_draft, set_translation
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


def _written(report: str) -> int:
    """The files a build wrote, from the last line of its report ("... 5 files written.")."""
    found = re.search(r"(\d+) files? written", report.strip().splitlines()[-1])
    return int(found.group(1)) if found else -1


def _edit_published(text: str) -> str:
    """The catalog with one translation an edition shows edited (the last entry neither a draft nor
    untranslated): every rebuild timed after a change has an edition to write again."""
    blocks = text.split("\n\n")
    for number in range(len(blocks) - 1, 0, -1):
        block = blocks[number]
        if "#, fuzzy" not in block and 'msgstr ""\n' not in block + "\n" and '\nmsgstr "' in block:
            at = block.index('\nmsgstr "') + len('\nmsgstr "')
            blocks[number] = block[:at] + "~" + block[at:]
            return "\n\n".join(blocks)
    raise SystemExit("bench: no published translation to edit")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=2000, help="documents in the project (default 2000)")
    parser.add_argument("--runs", type=int, default=3, help="builds from nothing, timed (default 3; the median)")
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

        timings = []
        old_builds = Path(tmp) / "old-builds"  # removed with the project, after every timing
        old_builds.mkdir()
        for run in range(options.runs):  # from nothing each time: build/ and the build record moved away
            # Moved, not deleted: ext4 passes over inodes freed in the last minutes when it makes a file,
            # so a build begun right after deleting the last one's 30,000 files spent seconds more in the
            # kernel (300 documents: 3.9 s of system time against 0.8 s) — the bench's cost, not the build's.
            for made in (root / "build", root / ".transmgr" / "build-record.sqlite"):
                if made.exists():
                    made.rename(old_builds / f"{made.name}-{run}")
            os.sync()  # the files just made reach the disk first: the build is timed, not their flushing
            start = time.perf_counter()
            result = build(Project.load(root), day=DAY)
            timings.append(time.perf_counter() - start)
        elapsed = statistics.median(timings)
        files = sum(len(e.files) for e in result.editions) + len(result.pages)
        print(f"build: {len(result.built)} editions built, {len(result.skipped)} skipped, {files} files "
              f"in {elapsed:.1f} s, median of {len(timings)} builds from nothing "
              f"({', '.join(f'{t:.1f}' for t in timings)} s; {1000 * elapsed / len(result.editions):.1f} ms per "
              "document and language)")
        # Rebuilds as a user runs them: the whole `transmgr build` command, dated as the build above.
        command = [sys.executable, "-m", "transmgr", "build", "--project", str(root)]
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(dt.datetime.combine(DAY, dt.time()).replace(
            tzinfo=dt.timezone.utc).timestamp()))}
        again, changed = [], []
        # Catalogs whose edition is published (a change to one below the threshold writes nothing).
        published = [po for po in catalogs[len(catalogs) // 2:]
                     if (root / "build" / po.parent.parent.name / f"{po.stem}.md").is_file()]
        for run in range(3):
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
            again.append((time.perf_counter() - start, _written(done.stdout)))
            po = published[run]
            po.write_text(_edit_published(po.read_text(encoding="utf-8")), encoding="utf-8")
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
            changed.append((time.perf_counter() - start, _written(done.stdout)))
        print(f"transmgr build again, nothing changed: {statistics.median(t for t, _ in again):.2f} s "
              f"(median of 3 whole commands), {max(n for _, n in again)} files written")
        print(f"transmgr build after one catalog changed: {statistics.median(t for t, _ in changed):.2f} s "
              f"(median of 3), {', '.join(str(n) for _, n in changed)} files written")

        sample = [c for c in catalogs if c.parent.parent.name != "en"][:: max(1, len(catalogs) // 50)]
        same = compared = 0
        for po in sample:
            mo = root / "build" / po.parent.parent.name / "LC_MESSAGES" / f"{po.stem}.mo"
            if not mo.is_file():
                continue  # an edition below the threshold: not built
            ref = Path(tmp) / "ref.mo"
            subprocess.run(["msgfmt", "--no-hash", "-o", str(ref), str(po)], check=True)
            compared += 1
            same += mo.read_bytes() == ref.read_bytes()
        print(f"MO files identical to msgfmt --no-hash's: {same} of {compared} sampled (for MO timings against "
              "msgfmt see bench/catalog.py)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
