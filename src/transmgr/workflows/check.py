"""Check: run the quality checks over the project's catalogs; findings per entry for the review.

Which checks an entry silences is :func:`transmgr.checks.base.suppressed_checks`'s to say, where
the glossary is and what it holds :mod:`transmgr.checks.glossary`'s; this module only runs checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from transmgr.catalog import Catalog, State, Unit
from transmgr.checks import (
    CHECKS,
    Check,
    Context,
    Finding,
    Glossary,
    Item,
    Key,
    enabled_checks,
    load_glossary,
    suppressed_checks,
)
from transmgr.checks.consistency import variant_key
from transmgr.config import Config, config_error
from transmgr.errors import ConfigError
from transmgr.formats import MARKDOWN, Format
from transmgr.workflows.project import Project

_CHECKED_STATES = (State.TRANSLATED, State.REVIEWED, State.STALE)
# Entries whose "translation" is a list of translators' names, not a rendering of the msgid.
CREDITS_MSGIDS = frozenset({"translator-credits", "translator_credits", "TRANSLATORS", "Your names", "Your emails"})


@dataclass(frozen=True)
class CheckResult:
    """The findings of one ``transmgr check`` run, in language, document and entry order."""

    findings: tuple[Finding, ...]
    entries: int
    languages: tuple[str, ...]
    documents: tuple[str, ...]
    checks: tuple[str, ...]
    drafts_left_out: int = 0  # drafts present but not checked (``--drafts`` checks them)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready mapping."""
        return {
            "entries": self.entries, "errors": self.errors, "warnings": self.warnings,
            "drafts_left_out": self.drafts_left_out,
            "languages": list(self.languages), "documents": list(self.documents), "checks": list(self.checks),
            "findings": [f.as_dict() for f in self.findings],
        }


def available_checks() -> tuple[Check, ...]:
    """Every check, in registry order."""
    return CHECKS


def reference_of(entry: Unit, po_reference: str) -> str:
    """Where an entry comes from: its first ``#:`` occurrence, else the PO file and line."""
    if entry.references:
        path, line = entry.references[0]
        return f"{path}:{line}" if line else path
    line = f":{entry.line}" if entry.line else ""
    return f"{po_reference}{line}" if po_reference else line.lstrip(":")


def entry_items(entry: Unit, *, lang: str, source_lang: str, doc: str, reference: str,
                fmt: Format) -> list[Item]:
    """The items of one entry: its msgstr, or each plural msgstr against msgid_plural."""
    def item(source: str, translation: str, plural_form: int | None = None) -> Item:
        return Item(source=source, translation=translation, lang=lang, source_lang=source_lang, doc=doc,
                    reference=reference, msgctxt=entry.msgctxt, msgid=entry.msgid, flags=frozenset(entry.flags),
                    plural_form=plural_form, unit=entry, fmt=fmt)

    if entry.msgid_plural:
        return [item(entry.msgid_plural, text, int(index))
                for index, text in enumerate(entry.msgstr_plural) if text]
    return [item(entry.msgid, entry.msgstr)]


def check_catalog(
    catalog: Iterable[Unit],
    *,
    lang: str,
    source_lang: str,
    doc: str,
    checks: Sequence[Check],
    context: Context,
    include_drafts: bool = False,
    po_reference: str = "",
) -> Iterator[tuple[Key, Finding]]:
    """Run ``checks`` over the translated entries of one catalog; yields ((msgctxt, msgid), finding).

    Untranslated, obsolete and translator-credits entries are skipped, drafts unless ``include_drafts``; checks
    silenced for an entry (see :func:`suppressed_checks`) are not run on it.
    """
    relevant = [c for c in checks if c.relevant(lang, source_lang)]
    for entry in catalog:
        if entry.obsolete or not entry.msgid or entry.msgid in CREDITS_MSGIDS:
            continue
        state = entry.state
        if state not in _CHECKED_STATES and not (include_drafts and state is State.DRAFT):
            continue
        ignored = suppressed_checks(entry)
        active = [c for c in relevant if c.check_id not in ignored] if ignored else relevant
        key = entry.key
        for item in entry_items(entry, lang=lang, source_lang=source_lang, doc=doc,
                                reference=reference_of(entry, po_reference), fmt=context.fmt):
            for check in active:
                for finding in check.run(item, context):
                    yield key, finding


def _translations(catalog: Catalog | None) -> dict[Key, str]:
    if catalog is None:
        return {}
    return {e.key: e.msgstr for e in catalog
            if not e.obsolete and e.msgid and not e.msgid_plural and e.state in _CHECKED_STATES}


