"""The project's translation memory as a TMX 1.4b file, for another team or another tool.

``export_tmx`` writes every pair the project's own memory offers (:mod:`transmgr.engines.memory`):
the translated, reviewed and stale entries of every catalog, obsolete entries (translations of
earlier versions of a source) and catalogs of documents that are gone included. One ``<tu>`` per
source text, a ``<tuv>`` per language, with the document, state, reviewer and, for an earlier
version, ``x-obsolete`` as ``<prop>``\\ s. A segment's syntax is TMX inline codes, the same codes
XLIFF export uses (:mod:`.codes`): ``<bpt>``/``<ept>`` for a pair, ``<ph>`` for a piece that stands
alone, each holding the syntax as written, so a tool that reads the codes' content (transmgr's own
memory, OmegaT, Translate Toolkit) gets the segment back exactly. OmegaT, Trados, memoQ and
Translate Toolkit read it.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from transmgr import __version__
from transmgr.catalog import State, Unit, read_catalog
from transmgr.errors import SourceError, TransmgrError
from transmgr.files import write_bytes_atomic
from transmgr.formats import Format, format_for
from transmgr.workflows.exchange.codes import Code, fill_element, matched_codes, pieces
from transmgr.workflows.project import Project
from transmgr.xmlindent import indent

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EXPORTED = (State.TRANSLATED, State.REVIEWED, State.STALE)  # what the memory offers (reviewed ranks first)
_RANK = {State.REVIEWED: 3, State.TRANSLATED: 2, State.STALE: 1}
_STRUCTURE = frozenset({"tmx", "body", "tu", "tuv"})


@dataclass(frozen=True)
class ExportResult:
    path: Path
    units: int
    languages: tuple[str, ...]
    obsolete: int = 0


@dataclass(frozen=True)
class _Pair:
    text: str
    doc: str
    state: State
    who: str
    obsolete: bool
    fmt: Format


def export_tmx(project: Project, path: Path, langs: list[str] | None = None) -> ExportResult:
    """Write every pair the memory of ``langs`` (default: every target language) offers to ``path``."""
    config = project.config
    chosen = project.languages(langs) if langs else config.target_languages
    formats = {doc.name: project.format_of(doc) for doc in project.documents()}
    units: dict[tuple[str | None, str], dict[str, _Pair]] = {}
    for lang in chosen:
        for doc in project.catalog_docs(lang):
            catalog = read_catalog(project.po_path(lang, doc))
            fmt = formats.get(doc) or _format_of_gone(project, doc, list(catalog))
            for unit in catalog:
                if not unit.msgid or unit.msgid_plural or unit.state not in EXPORTED:
                    continue
                stamp = unit.stamp
                who = stamp.who if stamp is not None and unit.state == State.REVIEWED else ""
                pair = _Pair(unit.msgstr, doc, unit.state, who, unit.obsolete, fmt)
                found = units.setdefault(unit.key, {})
                known = found.get(lang)
                if known is None or (known.obsolete, -_RANK[known.state]) > (pair.obsolete, -_RANK[pair.state]):
                    found[lang] = pair  # a current entry before an obsolete one, reviewed before translated
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(root, "header", {
        "creationtool": "transmgr", "creationtoolversion": __version__, "datatype": "plaintext",
        "segtype": "paragraph" if config.segmentation == "paragraph" else "sentence", "adminlang": "en",
        "srclang": config.source_language, "o-tmf": "PO",
        "creationdate": dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ"),
    })
    body = ET.SubElement(root, "body")
    obsolete = 0
    for (context, source), translations in units.items():
        tu = ET.SubElement(body, "tu")
        if context:
            ET.SubElement(tu, "prop", type="x-context").text = context
        ET.SubElement(tu, "prop", type="x-document").text = ", ".join(sorted({p.doc for p in translations.values()}))
        fmt = next(iter(translations.values())).fmt
        source_items = pieces(source, fmt)
        tuv = ET.SubElement(tu, "tuv", {_XML_LANG: config.source_language})
        _segment(tuv, source_items)
        for lang, pair in sorted(translations.items()):
            tuv = ET.SubElement(tu, "tuv", {_XML_LANG: lang})
            ET.SubElement(tuv, "prop", type="x-state").text = pair.state.value
            if pair.who:
                ET.SubElement(tuv, "prop", type="x-reviewer").text = pair.who
            if pair.obsolete:
                ET.SubElement(tuv, "prop", type="x-obsolete").text = "yes"  # a translation of an earlier source
                obsolete += 1
            _segment(tuv, matched_codes(source_items, pieces(pair.text, fmt)))
    indent(root, _STRUCTURE)
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"
    if not path.parent.is_dir():
        raise SourceError("the folder to write into does not exist", path=path.parent,
                          hint="create it first, or name a file in an existing folder")
    write_bytes_atomic(path, data)
    return ExportResult(path, len(units), tuple(chosen), obsolete)


def _format_of_gone(project: Project, doc: str, units: list[Unit]) -> Format:
    """The format of a document that is gone, from the source file its entries' ``#:`` references name."""
    for unit in units:
        for file, _ in unit.references:
            try:
                return format_for(Path(file))
            except TransmgrError:
                continue
    from transmgr.formats import format_named

    return format_named("text")  # no reference left: its texts carry no syntax that transmgr could know


def _segment(tuv: ET.Element, items: list[str | Code]) -> None:
    """``<seg>`` holding ``items``: text, and each code as TMX's ``<bpt>``/``<ept>`` (a pair, joined by ``i``)
    or ``<ph>``, its content the syntax as written."""

    def code_element(seg: ET.Element, item: Code) -> ET.Element:
        if item.kind == "open":
            element = ET.SubElement(seg, "bpt", i=item.pair, x=item.id)
        elif item.kind == "close":
            element = ET.SubElement(seg, "ept", i=item.pair)
        else:
            element = ET.SubElement(seg, "ph", x=item.id)
        element.text = item.original
        return element

    fill_element(ET.SubElement(tuv, "seg"), items, code_element)
