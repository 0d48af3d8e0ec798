"""XLIFF 1.2 and 2.0 export for CAT tools (Trados, memoQ, Phrase, OmegaT, Matecat).

Written with lxml (BSD; already installed with python-docx). One ``<file>`` per document
(``id``/``original``: the source path); one unit per entry, its id the entry's stable id
(``Unit.uid``: a digest of msgctxt and msgid), so it survives any round trip and reordering.
Notes carry the segment's kind (``#.``), origin and references (``#:``). Markup travels as inline
codes (:mod:`.codes`), never as raw syntax: a standalone piece is 1.2 ``<x/>`` / 2.0 ``<ph/>``, a
pair 1.2 ``<bx/>``…``<ex/>`` / 2.0 ``<sc/>``…``<ec startRef/>``, each showing the original in
``equiv-text``/``disp``; in 2.0 a code that must come back says ``canDelete="no"`` and none may
be copied (``canCopy="no"``).

States, both ways:

=============  ==================================  ===================================
transmgr       XLIFF 1.2 ``state``                 XLIFF 2.0 ``state`` (``subState``)
=============  ==================================  ===================================
untranslated   ``new`` (no target)                 ``initial`` (no target)
draft          ``needs-review-translation``        ``translated`` (``transmgr:draft``)
translated     ``translated``                      ``translated``
stale          ``needs-review-translation``        ``translated`` (``transmgr:stale``)
reviewed       ``signed-off`` (``approved="yes"``) ``reviewed``
=============  ==================================  ===================================
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transmgr.catalog import State, Unit
from transmgr.errors import CatalogError, SourceError
from transmgr.files import write_bytes_atomic
from transmgr.formats import Format
from transmgr.workflows.exchange.codes import Code, fill_element, matched_codes, pieces
from transmgr.workflows.project import Project
from transmgr.xmlindent import indent

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
VERSIONS = ("1.2", "2.0")
STATE_NAMES = ("untranslated", "draft", "translated", "stale", "reviewed")
# Elements that hold only other elements: indented for people to read. Every other element's text is
# content (a source, a target, a note: its whitespace and inline codes are the segment's own).
STRUCTURE = frozenset({"xliff", "file", "body", "group", "trans-unit", "context-group", "unit", "notes", "segment",
                       "header", "phase-group"})


def q(ns: str, name: str) -> str:
    """An element name in namespace ``ns``."""
    return f"{{{ns}}}{name}"


def write_content(parent: Any, items: list[str | Code], version: str, ns: str) -> None:
    """Fill ``parent`` (a source or target) with text and inline codes."""
    from lxml import etree

    def code_element(into: Any, item: Code) -> Any:
        if version == "1.2":
            name = {"ph": "x", "open": "bx", "close": "ex"}[item.kind]
            attributes = {"id": item.id, "equiv-text": item.original}
            if item.kind != "ph":
                attributes["rid"] = item.pair
        else:
            name = {"ph": "ph", "open": "sc", "close": "ec"}[item.kind]
            keep = {"canCopy": "no", "canDelete": "yes" if item.deletable else "no"}
            if item.kind == "close":
                attributes = {"startRef": item.pair, "disp": item.original, **keep}
            else:
                attributes = {"id": item.id, "disp": item.original, **keep}
        return etree.SubElement(into, q(ns, name), attributes)

    fill_element(parent, items, code_element)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    documents: int
    units: int


def export_xliff(project: Project, lang: str, path: Path, *, docs: list[str] | None = None, version: str = "1.2",
                 states: tuple[str, ...] = STATE_NAMES) -> ExportResult:
    """Write ``lang``'s catalogs (of ``docs``, default all) as one XLIFF file, units in ``states`` only."""
    from lxml import etree

    lang = project.language(lang)
    config = project.config
    ns = NS12 if version == "1.2" else NS20
    if version == "1.2":
        root = etree.Element(q(ns, "xliff"), nsmap={None: ns}, version="1.2")
    else:
        root = etree.Element(q(ns, "xliff"), nsmap={None: ns}, version="2.0", srcLang=config.source_language,
                             trgLang=lang)
    total = documents = 0
    for doc in project.documents(docs):
        catalog = project.load_catalog(lang, doc.name)
        if catalog is None:
            raise CatalogError("no catalog for this language and document yet", path=project.po_path(lang, doc.name),
                               hint="run 'transmgr update' first")
        fmt = project.format_of(doc)
        original = project.relative(doc.path)
        if version == "1.2":
            file = etree.SubElement(root, q(ns, "file"), {"original": original, "source-language": config.source_language,
                                                          "target-language": lang, "datatype": "plaintext",
                                                          "tool-id": "transmgr"})
            container = etree.SubElement(file, q(ns, "body"))
        else:
            file = etree.SubElement(root, q(ns, "file"), {"id": doc.name, "original": original})
            container = file
        documents += 1
        for unit in catalog.active():
            if not unit.msgid or unit.msgid_plural or unit.state.value not in states:
                continue
            total += 1
            _export_unit(container, unit, fmt, version, ns)
    indent(root, STRUCTURE)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"
    if not path.parent.is_dir():
        raise SourceError("the folder to write into does not exist", path=path.parent,
                          hint="create it first, or name a file in an existing folder")
    write_bytes_atomic(path, data)
    return ExportResult(path, documents, total)


