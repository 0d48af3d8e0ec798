"""Generators shared by the in-suite fuzz tests and the long fuzz scripts in bench/."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transmgr.config import load_config
from transmgr.engines.registry import check_engine_tables, memory_sources, parse_step
from transmgr.errors import TransmgrError

_LANGS = ["be", "uk", "ru", "en", "de", "xx", "BE", "be_BY", "und", "", "zh-Hant", "sr-Latn"]
_ENGINES = ["google", "libre", "deepl", "mymemory", "microsoft", "yandex", "memory", "office", "gogle"]
_STEPS = ["memory", "google", "pivot:ru:google", "pivot:be:libre", "pivot:xx:google", "pivot:", "office", "gogle", ""]
def _either(valid: list[Any], invalid: list[Any]) -> Any:
    """A value maker: mostly a valid value, so that later checks are reached too; sometimes not."""
    return lambda r: r.choice(valid) if r.random() < 0.8 else r.choice(invalid)


_TOP = {
    "source_language": _either(["en"], _LANGS),
    "languages": _either([["be", "ru"], ["uk"]], [[], ["be", "be"], ["xx"], "be"]),
    "source_dir": _either(["source", "src"], [".", "", "locales", "a\x00b", "build/sub"]),
    "locales_dir": _either(["locales", "po"], ["source", "l\x01"]),
    "build_dir": _either(["build", "out"], ["source/b", "."]),
    "cache_dir": _either([".transmgr", "cache"], ["build"]),
    "segmentation": _either(["paragraph", "sentence"], ["word", 3]),
    "reviewer": _either(["Ala <ala@example.org>"], ["", " ", 7]),
    "glossary": _either(["glossary.csv"], ["", "g\x00.csv", 1]),
}
_ENGINE_KEYS = {
    "url": _either(["http://127.0.0.1:5000/"], ["ftp://x/", "http://", "https://h:99999/", "http://h:0/", "http://a b/", 5]),
    "api_key_env": _either(["KEY"], ["1BAD", "", "TRANSMGR_FUZZ_UNSET"]),
    "timeout": _either([1, 0.5], [0, -1, "10", float("inf"), float("nan")]),
    "concurrency": _either([1, 4], [0, 2.5, True]),
    "retries": _either([0, 3], [-1, "x"]),
    "backoff": _either([0, 0.5], [-0.5, "x", float("nan")]),
    "fail_after": _either([1, 3], [0, 1.5, False]),
    "max_chars": _either([50, 5000], [10, "50"]),
    "codes": _either([{"be": "be"}], [{"be": ""}, {"be": 3}, [], "x"]),
    "region": _either(["westeurope"], ["", 3]),
    "use_free_api": _either([True], ["yes"]),
    "min_score": _either([75, 50.5], [0, 101, "x"]),
    "tmx": _either([["a.tmx"], []], [["a\x00.tmx"], "a.tmx", [3]]),
    "engine": lambda r: r.choice(_ENGINES),
    "unknown_key": lambda r: 1,
}


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if value != value else ("inf" if value == float("inf") else repr(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)  # a TOML basic string is JSON's string syntax for these characters
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(value)


def _random_tree(rng: random.Random) -> dict[str, Any]:
    tree: dict[str, Any] = {"source_language": "en", "languages": ["be", "ru"]}
    for key, make in _TOP.items():
        if rng.random() < 0.15:
            tree[key] = make(rng)
    if rng.random() < 0.03:
        tree.pop(rng.choice(["source_language", "languages"]))
    engines: dict[str, Any] = {}
    for name in rng.sample(_ENGINES, rng.randint(0, 3)):
        table = {key: make(rng) for key, make in _ENGINE_KEYS.items() if key != "unknown_key" and rng.random() < 0.2}
        if rng.random() < 0.05:
            table["unknown_key"] = 1
        engines[name] = table if rng.random() < 0.95 else "not a table"
    if engines:
        tree["engines"] = engines
    draft: dict[str, Any] = {}
    if rng.random() < 0.5:
        draft["chains"] = {lang: rng.sample(_STEPS, rng.randint(0, 3)) for lang in rng.sample(_LANGS[:4], 2)}
    if rng.random() < 0.2:
        draft["default_chain"] = rng.sample(_STEPS, rng.randint(0, 2))
    if rng.random() < 0.2:
        draft["batch_size"] = rng.choice([1, 0, "5", 50])
    if draft:
        tree["draft"] = draft
    if rng.random() < 0.3:
        tree["build"] = {k: v for k, v in {
            "formats": rng.choice([["md", "html"], [], ["pdf"], "md"]),
            "threshold": rng.choice([80, 101, -1, "x"]),
            "thresholds": rng.choice([{"be": 50}, {"xx": 50}, {"be": 200}, 3]),
            "untranslated": rng.choice(["fallback", "omit", "fail", "skip"]),
        }.items() if rng.random() < 0.5}
    if rng.random() < 0.2:
        tree["checks"] = {k: v for k, v in {
            "disabled": rng.choice([["numbers"], ["no-such-check"], "numbers", [1]]),
            "max_length_ratio": rng.choice([2.5, 0.5, "x"]),
            "min_length_ratio": rng.choice([0.4, 3, -1]),
        }.items() if rng.random() < 0.5}
    return tree


def _write(tree: dict[str, Any], style: str, prefix: str) -> str:
    """TOML text for ``tree`` with sub-tables as headers, dotted keys or inline tables."""
    lines: list[str] = []
    tables: list[tuple[str, dict[str, Any]]] = []
    for key, value in tree.items():
        if isinstance(value, dict) and style == "headers":
            tables.append((key, value))
        elif isinstance(value, dict) and style == "dotted":
            for sub, inner in value.items():
                if isinstance(inner, dict) and inner:
                    lines += [f"{key}.{sub}.{k} = {_value(v)}" for k, v in inner.items()]
                else:
                    lines.append(f"{key}.{sub} = {_value(inner)}")
        else:
            lines.append(f"{key} = {_value(value)}")
    head = [f"[{prefix}]"] if prefix else []
    text = "\n".join(head + lines) + "\n"
    for name, table in tables:
        scalars = {k: v for k, v in table.items() if not isinstance(v, dict)}
        subs = {k: v for k, v in table.items() if isinstance(v, dict)}
        full = f"{prefix}.{name}" if prefix else name
        if scalars or not subs:
            text += f"\n[{full}]\n" + "".join(f"{k} = {_value(v)}\n" for k, v in scalars.items())
        for sub, inner in subs.items():
            text += f"\n[{full}.{sub}]\n" + "".join(f"{k} = {_value(v)}\n" for k, v in inner.items())
    return text


def random_config(rng: random.Random) -> tuple[str, str]:
    """(file name, TOML text) of a random configuration: mostly plausible, often wrong somewhere."""
    tree = _random_tree(rng)
    style = rng.choice(["headers", "dotted", "inline"])
    if rng.random() < 0.3:
        return "pyproject.toml", '[project]\nname = "fuzz"\n\n' + _write(tree, style, "tool.transmgr")
    return "transmgr.toml", _write(tree, style, "")


@dataclass(frozen=True)
class Outcome:
    """How loading went: accepted (both None), rejected (``error``), or a bug (``crash``)."""

    error: TransmgrError | None = None
    crash: str | None = None


def config_outcome(root: Path) -> Outcome:
    """Load the project in ``root`` and check its engines and chains as ``transmgr draft`` would."""
    try:
        config = load_config(root)
        check_engine_tables(config)
        for lang in config.target_languages:
            for step in config.chain_for(lang):
                parse_step(config, step, lang)
        memory_sources(config)
    except TransmgrError as exc:
        return Outcome(error=exc)
    except Exception as exc:
        return Outcome(crash=f"{type(exc).__name__}: {exc}")
    return Outcome()
