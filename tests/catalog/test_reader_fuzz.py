"""A fast, seeded differential fuzz of the PO reader (bench/fuzz_reader.py runs the long one).

Mutated PO files (the fixtures, plus ../shared/corpus/edge-cases when present) must never make
the reader raise anything but a CatalogError, every accepted file must survive a write and a
second read unchanged, and, when msgfmt is installed, the reader's verdict must be msgfmt -c's
except for the deliberate differences listed in transmgr/catalog/reader.py.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[2] / "bench" / "fuzz_reader.py"
INPUTS = 200  # a fixed number (seeded): the same inputs on every machine
WITH_MSGFMT = 120  # of them, also checked against msgfmt (a process each)


def _fuzzer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_reader", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_mutated_catalogs_never_crash_lose_values_or_disagree_with_msgfmt(tmp_path: Path) -> None:
    fuzz = _fuzzer()
    use_msgfmt = shutil.which("msgfmt") is not None
    problems: list[str] = []
    checked = 0
    for number, data in enumerate(fuzz.mutants(seed=20240601)):
        if number >= INPUTS:
            break
        result = fuzz.check(data, tmp_path, use_msgfmt and number < WITH_MSGFMT)
        checked += 1
        if result.kind in ("crash", "hang", "disagree") or result.loss or result.rewrite_refused:
            saved = tmp_path / f"problem-{number}.po"
            saved.write_bytes(data)
            why = result.ours.crash or result.loss or result.rewrite_refused or (
                f"reader {'accepts' if result.ours.accepted else 'rejects: ' + result.ours.message}; "
                f"msgfmt {'accepts' if result.theirs.accepted else 'rejects: ' + result.theirs.message}")
            problems.append(f"{saved}: {result.kind}: {why[:400]}")
    assert checked >= 50
    assert not problems, "\n".join(problems[:5])
