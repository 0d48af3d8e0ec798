"""Time ``transmgr draft --engine memory --dry-run`` on projects of growing size: is it linear?

Each project is one Markdown document of real prose (msgids of the python-docs-fr corpus, each
text used once, then again with a number appended, as revised paragraphs are), with half of its
Belarusian catalog translated: the other half is looked up in the memory those translations
make. Issue 10's figures before the word index: 1.5 / 3 / 6 MB took 4.3 / 19 / 68 s.

    python bench/memory_scaling.py [--sizes 1.5,3,6] [--corpus ../shared/corpus/python-docs-fr]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from transmgr.catalog import read_catalog, set_translation, write_catalog  # noqa: E402


def corpus_texts(corpus: Path) -> list[str]:
    texts = []
    for path in sorted(corpus.rglob("*.po")):
        for entry in read_catalog(path):
            text = " ".join(entry.msgid.split())
            if len(text) > 40 and not text.startswith(("..", ":")) and not any(c in text for c in "*`"):
                texts.append(text)
    random.Random(1).shuffle(texts)
    return list(dict.fromkeys(texts))


def make_project(root: Path, texts: list[str], size: int) -> int:
    paragraphs, total, n = [], 0, 0
    while total < size:
        text = texts[n % len(texts)] if n < len(texts) else f"{texts[n % len(texts)]} ({n})"
        paragraphs.append(text)
        total += len(text) + 2
        n += 1
    (root / "source").mkdir(parents=True)
    (root / "source" / "big.md").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    (root / "transmgr.toml").write_text('source_language = "en"\nlanguages = ["be"]\n', encoding="utf-8")
    transmgr("update", root)
    po = root / "locales" / "be" / "LC_MESSAGES" / "big.po"
    catalog = read_catalog(po)
    rng = random.Random(2)
    for entry in list(catalog):
        if entry.msgid and rng.random() < 0.5:
            catalog.put(set_translation(entry, "Б " + entry.msgid), replacing=entry)
    write_catalog(catalog, po)
    return len(paragraphs)


def transmgr(command: str, root: Path, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "transmgr", command, "--project", str(root), *args],
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1.5,3,6", help="source sizes in MB, comma separated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "python-docs-fr")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"corpus not found: {args.corpus} (pass --corpus)")
    texts = corpus_texts(args.corpus)
    print(f"{'MB':>5} {'paragraphs':>10} {'dry run, median of ' + str(args.runs) + ' (s)':>30}")
    with tempfile.TemporaryDirectory() as scratch:
        for mb in (float(s) for s in args.sizes.split(",")):
            root = Path(scratch) / f"p{mb}"
            count = make_project(root, texts, int(mb * 1e6))
            times = sorted(transmgr("draft", root, "--lang", "be", "--engine", "memory", "--dry-run")
                           for _ in range(args.runs))
            print(f"{mb:5g} {count:10d} {times[len(times) // 2]:30.2f}")


if __name__ == "__main__":
    main()
