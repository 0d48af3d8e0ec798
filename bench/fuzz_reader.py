"""Differential fuzz: transmgr's PO reader against GNU msgfmt, on mutated PO files.

Seeds are tests/fixtures/catalog/*.po and, when present, ../shared/corpus/edge-cases/**/*.po.
Each input is a seed with 1-4 byte- or line-level mutations (lines deleted, duplicated, moved,
split or joined; bytes flipped; quotes, backslashes, CR, NUL, EOT, backslash-newline, ``#~``
and ``#|`` prefixes and keyword lines inserted). For each input:

- ``msgfmt -c --check-format -o /dev/null`` and ``read_catalog`` give a verdict (accept/reject);
- a reader exception that is not a ``CatalogError`` is a crash, a read over 2 s a hang;
- a differing verdict is a disagreement unless it is one of the reader's deliberate, documented
  differences (see the docstring of transmgr/catalog/reader.py), counted apart by kind;
- an accepted input is written with ``format_catalog`` and read again: any changed value is a
  round-trip loss, and a rewrite msgfmt rejects (when it accepted the input) is counted too;
- the reader's fast path (an entry at a time) and its strict path (token by token) must give the
  same units, lines and kept text, or the same error: any difference is a "paths differ".

The first few disagreements, crashes and losses are saved to --out for inspection.

    python bench/fuzz_reader.py [--inputs 5000 | --seconds 60] [--seed 1] [--out /tmp/fuzz-reader]

Needs GNU gettext's msgfmt for the verdicts (without it only crashes, hangs and round-trip
losses are checked).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from transmgr.catalog.po import _decode, format_catalog, read_catalog  # noqa: E402
from transmgr.catalog.reader import parse_po  # noqa: E402
from transmgr.errors import CatalogError  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "catalog"
EDGE_CASES = ROOT.parent / "shared" / "corpus" / "edge-cases"
HANG_SECONDS = 2.0

# --- seeds and mutations ---------------------------------------------------------------------------

KEYWORD_LINES = [
    b'msgid "x"', b'msgid ""', b'msgstr ""', b'msgstr "y"', b'msgstr "y\\n"', b'msgid "x\\n"', b'msgid_plural "xs"',
    b'msgstr[0] "a"', b'msgstr[1] "b"', b'msgstr[2] ""', b'msgstr [1] "b"', b'msgctxt "c"', b'"continued"', b'"\\n"',
    b'#, fuzzy', b'#, c-format', b'#, fuzzy, no-wrap', b'# comment', b'#. extracted', b'#: file.c:12 other.c',
    b'#| msgid "old"', b'#| msgctxt "oldc"', b'#| "more"', b'#~ msgid "gone"', b'#~ msgstr "weg"', b'#~ "more"',
    b'#~| msgid "old"', b'#~', b'#~|', b'#|', b'#', b'domain "d"', b'msgid', b'msgstr', b'"', b'[0]', b'\\',
    b'#= fuzzy', b'msgid "a" msgstr "b"', b'msgid "x" # trailing', b'"Plural-Forms: nplurals=2; plural=n != 1;\\n"',
    b'"Content-Type: text/plain; charset=UTF-8\\n"', b'"Content-Type: text/plain; charset=ISO-8859-1\\n"',
]
INSERT_BYTES = [b'"', b"\\", b"\r", b"\x00", b"\x04", b"\n", b"#", b"~", b"|", b"[", b"]", b"0", b"\x1c", b"\xff",
                b"\xc3", b" ", b"\t", b"\v", b"\f", b"\x85", b"\xe2\x80\xa8", b"\xef\xbb\xbf", b"$", b"%"]
INSERT_STRINGS = [b"\\n", b"\\\n", b"\r\n", b"#~ ", b"#| ", b"#~| ", b"msgid ", b"msgstr ", b"msgstr[0] ", b"\\x41",
                  b"\\400", b"\\377", b"\\0", b"\\004", b"\\x", b"\\q", b'\\"', b'""', b"%s", b"%d", b"\n\n", b" # c"]


def seed_files() -> list[Path]:
    files = sorted(FIXTURES.glob("*.po"))
    if EDGE_CASES.is_dir():
        files += sorted(EDGE_CASES.rglob("*.po"))
    return files


def _line_mutation(data: bytes, rng: random.Random, donors: list[bytes]) -> bytes:
    lines = data.split(b"\n")
    at = rng.randrange(len(lines))
    op = rng.randrange(9)
    if op == 0 and len(lines) > 1:
        del lines[at]
    elif op == 1:
        lines.insert(rng.randrange(len(lines) + 1), lines[at])
    elif op == 2 and len(lines) > 1:
        line = lines.pop(at)
        lines.insert(rng.randrange(len(lines) + 1), line)
    elif op == 3:
        lines.insert(rng.randrange(len(lines) + 1), rng.choice(KEYWORD_LINES))
    elif op == 4:
        lines[at] = rng.choice([b"#~ ", b"#| ", b"#~| ", b"#~", b"# ", b"#, "]) + lines[at]
    elif op == 5:
        lines[at] = re.sub(rb"^\s*#[~|]+ ?", b"", lines[at])
    elif op == 6 and lines[at]:
        cut = rng.randrange(len(lines[at]) + 1)
        lines[at:at + 1] = [lines[at][:cut], lines[at][cut:]]
    elif op == 7 and at + 1 < len(lines):
        lines[at:at + 2] = [lines[at] + rng.choice([b"", b" ", b"\\"]) + lines[at + 1]]
    else:
        donor = rng.choice(donors).split(b"\n")
        start = rng.randrange(len(donor))
        lines[at:at] = donor[start:start + rng.randint(1, 6)]
    return b"\n".join(lines)


def _byte_mutation(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return rng.choice(INSERT_STRINGS)
    at = rng.randrange(len(data) + 1)
    op = rng.randrange(5)
    if op == 0 and at < len(data):
        return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1:]
    if op == 1 and at < len(data):
        return data[:at] + bytes([rng.randrange(256)]) + data[at + 1:]
    if op == 2 and at < len(data):
        return data[:at] + data[at + 1:]
    if op == 3:
        return data[:at] + rng.choice(INSERT_BYTES) + data[at:]
    return data[:at] + rng.choice(INSERT_STRINGS) + data[at:]


def mutate(data: bytes, rng: random.Random, donors: list[bytes]) -> bytes:
    """1-4 mutations, line-level or byte-level; line-level ones mostly near a string or keyword."""
    for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
        data = _line_mutation(data, rng, donors) if rng.random() < 0.5 else _byte_mutation(data, rng)
    return data


def mutants(seed: int, seeds: list[Path] | None = None) -> Iterator[bytes]:
    """An endless, reproducible stream of mutated PO files."""
    rng = random.Random(seed)
    donors = [path.read_bytes() for path in (seeds or seed_files())]
    donors = [data for data in donors if len(data) < 200_000]
    while True:
        yield mutate(rng.choice(donors), rng, donors)


# --- verdicts ----------------------------------------------------------------------------------

# msgfmt errors the reader deliberately does not report (reader.py's docstring): --check-header
# (header entry, Plural-Forms) and --check-format (format strings).
_HEADER_CHECKS = re.compile(
    r"nplurals = |but some messages have|plural expression can produce|message catalog has plural form translations"
    r"|header entry lacks|invalid nplurals value|invalid plural expression|PO file header missing"
    r"|charset conversion will not work|Try using the following|Plural-Forms: "
)
_FORMAT_CHECKS = re.compile(r"format string|format specification|format directive|Reason:|argument \d")
# Reader errors that are deliberate refusals of what msgfmt accepts.
_DELIBERATE_REFUSALS = {
    "escaped-bytes": re.compile(r"escaped bytes are not valid"),
    "empty-msgid-plural": re.compile(r"empty msgid_plural"),
    "plural-header": re.compile(r"header entry \(msgid \"\"\) has a msgid_plural"),
    "charset": re.compile(r"unknown charset|is not a text encoding|does not encode ASCII|cannot decode the file"),
}


_HEADER_MSGID = re.compile(rb'^[ \t]*msgid[ \t]*""[ \t\r]*$', re.MULTILINE)
_HEADER_END = re.compile(rb"^[ \t]*(?:msgid|msgctxt|#(?!(?:~\|?|\|)[ \t\r]*$))", re.MULTILINE)


@dataclass
class Verdict:
    accepted: bool
    message: str = ""
    crash: str = ""
    seconds: float = 0.0


class _Timeout(Exception):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise _Timeout


def read_verdict(path: Path) -> tuple[Verdict, object]:
    """The reader's verdict on ``path`` (and the catalog when accepted); a hang is cut at 10 s."""
    started = time.perf_counter()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, 5 * HANG_SECONDS)
    try:
        catalog = read_catalog(path)
    except CatalogError as exc:
        return Verdict(False, str(exc), seconds=time.perf_counter() - started), None
    except _Timeout:
        return Verdict(False, "", crash="hang (timed out)", seconds=time.perf_counter() - started), None
    except Exception:
        return Verdict(False, "", crash=traceback.format_exc(), seconds=time.perf_counter() - started), None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return Verdict(True, seconds=time.perf_counter() - started), catalog


