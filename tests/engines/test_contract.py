"""The contract every registered remote engine keeps, checked against a fake service on 127.0.0.1.

Each adapter drives the real deep-translator client; only the service at the other end is fake.
"""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest

from tests.engines.conftest import KEY
from tests.engines.fake_services import FakeService, fake_translate
from transmgr.engines.base import EngineFailure, EngineStopped, Translator
from transmgr.engines.registry import ADAPTERS
from transmgr.errors import EngineError
from transmgr.formats import MARKDOWN

ENGINES = [kind for kind in ADAPTERS if not ADAPTERS.get(kind).batched]  # a language model: test_llm.py
Make = Callable[..., Translator]


@pytest.fixture(params=ENGINES)
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_translates_prose_and_keeps_markup_numbers_and_placeholders(kind: str, make_translator: Make) -> None:
    text = "Hello *world*, 60,000 people read [the report](https://example.org/a_b) and `code` for {name}."
    result = make_translator(kind).translate(text, "en", "ru", MARKDOWN)
    f = fake_translate
    assert result == (f"{f('Hello')} *{f('world')}*, 60,000 {f('people read')} [{f('the report')}]"
                      f"(https://example.org/a_b) {f('and')} `code` {f('for')} {{name}}.")


def test_spaces_an_engine_puts_around_markup_are_taken_out(kind: str, make_translator: Make,
                                                           service: FakeService) -> None:
    service.set("spaced")
    result = make_translator(kind).translate("In 2024, *everyone* read [it](https://example.org).", "en", "ru", MARKDOWN)
    f = fake_translate
    assert result == f"{f('In')} 2024, *{f('everyone')}* {f('read')} [{f('it')}](https://example.org)."


def test_sends_the_engine_codes_for_the_pair(kind: str, make_translator: Make, service: FakeService) -> None:
    make_translator(kind).translate("Good morning", "en", "be" if kind not in ("deepl", "microsoft") else "uk", MARKDOWN)
    params = service.seen[-1].params
    sent = " ".join(str(v) for v in params.values())
    expected = {"mymemory": "en-GB|be-BY"}.get(kind, "be" if kind not in ("deepl", "microsoft") else "uk")
    assert expected in sent


def test_keeps_surrounding_whitespace(kind: str, make_translator: Make) -> None:
    assert make_translator(kind).translate("  Hello world \n", "en", "ru", MARKDOWN) == "  " + fake_translate("Hello world") + " \n"


@pytest.mark.parametrize("text", ["1990", "—", "  ", "`x = 1`", "[^1]"])
def test_text_without_words_is_not_sent(kind: str, make_translator: Make, service: FakeService, text: str) -> None:
    assert make_translator(kind).translate(text, "en", "ru", MARKDOWN) is None
    assert service.count == 0


@pytest.mark.parametrize("mode", ["echo", "empty"])
def test_an_echo_or_empty_answer_is_no_draft(kind: str, make_translator: Make, service: FakeService, mode: str) -> None:
    service.set(mode)
    assert make_translator(kind).translate("Hello world", "en", "ru", MARKDOWN) is None


def test_an_unsupported_pair_is_refused_before_sending(kind: str, make_translator: Make, service: FakeService) -> None:
    with pytest.raises(EngineError, match=r"cannot translate en -> de.*supported here"):
        make_translator(kind).translate("Hello world", "en", "de", MARKDOWN)
    assert service.count == 0


def test_garbage_is_a_failure_not_a_crash(kind: str, make_translator: Make, service: FakeService) -> None:
    service.set("garbage")
    with pytest.raises(EngineFailure) as caught:
        make_translator(kind, retries=0).translate("Hello world", "en", "ru", MARKDOWN)
    assert "127.0.0.1" in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("mode", ["500", "429"])
def test_transient_errors_are_retried(kind: str, make_translator: Make, service: FakeService, mode: str) -> None:
    service.set(mode, failures=2)
    translator = make_translator(kind, retries=2)
    assert translator.translate("Hello world", "en", "ru", MARKDOWN) == fake_translate("Hello world")
    assert service.count == 3


def test_retries_are_bounded(kind: str, make_translator: Make, service: FakeService) -> None:
    service.set("500")
    with pytest.raises(EngineFailure, match="HTTP 500 after 3 attempts"):
        make_translator(kind, retries=2).translate("Hello world", "en", "ru", MARKDOWN)
    assert service.count == 3


def test_a_hanging_service_times_out(kind: str, make_translator: Make, service: FakeService) -> None:
    service.set("hang")
    with pytest.raises(EngineFailure, match=r"no answer .* within 0.3 s"):  # the request's own timeout ended it
        make_translator(kind, timeout=0.3, retries=0).translate("Hello world", "en", "ru", MARKDOWN)


def test_a_refused_connection_is_a_failure(kind: str, make_translator: Make, service: FakeService) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    translator = make_translator(kind, url=f"http://127.0.0.1:{port}/", retries=1)
    with pytest.raises(EngineFailure, match=f"cannot connect to 127.0.0.1:{port}"):
        translator.translate("Hello world", "en", "ru", MARKDOWN)


def test_repeated_failures_stop_the_engine(kind: str, make_translator: Make, service: FakeService) -> None:
    service.set("500")
    translator = make_translator(kind, retries=0, fail_after=2)
    for _ in range(2):
        with pytest.raises(EngineFailure):
            translator.translate("Hello world", "en", "ru", MARKDOWN)
    with pytest.raises(EngineStopped, match="2 failures in a row"):
        translator.translate("Another text", "en", "ru", MARKDOWN)
    assert service.count == 2
    assert translator.stopped


def test_a_refused_key_stops_the_engine_and_never_shows_the_key(kind: str, make_translator: Make,
                                                                service: FakeService) -> None:
    service.set("403")
    translator = make_translator(kind, retries=3)
    with pytest.raises(EngineStopped) as caught:
        translator.translate("Hello world", "en", "ru", MARKDOWN)
    assert service.count == 1
    assert KEY not in str(caught.value) and KEY not in (translator.stopped or "")


def test_long_text_is_split_at_sentence_boundaries(kind: str, make_translator: Make, service: FakeService) -> None:
    sentences = [f"Sentence number {n} says something rather long about the weather today." for n in range(12)]
    text = " ".join(sentences)
    result = make_translator(kind, max_chars=200).translate(text, "en", "ru", MARKDOWN)
    assert result == " ".join(fake_translate(s) for s in sentences)
    sent = [seen.params.get("q", seen.params.get("text", "")) for seen in service.seen]
    assert len(sent) > 1 and all(len(s) < 200 for s in sent)
    assert all(s.endswith(".") for s in sent)  # every cut is at the end of a sentence


def test_results_are_cached(kind: str, make_translator: Make, service: FakeService) -> None:
    first = make_translator(kind, cache=True)
    assert first.translate("Hello world", "en", "ru", MARKDOWN) == fake_translate("Hello world")
    first.cache.close()  # type: ignore[union-attr]
    again = make_translator(kind, cache=True)
    service.set("500")
    assert again.translate("Hello world", "en", "ru", MARKDOWN) == fake_translate("Hello world")
    assert service.count == 1