def _export_unit(container: Any, unit: Unit, fmt: Format, version: str, ns: str) -> None:
    from lxml import etree

    source_items = pieces(unit.msgid, fmt)
    target_items = matched_codes(source_items, pieces(unit.msgstr, fmt)) if unit.msgstr else []
    state = unit.state
    kind = unit.kind
    if version == "1.2":
        attributes = {"id": unit.uid}
        if unit.msgctxt:
            attributes["resname"] = unit.msgctxt
        if state == State.REVIEWED:
            attributes["approved"] = "yes"
        tu = etree.SubElement(container, q(ns, "trans-unit"), attributes)
        write_content(etree.SubElement(tu, q(ns, "source")), source_items, version, ns)
        if target_items:
            value = {State.DRAFT: "needs-review-translation", State.STALE: "needs-review-translation",
                     State.TRANSLATED: "translated", State.REVIEWED: "signed-off"}[state]
            write_content(etree.SubElement(tu, q(ns, "target"), state=value), target_items, version, ns)
        if kind:
            etree.SubElement(tu, q(ns, "note"), {"from": "developer"}).text = f"kind: {kind}"
        if unit.origin:
            etree.SubElement(tu, q(ns, "note"), {"from": "transmgr"}).text = f"origin: {unit.origin}"
        for file, line in unit.references:
            group = etree.SubElement(tu, q(ns, "context-group"), purpose="location")
            etree.SubElement(group, q(ns, "context"), {"context-type": "sourcefile"}).text = file
            if line:
                etree.SubElement(group, q(ns, "context"), {"context-type": "linenumber"}).text = line
        return
    xunit = etree.SubElement(container, q(ns, "unit"), {"id": unit.uid, **({"name": unit.msgctxt} if unit.msgctxt else {})})
    notes = etree.SubElement(xunit, q(ns, "notes"))
    if kind:
        etree.SubElement(notes, q(ns, "note"), category="kind").text = kind
    if unit.origin:
        etree.SubElement(notes, q(ns, "note"), category="origin").text = unit.origin
    for file, line in unit.references:
        etree.SubElement(notes, q(ns, "note"), category="location").text = f"{file}:{line}" if line else file
    if not len(notes):
        xunit.remove(notes)
    segment = etree.SubElement(xunit, q(ns, "segment"))
    value = {State.UNTRANSLATED: "initial", State.DRAFT: "translated", State.STALE: "translated",
             State.TRANSLATED: "translated", State.REVIEWED: "reviewed"}[state]
    segment.set("state", value)
    if state in (State.DRAFT, State.STALE):
        segment.set("subState", f"transmgr:{state.value}")
    write_content(etree.SubElement(segment, q(ns, "source")), source_items, version, ns)
    if target_items:
        write_content(etree.SubElement(segment, q(ns, "target")), target_items, version, ns)
