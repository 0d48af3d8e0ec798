"""Update: extract, then create or merge every language's PO file from the templates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from transmgr import __version__
from transmgr.catalog import Catalog, MergeStats, merge_catalog, read_catalog, write_catalog
from transmgr.languages import get_language
from transmgr.workflows.extract import ExtractResult, extract_document
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


def update_catalog_file(
    template: Catalog, path: Path, lang: str, doc: str, *, fill_source: bool = False
) -> UpdateResult:
    """Merge ``template`` into the PO file at ``path`` (created when missing)."""
    old = read_catalog(path) if path.exists() else None
    merged, stats = merge_catalog(
        template, old, metadata=po_metadata(lang, doc, template, old), fill_source=fill_source
    )
    if old is None:
        merged.header = f"{get_language(lang).english_name} translation of {doc}."
    written = write_catalog(merged, path)
    return UpdateResult(lang, doc, path, stats, old is None, written)


def update(
    project: Project, docs: list[str] | None = None, langs: list[str] | None = None
) -> tuple[list[ExtractResult], list[UpdateResult]]:
    """Extract the templates, then update every selected language's catalogs."""
    languages = project.languages(langs)
    extracted, updated = [], []
    for doc in project.documents(docs):
        result, template = extract_document(project, doc)
        extracted.append(result)
        for lang in languages:
            updated.append(update_catalog_file(
                template, project.po_path(lang, doc.name), lang, doc.name,
                fill_source=lang == project.config.source_language,
            ))
    return extracted, updated
