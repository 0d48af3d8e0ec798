"""The language-model engine against a fake OpenAI-compatible server on 127.0.0.1.

The server records every request and answers from a script; the tests read what was sent (the brief,
neighbours, glossary, sister languages, previous versions) and feed it bad answers (unreadable JSON,
a dropped token, Russian letters in Belarusian, a missing id, 429 with Retry-After, a hang, 5xx).
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import msgfmt_check
from tests.engines.fake_llm import FakeChat, answer, segments_of, translations
from tests.engines.fake_services import fake_translate
from transmgr.catalog import State, accept, read_catalog, set_translation, write_catalog
from transmgr.engines.llm import Item, parse_reply, validate
from transmgr.engines.markup import protect
from transmgr.workflows import Project, update
from transmgr.workflows.draft import draft

KEY = "sk-test-must-not-leak-4411"
DOC = """# Being deeply concerned

There is no bottom in Belarus, and Lukashenka knows it.

You can never be concerned enough to stop the war.

More than 60,000 people went through arrests, read [the report](https://example.org/r).

The regime will not stop there.

Belarusians use this expression every day.
"""
BRIEF = "# Brief\n\nKeep the irony of 'deeply concerned'. Write Лукашэнка.\n"
GLOSSARY = "en,be,ru,forbidden-be,note\nLukashenka,Лукашэнка,Лукашенко,Лукашенка,The democratic forces write Lukashenka\n"


@pytest.fixture
def chat() -> Iterator[FakeChat]:
    with FakeChat() as fake:
        yield fake


@pytest.fixture
def llm_project(make_project: Callable[..., Path], chat: FakeChat) -> Callable[..., Path]:
    def make(engine_extra: str = "", draft_extra: str = "", chain: str = '["llm"]') -> Path:
        extra = (f'[engines.llm]\nengine = "openai"\nbase_url = "{chat.base_url}"\nmodel = "test-model"\n'
                 f'api_key_env = "TEST_LLM_KEY"\ntimeout = 2\nretries = 1\nbackoff = 0.01\n{engine_extra}\n'
                 f'[draft]\nbrief = "BRIEF.md"\n{draft_extra}\n[draft.chains]\nbe = {chain}\n'
                 f'[draft.references]\nbe = ["ru"]\n')
        root = make_project({"doc.md": DOC}, languages=("be", "ru"), extra=extra)
        (root / "BRIEF.md").write_text(BRIEF, encoding="utf-8")
        (root / "locales").mkdir(exist_ok=True)
        (root / "locales" / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
        update(Project.load(root))
        return root

    return make


def _run(root: Path, **kwargs: Any) -> Any:
    return draft(Project.load(root), ["be"], environ={"TEST_LLM_KEY": KEY}, **kwargs)


def _be(root: Path) -> Any:
    return read_catalog(Project.load(root).po_path("be", "doc"))


def _user(body: dict[str, Any]) -> str:
    return [m for m in body["messages"] if m["role"] == "user"][-1]["content"]


def _system(body: dict[str, Any]) -> str:
    return next(m for m in body["messages"] if m["role"] == "system")["content"]


def _review_ru(root: Path) -> None:
    path = Project.load(root).po_path("ru", "doc")
    catalog = read_catalog(path)
    for unit in list(catalog):
        if unit.msgid.startswith("You can never"):
            catalog.put(accept(set_translation(unit, "Никакой обеспокоенности не хватит, чтобы остановить войну."),
                               "Test Reviewer"), replacing=unit)
    write_catalog(catalog, path)


def test_one_request_per_batch_drafts_every_segment_marked_llm(llm_project: Callable[..., Path], chat: FakeChat) -> None:
    root = llm_project()
    report = _run(root)
    catalog = _be(root)
    drafted = [u for u in catalog.active() if u.msgid]
    assert len(chat.requests) == 1 and report.requests == 1
    assert all(u.state == State.DRAFT and u.draft_origin == "llm test-model" for u in drafted)
    report_link = next(u for u in drafted if "report" in u.msgid)
    assert "](https://example.org/r)" in report_link.msgstr and "60,000" in report_link.msgstr  # markup and numbers kept
    assert report.catalogs[0].drafted == len(drafted) == 6
    msgfmt_check(Project.load(root).po_path("be", "doc"))
    body = chat.requests[0]
    assert body["model"] == "test-model" and body["response_format"] == {"type": "json_object"}
    sent = segments_of(body)
    assert [s["id"] for s in sent] == [str(n) for n in range(1, 7)]
    assert "[X0X]" in next(s["text"] for s in sent if "report" in s["text"])  # markup as tokens, not raw


def test_the_request_carries_brief_title_neighbours_glossary_and_sister_languages(
        llm_project: Callable[..., Path], chat: FakeChat) -> None:
    root = llm_project(engine_extra="max_batch_tokens = 100")
    _review_ru(root)
    catalog = _be(root)
    for unit in list(catalog):  # a translation that exists: it is context, not asked for
        if unit.msgid.startswith("The regime"):
            catalog.put(set_translation(unit, "Рэжым на гэтым не спыніцца."), replacing=unit)
    write_catalog(catalog, Project.load(root).po_path("be", "doc"))
    _run(root)
    assert len(chat.requests) >= 2  # the budget cut the document into several requests
    assert all("Keep the irony of 'deeply concerned'" in _system(b) for b in chat.requests)
    assert all("Document: Being deeply concerned" in _user(b) for b in chat.requests)
    first = next(b for b in chat.requests if "Lukashenka" in json.dumps(segments_of(b)))
    assert "Lukashenka → Лукашэнка (never: Лукашенка) — The democratic forces write Lukashenka" in _user(first)
    assert all("Lukashenka →" not in _user(b) for b in chat.requests if b is not first)  # only the batch's terms
    asking = next(b for b in chat.requests if any(s["text"].startswith("You can never") for s in segments_of(b)))
    assert "in Russian: Никакой обеспокоенности не хватит" in _user(asking)
    assert any("Context before these segments" in _user(b) for b in chat.requests)
    assert any("Context after these segments" in _user(b) for b in chat.requests)
    assert "Рэжым на гэтым не спыніцца." in "".join(_user(b) for b in chat.requests)  # a neighbour's translation
    assert all(_user(b).rstrip().endswith("]}") for b in chat.requests)  # the segments JSON ends the message


def test_redraft_merged_sends_the_previous_source_and_its_translation(
        llm_project: Callable[..., Path], chat: FakeChat) -> None:
    root = llm_project()
    _run(root)
    catalog = _be(root)
    for unit in list(catalog):
        if unit.msgid.startswith("The regime"):
            catalog.put(accept(set_translation(unit, "Рэжым на гэтым не спыніцца."), "Test Reviewer"), replacing=unit)
    write_catalog(catalog, Project.load(root).po_path("be", "doc"))
    source = root / "source" / "doc.md"
    source.write_text(source.read_text().replace("will not stop there.", "will never stop there."), encoding="utf-8")
    update(Project.load(root))
    merged = next(u for u in _be(root).active() if u.msgid.startswith("The regime"))
    assert merged.state == State.DRAFT and merged.draft_origin.startswith("fuzzy-merge")
    chat.requests.clear()
    assert _run(root).catalogs[0].drafted == 0 and not chat.requests  # drafts are left alone by default
    _run(root, redraft_merged=True)
    assert len(chat.requests) == 1
    assert ('the source was "The regime will not stop there.", translated as "Рэжым на гэтым не спыніцца."'
            in _user(chat.requests[0]))
    redrafted = next(u for u in _be(root).active() if u.msgid.startswith("The regime"))
    assert redrafted.draft_origin == "llm test-model" and redrafted.previous_msgid == "The regime will not stop there."


@pytest.mark.parametrize("fault", ["unreadable", "dropped-token", "russian-letters", "missing-id", "echo", "twice"])
def test_a_bad_answer_is_retried_alone_then_left_untranslated_with_its_reason(
        llm_project: Callable[..., Path], chat: FakeChat, fault: str) -> None:
    def hit(text: str) -> bool:  # the segments the fault is put into (one with markup tokens, one without)
        return fault == "unreadable" or "report" in text or ("no bottom" in text and fault != "dropped-token")

    def script(body: dict[str, Any]) -> tuple[int, dict[str, str], str]:
        segments = segments_of(body)
        rows = [{"id": s["id"], "text": fake_translate(s["text"])} for s in segments]
        for row, segment in zip(rows, segments):
            if not hit(segment["text"]):
                continue
            if fault == "dropped-token":
                row["text"] = row["text"].replace("[X0X]", "")
            elif fault == "russian-letters":
                row["text"] = "Тут нет дна, и это всё " + " ".join(re.findall(r"\[X\d+X\]", segment["text"]))
            elif fault == "echo":
                row["text"] = segment["text"]
        if fault == "missing-id":
            rows = [r for r, s in zip(rows, segments) if not hit(s["text"])]
        if fault == "twice":
            rows += [dict(r) for r, s in zip(rows, segments) if hit(s["text"])]
        content = json.dumps({"translations": rows}, ensure_ascii=False)
        return 200, {}, ("Sure! Here it is: {not json" if fault == "unreadable" else content)

    chat.script = script
    root = llm_project()
    report = _run(root)
    problems = report.catalogs[0].problems
    catalog = _be(root)
    bad = [u for u in catalog.active() if u.msgid and hit(u.msgid)]
    good = [u for u in catalog.active() if u.msgid and u not in bad]
    if fault == "unreadable":
        assert not any(u.msgstr for u in catalog.active())  # nothing unreadable is written
        assert len(chat.requests) == 1 + 6  # the batch, then each segment alone
    else:
        assert all(u.state == State.DRAFT for u in good)
        assert len(chat.requests) == 1 + len(bad)
    assert all(u.state == State.UNTRANSLATED and not u.msgstr for u in bad)
    reasons = {msgid: reason for _, msgid, reason in problems}
    expected = {"unreadable": "not {\"translations\"", "dropped-token": "tokens lost", "missing-id": "no translation",
                "russian-letters": "letters Belarusian does not use", "echo": "came back untranslated",
                "twice": "answered this id twice"}[fault]
    assert all(expected in reasons[u.msgid] for u in bad)
    assert report.catalogs[0].failed == len(bad)
    msgfmt_check(Project.load(root).po_path("be", "doc"))


def test_429_with_retry_after_is_waited_for_then_the_batch_is_sent_again(
        llm_project: Callable[..., Path], chat: FakeChat) -> None:
    calls: list[float] = []

    def script(body: dict[str, Any]) -> tuple[int, dict[str, str], str]:
        calls.append(time.monotonic())
        if len(calls) == 1:
            return 429, {"Retry-After": "1"}, '{"error": "rate limited"}'
        return answer(body)

    chat.script = script
    root = llm_project()
    report = _run(root)
    assert report.catalogs[0].drafted == 6 and len(calls) == 2
    assert calls[1] - calls[0] >= 0.9  # Retry-After was honoured


@pytest.mark.parametrize("fault", ["500", "hang"])
def test_a_failing_endpoint_leaves_the_catalog_untouched_and_says_why(
        llm_project: Callable[..., Path], chat: FakeChat, run_cli: Callable[..., Any], fault: str) -> None:
    if fault == "hang":
        chat.delay = 3.0  # above the 2 s timeout
    else:
        chat.script = lambda body: (500, {}, '{"error": "model crashed"}')
    root = llm_project(engine_extra="fail_after = 5")
    before = Project.load(root).po_path("be", "doc").read_bytes()
    result = run_cli("draft", "--project", root, "--lang", "be", "--json", env={"TEST_LLM_KEY": KEY})
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["catalogs"][0]["failed"] == 6 and data["catalogs"][0]["drafted"] == 0
    reason = data["catalogs"][0]["problems"][0]["reason"]
    assert ("HTTP 500" in reason) if fault == "500" else ("no answer" in reason and "within 2 s" in reason)
    assert Project.load(root).po_path("be", "doc").read_bytes() == before


def test_the_key_is_sent_as_a_bearer_token_and_never_written_or_shown(
        llm_project: Callable[..., Path], chat: FakeChat, run_cli: Callable[..., Any]) -> None:
    chat.script = lambda body: (401, {}, json.dumps({"error": f"invalid key {KEY}"}))
    root = llm_project()
    result = run_cli("draft", "--project", root, "--lang", "be", env={"TEST_LLM_KEY": KEY})
    assert chat.headers[0]["Authorization"] == f"Bearer {KEY}"
    assert KEY not in result.output and "refused the API key" in result.output
    chat.script = answer
    result = run_cli("draft", "--project", root, "--lang", "be", "--json", env={"TEST_LLM_KEY": KEY})
    assert result.exit_code == 0 and KEY not in result.output
    for path in root.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path


def test_a_second_run_sends_nothing_and_the_cache_follows_the_brief(
        llm_project: Callable[..., Path], chat: FakeChat) -> None:
    root = llm_project()
    _run(root)
    assert len(chat.requests) == 1
    _run(root)
    assert len(chat.requests) == 1  # every entry is a draft now: nothing to ask
    path = Project.load(root).po_path("be", "doc")
    fresh = read_catalog(path)
    for unit in list(fresh):
        if unit.msgid:
            fresh.put(unit.changed(msgstr="", flags=(), comments=""), replacing=unit)
    write_catalog(fresh, path)
    assert _run(root).catalogs[0].drafted == 6 and len(chat.requests) == 1  # from the cache
    write_catalog(fresh, path)
    (root / "BRIEF.md").write_text(BRIEF + "\nA new rule.\n", encoding="utf-8")
    assert _run(root).catalogs[0].drafted == 6 and len(chat.requests) == 2  # a changed brief drafts again


def test_dry_run_estimates_tokens_per_document_and_shows_the_prompt(
        llm_project: Callable[..., Path], chat: FakeChat, run_cli: Callable[..., Any]) -> None:
    root = llm_project()
    result = run_cli("draft", "--project", root, "--lang", "be", "--dry-run", "--show-prompt",
                     env={"TEST_LLM_KEY": KEY})
    assert result.exit_code == 0 and not chat.requests
    assert "--- system ---" in result.output and "Keep the irony" in result.output
    assert '{"segments": [{"id": "1", "text": "Being deeply concerned", "kind": "title"}' in result.output
    data = json.loads(run_cli("draft", "--project", root, "--lang", "be", "--dry-run", "--json",
                              env={"TEST_LLM_KEY": KEY}).output)
    row = data["costs"][0]
    assert row["doc"] == "doc" and row["requests"] == 1 and row["segments"] == 6 and row["tokens"] > 100


def test_configuration_mistakes_are_one_line_errors(llm_project: Callable[..., Path], run_cli: Callable[..., Any]) -> None:
    root = llm_project()
    config = root / "transmgr.toml"
    text = config.read_text()
    config.write_text(text.replace('model = "test-model"\n', ""))
    result = run_cli("draft", "--project", root, "--lang", "be", env={"TEST_LLM_KEY": KEY})
    assert result.exit_code != 0 and "names no model" in result.output and "Traceback" not in result.output
    config.write_text(text.replace('brief = "BRIEF.md"', 'brief = "MISSING.md"'))
    result = run_cli("draft", "--project", root, "--lang", "be", env={"TEST_LLM_KEY": KEY})
    assert result.exit_code != 0 and "MISSING.md" in result.output and "transmgr.toml:" in result.output
    config.write_text(text.replace('be = ["ru"]', 'be = ["xx"]'))
    result = run_cli("draft", "--project", root, "--lang", "be", env={"TEST_LLM_KEY": KEY})
    assert result.exit_code != 0 and "draft.references.be" in result.output


def test_without_an_engine_draft_says_what_to_configure(make_project: Callable[..., Path],
                                                         run_cli: Callable[..., Any]) -> None:
    root = make_project({"doc.md": DOC})
    update(Project.load(root))
    result = run_cli("draft", "--project", root, "--lang", "be")
    assert "no machine engine is configured" in result.output and 'engine = "openai"' in result.output


def test_the_wire_contract_accepts_a_fenced_reply_and_checks_each_translation() -> None:
    assert parse_reply('```json\n{"translations": [{"id": "1", "text": "a"}]}\n```') == {"1": ["a"]}
    item = Item("1", "Read *this* now.", protect("Read *this* now.", None))
    with pytest.raises(ValueError, match="Belarusian"):
        validate(item, ["Прочитайте это сейчас."], "be")
    assert validate(item, ["Прачытайце гэта зараз."], "be") == "Прачытайце гэта зараз."
    with pytest.raises(ValueError, match="untranslated"):
        validate(item, [item.protected.text], "be")  # the source echoed, tokens and all
    licence = Item("2", "CC BY 4.0", protect("CC BY 4.0", None))
    assert validate(licence, [licence.protected.text], "be") == "CC BY 4.0"  # acronyms and numbers may stay


@pytest.mark.network
def test_a_real_local_endpoint_drafts_belarusian(make_project: Callable[..., Path]) -> None:
    url = os.environ.get("TRANSMGR_LLM_URL")
    if not url:
        pytest.skip("set TRANSMGR_LLM_URL (and TRANSMGR_LLM_MODEL) to an OpenAI-compatible endpoint, e.g. Ollama's /v1")
    model = os.environ.get("TRANSMGR_LLM_MODEL", "qwen2.5:7b")
    extra = (f'[engines.llm]\nengine = "openai"\nbase_url = "{url}"\nmodel = "{model}"\n'
             f'[draft.chains]\nbe = ["llm"]\n')
    root = make_project({"doc.md": DOC}, languages=("be",), extra=extra)
    update(Project.load(root))
    report = draft(Project.load(root), ["be"])
    assert report.catalogs[0].drafted >= 4


def test_a_language_model_is_not_a_pivot_and_says_what_to_do_instead(llm_project: Callable[..., Path],
                                                                      run_cli: Callable[..., Any]) -> None:
    root = llm_project(chain='["pivot:ru:llm"]')
    result = run_cli("draft", "--project", root, "--lang", "be", env={"TEST_LLM_KEY": KEY})
    assert result.exit_code == 2 and "not used as a pivot" in result.output and "[draft.references]" in result.output


def test_a_rejected_draft_is_redrafted_with_the_reviewers_note_and_never_served_again(
        llm_project: Callable[..., Path], chat: FakeChat) -> None:
    from transmgr.workflows.review.actions import reject_references

    root = llm_project()
    _run(root)
    rejected = next(u for u in _be(root).active() if u.msgid.startswith("The regime"))
    reject_references(Project.load(root), "be", [f"doc#{rejected.uid}"], reviewer="Test Reviewer",
                      note="too literal: say it as a threat")
    chat.requests.clear()
    same = _run(root)  # the cache holds the rejected answer: not served; the model answers the same: not taken
    assert len(chat.requests) == 1 and same.catalogs[0].drafted == 0
    assert next(u for u in _be(root).active() if u.msgid.startswith("The regime")).rejected is not None
    chat.script = lambda body: (200, {}, translations(body, lambda text: fake_translate(text) + " (інакш)"))
    chat.requests.clear()
    _run(root)
    asked = segments_of(chat.requests[0])
    assert [s["text"] for s in asked] == ["The regime will not stop there."]
    assert (f'a reviewer rejected the draft "{rejected.msgstr}". The reviewer\'s note: too literal: say it as a threat'
            in _user(chat.requests[0]))
    redrafted = next(u for u in _be(root).active() if u.msgid.startswith("The regime"))
    assert redrafted.state == State.DRAFT and redrafted.rejected is None  # a new draft, no longer marked rejected


def test_each_segment_says_its_kind_and_what_its_tokens_stand_for(llm_project: Callable[..., Path],
                                                                   chat: FakeChat) -> None:
    root = llm_project()
    source = root / "source" / "doc.md"
    source.write_text(source.read_text() + "\nInstall `urllib3` over HTTP/2 under GPLv3.\n", encoding="utf-8")
    update(Project.load(root))
    _run(root)
    sent = {s["text"]: s for body in chat.requests for s in segments_of(body)}
    assert sent["Being deeply concerned"]["kind"] == "title"
    install = sent["Install [X0X] over HTTP/2 under GPLv3."]  # names with digits as written
    assert install["tokens"] == {"[X0X]": "`urllib3`"}  # the code, visible and protected
    report = next(s for text, s in sent.items() if text.startswith("More than"))
    assert report["tokens"]["[X0X]"] == "60,000" and "](https://example.org/r)" in report["tokens"].values()


def test_a_glossary_note_for_another_language_is_not_sent_and_the_brief_heading_once(
        llm_project: Callable[..., Path], chat: FakeChat) -> None:
    root = llm_project()
    (root / "locales" / "glossary.csv").write_text(
        "en,be,ru,note,note-be\nLukashenka,Лукашэнка,Лукашенко,\"ru: never Лукашенка in Russian either\","
        "be declines it\n", encoding="utf-8")
    _run(root)
    user = "".join(_user(b) for b in chat.requests)
    assert "Lukashenka → Лукашэнка — be declines it" in user and "in Russian either" not in user
    system = _system(chat.requests[0])
    assert system.count("# Brief") == 1 and "# Translation brief" not in system


@pytest.mark.parametrize("encode", [lambda k: k, lambda k: __import__("base64").b64encode(k.encode()).decode(),
                                    lambda k: __import__("urllib.parse").parse.quote(k)])
def test_a_reply_quoting_the_api_key_is_refused_and_never_stored(
        llm_project: Callable[..., Path], chat: FakeChat, encode: Callable[[str], str]) -> None:
    import base64

    chat.script = lambda body: (200, {}, translations(body, lambda text: f"{fake_translate(text)} {encode(KEY)}"))
    root = llm_project()
    result = _run(root)
    assert result.catalogs[0].drafted == 0
    assert any("quotes the API key" in problem for _, _, problem in result.catalogs[0].problems)
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert KEY.encode() not in data and base64.b64encode(KEY.encode()) not in data, path
