"""Benchmark: aligning the UN's Belarusian, Ukrainian and Russian texts of the Universal Declaration of
Human Rights with the English one, scored against the corpus's paragraph alignment.

What it does:
1. makes a Markdown document of each language's text (../shared/corpus/udhr/txt: one paragraph per
   block) with one rule for all four, never looking at the English to lay out the others: a
   paragraph of at most six words that starts with a capital and does not end with a comma or
   semicolon is a heading, the first of them a level-1 heading; each language keeps its own paragraphs (the Belarusian text
   has an introduction the others lack; "Now, therefore, / The General Assembly" is two
   paragraphs in English, one in the others; "Proclaims" stands alone in some);
2. segments the documents as transmgr does and aligns each translation with the English
   (:func:`transmgr.alignment.align`);
3. scores the pairs against ``udhr_aligned.tsv`` (91 rows: key, en, be, uk, ru; a cell joins the
   paragraphs of a merge with " | "): precision is the share of the aligned pairs (no 1-0 or 0-1)
   that are rows of the reference, recall the share of reference rows found; both also at the
   import threshold (pairs of at least ``--threshold`` percent confidence, the ones ``transmgr
   import`` takes without being asked), with the wrong pairs above 90% listed;
4. times the alignments.

Run: ``python bench/align.py [--threshold 90]``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UDHR = ROOT.parent / "shared" / "corpus" / "udhr" / "txt"

from transmgr.workflows.exchange.document_import import align_documents  # noqa: E402


def to_markdown(text: str) -> str:
    """The text's paragraphs as Markdown: short lines without a trailing comma as headings."""
    out = []
    first = True
    for paragraph in (p.strip() for p in text.split("\n\n")):
        if not paragraph:
            continue
        if len(paragraph.split()) <= 6 and not paragraph.endswith((",", ";")) and paragraph[0].isupper():
            out.append(("# " if first else "## ") + paragraph)
            first = False
        else:
            out.append(paragraph.replace("*", "\\*"))
    return "\n\n".join(out) + "\n"


def reference(lang: str) -> set[tuple[str, str]]:
    with (UDHR / "udhr_aligned.tsv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE))
    return {(" ".join(row["en"].split()), " ".join(row[lang].split())) for row in rows if row["en"] and row[lang]}


def score(lang: str, threshold: float, folder: Path) -> dict[str, object]:
    source = folder / "en.md"
    source.write_text(to_markdown((UDHR / "udhr_en.txt").read_text(encoding="utf-8")), encoding="utf-8")
    translated = folder / f"{lang}.md"
    translated.write_text(to_markdown((UDHR / f"udhr_{lang}.txt").read_text(encoding="utf-8")), encoding="utf-8")
    started = time.perf_counter()
    pairs = align_documents(source, translated, "en", lang)
    elapsed = time.perf_counter() - started
    gold = reference(lang)
    found = [p for p in pairs if p.source and p.target]
    right = [p for p in found if (" | ".join(p.source), " | ".join(p.target)) in gold]
    sure = [p for p in found if p.confidence * 100 >= threshold]
    sure_right = [p for p in sure if (" | ".join(p.source), " | ".join(p.target)) in gold]
    wrong_sure = [p for p in found if p.confidence >= 0.9 and p not in right]
    return {
        "lang": lang, "reference_rows": len(gold), "pairs": len(found), "correct": len(right),
        "precision": round(len(right) / max(1, len(found)), 4), "recall": round(len(right) / max(1, len(gold)), 4),
        "at_threshold": {"pairs": len(sure), "correct": len(sure_right),
                         "precision": round(len(sure_right) / max(1, len(sure)), 4),
                         "recall": round(len(sure_right) / max(1, len(gold)), 4)},
        "wrong_above_90": [[" | ".join(p.source)[:60], " | ".join(p.target)[:60], round(p.confidence * 100, 1)]
                           for p in wrong_sure],
        "seconds": round(elapsed, 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=90.0)
    args = parser.parse_args()
    if not (UDHR / "udhr_aligned.tsv").is_file():
        print(f"skipped: {UDHR} is missing")
        return 0
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for lang in ("be", "uk", "ru"):
            result = score(lang, args.threshold, Path(tmp))
            results.append(result)
            sure = result["at_threshold"]
            print(f"{lang}: {result['pairs']} pairs, precision {result['precision']:.1%}, recall {result['recall']:.1%}; "
                  f"at {args.threshold:g}%+: {sure['pairs']} pairs, precision {sure['precision']:.1%}, "  # type: ignore[index]
                  f"recall {sure['recall']:.1%}; wrong above 90%: {len(result['wrong_above_90'])}; "  # type: ignore[index,arg-type]
                  f"{result['seconds']} s")
    print(json.dumps(results, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
