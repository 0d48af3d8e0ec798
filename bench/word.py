"""Benchmark: extracting and building a 200-page Word document.

What it does, in one run:
1. makes a Word document of about 200 pages with python-docx from real prose (the essay's
   paragraphs and the UDHR's articles from ../shared/corpus when present, numbered so that none
   repeats): a heading every ten paragraphs, a bold and an italic run in every paragraph, a table
   every fifty paragraphs; LibreOffice counts its pages when it is installed;
2. times ``transmgr update`` (segmenting the document and writing the template and a catalog) as a
   whole process, three times (median);
3. fills the catalog with a pseudo-translation that keeps the codes, and times ``transmgr build
   --lang ru --format md`` (the translated Word file), three times (median, the build record
   removed between runs so that every run builds).

Run: ``python bench/word.py [--paragraphs N]``.
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

import docx

ROOT = Path(__file__).resolve().parents[1]
UDHR = ROOT.parent / "shared" / "corpus" / "udhr" / "txt" / "udhr_en.txt"
TRANSMGR = str(Path(sys.executable).with_name("transmgr"))


def prose() -> list[str]:
    texts = [p for p in re.split(r"\n\s*\n", (ROOT / "source" / "deeply-concerned.md").read_text(encoding="utf-8"))
             if len(p.split()) > 20 and not p.startswith(("#", "!", "|"))]
    if UDHR.is_file():
        texts += [p for p in re.split(r"\n\s*\n", UDHR.read_text(encoding="utf-8")) if len(p.split()) > 15]
    return [" ".join(t.split()) for t in texts]


def make(path: Path, paragraphs: int) -> None:
    texts = prose()
    document = docx.Document()
    document.core_properties.title = "A long report"
    document.add_heading("A long report", level=0)
    for n in range(paragraphs):
        if n % 10 == 0:
            document.add_heading(f"Part {n // 10 + 1}: on concern", level=1)
        words = f"{texts[n % len(texts)]} ({n + 1})".split()
        paragraph = document.add_paragraph(" ".join(words[:4]) + " ")
        paragraph.add_run(" ".join(words[4:7])).bold = True
        paragraph.add_run(" " + " ".join(words[7:12]) + " ")
        paragraph.add_run(" ".join(words[12:14])).italic = True
        paragraph.add_run(" " + " ".join(words[14:]))
        if n % 50 == 49:
            table = document.add_table(rows=3, cols=3)
            for r in range(3):
                for c in range(3):
                    table.cell(r, c).text = f"Cell {r + 1}.{c + 1} of table {n // 50 + 1}"
    document.save(str(path))


def pages(path: Path, work: Path) -> int | None:
    if shutil.which("soffice") is None or shutil.which("pdfinfo") is None:
        return None
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(path)],
                   capture_output=True, timeout=600)
    pdf = work / f"{path.stem}.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    found = re.search(r"Pages:\s+(\d+)", info)
    return int(found.group(1)) if found else None


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=1800, help="body paragraphs (default 1800: about 200 pages)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from transmgr.catalog import read_catalog, set_translation, write_catalog

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        (root / "source").mkdir(parents=True)
        (root / "transmgr.toml").write_text('source_language = "en"\nlanguages = ["ru"]\n[build]\nthreshold = 0\n',
                                            encoding="utf-8")
        source = root / "source" / "report.docx"
        make(source, args.paragraphs)
        count = pages(source, Path(tmp))
        extract = []
        for _ in range(args.runs):
            shutil.rmtree(root / "locales", ignore_errors=True)
            shutil.rmtree(root / ".transmgr", ignore_errors=True)
            extract.append(timed([TRANSMGR, "update", "--project", str(root)]))
        po = root / "locales" / "ru" / "LC_MESSAGES" / "report.po"
        catalog = read_catalog(po)
        for unit in list(catalog):
            if unit.msgid:
                pseudo = re.sub(r"(?<=[>\s])([A-Za-z]+)", lambda m: m.group(1).upper(), " " + unit.msgid)[1:]
                catalog.put(set_translation(unit, pseudo), replacing=unit)
        write_catalog(catalog, po)
        builds = []
        for _ in range(args.runs):
            shutil.rmtree(root / "build", ignore_errors=True)
            (root / ".transmgr" / "build-record.sqlite").unlink(missing_ok=True)
            builds.append(timed([TRANSMGR, "build", "--project", str(root), "--lang", "ru", "--format", "md"]))
        entries = sum(1 for u in catalog if u.msgid)
        size = source.stat().st_size / 1e6
        print(f"document: {args.paragraphs} paragraphs, {entries} entries, {size:.1f} MB, "
              f"{count if count is not None else '?'} pages (LibreOffice)")
        print(f"transmgr update (extract + catalog): median {statistics.median(extract):.2f} s "
              f"({', '.join(f'{t:.2f}' for t in extract)})")
        print(f"transmgr build --format md (the translated .docx): median {statistics.median(builds):.2f} s "
              f"({', '.join(f'{t:.2f}' for t in builds)})")
        edition = root / "build" / "ru" / "report.docx"
        print(f"edition: {edition.stat().st_size / 1e6:.1f} MB, {pages(edition, Path(tmp) / 'ed') or '?'} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
