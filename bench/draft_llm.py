"""Benchmark: drafting with a language model (``engine = "openai"``) against deep-translator's
``translate_batch``, the same 1,000 segments, the same simulated latency, alternating.

What it does:
1. builds 1,000 distinct segments of the essay's length (bench/draft.py's ``essay_segments``);
2. starts two loopback servers that answer every request after the same latency (default 300 ms,
   a small model's answer time): one speaking Google Translate's ``/m`` protocol
   (tests/engines/fake_services.py), one OpenAI's chat completions (tests/engines/fake_llm.py);
3. in each of ``--runs`` rounds, alternating which goes first: deep-translator's
   ``GoogleTranslator.translate_batch`` over the segments (one request per segment, one after
   another: it has no batching and no concurrency), and ``transmgr draft`` with the language-model
   engine on a fresh project of one document holding the segments (batches of
   ``max_batch_tokens`` source tokens with their context, ``concurrency`` requests at once);
4. reports, per tool, the median time, the requests sent and the tokens: for transmgr the tokens
   of every request it sent (messages and expected answer, estimated as the engine estimates them),
   for deep-translator the characters it sent.

The latency is per request whatever its size. A real model's answer time grows with the tokens
it writes, so the time ratio here is the best case; the request ratio is what it is anywhere.

Run: ``python bench/draft_llm.py [--segments N] [--runs N] [--delay S] [--concurrency N]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the fake services live with the tests
sys.path.insert(0, str(ROOT / "bench"))

from tests.engines.fake_llm import FakeChat  # noqa: E402
from tests.engines.fake_services import FakeService  # noqa: E402

from draft import ESSAY, essay_segments, run_deep_translator  # noqa: E402
from transmgr.engines.llm import estimate_tokens  # noqa: E402
from transmgr.workflows import Project, update  # noqa: E402
from transmgr.workflows.draft import draft  # noqa: E402


def run_transmgr(folder: Path, chat: FakeChat, segments: list[str], concurrency: int) -> tuple[float, int, int, int]:
    """Seconds, requests, estimated tokens and drafts of one ``draft`` run on a fresh project."""
    (folder / "source").mkdir(parents=True)
    (folder / "source" / "essay.md").write_text("\n\n".join(segments) + "\n", encoding="utf-8")
    (folder / "transmgr.toml").write_text(
        'source_language = "en"\nlanguages = ["be"]\n[draft.chains]\nbe = ["llm"]\n'
        f'[engines.llm]\nengine = "openai"\nbase_url = "{chat.base_url}"\nmodel = "bench"\n'
        f'concurrency = {concurrency}\ntimeout = 60\n', encoding="utf-8")
    project = Project.load(folder)
    update(project)
    before = len(chat.requests)
    started = time.perf_counter()
    report = draft(project, ["be"])
    elapsed = time.perf_counter() - started
    sent = chat.requests[before:]
    tokens = sum(sum(estimate_tokens(m["content"]) for m in body["messages"]) for body in sent)
    tokens += sum(estimate_tokens(s) * 2 for s in segments)  # the answers, Cyrillic
    return elapsed, len(sent), tokens, sum(c.drafted for c in report.catalogs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--segments", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--delay", type=float, default=0.3, help="seconds each server waits before answering")
    parser.add_argument("--concurrency", type=int, default=2, help="[engines.llm] concurrency (the engine's default)")
    args = parser.parse_args()
    if not ESSAY.is_file():
        print(f"skipped: {ESSAY} is missing")
        return 0
    segments = essay_segments(args.segments)
    print(f"{len(segments)} segments, {sum(map(len, segments))} characters; every answer after {args.delay * 1000:.0f} ms; "
          f"{args.runs} runs, alternating")
    peer: list[float] = []
    ours: list[float] = []
    peer_requests = ours_requests = tokens = drafted = 0
    with FakeService(delay=args.delay) as service, FakeChat(delay=args.delay) as chat, \
            tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            order = ("peer", "ours") if run % 2 == 0 else ("ours", "peer")
            for tool in order:
                if tool == "peer":
                    elapsed, peer_requests = run_deep_translator(service, segments)
                    peer.append(elapsed)
                else:
                    elapsed, ours_requests, tokens, drafted = run_transmgr(Path(tmp) / f"run{run}", chat, segments,
                                                                           args.concurrency)
                    ours.append(elapsed)
                print(f"  run {run + 1}: {tool:4} {elapsed:7.2f} s", flush=True)
    peer_median, ours_median = statistics.median(peer), statistics.median(ours)
    result = {
        "segments": len(segments), "delay_s": args.delay,
        "deep_translator": {"median_s": round(peer_median, 2), "requests": peer_requests,
                            "characters": sum(map(len, segments))},
        "transmgr_llm": {"median_s": round(ours_median, 2), "requests": ours_requests, "tokens_estimated": tokens,
                         "drafted": drafted, "concurrency": args.concurrency},
        "fewer_requests": round(peer_requests / max(1, ours_requests), 1),
        "faster": round(peer_median / ours_median, 1),
    }
    print(f"deep-translator translate_batch: median {peer_median:.2f} s, {peer_requests} requests")
    print(f"transmgr draft (language model): median {ours_median:.2f} s, {ours_requests} requests, "
          f"~{tokens} tokens, {drafted} drafts")
    print(f"{result['fewer_requests']}x fewer requests, {result['faster']}x faster")
    print(json.dumps(result))
    return 0 if drafted == len(segments) else 1


if __name__ == "__main__":
    sys.exit(main())
