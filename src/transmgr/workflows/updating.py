"""Update: extract, then create or merge every language's PO file from the templates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from transmgr import __version__
from transmgr.catalog import Catalog, MergeStats, merge_catalog
from transmgr.catalog.po import po_date
from transmgr.catalog.store import CatalogFile, redo_on_change
from transmgr.languages import get_language
from transmgr.workflows.extraction import ExtractResult, prepare_template, write_template
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
    entries: int = 0  # the template's entries (distinct segments): what the merge counts
    segments: int = 0  # the source's segments, a repeated one each time (what status and build count)


def po_metadata(lang: str, doc: str, template: Catalog, old: Catalog | None) -> dict[str, str]:
    """Header of a PO file: the old one kept current, or a new one with Babel's language data."""
    language = get_language(lang)
    if old is not None:
        metadata = old.metadata
    else:
        metadata = {
            "Project-Id-Version": doc,
            "Report-Msgid-Bugs-To": "",
            "POT-Creation-Date": "",
            "PO-Revision-Date": po_date(),
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
        merged.header = merged.header.changed(comments=f"{get_language(lang).english_name} translation of {doc}.")
    return merged, stats


@dataclass
class _Planned:
    """One PO file of an update: the file as read, its template, and the merge computed from them."""

    file: CatalogFile
    template: Catalog
    lang: str
    doc: str
    fill_source: bool
    merged: Catalog
    stats: MergeStats
    created: bool

    def save(self) -> bool:
        """Save the merge (FileChanged when someone wrote the file since it was read)."""
        return self.file.save(self.merged)

    def merge_again(self) -> None:
        """Someone wrote the file since it was read: merge from the file as it is now."""
        self.file = CatalogFile.read(self.file.path)
        self.merged, self.stats = merge_into(self.template, self.file.catalog, self.lang, self.doc,
                                             fill_source=self.fill_source)
        self.created = self.file.catalog is None


def update(
    project: Project,
    docs: list[str] | None = None,
    langs: list[str] | None = None,
    *,
    on_progress: Callable[[str], None] | None = None,
) -> tuple[list[ExtractResult], list[UpdateResult]]:
    """Extract the templates, then update every selected language's catalogs.

    Everything is read and merged before anything is written, so a malformed PO file or source
    document stops the run with no file changed. The writing happens under the project's lock;
    a catalog that another process changed since it was read (a review, a draft) is merged again
    from its new content first, so that nobody's work is lost. ``on_progress`` is called after
    each catalog is merged, with ``lang/doc``.
    """
    languages = project.languages(langs)
    planned: list[_Planned] = []
    templates = []
    for doc in project.documents(docs):
        path, template = prepare_template(project, doc)
        templates.append((doc, path, template))
        for lang in languages:
            file = CatalogFile.read(project.po_path(lang, doc.name))
            fill_source = lang == project.config.source_language
            merged, stats = merge_into(template, file.catalog, lang, doc.name, fill_source=fill_source)
            planned.append(_Planned(file, template, lang, doc.name, fill_source, merged, stats, file.catalog is None))
            if on_progress is not None:
                on_progress(f"{lang}/{doc.name}")
    with project.writing([(item.lang, item.doc) for item in planned], [doc.name for doc, _, _ in templates]):
        for item in planned:
            if item.file.changed():
                item.merge_again()
        extracted = [write_template(doc.name, path, template) for doc, path, template in templates]
        updated = []
        for item in planned:
            # A program that takes no lock (a PO editor) may have saved it just now: merged again then
            # (merge_again replaces item.merged, which the next attempt saves).
            written = redo_on_change(item.save, again=item.merge_again)
            entries = sum(not unit.obsolete for unit in item.template)
            segments = sum(len(unit.references) for unit in item.template if not unit.obsolete)
            updated.append(UpdateResult(item.lang, item.doc, item.file.path, item.stats, item.created, written,
                                        entries, segments))
    return extracted, updated