def paths_differ(data: bytes, path: Path) -> bool:
    """True when the fast and the strict path of the reader read ``data`` differently."""
    try:
        text, charset = _decode(data, path)
    except CatalogError:
        return False

    def read(fast: bool) -> object:
        try:
            catalog = parse_po(text, path, charset, fast=fast)
        except CatalogError as exc:
            return str(exc)
        return (catalog.header, catalog.header.raw, [(u, u.line, u.raw) for u in catalog])
    return read(True) != read(False)


def msgfmt_verdict(path: Path) -> Verdict:
    try:
        done = subprocess.run(["msgfmt", "-c", "--check-format", "-o", "/dev/null", str(path)],
                              capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        return Verdict(False, "msgfmt timed out", crash="msgfmt hang")
    return Verdict(done.returncode == 0, done.stderr.decode("utf-8", "replace"))


def msgfmt_errors(stderr: str) -> list[str]:
    """msgfmt's error lines (warnings and the summary left out; a header-missing warning is fatal with -c)."""
    errors = []
    for line in stderr.splitlines():
        text = re.sub(r"^(?:msgfmt: )?[^:]*\.po(?::\d+)*: ", "", line).strip()
        if not text or text.startswith("msgfmt: found") or text.startswith("found "):
            continue
        if "warning:" in text and "header missing" not in text:
            continue
        if text.startswith("warning: charset conversion") or text.startswith("Message conversion"):
            continue
        errors.append(text)
    return errors


_NUMERIC_ESCAPE = re.compile(rb"\\([0-7]{1,3}|x[0-9A-Fa-f]+)")


def has_nul(data: bytes) -> bool:
    """A NUL in the file, raw or as an escape (gettext cuts a string there, the reader keeps it)."""
    if b"\x00" in data:
        return True
    for match in _NUMERIC_ESCAPE.finditer(data):
        digits = match.group(1)
        value = int(digits[1:][-2:], 16) if digits.startswith(b"x") else int(digits, 8)
        if value & 0xFF == 0:
            return True
    return False


def deliberate(data: bytes, ours: Verdict, theirs: Verdict) -> str | None:
    """The documented difference a disagreement is, or None for a real disagreement."""
    if has_nul(data):
        return "nul"
    if theirs.accepted and not ours.accepted:
        for kind, pattern in _DELIBERATE_REFUSALS.items():
            if pattern.search(ours.message):
                return kind
        if "is not valid" in ours.message:
            if "not a portable encoding name" in theirs.message or "Charset missing in header" in theirs.message:
                return "charset-unchecked-by-msgfmt"
            # msgfmt learns the charset at the end of the header entry and checks no byte before it
            line = re.search(r"\.po:(\d+): ", ours.message)
            header = _HEADER_MSGID.search(data)
            end = _HEADER_END.search(data, header.end()) if header else None
            header_end = data[:end.start()].count(b"\n") + 1 if end else data.count(b"\n") + 1
            # (nor the character after the '#' of the comment right after it: read before the header
            # entry is complete, as the parser's lookahead)
            if header is None or (line and int(line.group(1)) <= header_end):
                return "bytes-before-charset"
        return None
    if ours.accepted and not theirs.accepted:
        if data.startswith(b"\xef\xbb\xbf"):
            return "bom"
        errors = msgfmt_errors(theirs.message)
        if errors and all(_HEADER_CHECKS.search(e) for e in errors):
            return "check-header"
        if errors and all(_HEADER_CHECKS.search(e) or _FORMAT_CHECKS.search(e) for e in errors):
            return "check-format"
    return None


def snapshot(catalog: Any) -> tuple[object, ...]:
    """Every value a catalog holds (what gettext's writers drop for obsolete units left out)."""
    units = [u.changed(note="", references=()) if u.obsolete else u for u in catalog]
    units.sort(key=lambda unit: unit.obsolete)  # the writer puts obsolete units last
    header = catalog.header
    return (header.comments, tuple(sorted(header.fields)), header.flags, header.note, header.references,
            header.previous_msgid, tuple(units))


def round_trip(catalog: object, workdir: Path) -> str:
    """'' when writing and reading again keeps every value, else what changed."""
    out = workdir / "rewritten.po"
    out.write_text(format_catalog(catalog), encoding="utf-8")  # type: ignore[arg-type]
    try:
        again = read_catalog(out)
    except CatalogError as exc:
        return f"the rewritten file is refused: {exc}"
    before, after = snapshot(catalog), snapshot(again)
    if before == after:
        return ""
    for index, (one, two) in enumerate(zip(before, after)):
        if one != two:
            if index == 4:
                for a, b in zip(one, two):  # type: ignore[call-overload]
                    if a != b:
                        return f"entry changed: {a!r} -> {b!r}"
                return f"entry count {len(one)} -> {len(two)}"  # type: ignore[arg-type]
            return f"{['header', 'metadata', 'header flags', 'header comments'][index]} changed: {one!r} -> {two!r}"
    return "changed"


@dataclass
class Result:
    data: bytes
    ours: Verdict
    theirs: Verdict | None
    loss: str = ""
    rewrite_refused: str = ""
    rewrite_deliberate: bool = False
    kind: str = ""  # agree, crash, hang, disagree, deliberate:<kind>


def check(data: bytes, workdir: Path, use_msgfmt: bool = True) -> Result:
    path = workdir / "input.po"
    path.write_bytes(data)
    ours, catalog = read_verdict(path)
    theirs = msgfmt_verdict(path) if use_msgfmt else None
    result = Result(data, ours, theirs)
    if ours.crash:
        result.kind = "hang" if ours.crash.startswith("hang") else "crash"
        return result
    if ours.seconds > HANG_SECONDS:
        result.kind = "hang"
        return result
    if paths_differ(data, path):
        result.kind = "paths differ"
        return result
    if catalog is not None:
        result.loss = round_trip(catalog, workdir)
        if use_msgfmt and theirs is not None and theirs.accepted and not result.loss:
            rewritten = msgfmt_verdict(workdir / "rewritten.po")
            if not rewritten.accepted:
                errors = msgfmt_errors(rewritten.message)
                # a header msgstr that is not "Key: value" lines is normalised (documented): an empty
                # header is "missing" for --check-header; what msgfmt makes of a NUL depends on how
                # the value is split into strings, which a write changes
                normalised = (errors and all("header missing" in error for error in errors)) or has_nul(data)
                result.rewrite_refused = "" if normalised else rewritten.message
                result.rewrite_deliberate = bool(normalised)
    if theirs is None or theirs.accepted == ours.accepted:
        result.kind = "agree"
    else:
        why = deliberate(data, ours, theirs)
        result.kind = f"deliberate:{why}" if why else "disagree"
    return result


# --- the run ------------------------------------------------------------------------------------

@dataclass
class Tally:
    inputs: int = 0
    accepted_both: int = 0
    rejected_both: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    saved: Counter[str] = field(default_factory=Counter)


def save(out: Path, name: str, result: Result, note: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.po").write_bytes(result.data)
    theirs = result.theirs
    (out / f"{name}.txt").write_text(
        f"{note}\nreader: {'accepts' if result.ours.accepted else 'rejects'} {result.ours.message}{result.ours.crash}\n"
        f"msgfmt: {'-' if theirs is None else ('accepts' if theirs.accepted else 'rejects')}\n"
        f"{'' if theirs is None else theirs.message}\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", type=int, default=0, help="stop after this many inputs")
    parser.add_argument("--seconds", type=float, default=0, help="stop after this many seconds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "fuzz-reader",
                        help="where the first few problem inputs are saved")
    parser.add_argument("--keep", type=int, default=5, help="inputs saved per kind of problem")
    args = parser.parse_args(argv)
    if not args.inputs and not args.seconds:
        args.inputs = 2000
    use_msgfmt = shutil.which("msgfmt") is not None
    if not use_msgfmt:
        print("msgfmt not found: checking crashes, hangs and round trips only", file=sys.stderr)
    seeds = seed_files()
    tally = Tally()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for data in mutants(args.seed, seeds):
            if args.inputs and tally.inputs >= args.inputs:
                break
            if args.seconds and time.perf_counter() - started >= args.seconds:
                break
            tally.inputs += 1
            result = check(data, workdir, use_msgfmt)
            tally.counts[result.kind] += 1
            if result.kind == "agree" and result.theirs is not None:
                if result.ours.accepted:
                    tally.accepted_both += 1
                else:
                    tally.rejected_both += 1
            problems = []
            if result.kind in ("crash", "hang", "disagree", "paths differ"):
                problems.append((result.kind, result.kind))
            if result.loss:
                tally.counts["round-trip loss"] += 1
                problems.append(("loss", f"round-trip loss: {result.loss}"))
            if result.rewrite_deliberate:
                tally.counts["deliberate:rewrite-header-or-nul"] += 1
            if result.rewrite_refused:
                tally.counts["rewrite refused by msgfmt"] += 1
                problems.append(("rewrite", "msgfmt refuses the rewritten file"))
            for kind, note in problems:
                if tally.saved[kind] < args.keep:
                    tally.saved[kind] += 1
                    save(args.out, f"{kind}-{tally.saved[kind]}", result, note)
    elapsed = time.perf_counter() - started
    print(f"inputs: {tally.inputs} in {elapsed:.1f} s (seed {args.seed}, {len(seeds)} seed files)")
    print(f"  agree: {tally.counts['agree']} (both accept {tally.accepted_both}, both reject {tally.rejected_both})")
    for kind in ("crash", "hang", "disagree", "paths differ", "round-trip loss", "rewrite refused by msgfmt"):
        print(f"  {kind}: {tally.counts[kind]}")
    for kind, count in sorted(tally.counts.items()):
        if kind.startswith("deliberate:"):
            print(f"  {kind}: {count}")
    if sum(tally.saved.values()):
        print(f"first problem inputs saved to {args.out}")
    bad = sum(tally.counts[kind] for kind in ("crash", "hang", "disagree", "paths differ", "round-trip loss"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
