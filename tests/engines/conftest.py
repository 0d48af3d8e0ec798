"""Fixtures for engine tests: a fake translation service on 127.0.0.1 and translators pointed at it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.engines.fake_services import FakeService
from transmgr.config import Config, parse_config
from transmgr.engines.base import Translator
from transmgr.engines.cache import TranslationCache
from transmgr.engines.registry import create_translator

KEY = "s3cr3t-KEY-0042"
KEY_ENV = "TRANSMGR_TEST_KEY"


@pytest.fixture
def service() -> Iterator[FakeService]:
    """A fake service answering every protocol; change its behaviour with ``service.set(mode)``."""
    with FakeService() as fake:
        yield fake


def engine_config(tmp_path: Path, tables: dict[str, dict[str, Any]], languages: tuple[str, ...] = ("be", "uk", "ru")) -> Config:
    """A project configuration (not written to disk) with ``[engines.<name>]`` tables."""
    data = {"source_language": "en", "languages": list(languages), "engines": tables}
    return parse_config(data, root=tmp_path, path=tmp_path / "transmgr.toml")


@pytest.fixture
def make_translator(tmp_path: Path, service: FakeService) -> Callable[..., Translator]:
    """``make_translator("libre", retries=0, cache=True)``: a translator for the fake service."""

    def make(kind: str, *, cache: bool = False, key: str | None = KEY, **settings: Any) -> Translator:
        table: dict[str, Any] = {"url": service.root(kind), "timeout": 2, "retries": 2, "backoff": 0.01,
                                 "api_key_env": KEY_ENV, **settings}
        config = engine_config(tmp_path, {kind: table})
        store = TranslationCache(tmp_path / "cache.sqlite3") if cache else None
        return create_translator(config, kind, cache=store, environ={KEY_ENV: key} if key else {})

    return make
