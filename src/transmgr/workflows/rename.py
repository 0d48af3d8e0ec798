"""Moving a document with its template, catalogs and review history.

``rename_document`` moves a source document, its template, every language's catalog and its
review history to a new name, rewriting the ``#:`` references; states and review stamps stay (a
stamp's digest covers the texts, not the file name).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from transmgr.catalog import Catalog, State, read_catalog, write_catalog
from transmgr.errors import SourceError
from transmgr.workflows.project import Project
from transmgr.workflows.review.journal import journal_path


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

    with project.writing([(lang, name) for lang in config.languages for name in (old, new)], [old, new]):
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
        for lang, _ in catalogs:
            history, moved = (journal_path(config.locales_dir, lang, name) for name in (old, new))
            if history.exists():
                moved.parent.mkdir(parents=True, exist_ok=True)
                with moved.open("ab") as out:  # after a history the new name may have begun already
                    out.write(history.read_bytes())
                history.unlink()
                moves.append((history, moved))
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
