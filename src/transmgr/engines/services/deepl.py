"""DeepL through deep-translator's DeeplTranslator (an API key; the free or the paid endpoint)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import deep_translator.deepl as deepl_module
from deep_translator import DeeplTranslator

from transmgr.config.options import USE_FREE_API, Option, declare
from transmgr.engines.base import EngineAdapter
from transmgr.engines.services import point_at
from transmgr.engines.transport import install_transport

install_transport(deepl_module)


class DeeplEngine(EngineAdapter):
    """DeepL: uk, ru, en (no Belarusian); English as a target is British English (EN-GB).

    ``use_free_api = false`` in ``[engines.deepl]`` selects the paid endpoint.
    """

    kind = "deepl"
    title = "DeepL"
    default_url = "https://api-free.deepl.com/"
    codes: ClassVar[Mapping[str, str]] = {"uk": "uk", "ru": "ru", "en": "en"}
    target_codes: ClassVar[Mapping[str, str]] = {"en": "en-gb"}
    needs_key = True
    options: ClassVar[tuple[Option, ...]] = declare(EngineAdapter.options, USE_FREE_API)

    @property
    def free(self) -> bool:
        return bool(self.option(USE_FREE_API))

    @property
    def root(self) -> str:
        if self.settings.url or self.free:
            return super().root
        return "https://api.deepl.com/"

    def create_client(self, source: str, target: str) -> Any:
        client = DeeplTranslator(source="en", target="ru", api_key=self.api_key, use_free_api=self.free)
        point_at(client, self.root + "v2/")
        client.source = source
        client.target = target
        return client
