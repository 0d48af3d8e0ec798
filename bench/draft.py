"""Benchmark: ``transmgr draft`` against deep-translator's own ``translate_batch``, same segments, same run.

What it does:
1. builds 1,000 distinct segments of the essay's length from the paragraphs of
   source/deeply-concerned.md (each copy numbered so that no two are equal);
2. starts a loopback server speaking Google Translate's ``/m`` protocol that answers each request
   after 50 ms (tests/engines/fake_services.py);
3. translates the segments with deep-translator's ``GoogleTranslator.translate_batch`` (a plain
   loop, one request after another), pointed at that server;
4. drafts the same segments with transmgr (a project of one document, chain ``["google"]``),
   timing the whole workflow (reading the catalog, sending, saving after every batch) twice, each
   in a fresh project so that nothing comes from its cache: at concurrency 1 (one request at a
   time, as translate_batch sends them: the same work) and at the engine's ``concurrency`` as
   given (default 8: each tool at its best, deep-translator having no concurrency);
5. resets the second catalog to untranslated and drafts again: everything must come from the cache.

Run: ``python bench/draft.py [--segments N] [--concurrency N] [--delay S]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the fake service lives with the tests

from deep_translator import GoogleTranslator  # noqa: E402
from tests.engines.fake_services import FakeService  # noqa: E402

from transmgr.catalog import read_catalog  # noqa: E402
from transmgr.formats import segment_document  # noqa: E402
from transmgr.workflows import Project, update  # noqa: E402
from transmgr.workflows.draft import draft  # noqa: E402

ESSAY = ROOT / "source" / "deeply-concerned.md"


def essay_segments(count: int) -> list[str]:
    """``count`` distinct paragraphs of the essay's length."""
    paragraphs = [s.text for s in segment_document(ESSAY, name="essay", language="en").segments()
                  if s.kind == "paragraph"]
    return [f"{paragraphs[n % len(paragraphs)]} (Copy {n // len(paragraphs) + 1}.)" for n in range(count)]


def run_deep_translator(service: FakeService, segments: list[str]) -> tuple[float, int]:
    """Seconds and requests for deep-translator's translate_batch over ``segments``."""
    client = GoogleTranslator(source="en", target="be")
    client._base_url = service.url + "/m"
    before = service.count
    started = time.perf_counter()
    results = client.translate_batch(segments)
    elapsed = time.perf_counter() - started
    assert len(results) == len(segments) and all(results)
    return elapsed, service.count - before


def make_project(folder: Path, service: FakeService, segments: list[str], concurrency: int) -> Project:
    (folder / "source").mkdir(parents=True)
    (folder / "source" / "essay.md").write_text("\n\n".join(segments) + "\n", encoding="utf-8")
    (folder / "transmgr.toml").write_text(
        'source_language = "en"\nlanguages = ["be"]\n[draft.chains]\nbe = ["google"]\n'
        f'[engines.google]\nurl = "{service.url}/"\nconcurrency = {concurrency}\ntimeout = 10\n',
        encoding="utf-8",
    )
    project = Project.load(folder)
    update(project)
    return project


def run_transmgr(service: FakeService, project: Project) -> tuple[float, int, int]:
    """Seconds, requests and drafted entries for one draft run."""
    before = service.count
    started = time.perf_counter()
    report = draft(project, ["be"])
    elapsed = time.perf_counter() - started
    return elapsed, service.count - before, sum(c.drafted for c in report.catalogs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--segments", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8, help="[engines.google] concurrency for transmgr")
    parser.add_argument("--delay", type=float, default=0.05, help="seconds the server waits before each answer")
    args = parser.parse_args()
    if not ESSAY.is_file():
        print(f"skipped: {ESSAY} is missing")
        return 0
    segments = essay_segments(args.segments)
    average = sum(len(s) for s in segments) / len(segments)
    print(f"{len(segments)} segments, {average:.0f} characters on average; server answers after "
          f"{args.delay * 1000:.0f} ms; transmgr concurrency {args.concurrency}")
    with FakeService(delay=args.delay) as service, tempfile.TemporaryDirectory() as tmp:
        peer_time, peer_requests = run_deep_translator(service, segments)
        print(f"deep-translator translate_batch:      {peer_time:7.2f} s  {peer_requests} requests")

        ratios = {}
        for concurrency in (1, args.concurrency):
            project = make_project(Path(tmp) / f"c{concurrency}", service, segments, concurrency)
            po_path = project.po_path("be", "essay")
            untranslated = po_path.read_bytes()
            ours_time, ours_requests, drafted = run_transmgr(service, project)
            ratios[concurrency] = peer_time / ours_time
            print(f"transmgr draft, concurrency {concurrency:<2}:     {ours_time:7.2f} s  {ours_requests} requests, "
                  f"{drafted} drafts; deep-translator / transmgr {ratios[concurrency]:.2f}")

        po_path.write_bytes(untranslated)
        cached_time, cached_requests, cached_drafts = run_transmgr(service, project)
        print(f"transmgr draft from the cache:        {cached_time:7.2f} s  {cached_requests} requests, "
              f"{cached_drafts} drafts")
        same = sum(1 for e in read_catalog(po_path) if e.msgstr) == drafted
    ok = cached_requests == 0 and drafted == len(segments) and same
    print(f"speed-up at equal concurrency {ratios[1]:.2f}x, at each tool's best {ratios[args.concurrency]:.2f}x; "
          f"cached run {'sent nothing' if cached_requests == 0 else 'SENT REQUESTS'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
