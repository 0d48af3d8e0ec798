"""Update: extract, then create or merge every language's PO file from the templates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from transmgr import __version__
from transmgr.catalog import Catalog, MergeStats, merge_catalog, read_catalog, write_catalog
from transmgr.languages import get_language
from transmgr.workflows.extract import ExtractResult, prepare_template, write_template
from transmgr.workflows.project import Project


@dataclass(frozen=True)
class UpdateResult:
    """One PO file after an update."""

    lang: str
    doc: str
    path: Path
    stats: MergeStats
    created: bool
    written: bool


def po_metadata(lang: str, doc: str, template: Catalog, old: Catalog | None) -> dict[str, str]:
    """Header of a PO file: the old one kept current, or a new one with Babel's language data."""
    language = get_language(lang)
    if old is not None:
        metadata = dict(old.metadata)
    else:
        metadata = {
            "Project-Id-Version": doc,
            "Report-Msgid-Bugs-To": "",
            "POT-Creation-Date": "",
            "PO-Revision-Date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M+0000"),
            "Last-Translator": "",
            "Language-Team": f"{language.native_name} <{lang}@li.org>",
            "Language": lang,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": language.plural_forms,
            "X-Generator": f"transmgr {__version__}",
        }
    metadata["POT-Creation-Date"] = template.metadata.get("POT-Creation-Date", "")
    metadata.setdefault("Language", lang)
    metadata.setdefault("Plural-Forms", language.plural_forms)
    # Whatever charset the file had, transmgr writes UTF-8.
    metadata["Content-Type"] = "text/plain; charset=UTF-8"
    return metadata


def merge_into(
    template: Catalog, old: Catalog | None, lang: str, doc: str, *, fill_source: bool = False
) -> tuple[Catalog, MergeStats]:
    """The new catalog of ``lang`` for ``doc``: ``old`` merged into ``template``."""
    merged, stats = merge_catalog(
        template, old, metadata=po_metadata(lang, doc, template, old), fill_source=fill_source
    )
    if old is None:
        merged.header = f"{get_language(lang).english_name} translation of {doc}."
    return merged, stats


def update(
    project: Project,
    docs: list[str] | None = None,
    langs: list[str] | None = None,
    *,
    on_progress: Callable[[str], None] | None = None,
) -> tuple[list[ExtractResult], list[UpdateResult]]:
    """Extract the templates, then update every selected language's catalogs.

    Everything is read and merged before anything is written, so a malformed PO file or source
    document stops the run with no file changed. ``on_progress`` is called after each catalog
    is merged, with ``lang/doc``.
    """
    languages = project.languages(langs)
    planned: list[tuple[Path, Catalog, str, str, MergeStats, bool]] = []
    templates = []
    for doc in project.documents(docs):
        path, template = prepare_template(project, doc)
        templates.append((doc, path, template))
        for lang in languages:
            po_path = project.po_path(lang, doc.name)
            old = read_catalog(po_path) if po_path.exists() else None
            merged, stats = merge_into(
                template, old, lang, doc.name, fill_source=lang == project.config.source_language
            )
            planned.append((po_path, merged, lang, doc.name, stats, old is None))
            if on_progress is not None:
                on_progress(f"{lang}/{doc.name}")
    extracted = [write_template(doc.name, path, template) for doc, path, template in templates]
    updated = []
    for po_path, merged, lang, name, stats, created in planned:
        written = write_catalog(merged, po_path)
        updated.append(UpdateResult(lang, name, po_path, stats, created, written))
    return extracted, updated
