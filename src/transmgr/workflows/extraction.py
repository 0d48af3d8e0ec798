"""Extract: segment every source document into a POT template."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from transmgr import __version__
from transmgr.catalog import Catalog, Header, Unit, read_catalog, write_catalog
from transmgr.catalog.po import po_date
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
    now = created or po_date()
    fields = {
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
    }
    header = Header(tuple(fields.items()), comments=(
        f"Template for {document.name}, extracted from {project.relative(document.path)}."))
    reference = project.relative(document.path)
    kinds: dict[tuple[str | None, str], list[str]] = {}
    references: dict[tuple[str | None, str], list[tuple[str, str]]] = {}
    for segment in document.segments():
        key = (segment.context, segment.text)
        found = kinds.setdefault(key, [])
        if segment.kind not in found:
            found.append(segment.kind)
        references.setdefault(key, []).append((reference, str(segment.line)))
    units = [Unit(msgid, msgctxt=context, note=", ".join(kinds[(context, msgid)]),
                  references=tuple(references[(context, msgid)])) for context, msgid in kinds]
    return Catalog(units, header)


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
            if same_date.header == old.header and same_date.units == old.units:
                template = old  # nothing changed: the template as read, written back as it was
    return path, template


def write_template(name: str, path: Path, template: Catalog) -> ExtractResult:
    """Write a prepared template (only when it changed) and describe the result."""
    written = write_catalog(template, path)
    segments = sum(len(unit.references) for unit in template)
    return ExtractResult(name, path, segments, len(template), written)


def extract(project: Project, docs: list[str] | None = None) -> list[ExtractResult]:
    """Extract every (or the named) source document of ``project``."""
    documents = project.documents(docs)
    prepared = [(doc, *prepare_template(project, doc)) for doc in documents]  # read all before writing any
    with project.writing(templates=[doc.name for doc, _, _ in prepared]):
        return [write_template(doc.name, path, template) for doc, path, template in prepared]
