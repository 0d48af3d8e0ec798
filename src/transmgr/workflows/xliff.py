"""XLIFF 1.2 and 2.0 for CAT tools (Trados, memoQ, Phrase, OmegaT, Matecat): export a language's
catalogs, import them back.

Written and read with lxml (BSD; already installed with python-docx), which keeps line numbers for
errors; Translate Toolkit's storage classes would do it too but are GPL, so they only check our
files in the tests. One ``<file>`` per document (``id``/``original``: the source path); one unit per
entry, its id a digest of msgctxt and msgid, so it survives any round trip and any reordering.
Notes carry the segment's kind (``#.``) and references (``#:``). Markup inside a segment travels as
inline codes, never as raw Markdown: a piece of syntax (emphasis marker, link target, code span,
tag, placeholder) is a placeholder code (1.2 ``<x/>``, 2.0 ``<ph/>``) showing the original in
``equiv-text``/``disp``; a formatting span of a Word or HTML document (``<1>…</1>``) is a pair of
codes that may cross (1.2 ``<bx/>``/``<ex/>``, 2.0 ``<sc/>``/``<ec/>``). A code carries only its
number: the original is found again from the catalog's msgid on import.

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

On import, 1.2's ``needs-translation`` with a target and every ``needs-*`` state are drafts,
``final``/``signed-off`` (or ``approved="yes"``) and 2.0's ``reviewed``/``final`` are reviewed,
stamped by the person importing (the reviewer ``review`` would name: nobody's name is invented).
A unit whose source no longer matches the catalog refuses the whole import (one line per unit,
nothing written); only units whose text or state changed are written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transmgr.catalog import Catalog, State, Unit
from transmgr.errors import CatalogError, SourceError, TransmgrError
from transmgr.files import write_bytes_atomic
from transmgr.formats import Format
from transmgr.formats.base import Role
from transmgr.workflows.project import Project
from transmgr.workflows.review.core import Actor, Request, ReviewCore
from transmgr.workflows.review.identity import acting_person
from transmgr.xmlindent import indent

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
VERSIONS = ("1.2", "2.0")
STATE_NAMES = ("untranslated", "draft", "translated", "stale", "reviewed")
_PAIRED = re.compile(r"(open|close):(\d+)")
ORIGIN = "xliff"


class XliffError(TransmgrError):
    """An XLIFF file that cannot be imported: unreadable, or units that no longer match the catalog."""

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None,
                 hint: str | None = None, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message, path=path, line=line, hint=hint)
        self.problems = problems


def unit_id(unit: Unit) -> str:
    """A unit's id in XLIFF: stable across runs, reorderings and round trips (the review core's id)."""
    return unit.uid


# -- inline codes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Code:
    """One inline code: ``kind`` is ``ph`` (standalone), ``open`` or ``close`` (a paired span)."""

    id: str
    kind: str
    original: str
    pair: str = ""  # for open/close: the number shared by both ends


def pieces(text: str, fmt: Format) -> list[str | Code]:
    """``text`` as prose and codes: every syntax span of the format a code."""
    inline = fmt.inline(text)
    out: list[str | Code] = []
    position = 0
    number = 0
    for span in inline.spans:
        if span.start < position:
            continue
        if span.start > position:
            out.append(text[position:span.start])
        number += 1
        paired = _PAIRED.fullmatch(span.value) if span.role == Role.TAG else None
        if paired:
            out.append(Code(str(number), paired.group(1), text[span.start:span.end], paired.group(2)))
        else:
            out.append(Code(str(number), "ph", text[span.start:span.end]))
        position = span.end
    if position < len(text):
        out.append(text[position:])
    return out


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def _write_content(parent: Any, items: list[str | Code], version: str, ns: str) -> None:
    from lxml import etree

    last = None
    for item in items:
        if isinstance(item, str):
            if last is None:
                parent.text = (parent.text or "") + item
            else:
                last.tail = (last.tail or "") + item
            continue
        if version == "1.2":
            name = {"ph": "x", "open": "bx", "close": "ex"}[item.kind]
            attributes = {"id": item.id, "equiv-text": item.original}
            if item.kind != "ph":
                attributes["rid"] = item.pair
        else:
            name = {"ph": "ph", "open": "sc", "close": "ec"}[item.kind]
            attributes = {"id": item.id, "disp": item.original, "canCopy": "yes", "canDelete": "no"}
            if item.kind == "close":
                attributes = {"id": item.id, "disp": item.original}
        last = etree.SubElement(parent, _q(ns, name), attributes)


def _read_content(element: Any, codes: dict[str, str]) -> tuple[str, list[str]]:
    """The text of a source or target element, each code replaced by its original; unknown codes listed."""
    out = [element.text or ""]
    unknown = []
    for child in element:
        name = child.tag.split("}")[-1] if isinstance(child.tag, str) else ""
        if name in ("x", "bx", "ex", "ph", "sc", "ec"):
            found = codes.get(child.get("id") or "")
            if found is None:
                unknown.append(child.get("id") or "?")
            else:
                out.append(found)
        elif name in ("g", "pc", "mrk", "sub"):  # a tool wrapped text: keep its text, drop the wrapper
            inner, more = _read_content(child, codes)
            out.append(inner)
            unknown += more
        out.append(child.tail or "")
    return "".join(out), unknown


# -- export ----------------------------------------------------------------------------------------------


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
        root = etree.Element(_q(ns, "xliff"), nsmap={None: ns}, version="1.2")
    else:
        root = etree.Element(_q(ns, "xliff"), nsmap={None: ns}, version="2.0", srcLang=config.source_language,
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
            file = etree.SubElement(root, _q(ns, "file"), {"original": original, "source-language": config.source_language,
                                                           "target-language": lang, "datatype": "plaintext",
                                                           "tool-id": "transmgr"})
            container = etree.SubElement(file, _q(ns, "body"))
        else:
            file = etree.SubElement(root, _q(ns, "file"), {"id": doc.name, "original": original})
            container = file
        documents += 1
        for unit in catalog.active():
            if not unit.msgid or unit.msgid_plural or unit.state.value not in states:
                continue
            total += 1
            _export_unit(container, unit, fmt, version, ns)
    indent(root, _STRUCTURE)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"
    if not path.parent.is_dir():
        raise SourceError("the folder to write into does not exist", path=path.parent,
                          hint="create it first, or name a file in an existing folder")
    write_bytes_atomic(path, data)
    return ExportResult(path, documents, total)


# Elements that hold only other elements: indented for people to read. Every other element's text is
# content (a source, a target, a note: its whitespace and inline codes are the segment's own).
_STRUCTURE = frozenset({"xliff", "file", "body", "group", "trans-unit", "context-group", "unit", "notes", "segment"})


def _export_unit(container: Any, unit: Unit, fmt: Format, version: str, ns: str) -> None:
    from lxml import etree

    source_items = pieces(unit.msgid, fmt)
    target_items = pieces(unit.msgstr, fmt) if unit.msgstr else []
    if target_items:  # codes in the target are numbered as the source's with the same original
        by_original: dict[str, list[Code]] = {}
        for item in source_items:
            if isinstance(item, Code):
                by_original.setdefault(item.original, []).append(item)
        renumbered: list[str | Code] = []
        for item in target_items:
            if isinstance(item, Code) and by_original.get(item.original):
                renumbered.append(by_original[item.original].pop(0))
            elif isinstance(item, Code):
                renumbered.append(item.original)  # a code the source lacks: plain text, as written
            else:
                renumbered.append(item)
        target_items = renumbered
    state = unit.state
    kind = unit.kind
    if version == "1.2":
        attributes = {"id": unit_id(unit)}
        if unit.msgctxt:
            attributes["resname"] = unit.msgctxt
        if state == State.REVIEWED:
            attributes["approved"] = "yes"
        tu = etree.SubElement(container, _q(ns, "trans-unit"), attributes)
        _write_content(etree.SubElement(tu, _q(ns, "source")), source_items, version, ns)
        if target_items:
            value = {State.DRAFT: "needs-review-translation", State.STALE: "needs-review-translation",
                     State.TRANSLATED: "translated", State.REVIEWED: "signed-off"}[state]
            _write_content(etree.SubElement(tu, _q(ns, "target"), state=value), target_items, version, ns)
        if kind:
            etree.SubElement(tu, _q(ns, "note"), {"from": "developer"}).text = f"kind: {kind}"
        if unit.origin:
            etree.SubElement(tu, _q(ns, "note"), {"from": "transmgr"}).text = f"origin: {unit.origin}"
        for file, line in unit.references:
            group = etree.SubElement(tu, _q(ns, "context-group"), purpose="location")
            etree.SubElement(group, _q(ns, "context"), {"context-type": "sourcefile"}).text = file
            if line:
                etree.SubElement(group, _q(ns, "context"), {"context-type": "linenumber"}).text = line
        return
    xunit = etree.SubElement(container, _q(ns, "unit"), {"id": unit_id(unit), **({"name": unit.msgctxt} if unit.msgctxt else {})})
    notes = etree.SubElement(xunit, _q(ns, "notes"))
    if kind:
        etree.SubElement(notes, _q(ns, "note"), category="kind").text = kind
    if unit.origin:
        etree.SubElement(notes, _q(ns, "note"), category="origin").text = unit.origin
    for file, line in unit.references:
        etree.SubElement(notes, _q(ns, "note"), category="location").text = f"{file}:{line}" if line else file
    if not len(notes):
        xunit.remove(notes)
    segment = etree.SubElement(xunit, _q(ns, "segment"))
    value = {State.UNTRANSLATED: "initial", State.DRAFT: "translated", State.STALE: "translated",
             State.TRANSLATED: "translated", State.REVIEWED: "reviewed"}[state]
    segment.set("state", value)
    if state in (State.DRAFT, State.STALE):
        segment.set("subState", f"transmgr:{state.value}")
    _write_content(etree.SubElement(segment, _q(ns, "source")), source_items, version, ns)
    if target_items:
        _write_content(etree.SubElement(segment, _q(ns, "target")), target_items, version, ns)


# -- import ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedUnit:
    doc: str
    id: str
    text: str
    state: State
    line: int
    source: str


@dataclass(frozen=True)
class XliffImport:
    """What an import did: units read, changed per document, unchanged."""

    units: int
    changed: dict[str, int]
    unchanged: int
    written: tuple[Path, ...]


def _state_12(target: Any, approved: str | None) -> State:
    state = (target.get("state") or "").strip() if target is not None else ""
    if approved == "yes" or state in ("signed-off", "final"):
        return State.REVIEWED
    if state in ("translated", ""):
        return State.TRANSLATED
    return State.DRAFT  # new or needs-translation with a target, needs-review-*, needs-adaptation, needs-l10n


def _state_20(segment: Any) -> State:
    state = segment.get("state") or "initial"
    sub = segment.get("subState") or ""
    if state in ("reviewed", "final"):
        return State.REVIEWED
    if state == "translated":
        return {"transmgr:draft": State.DRAFT, "transmgr:stale": State.STALE}.get(sub, State.TRANSLATED)
    return State.DRAFT


def _units_of(root: Any, ns: str, version: str, path: Path) -> Iterator[tuple[str, Any, Any, Any, State]]:
    """(doc or original, unit id, source, target, state) of every unit."""
    for file in root.iter(_q(ns, "file")):
        where = file.get("id") or file.get("original") or ""
        if version == "1.2":
            for tu in file.iter(_q(ns, "trans-unit")):
                source, target = tu.find(_q(ns, "source")), tu.find(_q(ns, "target"))
                if source is None:
                    raise XliffError(f"unit {tu.get('id')} has no <source>", path=path, line=tu.sourceline)
                empty = target is None or not ("".join(target.itertext()).strip() or len(target))
                state = State.UNTRANSLATED if empty else _state_12(target, tu.get("approved"))
                yield where, tu, source, target, state
        else:
            for unit in file.iter(_q(ns, "unit")):
                segment = unit.find(_q(ns, "segment"))
                if segment is None:
                    raise XliffError(f"unit {unit.get('id')} has no <segment>", path=path, line=unit.sourceline)
                source, target = segment.find(_q(ns, "source")), segment.find(_q(ns, "target"))
                empty = target is None or not ("".join(target.itertext()).strip() or len(target))
                yield where, unit, source, target, State.UNTRANSLATED if empty else _state_20(segment)


def import_xliff(project: Project, lang: str, path: Path, reviewer: str | None) -> XliffImport:
    """Import ``path`` into ``lang``'s catalogs; every unit is checked before anything is written."""
    from lxml import etree

    lang = project.language(lang)
    if not path.is_file():
        raise XliffError("XLIFF file not found", path=path)
    try:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    except etree.XMLSyntaxError as exc:
        raise XliffError(f"not well-formed XML: {exc.msg}", path=path, line=exc.lineno,
                         hint="export the file again from the CAT tool") from exc
    version = root.get("version", "")
    ns = NS12 if version.startswith("1.") else NS20 if version.startswith("2.") else ""
    if root.tag != _q(ns, "xliff") or not ns:
        raise XliffError(f"not an XLIFF 1.2 or 2.0 file (root <{etree.QName(root).localname}> version {version!r})",
                         path=path, line=root.sourceline)
    target_lang = root.get("trgLang") if ns == NS20 else next(
        (f.get("target-language") for f in root.iter(_q(ns, "file"))), None)
    if target_lang and target_lang.replace("_", "-").split("-")[0].lower() != lang.lower():
        raise XliffError(f"the file's target language is {target_lang}, not {lang}", path=path, line=root.sourceline)
    documents = {doc.name: doc for doc in project.documents()}
    by_original = {project.relative(doc.path): name for name, doc in documents.items()}
    catalogs: dict[str, Catalog] = {}
    indexes: dict[str, dict[str, Unit]] = {}

    def load(name: str) -> None:
        if name not in catalogs:
            catalog = project.load_catalog(lang, name)
            if catalog is None:
                raise CatalogError("no catalog for this language and document yet", path=project.po_path(lang, name),
                                   hint="run 'transmgr update' first")
            catalogs[name] = catalog
            indexes[name] = {unit_id(u): u for u in catalog.active() if u.msgid}
    wanted: list[tuple[str, Unit, str, State]] = []
    problems: list[str] = []
    count = 0
    for where, element, source, target, state in _units_of(root, ns, version, path):
        count += 1
        name = where if where in documents else by_original.get(where)
        uid = element.get("id") or ""
        if name is None:  # the document was renamed since the export: its units keep their ids
            for other in documents:
                load(other)
            name = next((other for other in documents if uid in indexes.get(other, {})), None)
        if name is None:
            problems.append(f"{path}:{element.sourceline}: unit {uid}: no document '{where}' in this project")
            continue
        load(name)
        unit = indexes[name].get(uid)
        if unit is None:
            problems.append(f"{path}:{element.sourceline}: unit {uid}: not in {project.relative(project.po_path(lang, name))} "
                            "(its source changed or was removed since the export)")
            continue
        fmt = project.format_of(documents[name])
        codes = {item.id: item.original for item in pieces(unit.msgid, fmt) if isinstance(item, Code)}
        text, unknown = _read_content(source, codes)
        if text != unit.msgid or unknown:
            problems.append(f"{path}:{source.sourceline}: unit {uid}: the source no longer matches the catalog "
                            f"(msgid {unit.msgid[:50]!r})")
            continue
        if target is None or state == State.UNTRANSLATED:
            continue
        translated, unknown = _read_content(target, codes)
        if unknown:
            problems.append(f"{path}:{target.sourceline}: unit {uid}: the target has codes the source lacks "
                            f"({', '.join(unknown)})")
            continue
        wanted.append((name, unit, translated, state))
    if problems:
        raise XliffError(f"{len(problems)} unit(s) cannot be imported; nothing was written", path=path,
                         hint="export again from the current catalogs, or run 'transmgr update' first",
                         problems=tuple(problems))
    if any(state == State.REVIEWED for *_, state in wanted) and not reviewer:
        raise XliffError("the file has signed-off units, and no reviewer is known to stamp them", path=path,
                         hint="set 'reviewer' in the configuration or $TRANSMGR_REVIEWER")
    changed: dict[str, int] = {}
    unchanged = 0
    plan: dict[str, list[tuple[Unit, str, State]]] = {}
    for name, unit, text, state in wanted:
        # XLIFF 1.2 writes a draft and a stale translation alike (needs-review-translation): the same text
        # coming back so is the stale translation unchanged, not a new draft.
        same_state = state == unit.state or (unit.state == State.STALE and state == State.DRAFT)
        if text == unit.msgstr and same_state:
            unchanged += 1
            continue
        plan.setdefault(name, []).append((unit, text, state))
    written = []
    core = ReviewCore(project, lang, Actor(reviewer or acting_person(project), via="xliff"))
    for name, items in plan.items():
        requests = [Request(name, unit.uid, "import", seen=unit.revision, text=text, origin=ORIGIN, state=state,
                            signed_by=reviewer) for unit, text, state in items]
        # A unit changed on disk since it was read is skipped: the newer work wins.
        applied = core.apply(requests, all_or_nothing=False)
        changed[name] = len(applied.changed)
        if applied.changed:
            written.append(project.po_path(lang, name))
    return XliffImport(count, changed, unchanged, tuple(written))
