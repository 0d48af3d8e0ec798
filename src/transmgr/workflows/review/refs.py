"""Review references: a unit id, ``file:line``, an entry number, or either with its document, resolved to one entry.

A reference names one entry: its stable id (``u3f9a0c1d2e4b``, or ``essay#u3f9a0c1d2e4b``), which
does not change when other entries move, as ``--list --json`` and the web app give it; the ``#:``
file:line of the entry (``source/essay.md:12``); its entry number in the PO file as shown by
``--list`` (``12``, when one document is in scope), or both together (``essay#12``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from transmgr.catalog import Unit
from transmgr.errors import ReviewError
from transmgr.workflows.review.items import active_entries
from transmgr.workflows.review.store import CatalogStore

_NUMBER = re.compile(r"^\d+$")
_UID = re.compile(r"^(?:(?P<doc>.+)#)?(?P<uid>u[0-9a-f]{12})$")
_DOC_NUMBER = re.compile(r"^(?P<doc>.+)#(?P<number>\d+)$")
_FILE_LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+)$")
_LIST_HINT = "run 'transmgr review {lang} --list --state all' to see the references"


@dataclass(frozen=True)
class Located:
    """A reference resolved to one entry."""

    ref: str
    doc: str
    number: int
    entry: Unit


def locate_references(store: CatalogStore, refs: Sequence[str], docs: Sequence[str] | None = None) -> list[Located]:
    """Resolve every reference first, so that one bad reference changes nothing."""
    catalogs = dict(store.catalogs(docs))
    entries = {doc: active_entries(catalog) for doc, catalog in catalogs.items()}
    hint = _LIST_HINT.format(lang=store.lang)
    located: list[Located] = []
    for raw in refs:
        ref = raw.strip()
        by_id = _UID.match(ref)
        if by_id:
            located.append(_by_uid(store, entries, ref, by_id.group("doc"), by_id.group("uid")))
            continue
        doc_number = _DOC_NUMBER.match(ref)
        if _NUMBER.match(ref) or doc_number:
            if doc_number:
                doc, number = doc_number.group("doc"), int(doc_number.group("number"))
                if doc not in entries:
                    raise ReviewError(f"reference {ref!r}: no {store.lang} catalog for document {doc!r} in scope",
                                      hint=f"documents: {', '.join(entries)}")
            elif len(entries) == 1:
                doc, number = next(iter(entries)), int(ref)
            else:
                raise ReviewError(f"reference {ref!r} is ambiguous: {len(entries)} documents are in scope",
                                  hint=f"write it as DOC#{ref} (e.g. {next(iter(entries))}#{ref}) or pass --doc")
            if not 1 <= number <= len(entries[doc]):
                raise ReviewError(f"reference {ref!r}: {doc} has entries 1 to {len(entries[doc])}",
                                  path=store.path(doc), hint=hint)
            located.append(Located(ref, doc, number, entries[doc][number - 1]))
            continue
        if not _FILE_LINE.match(ref):
            raise ReviewError(f"reference {ref!r} is neither file:line, an entry number nor DOC#NUMBER", hint=hint)
        wanted = ref.removeprefix("./")
        matches = [
            Located(ref, doc, number, entry)
            for doc, active in entries.items() for number, entry in enumerate(active, start=1)
            if any(f"{path}:{line}" == wanted for path, line in entry.references)
        ]
        if not matches:
            raise ReviewError(f"no {store.lang} entry at {ref!r}", hint=hint)
        if len(matches) > 1:
            numbers = ", ".join(f"{m.doc}#{m.number}" for m in matches)
            raise ReviewError(f"{ref!r} holds {len(matches)} entries", hint=f"name one of them: {numbers}")
        located.append(matches[0])
    unique: dict[tuple[str, int], Located] = {}
    for loc in located:
        unique.setdefault((loc.doc, loc.number), loc)
    return list(unique.values())


def _by_uid(store: CatalogStore, entries: dict[str, list[Unit]], ref: str, doc: str | None, uid: str) -> Located:
    if doc is not None and doc not in entries:
        raise ReviewError(f"reference {ref!r}: no {store.lang} catalog for document {doc!r} in scope",
                          hint=f"documents: {', '.join(entries)}")
    matches = [Located(ref, name, number, entry) for name, active in entries.items() if doc in (None, name)
               for number, entry in enumerate(active, start=1) if entry.uid == uid]
    if not matches:
        raise ReviewError(f"reference {ref!r}: no such unit in {store.lang} (its source changed or was removed)",
                          hint=_LIST_HINT.format(lang=store.lang))
    if len(matches) > 1:
        raise ReviewError(f"{ref!r} is in {len(matches)} documents",
                          hint=f"name one of them: {', '.join(f'{m.doc}#{uid}' for m in matches)}")
    return matches[0]
