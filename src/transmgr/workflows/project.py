"""A loaded transmgr project: configuration, source documents and catalog paths."""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from transmgr.catalog import Catalog, read_catalog
from transmgr.config import Config, load_config
from transmgr.errors import LanguageError, SourceError
from transmgr.formats import Format, format_for, segment_document, suffixes
from transmgr.languages import base_language
from transmgr.locking import write_lock
from transmgr.segment import Document

# Files a project folder usually holds that are not documents to translate.
_PROJECT_FILES = ("README", "CHANGELOG", "CHANGES", "LICENSE", "CONTRIBUTING", "CODE_OF_CONDUCT", "SECURITY",
                  "TRANSLATION", "AUTHORS", "NOTICE", "HISTORY", "ARCHITECTURE")


@dataclass(frozen=True)
class SourceDocument:
    """A source document: its name (path under source/ without suffix) and file."""

    name: str
    path: Path


def po_name(lang: str, doc: str) -> str:
    """Where the PO file of ``doc`` in ``lang`` is, relative to the locales folder (gettext's layout)."""
    return f"{lang}/LC_MESSAGES/{doc}.po"


@dataclass(frozen=True)
class Project:
    """The project in one folder; every workflow takes one."""

    config: Config

    @classmethod
    def load(cls, root: str | Path = ".") -> Project:
        """Load the project whose configuration is in ``root`` (its ``[limits]`` and ``[word]`` code
        styles become the process's)."""
        from transmgr.formats.limits import configure_limits
        from transmgr.formats.word.package import configure_code_styles

        config = load_config(root)
        configure_limits(source_mb=config.limits.source_mb, part_mb=config.limits.part_mb)
        configure_code_styles(list(config.word.code_styles) if config.word.code_styles is not None else None,
                              config.word.monospaced)
        return cls(config)

    @property
    def root(self) -> Path:
        return self.config.root

    def relative(self, path: Path) -> str:
        """``path`` relative to the project root, with forward slashes, for references."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def documents(self, names: tuple[str, ...] | list[str] | None = None) -> list[SourceDocument]:
        """The source documents, sorted by name; ``names`` picks some (an unknown name is an error)."""
        folder = self.config.source_dir
        if not folder.is_dir():
            raise SourceError(
                "source folder not found", path=folder,
                hint="create it and put documents in it, or set source_dir in the configuration",
            )
        found: dict[str, Path] = {}
        known = suffixes()
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix.lower() in known and not path.name.startswith("."):
                name = path.relative_to(folder).with_suffix("").as_posix()
                if name in found:
                    raise SourceError(
                        f"two source documents are named {name!r} ({found[name].name} and {path.name})",
                        path=path, hint="rename one: a document's name is its path without the suffix",
                    )
                found[name] = path
        if names:
            missing = [n for n in names if n not in found]
            if missing:
                raise SourceError(
                    f"no source document named {missing[0]!r}", path=folder,
                    hint=f"known documents: {', '.join(found) or 'none'}",
                )
            return [SourceDocument(n, found[n]) for n in names]
        return [SourceDocument(n, p) for n, p in found.items()]

    def skipped(self) -> list[tuple[Path, str]]:
        """Files a user may have meant as documents that ``update`` does not read, with why: files of a
        type no format reads under source/, and documents left in the project folder itself."""
        known = suffixes()
        found: list[tuple[Path, str]] = []
        folder = self.config.source_dir
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.name.startswith(".") and path.suffix.lower() not in known:
                    found.append((path, f"not a type transmgr reads (it reads {', '.join(known)})"))
        brief = self.config.draft_brief
        for path in sorted(self.root.iterdir()):
            if (path.is_file() and path.suffix.lower() in known and path != brief
                    and not path.stem.upper().startswith(_PROJECT_FILES)):
                found.append((path, f"documents are read from {self.relative(folder)}/ only: move it there to "
                                    "translate it"))
        return found

    def languages(self, selected: tuple[str, ...] | list[str] | None = None) -> tuple[str, ...]:
        """The project's languages, or the ``selected`` ones after checking the project has them."""
        if not selected:
            return self.config.languages
        return tuple(self.language(lang) for lang in selected)

    def language(self, lang: str) -> str:
        """The project's code for ``lang``: itself, or the same language written otherwise (``BE``,
        ``be_BY``, ``be-by`` for ``be``); anything else is a :class:`LanguageError` with a suggestion."""
        known = self.config.languages
        if lang in known:
            return lang
        folded = lang.replace("-", "_").lower()
        same = [code for code in known if code.replace("-", "_").lower() == folded]
        if not same:
            same = [code for code in known if code.lower() == base_language(lang)]
        if len(same) == 1:
            return same[0]
        close = difflib.get_close_matches(lang.lower(), [code.lower() for code in known], n=1, cutoff=0.5)
        suggestion = next((code for code in known if close and code.lower() == close[0]), None)
        raise LanguageError(
            f"language {lang!r} is not one of this project's languages"
            + (f" (did you mean {suggestion!r}?)" if suggestion else ""), path=self.config.config_path,
            hint=f"use one of {', '.join(known)} or add it to 'languages'",
        )

    @contextlib.contextmanager
    def writing(self, catalogs: Iterable[tuple[str, str]] | None = None, templates: Iterable[str] = ()
                ) -> Iterator[None]:
        """Hold the locks of the catalogs ``(lang, doc)`` and templates ``doc`` about to be read, changed
        and replaced (without arguments: every catalog and template of the project).

        One lock per file, so that writers of different catalogs (a server per language group, a
        draft of be while ru is reviewed) never wait for each other. Locks are always taken in one
        order — templates before catalogs, then by language, then by document — so two writers
        wanting overlapping sets cannot deadlock; a writer takes every lock it needs at once.
        """
        if catalogs is None and not templates:
            catalogs, templates = self.every_catalog(), [doc.name for doc in self._documents_or_none()]
        wanted = sorted({("0", "", doc) for doc in templates} | {("1", lang, doc) for lang, doc in catalogs or ()})
        with contextlib.ExitStack() as stack:
            for kind, lang, doc in wanted:
                path = self.pot_path(doc) if kind == "0" else self.po_path(lang, doc)
                stack.enter_context(write_lock(self.lock_path(lang, doc), f"the catalogs of {self.root} "
                                               f"({self.relative(path)})", sweep=path))
            yield

    def lock_path(self, lang: str, doc: str) -> Path:
        """The lock file of ``lang``'s catalog of ``doc`` (``lang`` empty: its template)."""
        safe = doc.replace("/", "%2F")
        return self.config.cache_dir / "locks" / (lang or "templates") / f"{safe}.lock"

    def every_catalog(self) -> list[tuple[str, str]]:
        """(lang, doc) of every catalog the project has or its documents will have."""
        names = {doc.name for doc in self._documents_or_none()}
        return sorted({(lang, doc) for lang in self.config.languages for doc in names | set(self.catalog_docs(lang))})

    def _documents_or_none(self) -> list[SourceDocument]:
        try:
            return self.documents()
        except SourceError:
            return []  # an unreadable source folder: the catalogs that exist are still locked

    @contextlib.contextmanager
    def building(self) -> Iterator[None]:
        """Hold the project's build lock: write under build/ only inside it."""
        with write_lock(self.config.cache_dir / "build.lock", f"the build folder of {self.root}",
                        sweep=self.config.build_dir):
            yield

    def pot_path(self, doc: str) -> Path:
        return self.config.locales_dir / f"{doc}.pot"

    def po_path(self, lang: str, doc: str) -> Path:
        return self.config.locales_dir / po_name(lang, doc)

    def format_of(self, doc: SourceDocument | Path) -> Format:
        """The format of a source document, with the project's settings for it."""
        return format_for(doc.path if isinstance(doc, SourceDocument) else doc)

    def segment(self, doc: SourceDocument) -> Document:
        """Segment one source document with the project's settings."""
        return segment_document(
            doc.path, name=doc.name, level=self.config.segmentation, language=self.config.source_language,
            fmt=self.format_of(doc),
        )

    def catalog_docs(self, lang: str) -> list[str]:
        """The document names of every PO file of ``lang`` under locales/, whether or not the document
        still exists (sorted)."""
        folder = self.config.locales_dir / lang / "LC_MESSAGES"
        if not folder.is_dir():
            return []
        return sorted(path.relative_to(folder).with_suffix("").as_posix() for path in folder.rglob("*.po")
                      if path.is_file() and not path.name.startswith("."))

    def orphans(self) -> list[tuple[str, str]]:
        """(language, document) of every catalog whose source document is gone (renamed or removed)."""
        try:
            present = {doc.name for doc in self.documents()}
        except SourceError:
            present = set()
        return [(lang, doc) for lang in self.config.languages for doc in self.catalog_docs(lang) if doc not in present]

    def load_catalog(self, lang: str, doc: str, *, keep: bool = True) -> Catalog | None:
        """The PO file of ``lang`` for ``doc``, or None when it does not exist yet (``keep=False``: for
        a reader that never writes it back, its entries' text as read is not kept)."""
        path = self.po_path(lang, doc)
        return read_catalog(path, keep=keep) if path.exists() else None
