"""Indenting XML for people to read without touching content: only elements that hold other elements.

``ElementTree.indent`` and lxml's ``indent`` put whitespace into every element with children, and so
into a segment that opens with an inline code (``<seg><bpt/>…</seg>``, ``<source><x/>…</source>``),
changing the text. Here only the elements a format names as structure are indented.
"""

from __future__ import annotations

from collections.abc import Container
from typing import Any


def local_name(element: Any) -> str:
    tag = element.tag
    return tag.split("}")[-1] if isinstance(tag, str) else ""


def indent(element: Any, structure: Container[str], level: int = 0, space: str = "  ") -> None:
    """Indent ``element`` (ElementTree or lxml) where its local name is in ``structure``, recursively."""
    if local_name(element) not in structure or not len(element):
        return
    inner = "\n" + space * (level + 1)
    element.text = inner
    for child in element:
        indent(child, structure, level + 1, space)
        child.tail = inner
    element[-1].tail = "\n" + space * level
