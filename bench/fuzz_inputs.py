"""Fuzz the readers of files that come from outside: XLIFF 1.2 and 2.0 import, TMX, Word, web pages.

Each input is a seed made by transmgr (an export, a Word file, a page) with one to four byte-level
mutations and tokens that broke readers before (entities, doctypes, CDATA, deep nesting, odd
encodings and BOMs, NULs; for Word files, one XML part mutated inside the zip), read the way a
user's command reads it. Reports, per reader, inputs, accepted, refused in one line, and crash
causes (distinct exception and place), and writes an example of each crash to --out.

    python bench/fuzz_inputs.py [--seconds 60] [--seed 1] [--out /tmp/fuzz-inputs] [--kinds docx,page]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fuzzing_inputs import KINDS, Tally, Targets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="per reader")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "fuzz-inputs")
    parser.add_argument("--kinds", default=",".join(KINDS))
    args = parser.parse_args()
    report = {}
    with tempfile.TemporaryDirectory() as scratch:
        targets = Targets(Path(scratch))
        for kind in args.kinds.split(","):
            rng = random.Random(f"{kind}-{args.seed}")
            tally = Tally()
            deadline = time.monotonic() + args.seconds
            while time.monotonic() < deadline:
                data = targets.mutated(kind, rng)
                tally.record(data, targets.read(kind, data))
            report[kind] = {"inputs": tally.inputs, "accepted": tally.accepted, "refused": tally.refused,
                            "crash_causes": len(tally.crashes)}
            print(f"{kind}: {tally.inputs} inputs, {tally.accepted} accepted, {tally.refused} refused in one line, "
                  f"{len(tally.crashes)} crash causes", flush=True)
            for number, (cause, (data, trace)) in enumerate(tally.crashes.items()):
                args.out.mkdir(parents=True, exist_ok=True)
                (args.out / f"{kind}-{number}.input").write_bytes(data)
                (args.out / f"{kind}-{number}.txt").write_text(f"{cause}\n\n{trace}", encoding="utf-8")
                print(f"  crash: {cause}")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
