"""What a language model is told about the segments it drafts: the document's context, packed per batch.

For each request: the project's translation brief (``[draft] brief``), the document's title, the
segments just before and after the batch (source, and their translation where one exists), the
glossary concepts whose source term occurs in the batch (the target term, forbidden variants and
the note), the reviewed translations of the same segments in the sister languages named in
``[draft.references]``, for a segment whose source was edited the previous source and its
old translation (``draft --redraft-merged``), and for a draft a reviewer rejected the rejected
text and the reviewer's note.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from transmgr.catalog import Catalog, State, Unit
from transmgr.checks.glossary import Glossary, load_glossary
from transmgr.config import config_line
from transmgr.engines.base import BatchStep
from transmgr.engines.llm import Batch, GlossaryHit, Item, make_item
from transmgr.errors import ConfigError
from transmgr.workflows.draft.file import DraftFile, Key
from transmgr.workflows.project import Project

NEIGHBOURS = 3  # segments of context on each side of a batch


def read_brief(path: Path | None, project: Project) -> str:
    """The brief's text ('' without one); a brief named but missing is a one-line error."""
    if path is None:
        return ""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8"
        raise ConfigError(f"draft.brief {path.name}: {reason}", path=project.config.config_path,
                          line=config_line(project.config, ("draft", "brief")),
                          hint="write the brief there, or remove 'brief' from [draft]") from exc


def _note_text(note: str | None) -> str:
    """A review note without its ``(who date)`` tail: what the model is told."""
    if not note:
        return ""
    head, paren, _ = note.rpartition(" (")
    return head if paren and note.endswith(")") else note


class DocumentContext:
    """The context of one language's run: brief, glossary, sister-language catalogs."""

    def __init__(self, project: Project, lang: str) -> None:
        config = project.config
        self.project = project
        self.lang = lang
        self.source_lang = config.source_language
        self.brief = read_brief(config.draft_brief, project)
        self.glossary: Glossary = load_glossary(config)
        self.sisters = config.draft_references.get(lang, ())
        self._reviewed: dict[tuple[str, str], dict[Key, str]] = {}

    def reviewed(self, sister: str, doc: str) -> dict[Key, str]:
        """The reviewed translations of ``doc`` in ``sister``, by entry key."""
        found = self._reviewed.get((sister, doc))
        if found is None:
            catalog = self.project.load_catalog(sister, doc)
            found = {} if catalog is None else {
                u.key: u.msgstr for u in catalog.active() if u.state == State.REVIEWED and not u.msgid_plural}
            self._reviewed[(sister, doc)] = found
        return found

    def title(self, catalog: Catalog, doc: str) -> str:
        return next((u.msgid for u in catalog.active() if u.kind == "title"), doc)

    def glossary_hits(self, items: Sequence[Item]) -> tuple[GlossaryHit, ...]:
        if not self.glossary:
            return ()
        text = "\n".join(item.source for item in items)
        hits = []
        for concept, matched in self.glossary.concepts_in(text, self.source_lang):
            target = concept.preferred(self.lang)
            if not target:
                continue
            hits.append(GlossaryHit(concept.preferred(self.source_lang) or matched, target,
                                    tuple(form.text for form in concept.forbidden.get(self.lang, ())),
                                    concept.note_for(self.lang)))
        return tuple(hits)

    def batches(self, step: BatchStep, po: DraftFile, texts: set[str], redraft: bool) -> list[tuple[Batch, dict[str, str]]]:
        """The requests for the entries of ``po`` whose msgid is in ``texts``, in document order, each
        with a map from item id to msgid."""
        entries = [u for u in po.catalog.active() if u.msgid]
        title = self.title(po.catalog, po.doc)
        wanted: list[tuple[int, Unit]] = [(n, u) for n, u in enumerate(entries) if u.msgid in texts]
        items: list[tuple[int, Item]] = []
        seen: set[str] = set()
        for n, unit in wanted:
            if unit.msgid in seen:
                continue
            seen.add(unit.msgid)
            references = {}
            for sister in self.sisters:
                text = self.reviewed(sister, po.doc).get(unit.key)
                if text:
                    references[sister] = text
            previous = None
            if redraft and unit.previous_msgid and unit.msgstr:
                previous = (unit.previous_msgid, unit.msgstr)
            rejected = (unit.msgstr, _note_text(unit.review_note)) if unit.rejected is not None else None
            item = make_item(str(n + 1), unit.msgid, po.fmt, kind=unit.kind, references=references, previous=previous,
                             rejected=rejected)
            if item is not None:
                items.append((n, item))
        if not items:
            return []
        whole = Batch(self.source_lang, self.lang, po.doc, title, tuple(i for _, i in items), brief=self.brief)
        position = {item.id: n for n, item in items}
        out = []
        for batch in step.split(whole):
            first, last = position[batch.items[0].id], position[batch.items[-1].id]
            asked = {item.id for item in batch.items}

            def shown(unit: Unit) -> tuple[str, str | None]:
                done = unit.state in (State.TRANSLATED, State.REVIEWED, State.STALE)
                return unit.msgid, unit.msgstr if done else None

            before = tuple(shown(u) for k, u in enumerate(entries[max(0, first - NEIGHBOURS):first])
                           if str(max(0, first - NEIGHBOURS) + k + 1) not in asked)
            after = tuple(shown(u) for k, u in enumerate(entries[last + 1:last + 1 + NEIGHBOURS])
                          if str(last + 2 + k) not in asked)
            batch = dataclasses.replace(batch, before=before, after=after, glossary=self.glossary_hits(batch.items))
            out.append((batch, {item.id: item.source for item in batch.items}))
        return out