def _add_variants(table: dict[str, dict[str, str]], catalog: Catalog | None, doc: str) -> None:
    if catalog is None:
        return
    for entry in catalog:
        if entry.obsolete or not entry.msgid or entry.msgid_plural or entry.state not in _CHECKED_STATES:
            continue
        where = f"{doc}: {entry.references[0][0]}:{entry.references[0][1]}" if entry.references else doc
        table.setdefault(variant_key(entry.msgid), {}).setdefault(" ".join(entry.msgstr.split()), where)


def _context(project: Project, glossary: Glossary, translations: dict[str, dict[Key, str]],
             variants: dict[str, dict[str, dict[str, str]]], fmt: Format) -> Context:
    settings = project.config.checks
    return Context(max_length_ratio=settings.max_length_ratio, min_length_ratio=settings.min_length_ratio,
                   glossary=glossary, translations=translations, variants=variants, fmt=fmt)


def _enabled_checks(config: Config) -> tuple[Check, ...]:
    try:
        return enabled_checks(config.checks.disabled)
    except ConfigError as exc:
        raise config_error(config, ("checks", "disabled"), f"checks.disabled: {exc.message}", exc.hint) from exc


def check(project: Project, langs: Sequence[str] | None = None, docs: Sequence[str] | None = None, *,
          include_drafts: bool = False) -> CheckResult:
    """Check the selected languages (default: all) and documents (default: all).

    Checks listed in ``[checks] disabled`` are not run. Every catalog of the project is read,
    so consistency and cross-language checks see the whole project even for one document.
    """
    config = project.config
    checks = _enabled_checks(config)
    glossary = load_glossary(config)
    languages = project.languages(list(langs) if langs else None)
    documents = project.documents(list(docs) if docs else None)
    every_doc = project.documents() if docs else documents
    catalogs = {(lang, d.name): project.load_catalog(lang, d.name) for d in every_doc for lang in config.languages}
    variants: dict[str, dict[str, dict[str, str]]] = {}
    for lang in languages:
        for d in every_doc:
            _add_variants(variants.setdefault(lang, {}), catalogs[(lang, d.name)], d.name)
    contexts = {d.name: _context(project, glossary, {other: _translations(catalogs[(other, d.name)])
                                                     for other in config.languages}, variants, project.format_of(d))
                for d in documents}
    findings: list[Finding] = []
    entries = 0
    left_out = 0
    for lang in languages:
        for d in documents:
            catalog = catalogs[(lang, d.name)]
            if catalog is None:
                continue
            context = contexts[d.name]
            entries += sum(1 for e in catalog if not e.obsolete and e.msgid and (
                e.state in _CHECKED_STATES or (include_drafts and e.state is State.DRAFT)))
            if not include_drafts:
                left_out += sum(1 for e in catalog if not e.obsolete and e.msgid and e.state is State.DRAFT)
            findings += [f for _, f in check_catalog(
                catalog, lang=lang, source_lang=config.source_language, doc=d.name, checks=checks,
                context=context, include_drafts=include_drafts,
                po_reference=project.relative(project.po_path(lang, d.name)))]
    return CheckResult(tuple(findings), entries, tuple(languages), tuple(d.name for d in documents),
                       tuple(c.check_id for c in checks), drafts_left_out=left_out)


def entry_findings(project: Project, lang: str, doc: str, catalog: Catalog,
                   only: Key | None = None) -> dict[tuple[str | None, str], list[Finding]]:
    """The findings of every entry of ``catalog`` (``lang``'s catalog of ``doc``, possibly edited in
    memory), drafts included, keyed by (msgctxt, msgid); entries without findings are absent.
    With ``only``, of that entry alone (checked against the whole catalog and its sisters)."""
    config = project.config
    checks = _enabled_checks(config)
    variants_table: dict[str, dict[str, str]] = {}
    for other_doc in project.documents():
        if other_doc.name != doc:
            _add_variants(variants_table, project.load_catalog(lang, other_doc.name), other_doc.name)
    _add_variants(variants_table, catalog, doc)
    translations = {other: _translations(project.load_catalog(other, doc))
                    for other in config.languages if other != lang}
    translations[lang] = _translations(catalog)
    # A catalog whose document is gone is read as Markdown: the syntax of its msgids is known no other way.
    fmt = next((project.format_of(d) for d in project.documents() if d.name == doc), MARKDOWN)
    context = _context(project, load_glossary(config), translations, {lang: variants_table}, fmt)
    found: dict[tuple[str | None, str], list[Finding]] = {}
    entries: Iterable[Unit] = catalog
    if only is not None:
        entry = catalog.get(only)
        entries = [] if entry is None else [entry]
    for key, finding in check_catalog(entries, lang=lang, source_lang=config.source_language, doc=doc,
                                      checks=checks, context=context, include_drafts=True,
                                      po_reference=project.relative(project.po_path(lang, doc))):
        found.setdefault(key, []).append(finding)
    return found
