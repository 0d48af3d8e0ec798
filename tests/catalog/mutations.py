"""Seeded small damage to a catalog's text: lines dropped, repeated, swapped, and pieces of PO syntax
put into lines, as editors and merges leave them. The reader tests compare their paths on these."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence


def mutated(text: str, pieces: Sequence[str], count: int, seed: int) -> Iterator[str]:
    """``count`` variants of ``text``, each with one to three edits."""
    rng = random.Random(seed)
    for _ in range(count):
        lines = text.split("\n")
        for _ in range(rng.randint(1, 3)):
            where = rng.randrange(len(lines))
            action = rng.randrange(4)
            if action == 0:
                del lines[where]
            elif action == 1:
                lines.insert(where, lines[rng.randrange(len(lines))])
            elif action == 2:
                spot = rng.randint(0, len(lines[where]))
                lines[where] = lines[where][:spot] + rng.choice(pieces) + lines[where][spot:]
            else:
                other = rng.randrange(len(lines))
                lines[where], lines[other] = lines[other], lines[where]
        yield "\n".join(lines)
