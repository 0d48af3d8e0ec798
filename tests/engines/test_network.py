"""Manual checks against the real services; deselected by default (run with ``pytest -m network``).

Keyless engines (google, mymemory) always run under the marker; keyed ones run when their usual
environment variable holds a key (DEEPL_API_KEY, MICROSOFT_API_KEY, YANDEX_API_KEY,
LIBRETRANSLATE_API_KEY for libretranslate.com).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.engines.conftest import engine_config
from transmgr.engines.registry import ADAPTERS, adapter_class, create_translator
from transmgr.formats import MARKDOWN

pytestmark = pytest.mark.network
KEY_VARIABLES = {"deepl": "DEEPL_API_KEY", "microsoft": "MICROSOFT_API_KEY", "yandex": "YANDEX_API_KEY",
                 "libre": "LIBRETRANSLATE_API_KEY"}


@pytest.mark.parametrize("kind", list(ADAPTERS))
def test_real_service_translates_into_russian(kind: str, tmp_path: Path) -> None:
    variable = KEY_VARIABLES.get(kind)
    if variable and not os.environ.get(variable):
        pytest.skip(f"set {variable} to test {kind} against the real service")
    table = {"timeout": 20, "retries": 1, **({"api_key_env": variable} if variable else {})}
    translator = create_translator(engine_config(tmp_path, {kind: table}), kind)
    target = "be" if "be" in adapter_class(kind).codes else "ru"
    result = translator.translate("The *weather* is cold in 2024, see [the report](https://example.org).", "en", target, MARKDOWN)
    assert result and result != "The *weather* is cold in 2024."
    assert "2024" in result and "](https://example.org)" in result and result.count("*") == 2
