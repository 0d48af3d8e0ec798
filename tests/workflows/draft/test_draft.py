"""The draft workflow and command against a fake translation service on 127.0.0.1."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import msgfmt_check
from tests.engines.fake_services import FakeService, fake_translate
from transmgr.catalog import State, accept, read_catalog, set_translation, write_catalog
from transmgr.errors import CatalogError
from transmgr.workflows import Project, update
from transmgr.workflows.draft import DraftProgress, draft

PARAGRAPHS = [
    "There is no bottom in Belarus.",
    "You can never be concerned enough to stop the war.",
    "More than 60,000 people went through arrests and prisons.",
    "Read [the report](https://example.org/report) before *anything* else.",
    "Belarusians use this expression every day.",
    "The regime will not stop there.",
]
DOC = "# Being concerned\n\n" + "\n\n".join(PARAGRAPHS) + "\n"
KEY = "k3y-must-not-leak-77"


@pytest.fixture
def service() -> Iterator[FakeService]:
    with FakeService() as fake:
        yield fake


@pytest.fixture
def project_with(make_project: Callable[..., Path], service: FakeService) -> Callable[..., Path]:
    """A project with ``doc.md`` (and optionally ``other.md``), catalogs created, engines on the fake service."""

    def make(chain: str = '["google"]', *, other: str | None = None, engine_extra: str = "", draft_extra: str = "",
             languages: tuple[str, ...] = ("be", "ru")) -> Path:
        sources = {"doc.md": DOC}
        if other is not None:
            sources["other.md"] = other
        tables = "".join(
            f'\n[engines.{kind}]\nurl = "{service.root(kind)}"\ntimeout = 2\nretries = 1\nbackoff = 0.01\n{engine_extra}'
            for kind in ("google", "libre")
        )
        extra = f"\n[draft]\n{draft_extra}\n[draft.chains]\nbe = {chain}\n{tables}"
        root = make_project(sources, languages=languages, extra=extra)
        update(Project.load(root))
        return root

    return make


def _catalog(root: Path, lang: str = "be", doc: str = "doc"):
    return read_catalog(Project.load(root).po_path(lang, doc))


def _edit(root: Path, lang: str, doc: str, change: Callable) -> None:
    path = Project.load(root).po_path(lang, doc)
    catalog = read_catalog(path)
    for entry in list(catalog):
        changed = change(entry)  # a new unit, or nothing to change
        if changed:
            catalog.put(changed, replacing=entry)
    write_catalog(catalog, path)


def test_untranslated_entries_become_fuzzy_drafts_with_their_origin(project_with: Callable[..., Path]) -> None:
    root = project_with()
    report = draft(Project.load(root), ["be"])
    catalog = _catalog(root)
    entries = [e for e in catalog if e.msgid]
    assert report.catalogs[0].drafted == len(entries) == 7
    for entry in entries:
        assert entry.state == State.DRAFT and "fuzzy" in entry.flags
        assert entry.draft_origin == "google"
    assert catalog.find(PARAGRAPHS[2]).msgstr == fake_translate("More than ") + "60,000" + fake_translate(
        " people went through arrests and prisons.")
    assert "(https://example.org/report)" in catalog.find(PARAGRAPHS[3]).msgstr
    msgfmt_check(Project.load(root).po_path("be", "doc"))


def test_work_a_person_did_is_never_touched(project_with: Callable[..., Path], service: FakeService) -> None:
    root = project_with()

    def human(entry):
        if entry.msgid == PARAGRAPHS[0]:
            return set_translation(entry, "У Беларусі няма дна.", origin="translator")
        if entry.msgid == PARAGRAPHS[1]:
            return accept(set_translation(entry, "Ніколі не будзеш занепакоены дастаткова."), "Reviewer")
        return None

    _edit(root, "be", "doc", human)
    before = {e.msgid: (e.msgstr, e.comments, list(e.flags)) for e in _catalog(root)}
    draft(Project.load(root), ["be"])
    after = {e.msgid: (e.msgstr, e.comments, list(e.flags)) for e in _catalog(root)}
    for msgid in PARAGRAPHS[:2]:
        assert after[msgid] == before[msgid]
    sent = {seen.params["q"] for seen in service.seen}
    assert not sent & {PARAGRAPHS[0], PARAGRAPHS[1]}
    # A second run finds nothing left to do and sends nothing.
    count = service.count
    report = draft(Project.load(root), ["be"])
    assert report.catalogs[0].pending == 0 and service.count == count


def test_chain_memory_then_pivot_then_engine(project_with: Callable[..., Path], service: FakeService) -> None:
    root = project_with('["memory", "pivot:ru:google", "google"]', other="Other\n\nThere is no bottom in Belarus.\n")
    _edit(root, "be", "other", lambda e: e.msgid == PARAGRAPHS[0] and set_translation(e, "Няма дна.", "translator"))

    def ru(entry):
        if entry.msgid == PARAGRAPHS[4]:
            return accept(set_translation(entry, "Белорусы говорят так каждый день."), "Рецензент")
        return None

    _edit(root, "ru", "doc", ru)
    report = draft(Project.load(root), ["be"], ["doc"])
    catalog = _catalog(root)
    assert catalog.find(PARAGRAPHS[0]).msgstr == "Няма дна."
    assert (catalog.find(PARAGRAPHS[0])).draft_origin == "memory 100% locales/be/LC_MESSAGES/other.po"
    assert (catalog.find(PARAGRAPHS[4])).draft_origin == "pivot ru via google"
    assert catalog.find(PARAGRAPHS[4]).msgstr == fake_translate("Белорусы говорят так каждый день.")
    assert (catalog.find(PARAGRAPHS[5])).draft_origin == "google"
    assert report.catalogs[0].by_step == {"memory": 1, "pivot:ru:google": 1, "google": 5}
    assert [c.doc for c in report.catalogs] == ["doc"]
    assert _catalog(root, "be", "other").find("Other").msgstr == ""  # --doc: other documents untouched
    pivot_requests = [s for s in service.seen if s.params.get("sl") == "ru"]
    assert len(pivot_requests) == 1 and pivot_requests[0].params["tl"] == "be"


def test_dry_run_reports_the_cost_and_sends_nothing(project_with: Callable[..., Path], service: FakeService) -> None:
    root = project_with('["memory", "google"]')
    path = Project.load(root).po_path("be", "doc")
    before = path.read_bytes()
    report = draft(Project.load(root), ["be"], dry_run=True)
    assert service.count == 0 and path.read_bytes() == before
    assert not (root / ".transmgr" / "mt-cache.sqlite3").exists()  # no cache created by a dry run
    (row,) = report.costs
    assert (row.step, row.action, row.segments) == ("google", "send", 7)
    assert row.characters == len("Being concerned") + sum(len(p) for p in PARAGRAPHS)
    # After a real run of two entries, those two are cached: the dry run no longer counts them as sent.
    draft(Project.load(root), ["be"], limit=2)
    _edit(root, "be", "doc", lambda e: e.msgstr and e.changed(msgstr="", flags=()))
    count = service.count
    costs = {r.action: r.segments for r in draft(Project.load(root), ["be"], dry_run=True).costs}
    assert costs == {"cached": 2, "send": 5} and service.count == count


def test_limit_and_resume(project_with: Callable[..., Path], service: FakeService) -> None:
    root = project_with()
    first = draft(Project.load(root), ["be"], limit=3)
    assert first.catalogs[0].drafted == 3 and service.count == 3
    kept = {e.msgid: e.msgstr for e in _catalog(root) if e.msgstr}
    second = draft(Project.load(root), ["be"])
    assert second.catalogs[0].drafted == 4 and service.count == 7
    assert all(_catalog(root).find(msgid).msgstr == text for msgid, text in kept.items())


def test_a_second_run_is_served_from_the_cache(project_with: Callable[..., Path], service: FakeService) -> None:
    root = project_with()
    draft(Project.load(root), ["be"])
    drafted = {e.msgid: e.msgstr for e in _catalog(root)}
    _edit(root, "be", "doc", lambda e: e.msgid and e.changed(msgstr="", flags=()))
    count = service.count
    report = draft(Project.load(root), ["be"])
    assert service.count == count and report.requests == 0
    assert {e.msgid: e.msgstr for e in _catalog(root)} == drafted


def test_a_failing_engine_is_stopped_and_the_chain_moves_on(project_with: Callable[..., Path],
                                                             service: FakeService) -> None:
    root = project_with('["libre", "google"]', engine_extra="fail_after = 2\nconcurrency = 1\n")
    service.set("500")

    # Libre answers 500 (through its own path prefix); Google is served by a second, healthy service.
    with FakeService() as healthy:
        text = (root / "transmgr.toml").read_text().replace(service.root("google"), healthy.root("google"))
        (root / "transmgr.toml").write_text(text)
        events: list[DraftProgress] = []
        report = draft(Project.load(root), ["be"], progress=events.append)
    assert "libre" in report.stopped and "2 failures in a row" in report.stopped["libre"]
    assert events[-1].done == events[-1].total == 7 and events[-1].failures == 0
    assert {e.engine for e in events} == {"google"}
    assert report.catalogs[0].drafted == 7
    assert {e.draft_origin for e in _catalog(root) if e.msgid} == {"google"}
    # Two texts tried twice each (one retry) stop the engine; a text already in flight may add one more.
    assert 4 <= service.count <= 6


def test_interrupting_keeps_what_was_done(project_with: Callable[..., Path]) -> None:
    root = project_with(draft_extra="batch_size = 2", engine_extra="concurrency = 1\n")

    def interrupt(event: DraftProgress) -> None:
        if event.done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        draft(Project.load(root), ["be"], progress=interrupt)
    drafted = [e for e in _catalog(root) if e.msgstr]
    assert len(drafted) >= 3
    assert all(e.msgstr == fake_translate(e.msgid) for e in drafted if not set(e.msgid) & set(",*["))
    msgfmt_check(Project.load(root).po_path("be", "doc"))


@pytest.mark.slow
def test_a_killed_run_leaves_valid_files_and_keeps_finished_batches(make_project: Callable[..., Path]) -> None:
    paragraphs = [f"Paragraph {n} says that the weather in Minsk is cold today." for n in range(120)]
    with FakeService(delay=0.03) as service:
        extra = (f'\n[draft]\nbatch_size = 5\n[draft.chains]\nbe = ["google"]\n'
                 f'[engines.google]\nurl = "{service.root("google")}"\nconcurrency = 2\ntimeout = 5\n')
        root = make_project({"doc.md": "\n\n".join(paragraphs) + "\n"}, languages=["be"], extra=extra)
        update(Project.load(root))
        path = Project.load(root).po_path("be", "doc")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        process = subprocess.Popen([sys.executable, "-m", "transmgr", "draft", "--project", str(root), "--lang", "be"],
                                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Kill at a moment after the first batch reached the disk (the run takes about 2 s), the same
        # seeded moment on every run.
        moment = random.Random(227)
        seen, deadline = 0, time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            seen = max(seen, sum(1 for e in read_catalog(path) if e.msgstr))
            if seen and deadline > time.monotonic() + 1:
                deadline = time.monotonic() + moment.uniform(0.0, 0.8)
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
        process.wait()
        msgfmt_check(path)
        survivors = [e for e in read_catalog(path) if e.msgstr]
        assert 0 < seen <= len(survivors) < len(paragraphs), "kill the run in the middle"
        assert all(e.msgstr == fake_translate(e.msgid) and "fuzzy" in e.flags for e in survivors)
        requests_before = service.count
        report = draft(Project.load(root), ["be"])
        assert report.catalogs[0].drafted == len(paragraphs) - len(survivors)
        assert all(e.msgstr == fake_translate(e.msgid) for e in read_catalog(path) if e.msgid)
        assert service.count - requests_before <= len(paragraphs) - len(survivors)
        msgfmt_check(path)


# -- the command ------------------------------------------------------------------------------


def test_cli_reports_per_catalog(project_with: Callable[..., Path], run_cli: Callable) -> None:
    root = project_with()
    result = run_cli("draft", "--project", root, "--lang", "be")
    assert result.exit_code == 0, result.output
    assert "locales/be/LC_MESSAGES/doc.po: 7 drafted (google 7), 0 without a draft, 0 failed" in result.output


def test_cli_dry_run_and_json(project_with: Callable[..., Path], run_cli: Callable, service: FakeService) -> None:
    root = project_with()
    result = run_cli("draft", "--project", root, "--lang", "be", "--dry-run")
    assert result.exit_code == 0 and service.count == 0
    assert "would send 7 distinct texts" in result.output
    data = json.loads(run_cli("draft", "--project", root, "--lang", "be", "--limit", "2", "--json").stdout)
    assert data["catalogs"][0]["drafted"] == 2 and data["requests"] == 2 and data["dry_run"] is False


def test_cli_engine_override_and_failures_exit_1(project_with: Callable[..., Path], run_cli: Callable,
                                                  service: FakeService) -> None:
    root = project_with('["memory"]')
    service.set("garbage")
    result = run_cli("draft", "--project", root, "--lang", "be", "--engine", "google", "--limit", "1")
    assert result.exit_code == 1
    assert "0 drafted, 0 without a draft, 1 failed" in result.output
    assert "warning: engine 'google': unreadable answer from 127.0.0.1" in result.output


def test_cli_unknown_engine_in_the_chain_names_the_line(project_with: Callable[..., Path], run_cli: Callable,
                                                         service: FakeService) -> None:
    root = project_with('["memory", "gogle"]')
    result = run_cli("draft", "--project", root, "--lang", "be")
    assert result.exit_code == 2 and service.count == 0
    line = next(n for n, text in enumerate((root / "transmgr.toml").read_text().splitlines(), 1) if "gogle" in text)
    assert f"transmgr.toml:{line}: unknown draft engine 'gogle'" in result.output


def test_cli_refuses_an_unsupported_pair_before_sending(project_with: Callable[..., Path], run_cli: Callable,
                                                        service: FakeService) -> None:
    root = project_with('["deepl"]', engine_extra="")
    text = (root / "transmgr.toml").read_text() + '\n[engines.deepl]\napi_key_env = "TEST_DEEPL_KEY"\n'
    (root / "transmgr.toml").write_text(text)
    result = run_cli("draft", "--project", root, "--lang", "be", env={"TEST_DEEPL_KEY": KEY})
    assert result.exit_code == 2 and service.count == 0
    assert "engine 'deepl' (DeepL) cannot translate en -> be" in result.output
    assert KEY not in result.output


def test_cli_source_language_has_nothing_to_draft(project_with: Callable[..., Path], run_cli: Callable) -> None:
    root = project_with(languages=("en", "be"))
    result = run_cli("draft", "--project", root, "--lang", "en")
    assert result.exit_code == 2 and "is the source language" in result.output


def test_a_refused_key_never_reaches_output_or_files(project_with: Callable[..., Path], run_cli: Callable,
                                                      service: FakeService) -> None:
    root = project_with('["libre"]')
    text = (root / "transmgr.toml").read_text().replace("[engines.libre]\n", '[engines.libre]\napi_key_env = "LT_KEY"\n')
    (root / "transmgr.toml").write_text(text)
    service.key = "another-key"
    result = run_cli("draft", "--project", root, "--lang", "be", "--json", env={"LT_KEY": KEY})
    assert result.exit_code == 1 and "refused the API key (HTTP 403)" in result.output
    assert service.seen[0].params["api_key"] == KEY
    assert KEY not in result.output
    for path in root.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path


def test_cli_without_catalogs_says_to_run_update(make_project: Callable[..., Path], run_cli: Callable) -> None:
    root = make_project({"doc.md": DOC}, languages=["be"])
    result = run_cli("draft", "--project", root, "--lang", "be")
    assert result.exit_code == 2
    assert "locales/be/LC_MESSAGES/doc.po: catalog not found (run 'transmgr update' to create it)" in result.output


# -- files changed by someone else while the run goes on ---------------------------------------


HUMAN = "Рэжым на гэтым не спыніцца."


def test_a_review_and_an_edit_made_during_the_run_survive_it(project_with: Callable[..., Path],
                                                            run_cli: Callable) -> None:
    root = project_with(draft_extra="batch_size = 2", engine_extra="concurrency = 1\n")
    path = Project.load(root).po_path("be", "doc")
    reviewed: list[str] = []

    def meanwhile(event: DraftProgress) -> None:
        # Between two batches: a reviewer accepts a saved draft (as `transmgr review be --accept N`
        # does), and a translator saves a translation of an entry still waiting in a PO editor.
        on_disk = [e for e in read_catalog(path) if e.msgid and not e.obsolete]
        drafts = [n for n, e in enumerate(on_disk, start=1) if e.state == State.DRAFT]
        if reviewed or not drafts:
            return
        result = run_cli("review", "be", "--project", root, "--accept", drafts[0], env={"TRANSMGR_REVIEWER": "Rita"})
        assert result.exit_code == 0, result.output
        reviewed.append(on_disk[drafts[0] - 1].msgid)
        _edit(root, "be", "doc", lambda e: e.msgid == PARAGRAPHS[5] and set_translation(e, HUMAN, "translator"))

    report = draft(Project.load(root), ["be"], progress=meanwhile)
    assert reviewed, "the review happened during the run"
    catalog = read_catalog(path)
    accepted = catalog.find(reviewed[0])
    assert accepted.state == State.REVIEWED and accepted.stamp is not None
    assert accepted.stamp.who == "Rita"  # type: ignore[union-attr]
    human = catalog.find(PARAGRAPHS[5])
    assert human.msgstr == HUMAN and human.state == State.TRANSLATED
    others = [e for e in catalog if e.msgid and e.msgid not in (reviewed[0], PARAGRAPHS[5])]
    assert len(others) == 5 and all(e.state == State.DRAFT and e.draft_origin == "google" for e in others)
    (result,) = report.catalogs
    assert (result.pending, result.drafted, result.skipped, result.by_step) == (7, 6, 1, {"google": 6})
    msgfmt_check(path)


def test_a_file_broken_by_an_editor_mid_run_is_an_error_and_is_not_overwritten(
        project_with: Callable[..., Path], service: FakeService, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("transmgr.workflows.draft.file.RETRY_PAUSE", 0.0)
    root = project_with(draft_extra="batch_size = 2", engine_extra="concurrency = 1\n")
    path = Project.load(root).po_path("be", "doc")
    broken = b'msgid "half-written\n'

    def editor(event: DraftProgress) -> None:
        if event.done == 1:
            path.write_bytes(broken)

    with pytest.raises(CatalogError, match=r"doc\.po:\d+: "):
        draft(Project.load(root), ["be"], progress=editor)
    assert path.read_bytes() == broken
    # The answers received before the error are in the cache: the run after the repair resends none of them.
    received = service.count
    path.unlink()
    update(Project.load(root))
    report = draft(Project.load(root), ["be"])
    assert report.catalogs[0].drafted == 7 and received >= 2 and service.count - received <= 7 - 2


def test_cli_progress_only_on_a_terminal(project_with: Callable[..., Path], run_cli: Callable) -> None:
    root = project_with()
    result = run_cli("draft", "--project", root, "--lang", "be", "--limit", "2")
    assert result.exit_code == 0 and result.stderr == ""  # not a terminal: no progress bar, no label
    if not hasattr(os, "openpty"):
        pytest.skip("no pseudo-terminals on this system")
    leader, follower = os.openpty()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    try:
        try:
            done = subprocess.run([sys.executable, "-m", "transmgr", "draft", "--project", str(root), "--lang", "be"],
                                  env=env, stdout=subprocess.PIPE, stderr=follower, timeout=60)
        finally:
            os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # EIO: the terminal has no writer left
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert done.returncode == 0 and b"5 drafted" in done.stdout
    assert b"drafting be" in shown


def test_a_memory_only_chain_needs_no_engine_cache(project_with: Callable[..., Path]) -> None:
    """Drafting from the memory alone opens no engine cache: a cache folder that cannot take one
    (read-only) does not stop it."""
    root = project_with('["memory"]', other="Other\n\nThere is no bottom in Belarus.\n")
    _edit(root, "be", "other", lambda e: e.msgid == PARAGRAPHS[0] and set_translation(e, "Няма дна.", "translator"))
    draft(Project.load(root), ["be"], ["doc"])
    assert _catalog(root).find(PARAGRAPHS[0]).msgstr == "Няма дна."
    assert not (root / ".transmgr" / "mt-cache.sqlite3").exists()
