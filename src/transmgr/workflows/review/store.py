"""One language's catalogs for a review: read through :class:`CatalogFile`, re-read when changed, saved under lock.

Reading and writing is :class:`transmgr.catalog.store.CatalogFile`'s (bytes kept, replaced only if
unchanged); this module adds what a long review session needs on top: a catalog read once and read
again only when its file changed, a version number per document, and a header stamped with the
reviewer and the time on every save.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from transmgr.catalog import Catalog, Unit
from transmgr.catalog.po import po_date
from transmgr.catalog.store import CatalogFile
from transmgr.errors import ReviewError
from transmgr.workflows.project import Project
from transmgr.workflows.review.items import Key, active_entries


def touch_header(catalog: Catalog, who: str, now: dt.datetime | None = None) -> None:
    """Set Last-Translator and PO-Revision-Date to the reviewer and the time of the change."""
    catalog.set_fields({"Last-Translator": who, "PO-Revision-Date": po_date(now)})


class CatalogStore:
    """One language's catalogs, read once and read again only when the file changed on disk.

    Changes are made inside :meth:`transaction`, which holds the project's lock and brings every
    catalog up to date with the disk first, so they apply to what another writer left there.
    """

    def __init__(self, project: Project, lang: str) -> None:
        lang = project.language(lang)
        self.project = project
        self.lang = lang
        self._cache: dict[str, tuple[CatalogFile, tuple[int, int, int]]] = {}
        self.versions: dict[str, int] = {}
        self._verify = False

    def path(self, doc: str) -> Path:
        return self.project.po_path(self.lang, doc)

    @staticmethod
    def _signature(path: Path) -> tuple[int, int, int]:
        stat = path.stat()
        return (stat.st_ino, stat.st_mtime_ns, stat.st_size)

    def get(self, doc: str) -> Catalog | None:
        """The catalog of ``doc`` as it is on disk now, or None when there is none.

        Outside a transaction a changed file is noticed by its inode, time and size; inside one
        by its bytes, which nothing can fool.
        """
        path = self.path(doc)
        if not path.exists():
            self._cache.pop(doc, None)
            return None
        cached = self._cache.get(doc)
        signature = self._signature(path)
        if cached is not None and cached[1] == signature and not (self._verify and cached[0].changed()):
            return cached[0].catalog
        file = CatalogFile.read(path)
        self._cache[doc] = (file, signature)
        self.versions[doc] = self.versions.get(doc, 0) + 1
        return file.catalog

    @contextlib.contextmanager
    def transaction(self, docs: Iterable[str] | None = None) -> Iterator[None]:
        """Hold the locks of this language's catalogs of ``docs`` (default: all of them); inside,
        :meth:`get` compares bytes and :meth:`save` may write."""
        names = list(docs) if docs is not None else sorted(
            {d.name for d in self.project.documents()} | set(self.project.catalog_docs(self.lang)))
        with self.project.writing([(self.lang, doc) for doc in names]):
            outer, self._verify = self._verify, True
            try:
                yield
            finally:
                self._verify = outer

    def forget(self, doc: str) -> None:
        """Drop what is held of ``doc``: changes made in memory and not saved are gone, the file is read again."""
        self._cache.pop(doc, None)

    def put(self, doc: str, unit: Unit, *, replacing: Unit) -> None:
        """Store ``unit`` in ``doc``'s catalog in place of ``replacing`` (saved by :meth:`save`)."""
        catalog = self.get(doc)
        assert catalog is not None
        catalog.put(unit, replacing=replacing)

    def save(self, doc: str, who: str) -> Path:
        """Write ``doc``'s catalog with a current header (inside :meth:`transaction` only)."""
        if not self._verify:
            raise AssertionError("CatalogStore.save outside a transaction")
        file, _ = self._cache[doc]
        assert file.catalog is not None
        touch_header(file.catalog, who)
        try:
            file.save(file.catalog)
        finally:
            # Written or not, the next get() reads the file again if it is not what we hold.
            self._cache[doc] = (file, self._signature(file.path) if file.path.exists() else (0, 0, 0))
        self.versions[doc] = self.versions.get(doc, 0) + 1
        return file.path

    def catalogs(self, docs: Sequence[str] | None = None) -> Iterator[tuple[str, Catalog]]:
        """(doc, catalog) for every selected document that has a catalog in this language."""
        found = []
        for source in self.project.documents(list(docs) if docs else None):
            catalog = self.get(source.name)
            if catalog is None:
                if docs:
                    raise ReviewError(f"no {self.lang} catalog for {source.name!r}", path=self.path(source.name),
                                      hint="run 'transmgr update' to create it")
                continue
            found.append((source.name, catalog))
        if not found:
            raise ReviewError(f"no {self.lang} catalog to review", path=self.project.config.locales_dir,
                              hint="run 'transmgr update' to create the catalogs")
        yield from found

    def find(self, doc: str, key: Key) -> tuple[int, Unit] | None:
        """(entry number, entry) of the active entry with ``key`` in ``doc``'s current catalog."""
        catalog = self.get(doc)
        for number, entry in enumerate(active_entries(catalog) if catalog is not None else (), start=1):
            if entry.key == key:
                return number, entry
        return None
