"""Extract: segment every source document into a POT template."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from transmgr import __version__
from transmgr.catalog import Catalog, Entry, format_catalog, new_catalog, new_entry, read_catalog, write_catalog
from transmgr.errors import CatalogError
from transmgr.segment import Document
from transmgr.workflows.project import Project, SourceDocument


@dataclass(frozen=True)
class ExtractResult:
    """One template: how many segments and entries, and whether the file changed."""

    doc: str
    path: Path
    segments: int
    entries: int
    written: bool


def build_template(project: Project, document: Document, *, created: str | None = None) -> Catalog:
    """The POT catalog of a segmented document: identical segments share one entry."""
    now = created or dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M+0000")
    catalog = new_catalog({
        "Project-Id-Version": document.name,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": now,
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"transmgr {__version__}",
    })
    catalog.header = f"Template for {document.name}, extracted from {project.relative(document.path)}."
    reference = project.relative(document.path)
    by_key: dict[tuple[str | None, str], Entry] = {}
    for segment in document.segments():
        key = (segment.context, segment.text)
        entry = by_key.get(key)
        if entry is None:
            entry = new_entry(segment.text, msgctxt=segment.context, comment=segment.kind)
            by_key[key] = entry
            catalog.append(entry)
        else:
            kinds = entry.comment.split(", ")
            if segment.kind not in kinds:
                entry.comment = ", ".join([*kinds, segment.kind])
        entry.occurrences.append((reference, str(segment.line)))
    return catalog


def prepare_template(project: Project, doc: SourceDocument) -> tuple[Path, Catalog]:
    """Segment ``doc`` into its template; the creation date changes only when the entries do."""
    document = project.segment(doc)
    path = project.pot_path(doc.name)
    template = build_template(project, document)
    old = None
    if path.exists():
        try:
            old = read_catalog(path)
        except CatalogError:
            old = None  # the template is regenerated from the source anyway; a damaged one is replaced
    if old is not None:
        created = old.metadata.get("POT-Creation-Date")
        if created:
            same_date = build_template(project, document, created=created)
            if format_catalog(same_date) == format_catalog(old):
                template = same_date
    return path, template


def write_template(name: str, path: Path, template: Catalog) -> ExtractResult:
    """Write a prepared template (only when it changed) and describe the result."""
    written = write_catalog(template, path)
    segments = sum(len(entry.occurrences) for entry in template)
    return ExtractResult(name, path, segments, len(template), written)


def extract(project: Project, docs: list[str] | None = None) -> list[ExtractResult]:
    """Extract every (or the named) source document of ``project``."""
    documents = project.documents(docs)
    prepared = [(doc, *prepare_template(project, doc)) for doc in documents]  # read all before writing any
    with project.writing():
        return [write_template(doc.name, path, template) for doc, path, template in prepared]
