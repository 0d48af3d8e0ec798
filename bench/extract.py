"""Segmenting a large document: Markdown against po4a and md2po, plain text against txt2po.

The document is real Markdown written by others: the READMEs that installed packages ship in
their metadata (badges, tables, HTML blocks, code, footnotes), the project's construct fixtures
and the essay, repeated (each copy's headings numbered) to ``--megabytes``. Each tool turns it
into a POT file, as a whole process, the tools alternating over ``--runs`` runs; the medians and
the ratio to transmgr are printed. Then the POT files are compared: how many entries each tool
offers, and, for each kind of place transmgr extracts, how many of its entries the other tools
do not offer as an entry of their own (their msgid equal, whitespace aside).

    python bench/extract.py [--megabytes 5] [--runs 3] [--md2po PATH] [--po4a PATH]
    python bench/extract.py --text [--megabytes 7.9] [--txt2po PATH]

With ``--text`` the document is plain text instead: the Universal Declaration of Human Rights in
English, Belarusian, Ukrainian and Russian (../shared/corpus/udhr) and this project's essay,
repeated with every paragraph numbered so that none repeats, segmented by ``transmgr extract``
and by Translate Toolkit's ``txt2po`` (both one entry per paragraph).

Needs po4a (Debian: apt-get install po4a) and Translate Toolkit with mistletoe (pip install
translate-toolkit mistletoe, best in a virtual environment of its own); a tool that is missing is
left out of the comparison.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections import Counter
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]


def corpus_text() -> str:
    """Real Markdown: installed packages' READMEs, the construct fixtures and the essay."""
    parts = []
    site = Path(sysconfig.get_paths()["purelib"])
    for metadata in sorted(site.glob("*.dist-info/METADATA")):
        text = metadata.read_text(encoding="utf-8", errors="replace")
        header, _, body = text.partition("\n\n")
        if "Description-Content-Type: text/markdown" in header and body.strip():
            parts.append(body)
    parts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "fixtures" / "constructs").glob("*.md"))
              if not p.name.endswith(".be.md") and p.name != "front-matter.md"]
    parts.append((ROOT / "source" / "deeply-concerned.md").read_text(encoding="utf-8"))
    return "\n\n".join(parts)


def document(megabytes: float) -> str:
    base = corpus_text()
    copies = []
    size = 0
    number = 0
    while size < megabytes * 1_000_000:
        number += 1
        copy = re.sub(r"^(#{1,6} .*)$", rf"\1 ({number})", base, flags=re.MULTILINE)
        copies.append(copy)
        size += len(copy.encode("utf-8"))
    return "---\ntitle: Real READMEs\n---\n\n" + "\n\n".join(copies)


def text_document(megabytes: float) -> str:
    """Real prose as plain text, every paragraph numbered, to ``megabytes``."""
    corpus = ROOT.parent / "shared" / "corpus" / "udhr" / "txt"
    parts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("udhr_*.txt"))]
    parts.append((ROOT / "source" / "deeply-concerned.md").read_text(encoding="utf-8"))
    paragraphs = [" ".join(p.split()) for part in parts for p in re.split(r"\n\s*\n", part) if p.strip()]
    out, size, number = [], 0, 0
    while size < megabytes * 1_000_000:
        paragraph = f"{paragraphs[number % len(paragraphs)]} ({number})"
        out.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
        number += 1
    return "\n\n".join(out) + "\n"


