"""The prose values of a Markdown document's YAML front matter (``title:``, ``description:``...).

Only top-level keys named in the configuration are read, and only single-line values: plain,
``"double-quoted"`` or ``'single-quoted'`` scalars. Lists, nested maps and block scalars stay as
they are. The slot of each value tells the edition how to write a translation back: a quoted
value keeps its quotes (escaped as YAML escapes them); a plain one becomes double-quoted when the
translation would not read back as the same plain string.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]+(?=\S)")
# Characters that cannot start a plain scalar, and sequences that cannot appear in one.
_PLAIN_START = set("-?:,[]{}#&*!|>'\"%@`")
_PLAIN_BAD = re.compile(r": |:$| #|[\x00-\x1f]")


def front_matter_values(text: str, start: int, end: int, keys: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(start, end, slot)`` of each prose value in the front matter ``text[start:end]``; the slot is
    ``yaml-plain``, ``yaml-double`` or ``yaml-single`` (the range excludes the quotes)."""
    wanted = set(keys)
    found = []
    position = start
    while position < end:
        stop = text.find("\n", position, end)
        stop = end if stop < 0 else stop
        line = text[position:stop].rstrip("\r")
        match = _KEY.match(line)
        if match and match.group(1) in wanted:
            value = line[match.end():]
            offset = position + match.end()
            slot = _slot(value)
            if slot == "yaml-plain":
                body = re.split(r"\s+#", value, maxsplit=1)[0].rstrip()
                if body and body[0] not in _PLAIN_START:
                    found.append((offset, offset + len(body), slot))
            elif slot is not None:
                closing = _closing(value)
                if closing is not None and closing > 1:
                    found.append((offset + 1, offset + closing, slot))
        position = stop + 1
    return found


def _slot(value: str) -> str | None:
    if value.startswith('"'):
        return "yaml-double"
    if value.startswith("'"):
        return "yaml-single"
    if value[:1] in ("|", ">", "[", "{", "&", "*", "!"):
        return None
    return "yaml-plain"


def _closing(value: str) -> int | None:
    """The index of the closing quote of a quoted scalar that ends on this line (None if it does not)."""
    quote = value[0]
    position = 1
    while position < len(value):
        char = value[position]
        if quote == '"' and char == "\\":
            position += 2
            continue
        if char == quote:
            if quote == "'" and value[position + 1:position + 2] == "'":
                position += 2
                continue
            return position if not value[position + 1:].strip() or value[position + 1:].lstrip().startswith("#") else None
        position += 1
    return None


def yaml_text(value: str, slot: str) -> str:
    """The text a quoted YAML value stands for (its escapes resolved), as the translator sees it."""
    if slot == "yaml-single":
        return value.replace("''", "'")
    if slot == "yaml-double" and ("\\" in value or '"' in value):
        try:
            return str(json.loads('"' + value + '"'))
        except ValueError:
            return value  # an escape JSON does not know (\x, \e): kept as written
    return value


def yaml_value(text: str, slot: str) -> str:
    """``text`` written for ``slot``: escaped inside its quotes, or plain if it reads back the same."""
    text = " ".join(text.split())
    if slot == "yaml-single":
        return text.replace("'", "''")
    if slot == "yaml-plain" and text and text[0] not in _PLAIN_START and not _PLAIN_BAD.search(text) \
            and text == text.strip():
        return text
    escaped = json.dumps(text, ensure_ascii=False)  # JSON's string escapes are YAML double-quoted ones
    return escaped if slot == "yaml-plain" else escaped[1:-1]


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)(?:^---|^\.\.\.)[ \t]*$", re.DOTALL | re.MULTILINE)
_LANGUAGE_KEY = re.compile(r"""^((?:lang|language)[ \t]*:[ \t]*)(["']?)([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)\2([ \t]*(?:#.*)?)$""",
                           re.MULTILINE)


def declare_language(text: str, lang: str) -> str:
    """``text`` with the top-level ``lang:`` and ``language:`` values of its front matter saying ``lang``
    (``be``; ``be-BY`` where the source's value names a region as ``en-US`` does), as site generators
    (Jekyll, Hugo, MkDocs) read them. A document without front matter, or without such a key, is unchanged."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return text

    def replace(key: re.Match[str]) -> str:
        value = key.group(3)
        code = lang
        if "-" in value or "_" in value:
            from transmgr.languages import bcp47

            code = bcp47(lang).replace("-", "_") if "_" in value else bcp47(lang)
        return f"{key.group(1)}{key.group(2)}{code}{key.group(2)}{key.group(4)}"

    body = _LANGUAGE_KEY.sub(replace, match.group(1))
    return text[:match.start(1)] + body + text[match.end(1):]

