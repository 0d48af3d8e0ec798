"""The project's translation memory as files: TMX export, and moving a document with its catalogs.

``export_tmx`` writes the translated and reviewed units of every catalog (those of documents that
are gone included, as the memory reads them) as TMX 1.4b, one ``<tu>`` per source text with a
``<tuv>`` per language, the document, state and reviewer as ``<prop>``s; OmegaT, Trados, memoQ
and Translate Toolkit read it. ``rename_document`` moves a source document, its template and every
language's catalog to a new name, rewriting the ``#:`` references; states and review stamps stay
(a stamp's digest covers the texts, not the file name).
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from transmgr import __version__
from transmgr.catalog import Catalog, State, read_catalog, write_catalog
from transmgr.errors import SourceError
from transmgr.files import write_bytes_atomic
from transmgr.formats import codes
from transmgr.workflows.project import Project
from transmgr.xmlindent import indent

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EXPORTED = (State.TRANSLATED, State.REVIEWED)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    units: int
    languages: tuple[str, ...]


def export_tmx(project: Project, path: Path, langs: list[str] | None = None) -> ExportResult:
    """Write the translated and reviewed units of ``langs`` (default: every target language) to ``path``."""
    config = project.config
    chosen = project.languages(langs) if langs else config.target_languages
    units: dict[tuple[str | None, str], dict[str, tuple[str, str, str, str]]] = {}
    for lang in chosen:
        for doc in project.catalog_docs(lang):
            catalog = read_catalog(project.po_path(lang, doc))
            for unit in catalog.active():
                if not unit.msgid or unit.msgid_plural or unit.state not in EXPORTED:
                    continue
                stamp = unit.stamp
                who = stamp.who if stamp is not None and unit.state == State.REVIEWED else ""
                found = units.setdefault(unit.key, {})
                if lang not in found or unit.state == State.REVIEWED:
                    found[lang] = (unit.msgstr, doc, unit.state.value, who)
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(root, "header", {
        "creationtool": "transmgr", "creationtoolversion": __version__, "datatype": "plaintext",
        "segtype": "paragraph" if config.segmentation == "paragraph" else "sentence", "adminlang": "en",
        "srclang": config.source_language, "o-tmf": "PO",
        "creationdate": dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ"),
    })
    body = ET.SubElement(root, "body")
    count = 0
    # Documents whose msgids carry numbered formatting codes (Word, web pages): those become TMX inline codes.
    coded = {doc.name: project.format_of(doc).name in _CODED_FORMATS for doc in project.documents()}
    for (context, source), translations in units.items():
        tu = ET.SubElement(body, "tu")
        if context:
            ET.SubElement(tu, "prop", type="x-context").text = context
        docs = sorted({doc for _, doc, _, _ in translations.values()})
        ET.SubElement(tu, "prop", type="x-document").text = ", ".join(docs)
        paired = any(coded.get(doc, False) for doc in docs)
        tuv = ET.SubElement(tu, "tuv", {_XML_LANG: config.source_language})
        _segment(tuv, source, paired)
        for lang, (text, _, state, who) in sorted(translations.items()):
            tuv = ET.SubElement(tu, "tuv", {_XML_LANG: lang})
            ET.SubElement(tuv, "prop", type="x-state").text = state
            if who:
                ET.SubElement(tuv, "prop", type="x-reviewer").text = who
            _segment(tuv, text, paired)
        count += 1
    indent(root, _TMX_STRUCTURE)
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"
    if not path.parent.is_dir():
        raise SourceError("the folder to write into does not exist", path=path.parent,
                          hint="create it first, or name a file in an existing folder")
    write_bytes_atomic(path, data)
    return ExportResult(path, count, tuple(chosen))


_TMX_STRUCTURE = frozenset({"tmx", "body", "tu", "tuv"})
_CODED_FORMATS = frozenset({"docx", "html"})


def _segment(tuv: ET.Element, text: str, paired: bool) -> None:
    """``<seg>`` with ``text``; a Word or web page's codes as TMX inline codes (``<bpt>``/``<ept>`` for a
    well-formed pair, ``<ph>`` otherwise) holding the code as written, so that reading it back gives it again."""
    seg = ET.SubElement(tuv, "seg")
    if not paired or not codes.CODE.search(text):
        seg.text = text
        return
    balanced = codes.parse(text).well_formed
    last: ET.Element | None = None
    position = 0
    for found in codes.CODE.finditer(text):
        chunk = text[position:found.start()]
        if last is None:
            seg.text = (seg.text or "") + chunk
        else:
            last.tail = (last.tail or "") + chunk
        closing, number, empty = found.group(1), found.group(2), found.group(3)
        if empty or not balanced:
            last = ET.SubElement(seg, "ph", x=number)
        elif closing:
            last = ET.SubElement(seg, "ept", i=number)
        else:
            last = ET.SubElement(seg, "bpt", i=number, x=number)
        last.text = found.group(0)
        position = found.end()
    if last is not None:
        last.tail = (last.tail or "") + text[position:]


@dataclass(frozen=True)
class RenameResult:
    old: str
    new: str
    moved: tuple[tuple[Path, Path], ...]


def rename_document(project: Project, old: str, new: str) -> RenameResult:
    """Move document ``old`` to ``new``: its source (unless already moved), template and catalogs."""
    config = project.config
    if not new or new.startswith(("/", ".")) or ".." in Path(new).parts or "\\" in new:
        raise SourceError(f"'{new}' cannot be a document name", hint="use a path under source/ without its suffix")
    existing = {doc.name: doc for doc in project.documents()}
    if new in existing and old in existing:
        raise SourceError(f"a document named '{new}' exists already", path=existing[new].path,
                          hint="choose another name, or remove that document first")
    catalogs = [(lang, project.po_path(lang, old)) for lang in config.languages if project.po_path(lang, old).exists()]
    moves: list[tuple[Path, Path]] = []
    if old in existing:
        source = existing[old].path
        moves.append((source, config.source_dir / f"{new}{source.suffix}"))
        new_source = moves[0][1]
    elif new in existing:
        source = config.source_dir / f"{old}{existing[new].path.suffix}"  # renamed already (git mv): the rest follows
        new_source = existing[new].path
    else:
        raise SourceError(f"no document named '{old}' and none named '{new}'", path=config.source_dir,
                          hint="name the document as 'transmgr status' lists it")
    if not catalogs and not project.pot_path(old).exists() and old not in existing:
        raise SourceError(f"nothing to move: no source, template or catalog of '{old}'", path=config.locales_dir)
    old_ref, new_ref = project.relative(source), project.relative(new_source)

    def moved_references(catalog: Catalog) -> None:
        for unit in list(catalog):
            refs = tuple((new_ref if file == old_ref else file, line) for file, line in unit.references)
            if refs != unit.references:
                catalog.put(unit.changed(references=refs), replacing=unit)

    with project.writing():
        for before, after in moves:
            after.parent.mkdir(parents=True, exist_ok=True)
            before.rename(after)
        files = [(project.pot_path(old), project.pot_path(new))] + [(path, project.po_path(lang, new))
                                                                    for lang, path in catalogs]
        for path, target in files:
            if not path.exists():
                continue
            catalog = read_catalog(path)
            moved_references(catalog)
            if target.exists() and target.suffix == ".po":
                # 'update' ran after the source was moved: its catalog gets the old one's translations.
                catalog = _merged_into(read_catalog(target), catalog)
            if not (target.exists() and target.suffix == ".pot"):  # a template made since is newer
                target.parent.mkdir(parents=True, exist_ok=True)
                write_catalog(catalog, target)
            path.unlink()
            moves.append((path, target))
    return RenameResult(old, new, tuple(moves))



def _merged_into(current: Catalog, previous: Catalog) -> Catalog:
    """``current`` with every untranslated entry that ``previous`` translated taken from it (state, stamp
    and comments included), and ``previous``'s other translated entries kept as obsolete ones."""
    for unit in previous:
        if not unit.msgid or not unit.msgstr:
            continue
        there = current.get(unit.key)
        if there is None:
            current.append(unit.changed(obsolete=True, references=()))
        elif there.state == State.UNTRANSLATED:
            current.put(unit.changed(references=there.references, obsolete=False), replacing=there)
    return current