def timed(command: list[str], prepare: Path | None = None) -> float:
    if prepare is not None and prepare.exists():
        if prepare.is_dir():
            shutil.rmtree(prepare)
        else:
            prepare.unlink()
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def entries(pot: Path) -> set[str]:
    return {" ".join(e.msgid.split()) for e in polib.pofile(str(pot)) if e.msgid}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--md2po", default=shutil.which("md2po") or "/tmp/ttk/bin/md2po")
    parser.add_argument("--po4a", default=shutil.which("po4a-updatepo") or "po4a-updatepo")
    parser.add_argument("--text", action="store_true", help="plain text against txt2po instead of Markdown")
    parser.add_argument("--txt2po", default=shutil.which("txt2po") or "/tmp/ttk/bin/txt2po")
    args = parser.parse_args()
    if args.text:
        text_benchmark(args)
        return
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        project = work / "project"
        (project / "source").mkdir(parents=True)
        (project / "transmgr.toml").write_text('source_language = "en"\nlanguages = ["be"]\n', encoding="utf-8")
        text = document(args.megabytes)
        source = project / "source" / "big.md"
        source.write_text(text, encoding="utf-8")
        pots = {"transmgr": project / "locales" / "big.pot", "po4a": work / "po4a.pot", "md2po": work / "md2po.pot"}
        tools = {
            "transmgr": ([sys.executable, "-m", "transmgr", "extract", "--project", str(project)], project / "locales"),
            "po4a": ([args.po4a, "-f", "text", "-o", "markdown", "-m", str(source), "-p", str(pots["po4a"]),
                      "-M", "UTF-8"], pots["po4a"]),
            "md2po": ([args.md2po, "-i", str(source), "-o", str(pots["md2po"])], pots["md2po"]),
        }
        available = {name: tool for name, tool in tools.items()
                     if name == "transmgr" or shutil.which(tool[0][0]) or Path(tool[0][0]).is_file()}
        missing = sorted(set(tools) - set(available))
        print(f"document: {len(text.encode('utf-8')) / 1e6:.1f} MB of Markdown, {text.count(chr(10)) + 1} lines"
              + (f"; not installed, left out: {', '.join(missing)}" if missing else ""))
        times: dict[str, list[float]] = {name: [] for name in available}
        for _ in range(args.runs):
            for name, (command, output) in available.items():  # alternated: every tool once per round
                times[name].append(timed(command, output))
        base = statistics.median(times["transmgr"])
        print(f"\n{'tool':10} {'median s':>9} {'min':>7} {'max':>7} {'x transmgr':>11} {'entries':>8}")
        found = {name: entries(pots[name]) for name in available}
        for name in available:
            median = statistics.median(times[name])
            print(f"{name:10} {median:9.2f} {min(times[name]):7.2f} {max(times[name]):7.2f} "
                  f"{median / base:11.2f} {len(found[name]):8d}")
        kinds: dict[str, str] = {}
        for entry in polib.pofile(str(pots["transmgr"])):
            if entry.msgid:
                kinds.setdefault(" ".join(entry.msgid.split()), entry.comment.split(",")[0])
        print("\ntransmgr entries by kind, and how many of them each other tool does not offer as an entry:")
        others = [name for name in available if name != "transmgr"]
        print(f"{'kind':16} {'transmgr':>9} " + " ".join(f"{'not in ' + n:>14}" for n in others))
        by_kind = Counter(kinds.values())
        for kind, count in by_kind.most_common():
            texts = [t for t, k in kinds.items() if k == kind]
            missed = [sum(1 for t in texts if t not in found[n]) for n in others]
            print(f"{kind:16} {count:9d} " + " ".join(f"{m:14d}" for m in missed))


def text_benchmark(args: argparse.Namespace) -> None:
    if not (ROOT.parent / "shared" / "corpus" / "udhr").is_dir():
        print("skipped: needs ../shared/corpus/udhr")
        return
    if not (shutil.which(args.txt2po) or Path(args.txt2po).is_file()):
        print("skipped: txt2po not found (pip install translate-toolkit)")
        return
    megabytes = args.megabytes if args.megabytes != 5.0 else 7.9
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        project = work / "project"
        (project / "source").mkdir(parents=True)
        (project / "transmgr.toml").write_text('source_language = "en"\nlanguages = ["be"]\n', encoding="utf-8")
        text = text_document(megabytes)
        source = project / "source" / "big.txt"
        source.write_text(text, encoding="utf-8")
        transmgr = str(Path(sys.executable).with_name("transmgr"))
        pots = {"transmgr": project / "locales" / "big.pot", "txt2po": work / "txt2po.pot"}
        tools = {"transmgr": ([transmgr, "extract", "--project", str(project)], project / "locales"),
                 "txt2po": ([args.txt2po, "-P", "-i", str(source), "-o", str(pots["txt2po"])], pots["txt2po"])}
        print(f"document: {len(text.encode('utf-8')) / 1e6:.1f} MB of plain text, {text.count(chr(10)) + 1} lines; "
              f"{args.runs} alternated runs, medians")
        times: dict[str, list[float]] = {name: [] for name in tools}
        for _ in range(args.runs):
            for name, (command, output) in tools.items():
                times[name].append(timed(command, output))
        base = statistics.median(times["transmgr"])
        for name in tools:
            median = statistics.median(times[name])
            print(f"{name:10} {median:9.2f} s {min(times[name]):7.2f} {max(times[name]):7.2f} "
                  f"{median / base:8.2f} x transmgr  {len(entries(pots[name])):8d} entries")


if __name__ == "__main__":
    main()
