"""The engine runner beyond the contract: pivots, quotas, keys, the cache file and configuration."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from tests.engines.conftest import KEY, KEY_ENV, engine_config
from tests.engines.fake_services import FakeService, fake_translate
from transmgr.engines.base import EngineStopped, Translator
from transmgr.engines.cache import TranslationCache
from transmgr.engines.pivot import PivotStep
from transmgr.engines.registry import adapter_kind, create_translator, parse_step
from transmgr.errors import ConfigError, EngineError
from transmgr.formats import MARKDOWN

Make = Callable[..., Translator]


def test_pivot_translates_the_sister_language_text(make_translator: Make, service: FakeService) -> None:
    step = PivotStep("ru", {"Hello": "привет мир ok"}, make_translator("google"), "be")
    found = step.draft("Hello", MARKDOWN)
    assert found is not None and found.origin == "pivot ru via google"
    assert found.text == fake_translate("привет мир ok")
    params = service.seen[-1].params
    assert (params["sl"], params["tl"], params["q"]) == ("ru", "be", "привет мир ok")
    assert step.draft("No pivot text", MARKDOWN) is None and service.count == 1


def test_mymemory_quota_warning_stops_the_engine(make_translator: Make, service: FakeService,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tests.engines.fake_services.fake_translate",
                        lambda text: "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY")
    translator = make_translator("mymemory")
    with pytest.raises(EngineStopped, match="MyMemory refused"):
        translator.translate("Hello world", "en", "be", MARKDOWN)


def test_the_cache_never_holds_the_key(make_translator: Make, service: FakeService, tmp_path: Path) -> None:
    service.key = KEY
    translator = make_translator("deepl", cache=True)
    assert translator.translate("Hello world", "en", "ru", MARKDOWN) == fake_translate("Hello world")
    assert service.seen[-1].params["auth_key"] == KEY
    translator.cache.close()  # type: ignore[union-attr]
    for path in tmp_path.glob("cache.sqlite3*"):
        assert KEY.encode() not in path.read_bytes()
    assert len(TranslationCache(tmp_path / "cache.sqlite3")) == 1


def test_libre_without_a_key_sends_none(make_translator: Make, service: FakeService) -> None:
    make_translator("libre", api_key_env=None, key=None).translate("Hello world", "en", "uk", MARKDOWN)
    assert "api_key" not in service.seen[-1].params


@pytest.mark.parametrize("kind", ["deepl", "microsoft", "yandex"])
def test_an_engine_that_needs_a_key_says_how_to_configure_it(tmp_path: Path, kind: str) -> None:
    config = engine_config(tmp_path, {kind: {"url": "http://127.0.0.1:9/"}})
    with pytest.raises(ConfigError, match=rf"needs an API key.*api_key_env = \"{kind.upper()}_API_KEY\""):
        create_translator(config, kind, environ={})


def test_an_unset_key_variable_is_named_and_nothing_else_is_read(tmp_path: Path) -> None:
    config = engine_config(tmp_path, {"deepl": {"api_key_env": KEY_ENV}})
    with pytest.raises(EngineError, match=f"environment variable {KEY_ENV} is empty or not set"):
        create_translator(config, "deepl", environ={"DEEPL_API_KEY": "ignored"})


def test_an_engine_table_can_alias_an_adapter(tmp_path: Path, service: FakeService) -> None:
    config = engine_config(tmp_path, {"office-libre": {"engine": "libre", "url": service.root("libre")}})
    assert adapter_kind(config, "office-libre") == "libre"
    translator = create_translator(config, "office-libre", environ={})
    assert translator.translate("Hello world", "en", "be", MARKDOWN) == fake_translate("Hello world")


@pytest.mark.parametrize(("step", "message"), [
    ("gogle", "unknown draft engine 'gogle'"),
    ("pivot:ru", "bad pivot step"),
    ("pivot:de:google", "'de' is not another target language"),
    ("pivot:be:google", "'be' is not another target language"),
    ("pivot:ru:nope", "unknown engine 'nope'"),
])
def test_bad_chain_steps_are_refused_with_a_hint(tmp_path: Path, step: str, message: str) -> None:
    config = engine_config(tmp_path, {})
    with pytest.raises(EngineError, match=message):
        parse_step(config, step, "be", from_config=False)


def test_wrong_option_types_are_config_errors(tmp_path: Path) -> None:
    config = engine_config(tmp_path, {"google": {"fail_after": "three"}})
    with pytest.raises(ConfigError, match=r"engines\.google\.fail_after must be a whole number of at least 1, not 'three'"):
        create_translator(config, "google", environ={})


def test_outside_a_run_the_transport_is_plain_requests(service: FakeService) -> None:
    import deep_translator.google as google_module

    import transmgr.engines.services.google  # noqa: F401  (installs the transport)

    response = google_module.requests.get(service.url + "/m", params={"q": "hi there", "tl": "be", "sl": "en"})
    assert isinstance(response, requests.Response) and response.status_code == 200
    assert google_module.requests.exceptions is requests.exceptions


def test_a_piece_without_prose_between_cuts_is_not_sent(make_translator: Make, service: FakeService) -> None:
    numbers = ", ".join(str(1900 + n) for n in range(12))
    text = f"The first sentence of words. {numbers}. The last sentence of words."
    result = make_translator("google", max_chars=60).translate(text, "en", "ru", MARKDOWN)
    assert result == f"{fake_translate('The first sentence of words.')} {numbers}. {fake_translate('The last sentence of words.')}"
    assert all(any(c.isalpha() and c not in "X" for c in s.params["q"]) for s in service.seen)


def test_a_corrupt_cache_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(EngineError, match=r"cache\.sqlite3: cannot open the translation cache.*delete the file"):
        TranslationCache(path)



@pytest.mark.parametrize("echo", [
    "k3y/+:é&x",                    # as sent
    "K3Y/+:É&X",                    # upper-cased
    "k3y%2F%2B%3A%C3%A9%26x",       # URL-encoded, nothing safe
    "k3y%2f%2b%3a%c3%a9%26x",       # ... with lower-case hex
    "k3y/%2B%3A%C3%A9%26x",         # URL-encoded with '/' kept
    "k3y/%2B%3A%C3%A9%26X".upper(),
    "k3y/+:\\u00e9&x",             # JSON with \u escapes
    "k3y\\/+:\\u00e9&x",          # JSON with an escaped slash
    "k3y/+:é&amp;x",                # HTML-escaped
])
def test_a_key_echoed_in_any_form_is_scrubbed(echo: str) -> None:
    # A service that echoes the key URL-encoded, upper-cased or JSON-escaped had it printed (issue 10).
    from transmgr.engines.base import scrub_secret

    scrubbed = scrub_secret(f"HTTP 400: key={echo} refused", "k3y/+:é&x")
    assert scrubbed == "HTTP 400: key=*** refused"


def test_a_translation_quoting_the_key_is_refused_and_never_cached(make_translator: Make, service: FakeService,
                                                                    tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import base64

    from transmgr.engines.base import EngineFailure

    service.key = KEY
    monkeypatch.setattr("tests.engines.fake_services.fake_translate",
                        lambda text: f"Прывітанне {base64.b64encode(KEY.encode()).decode()}")
    translator = make_translator("deepl", cache=True)
    with pytest.raises(EngineFailure, match="quotes the API key") as caught:
        translator.translate("Hello world", "en", "ru", MARKDOWN)
    assert KEY not in str(caught.value)
    translator.cache.close()  # type: ignore[union-attr]
    assert len(TranslationCache(tmp_path / "cache.sqlite3")) == 0
