"""Long runs of markup (5,000 backticks, brackets, tags, backslashes): how long transmgr takes to
read one as a segment and fit a translation holding it, against markdown-it-py rendering the same
text inline (the parser transmgr's Markdown format is built on), alternated, median of --runs.

A back-referencing regex once took 112 s on 3,001 backticks; the test suite checks what these
inputs become, this script how long they take (time limits belong here, not in the tests).

    python bench/pathological_markup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from markdown_it import MarkdownIt

from transmgr.formats import MARKDOWN
from transmgr.formats.markdown.guard import fit_markdown
from transmgr.formats.markdown.inline import markdown_inline

TEXTS = {
    "backticks": "`" * 5000, "backticks+x": "`" * 3001 + "x", "code pairs": "`a" * 5000, "fences": "``x`" * 2000,
    "escaped backticks": "\\`" * 5000, "brackets": "[" * 5000, "images": "![" * 2500, "emphasis": "*a" * 2500,
    "angles": "<" * 5000, "mixed": "`" * 5000 + "[" * 5000 + "<a " * 2000 + "](" * 2000 + "\\" * 5000,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    peer = MarkdownIt("commonmark")
    print(f"{'input':18} {'transmgr ms':>12} {'markdown-it ms':>15} {'ratio':>6}")
    for name, text in TEXTS.items():
        ours, theirs = [], []
        for _ in range(args.runs):
            markdown_inline.cache_clear()  # each run reads the text afresh
            started = time.perf_counter()
            MARKDOWN.inline(text)
            fit_markdown(text, "A msgid with *emphasis* and `code`.")
            ours.append(time.perf_counter() - started)
            started = time.perf_counter()
            peer.renderInline(text)
            theirs.append(time.perf_counter() - started)
        a, b = statistics.median(ours) * 1000, statistics.median(theirs) * 1000
        print(f"{name:18} {a:12.1f} {b:15.1f} {a / b if b else float('inf'):6.1f}")


if __name__ == "__main__":
    main()
