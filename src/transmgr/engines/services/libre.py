"""LibreTranslate through deep-translator's LibreTranslator, with a configurable (self-hosted) URL."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import deep_translator.libre as libre_module
from deep_translator import LibreTranslator

from transmgr.engines.base import EngineAdapter
from transmgr.engines.transport import install_transport

install_transport(libre_module)


class LibreEngine(EngineAdapter):
    """LibreTranslate: be, uk, ru, en on current servers; a key only where the server asks for one.

    deep-translator's table for LibreTranslate lists neither be nor uk, so the pair is set through
    the client's public ``source``/``target`` setters after construction instead of being refused.
    """

    kind = "libre"
    title = "LibreTranslate"
    default_url = "https://libretranslate.com/"
    codes: ClassVar[Mapping[str, str]] = {"be": "be", "uk": "uk", "ru": "ru", "en": "en"}

    def create_client(self, source: str, target: str) -> Any:
        # The constructor insists on a key even for keyless self-hosted servers; it is cleared
        # afterwards so that no key parameter is sent when none is configured.
        client = LibreTranslator(source="en", target="en", api_key=self.api_key or "none", custom_url=self.root)
        client.api_key = self.api_key
        client.source = source
        client.target = target
        return client
