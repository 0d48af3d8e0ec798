"""Files from outside (XLIFF, TMX, Word, web pages), mutated: every one is read or refused in one line.

A bounded, seeded run of ``tests/fuzzing_inputs.py``; ``bench/fuzz_inputs.py`` runs it for as long
as asked and reports the counts per reader.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.fuzzing_inputs import KINDS, Tally, Targets

ROUNDS = {"xliff-1.2": 60, "xliff-2.0": 60, "tmx": 80, "docx": 40, "page": 80}


@pytest.mark.parametrize("kind", KINDS)
def test_mutated_inputs_are_read_or_refused_in_one_line(tmp_path: Path, kind: str) -> None:
    pytest.importorskip("docx")
    targets = Targets(tmp_path)
    rng = random.Random(f"{kind}-1")
    tally = Tally()
    for _ in range(ROUNDS[kind]):
        data = targets.mutated(kind, rng)
        tally.record(data, targets.read(kind, data))
    assert not tally.crashes, "\n\n".join(trace for _, trace in tally.crashes.values())
    assert tally.inputs == ROUNDS[kind] and tally.refused > 0  # the mutations reach the error paths
