"""The plain-text edition: the document's structure in plain text, inline markup removed.

A plain-text source is rebuilt exactly like the Markdown edition (its layout is the source's);
a Markdown source becomes underlined titles, indented lists and quotes, and links written as
``label (url)``. Lines are not wrapped: one paragraph per line.
"""

from __future__ import annotations

from transmgr.editions.inline import inline_to_text
from transmgr.editions.markdown import render_markdown
from transmgr.editions.model import Edition
from transmgr.editions.walk import Verbatim, walk_edition


def render_text(edition: Edition) -> str:
    """The plain text of ``edition``."""
    if edition.document.fmt == "text":
        return render_markdown(edition)
    chunks: list[str] = []
    previous_item: tuple[bool, str] | None = None  # (ordered, bullet) of the list item just written
    for item in walk_edition(edition):
        if isinstance(item, Verbatim):
            chunks.append(_verbatim(item))
            previous_item = None
            continue
        text = " ".join(inline_to_text(p.text) for p in item.shown)
        text = " ".join(text.split())
        block = item.block
        if block.kind == "list-item":
            marker = block.marker if block.ordered else "-"
            line = "  " * block.level + f"{marker} {text}"
            kind = (block.ordered, "" if block.ordered else block.marker)
            # A top-level item of another kind of list starts a new list, after a blank line.
            if previous_item is not None and (block.level or previous_item == kind):
                chunks[-1] += "\n" + line
            else:
                chunks.append(line)
            previous_item = kind if not block.level else previous_item
            continue
        previous_item = None
        if block.kind == "title" or (block.kind == "heading" and block.level <= 2):
            chunks.append(text + "\n" + ("=" if block.kind == "title" else "-") * len(text))
        elif block.kind == "quote":
            chunks.append("    " + text)
        else:
            chunks.append(text)
    chunks = [chunk for chunk in chunks if chunk]
    return "\n\n".join(chunks) + "\n" if chunks else ""


def _verbatim(item: Verbatim) -> str:
    if item.kind == "rule":
        return "* * *"
    if item.kind == "code":
        return "\n".join("    " + line if line else "" for line in item.text.split("\n"))
    if item.kind == "table":
        return item.text
    return ""  # HTML blocks have no plain-text form
