"""Microsoft Translator through deep-translator's MicrosoftTranslator (an API key and a region)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import deep_translator.microsoft as microsoft_module
from deep_translator import MicrosoftTranslator

from transmgr.config.options import REGION, Option, declare
from transmgr.engines.base import EngineAdapter
from transmgr.engines.services import point_at
from transmgr.engines.transport import install_transport

install_transport(microsoft_module)


class _KnownLanguages(MicrosoftTranslator):
    """deep-translator downloads Microsoft's language list in the constructor, with no timeout;
    transmgr checks the pair itself, so the list is the adapter's own table."""

    def _get_supported_languages(self) -> dict[str, str]:
        return {"english": "en", "russian": "ru", "ukrainian": "uk", "belarusian": "be"}


class MicrosoftEngine(EngineAdapter):
    """Microsoft Translator: uk, ru, en (no Belarusian); ``region`` in ``[engines.microsoft]``."""

    kind = "microsoft"
    title = "Microsoft Translator"
    default_url = "https://api.cognitive.microsofttranslator.com/"
    codes: ClassVar[Mapping[str, str]] = {"uk": "uk", "ru": "ru", "en": "en"}
    needs_key = True
    options: ClassVar[tuple[Option, ...]] = declare(EngineAdapter.options, REGION)

    def create_client(self, source: str, target: str) -> Any:
        region = self.option(REGION)
        client = _KnownLanguages(source="en", target="en", api_key=self.api_key, region=region)
        point_at(client, self.root + "translate?api-version=3.0")
        client.source = source
        client.target = target
        return client
