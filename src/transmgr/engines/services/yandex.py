"""Yandex Translate through deep-translator's YandexTranslator (an API key)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import deep_translator.yandex as yandex_module
from deep_translator import YandexTranslator

from transmgr.engines.base import EngineAdapter
from transmgr.engines.services import point_at
from transmgr.engines.transport import install_transport

install_transport(yandex_module)


class YandexEngine(EngineAdapter):
    """Yandex Translate: all four of be, uk, ru, en.

    The service answers a list of texts; deep-translator passes the list through, so the
    adapter joins it.
    """

    kind = "yandex"
    title = "Yandex Translate"
    default_url = "https://translate.yandex.net/"
    codes: ClassVar[Mapping[str, str]] = {"be": "be", "uk": "uk", "ru": "ru", "en": "en"}
    needs_key = True

    def create_client(self, source: str, target: str) -> Any:
        client = YandexTranslator(source="en", target="ru", api_key=self.api_key)
        point_at(client, self.root + "api/{version}/tr.json/{endpoint}")
        client.source = source
        client.target = target
        return client

    def call(self, client: Any, text: str) -> Any:
        answer = client.translate(text)
        if isinstance(answer, list) and all(isinstance(part, str) for part in answer):
            return "".join(answer)
        return answer
