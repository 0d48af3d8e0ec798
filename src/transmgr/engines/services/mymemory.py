"""MyMemory through deep-translator's MyMemoryTranslator (keyless, locale codes such as be-BY)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import deep_translator.mymemory as mymemory_module
from deep_translator import MyMemoryTranslator

from transmgr.config.options import Option, declare
from transmgr.engines.base import AnswerProblem, EngineAdapter
from transmgr.engines.services import point_at
from transmgr.engines.transport import install_transport

install_transport(mymemory_module)

_QUOTA_MARKERS = ("MYMEMORY WARNING", "QUERY LENGTH LIMIT EXCEEDED", "INVALID LANGUAGE PAIR")


class MyMemoryEngine(EngineAdapter):
    """MyMemory: be, uk, ru, en as locale codes; texts under 500 characters; no key.

    When the free daily quota is used up MyMemory answers HTTP 200 with a warning in place of
    the translation; that answer stops the engine for the run instead of becoming a draft.
    """

    kind = "mymemory"
    title = "MyMemory"
    default_url = "https://api.mymemory.translated.net/"
    codes: ClassVar[Mapping[str, str]] = {"be": "be-BY", "uk": "uk-UA", "ru": "ru-RU", "en": "en-GB"}
    # The client refuses 500 characters and more.
    options: ClassVar[tuple[Option, ...]] = declare(EngineAdapter.options, max_chars=480)

    def create_client(self, source: str, target: str) -> Any:
        client = MyMemoryTranslator(source=source, target=target)
        point_at(client, self.root + "get")
        return client

    def call(self, client: Any, text: str) -> Any:
        answer = client.translate(text)
        if isinstance(answer, str) and answer.lstrip().upper().startswith(_QUOTA_MARKERS):
            raise AnswerProblem(f"MyMemory refused: {answer.strip()[:80]}", fatal=True)
        return answer
