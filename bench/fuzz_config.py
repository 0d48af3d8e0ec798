"""Fuzz the configuration loader: random configurations in every TOML style, for N seconds.

Reports how many were accepted, rejected with a located one-line error, rejected without a line
(a defect), or crashed (a defect); the first few defective inputs are written to --out.

    python bench/fuzz_config.py --seconds 60 [--seed 1] [--out /tmp/fuzz-config]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fuzzing import config_outcome, random_config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "fuzz-config")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    counts: Counter[str] = Counter()
    messages: Counter[str] = Counter()
    args.out.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + args.seconds
    with tempfile.TemporaryDirectory() as scratch:
        n = 0
        while time.monotonic() < deadline:
            root = Path(scratch) / str(n)
            root.mkdir()
            name, text = random_config(rng)
            (root / name).write_text(text, encoding="utf-8")
            outcome = config_outcome(root)
            if outcome.crash is not None:
                kind = "crash"
            elif outcome.error is None:
                kind = "accepted"
            elif outcome.error.line is None or outcome.error.path is None:
                kind = "no line"
            else:
                kind = "rejected with file:line"
            counts[kind] += 1
            if outcome.error is not None:
                messages[outcome.error.message.split(":")[0][:60]] += 1
            if kind in ("crash", "no line") and counts[kind] <= 20:
                (args.out / f"{kind.replace(' ', '-')}-{counts[kind]}-{name}").write_text(text, encoding="utf-8")
            n += 1
    print(f"{n} configurations in {args.seconds:g} s (seed {args.seed})")
    for kind in ("accepted", "rejected with file:line", "no line", "crash"):
        print(f"  {kind}: {counts[kind]}")
    print("most frequent rejections:")
    for message, count in messages.most_common(12):
        print(f"  {count:6}  {message}")
    if counts["crash"] or counts["no line"]:
        print(f"defective inputs written to {args.out}")
        sys.exit(1)


if __name__ == "__main__":
    main()
