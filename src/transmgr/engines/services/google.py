"""Google Translate through deep-translator's GoogleTranslator (the keyless ``/m`` web endpoint)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import deep_translator.google as google_module
from deep_translator import GoogleTranslator

from transmgr.engines.base import EngineAdapter
from transmgr.engines.services import point_at
from transmgr.engines.transport import install_transport

install_transport(google_module)


class GoogleEngine(EngineAdapter):
    """Google Translate: all four of be, uk, ru, en; texts under 5,000 characters; no key.

    The client strips surrounding whitespace and answers None for text without letters;
    the runner keeps the whitespace and treats None as "no draft".
    """

    kind = "google"
    title = "Google Translate"
    default_url = "https://translate.google.com/"
    codes: ClassVar[Mapping[str, str]] = {"be": "be", "uk": "uk", "ru": "ru", "en": "en"}

    def create_client(self, source: str, target: str) -> Any:
        client = GoogleTranslator(source=source, target=target)
        point_at(client, self.root + "m")
        return client
