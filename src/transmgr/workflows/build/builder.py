"""One build run's work: for each document, resolve every language, judge it against its threshold,
write its editions (or, in a worker process, collect them for the parent to write), remove what is
outdated, and write the parallel page and the index. Only a file build itself wrote is ever
removed (see :mod:`transmgr.workflows.build.record`); any other stays, reported.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

from transmgr.catalog import Catalog, State
from transmgr.catalog.lean import Lookup, lookup
from transmgr.editions import (
    IndexEntry,
    render_index,
    render_parallel,
    source_edition,
)
from transmgr.editions.page import relative_href
from transmgr.errors import BuildError, CatalogError, TransmgrError
from transmgr.files import write_bytes_status
from transmgr.formats import format_label
from transmgr.formats.base import count_words
from transmgr.segment import Document
from transmgr.workflows.build.model import (
    EDITIONS,
    INDEX_PATH,
    EditionResult,
    Resolved,
    edition_kinds,
    output_path,
    parallel_path,
    percent_done,
    relative,
    resolve_edition,
    result_from_json,
    result_to_json,
)
from transmgr.workflows.build.record import BuildRecord, digest_of
from transmgr.workflows.fingerprint import code_fingerprint
from transmgr.workflows.project import Project, SourceDocument, po_name
from transmgr.workflows.status_rows import edition_score


class Builder:
    """One build run: options, the build folder, and what has been written."""

    def __init__(self, project: Project, formats: tuple[str, ...], include_drafts: bool, policy: str,
                 day: dt.date, record: BuildRecord | None = None, min_score: float | None = None,
                 documents: list[SourceDocument] | None = None) -> None:
        self.project = project
        self.config = project.config
        self.formats = formats
        self.min_score = min_score  # the lowest document score (a judge's assessments) an edition is built with
        self.include_drafts = include_drafts
        self.policy = policy
        self.day = day
        self.out = self.config.build_dir
        self.written: list[Path] = []
        self.pages: list[Path] = []
        self.titles: dict[str, str] = {}  # document -> source title, for the index
        self.record = record
        self.skipped: set[tuple[str, str]] = set()  # (lang, doc) judged not good enough in this run
        self.broken: dict[tuple[str, str], str] = {}  # (lang, doc) whose catalog does not parse: why
        self.gone: list[Path] = []  # outputs of documents no longer in the project, removed
        self.suffixes: dict[str, str] = {}  # document -> the suffix of its edition in its own format
        self.signatures: dict[str, str] = {}  # document -> its input signature when its key was computed
        self._documents = documents  # every document of the project, when the caller listed them already
        self._present: set[str] | None = None  # the files in build/, listed for the index
        self._common: tuple[tuple[str, ...], bytes] | None = None
        self._locales: str | None = None  # the locales folder, for the inputs' signatures
        self._folders: dict[str, Path] = {}  # folders of build/ by relative name, for the paths of reused results
        # In a worker process (see _render_in_worker): outputs are written and what was written is
        # collected for the parent's record; outdated editions are named, not removed (the parent removes).
        self.pending: list[Written] | None = None
        self.to_remove: list[str] = []

    def all_documents(self) -> list[SourceDocument]:
        """The project's documents, listed once per build."""
        if self._documents is None:
            self._documents = self.project.documents()
        return self._documents

    def _settings(self, doc: SourceDocument, langs: tuple[str, ...]) -> bytes:
        config = self.config
        if self._common is None or self._common[0] != langs:
            self._common = (langs, code_fingerprint().encode() + json.dumps([
                self.formats, langs, self.include_drafts, self.policy, self.day.isoformat(), config.source_language,
                self.min_score, config.segmentation, list(config.languages),
                [config.build.threshold_for(lang) for lang in config.languages], config.word.code_styles,
                config.word.monospaced,
            ]).encode())
        return self._common[1] + json.dumps(doc.name).encode()

    def _inputs(self, doc: SourceDocument) -> list[Path]:
        return [doc.path, *(self.project.po_path(lang, doc.name) for lang in self.config.languages)]

    def document_key(self, doc: SourceDocument, langs: tuple[str, ...]) -> str:
        """A digest of everything the editions of ``doc`` are made from: its source's bytes, every
        language's catalog (the HTML editions link the languages published), the build's settings
        and transmgr's own code."""
        parts = [_read_or_none(self._inputs(doc)[0]), self._settings(doc, langs)]
        parts += [_read_or_none(path) for path in self._inputs(doc)[1:]]
        digest = hashlib.sha256()
        for part in parts:
            digest.update(len(part).to_bytes(8, "little") + part)
        return digest.hexdigest()

    def input_signature(self, doc: SourceDocument, langs: tuple[str, ...]) -> str:
        """What the files ``doc``'s editions are made from look like without reading them: each one's
        inode, size and modification time, with the build's settings. Equal to the signature a
        recorded build saw, the files are taken to hold the same bytes (as make takes them), and
        the recorded key is used without reading and hashing them again."""
        digest = hashlib.sha256(self._settings(doc, langs))
        if self._locales is None:
            self._locales = str(self.project.config.locales_dir)
        # the paths of _inputs as strings: 8,000 Path objects were a fifth of a 2,000-document rebuild's signatures
        for path in [str(doc.path), *(f"{self._locales}/{po_name(lang, doc.name)}" for lang in self.config.languages)]:
            try:
                stat = os.stat(path)
                digest.update(f"{stat.st_ino}:{stat.st_size}:{stat.st_mtime_ns};".encode())
            except OSError:
                digest.update(b"-;")
        return digest.hexdigest()

    def reuse(self, doc: SourceDocument, entry: dict[str, object]) -> list[EditionResult]:
        """The results recorded for ``doc`` by the build that wrote its files (nothing written now)."""
        results = [result_from_json(self.out, item, self._folders) for item in entry["results"]]  # type: ignore[attr-defined]
        self.titles[doc.name] = str(entry.get("title") or doc.name)
        for result in results:
            if not result.built:
                self.skipped.add((result.lang, doc.name))
        if "html" in self.formats and parallel_path(doc.name) in entry.get("outputs", ()):  # type: ignore[operator]
            self.pages.append(self.out / parallel_path(doc.name))  # there as written: see unchanged_document
        return results

    def apply(self, doc: SourceDocument, rendered: Rendered) -> list[EditionResult]:
        """Record what a worker wrote for ``doc``, remove its outdated editions, complete its results."""
        paths = {relative(self.out, path): path for result in rendered.results for path in result.files}
        written = set()
        for output in rendered.outputs:
            if self.record is not None:
                self.record.noted(output.rel, output.digest, output.size, output.mtime_ns)
            if output.changed:
                self.written.append(paths.get(output.rel) or self.out / output.rel)
                written.add(output.rel)
        self.titles[doc.name] = rendered.title
        results = []
        for result in rendered.results:
            removed: list[Path] = []
            kept: list[tuple[Path, str]] = []
            if result.lang in rendered.to_remove:
                self.skipped.add((result.lang, doc.name))
                removed, kept = self.remove_edition(doc.name, result.lang)
            results.append(dataclasses.replace(
                result, written=tuple(p for p in result.files if relative(self.out, p) in written), removed=tuple(removed),
                kept=tuple(kept)))
        if "html" in self.formats and (self.out / parallel_path(doc.name)).is_file():
            self.pages.append(self.out / parallel_path(doc.name))  # none without a published translation
        return results

    def remember(self, doc: SourceDocument, key: str, results: list[EditionResult]) -> None:
        if self.record is None:
            return
        outputs = [relative(self.out, path) for result in results for path in result.files]
        if "html" in self.formats and (self.out / parallel_path(doc.name)).is_file():
            outputs.append(parallel_path(doc.name))  # none when no language but the source was published
        self.record.remember_document(doc.name, key, self.titles.get(doc.name, doc.name),
                                      [result_to_json(self.out, r) for r in results], outputs,
                                      self.signatures.get(doc.name))

    def write(self, rel: str, data: str | bytes) -> Path:
        path = self.out / rel
        encoded = data if isinstance(data, bytes) else data.encode("utf-8")
        changed, stat = write_bytes_status(path, encoded, durable=False)  # an edition can be built again
        if self.pending is not None:  # a worker: the files are written where they are made, in parallel
            self.pending.append(Written(rel, digest_of(encoded), stat.st_size, stat.st_mtime_ns, changed))
            return path
        if self.record is not None:
            self.record.note(rel, encoded)
        if changed:
            self.written.append(path)
        return path

    def resolve(self, doc: SourceDocument, document: Document, lang: str, weights: list[int]) -> Resolved:
        try:
            catalog = self._catalog(lang, doc.name)
        except CatalogError as exc:  # this language is not built and says why; the others are
            self.broken[(lang, doc.name)] = str(exc)
            catalog = None
        return resolve_edition(
            document, lang, self.config.source_language, catalog, weights,
            include_drafts=self.include_drafts, policy=self.policy,
        )

    def _catalog(self, lang: str, doc: str) -> Catalog | Lookup | None:
        """The catalog of ``doc`` in ``lang`` as the build reads it: by the lean read when that can
        (each entry's strings and state, what an edition and an MO file need: a third of the full read's
        time), else in full (another layout or charset, or an error to report with its line; and
        whenever the build needs more of an entry: its line for the 'fail' policy, the judge's
        assessments for a minimum score)."""
        if self.policy != "fail" and self.min_score is None:
            found = lookup(self.project.po_path(lang, doc))
            if found is not None:
                return found
        return self.project.load_catalog(lang, doc, keep=False)  # a build never writes one back

    def verdict(self, doc: str, resolved: Resolved) -> tuple[bool, float, float, str | None]:
        """(built, percent, threshold, reason)."""
        edition = resolved.edition
        lang = edition.lang
        threshold = self.config.build.threshold_for(lang)
        percent = percent_done(edition, self.include_drafts)
        if (lang, doc) in self.broken:
            return False, percent, threshold, f"its catalog cannot be read: {self.broken[(lang, doc)]}"
        if edition.is_source:
            return True, percent, threshold, None
        if resolved.catalog is None:
            path = self.project.relative(self.project.po_path(lang, doc))
            return False, percent, threshold, f"no catalog {path} yet (run 'transmgr update')"
        if self.min_score is not None:
            score = edition_score(resolved, self.project.format_of(next(iter(self.project.documents([doc])))))
            if score is not None and score + 1e-9 < self.min_score:
                return False, percent, threshold, (f"the judge's score is {score:g}, below the minimum of "
                                                   f"{self.min_score:g} (see 'transmgr check' and the review queue)")
        if percent + 1e-9 < threshold:
            total = edition.total_words
            needed = math.ceil(threshold * total / 100 - 1e-9) - round(percent * total / 100)
            drafted = 0 if self.include_drafts else sum(
                1 for entry in resolved.catalog if not entry.obsolete and entry.msgid and entry.state is State.DRAFT)
            left_out = (f"; {drafted} draft{'s' if drafted != 1 else ''} left out, awaiting review "
                        "('transmgr build --include-drafts' publishes them)") if drafted else ""
            return False, percent, threshold, (
                f"{percent:.1f}% of source words translated{' (drafts included)' if self.include_drafts else ''}, "
                f"below the {threshold:g}% threshold "
                f"({needed} more word{'s' if needed != 1 else ''} to translate){left_out}"
            )
        return True, percent, threshold, None

    def fail_on_untranslated(self, doc: SourceDocument, resolved: Resolved) -> None:
        if self.policy != "fail" or not resolved.untranslated:
            return
        line, entry = resolved.untranslated[0]
        lang = resolved.edition.lang
        count = len(resolved.untranslated)
        what = f"{lang}/{doc.name}: {count} untranslated segment{'s' if count != 1 else ''} and build.untranslated is 'fail'"
        if entry is None:
            raise BuildError(what + "; this one is not in the catalog", path=doc.path, line=line,
                             hint="run 'transmgr update', translate it, or build with --untranslated fallback")
        raise BuildError(what, path=self.project.po_path(lang, doc.name), line=entry.line or None,
                         hint=f"translate (or accept) {'it' if count == 1 else 'them'}, or build with --untranslated "
                              "fallback or omit")

    def build_document(self, doc: SourceDocument, langs: tuple[str, ...]) -> list[EditionResult]:
        """Resolve every language of one document, then write the selected editions and its parallel page."""
        document = self.project.segment(doc)
        fmt = self.project.format_of(doc)
        self.titles[doc.name] = fmt.title(document) or doc.name
        weights = [count_words(segment.text, fmt) for segment in document.segments()]
        wanted = self.config.languages if "html" in self.formats else langs
        resolved = {lang: self.resolve(doc, document, lang, weights) for lang in wanted}
        verdicts = {lang: self.verdict(doc.name, r) for lang, r in resolved.items()}
        for lang in langs:
            if verdicts[lang][0]:
                self.fail_on_untranslated(doc, resolved[lang])
        published = [lang for lang in self.config.languages if lang in verdicts and verdicts[lang][0]]
        results = []
        for lang in langs:
            built, percent, threshold, reason = verdicts[lang]
            before = len(self.written)
            files: list[Path] = []
            removed: list[Path] = []
            kept: list[tuple[Path, str]] = []
            if built:
                files = self.write_edition(doc, resolved[lang], published)
            elif self.pending is not None:
                self.to_remove.append(lang)
            else:
                self.skipped.add((lang, doc.name))
                removed, kept = self.remove_edition(doc.name, lang)
            results.append(EditionResult(
                doc.name, lang, built, percent, threshold,
                {s.value: n for s, n in resolved[lang].edition.words.items() if n},
                tuple(files), tuple(self.written[before:]), tuple(removed), reason, resolved[lang].missing,
                tuple(kept), unreadable=(lang, doc.name) in self.broken,
            ))
        if "html" in self.formats:
            self.write_parallel(doc, document, resolved, published, whole=set(langs) >= set(self.config.languages))
        return results

    def suffix(self, doc: str) -> str:
        """The suffix of ``doc``'s edition in its own format (``.md``, ``.docx``, ``.html``, ``.txt``)."""
        if doc not in self.suffixes:
            self.suffixes.update({d.name: self.project.format_of(d).edition_suffix
                                  for d in self.all_documents()})
        return self.suffixes.get(doc, ".md")

    def kinds(self, doc: str) -> tuple[str, ...]:
        """The editions this build makes of ``doc`` (source, html, txt, mo) for the formats asked."""
        return edition_kinds(self.formats, self.suffix(doc))

    def rel(self, kind: str, lang: str, doc: str) -> str:
        """Where the ``kind`` edition of ``doc`` in ``lang`` goes."""
        return output_path(kind, lang, doc, self.suffix(doc))

    def write_edition(self, doc: SourceDocument, resolved: Resolved, published: list[str]) -> list[Path]:
        files = []
        for kind in self.kinds(doc.name):
            rel = self.rel(kind, resolved.edition.lang, doc.name)
            data = EDITIONS.get(kind)(self, doc, resolved, published, rel)
            if data is not None:
                files.append(self.write(rel, data))
        return files

    def remove_edition(self, doc: str, lang: str) -> tuple[list[Path], list[tuple[Path, str]]]:
        """Remove the outdated outputs of an edition that build wrote; keep (and say why) any other file."""
        removed: list[Path] = []
        kept: list[tuple[Path, str]] = []
        for kind in self.kinds(doc):
            rel = self.rel(kind, lang, doc)
            path = self.out / rel
            if not path.exists() and not path.is_symlink():
                continue
            why = self.record.why_not_removable(rel) if self.record is not None else "no build record"
            if why is not None:
                kept.append((path, why))
                continue
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise BuildError(f"cannot remove an outdated edition: {exc.strerror}", path=path) from exc
            if self.record is not None:
                self.record.forget(rel)
            removed.append(path)
        return removed, kept

    def write_parallel(self, doc: SourceDocument, document: Document, resolved: dict[str, Resolved],
                       published: list[str], *, whole: bool = True) -> None:
        """The parallel page of ``doc``; with no translation to put beside the source, none (an older one is
        removed when this build covers every language, ``whole``: a build of one language leaves the others'
        pages as they are)."""
        source = self.config.source_language
        if not any(lang != source for lang in published):
            if whole:
                self.remove_page(parallel_path(doc.name))
            return
        first = resolved[source].edition if source in published else source_edition(document, source)
        columns = [first] + [resolved[lang].edition for lang in published if lang != source]
        not_included = [lang for lang in self.config.languages if lang not in published]
        rel = parallel_path(doc.name)
        fmt = self.project.format_of(doc)
        self.pages.append(self.write(rel, render_parallel(
            columns, self.day, title=fmt.edition_title(first) or doc.name, render_piece=fmt.piece_html,
            index_href=relative_href(rel, INDEX_PATH), not_included=not_included,
        )))

    def remove_gone(self, present: set[str]) -> None:
        """Remove the recorded outputs of documents no longer in the project (renamed or deleted)."""
        if self.record is None:
            return
        for name in [name for name in self.record.documents if name not in present]:
            for rel in self.record.documents[name].get("outputs", []):
                path = self.out / rel
                if path.is_file() and self.record.why_not_removable(rel) is None:
                    path.unlink(missing_ok=True)
                    self.record.forget(rel)
                    self.gone.append(path)
            self.record.forget_document(name)

    def remove_page(self, rel: str) -> None:
        """Remove a page build wrote earlier that no longer has a reason to be (kept if someone changed it)."""
        path = self.out / rel
        if self.pending is not None or not path.is_file() or (
                self.record is not None and self.record.why_not_removable(rel) is not None):
            return
        path.unlink(missing_ok=True)
        if self.record is not None:
            self.record.forget(rel)

    def index_key(self) -> str:
        """A digest of everything the index is made from, in a build of every document: each one's
        name, title and languages skipped, the files in build/, the settings and transmgr's code."""
        present = _files_under(self.out)
        skipped: dict[str, list[str]] = {}
        for lang, name in sorted(self.skipped):
            skipped.setdefault(name, []).append(lang)
        listed = [(doc.name, self.titles.get(doc.name), skipped.get(doc.name, [])) for doc in self.all_documents()]
        return hashlib.sha256(json.dumps([code_fingerprint(), listed, sorted(present), self.formats,
                                          list(self.config.languages), self.config.source_language]).encode()
                              ).hexdigest()

    def write_index(self) -> None:
        """The index of every document of the project, linking the editions present in build/."""
        self._present = _files_under(self.out)
        entries = []
        for doc in self.all_documents():
            title = self.titles.get(doc.name) or self.source_title(doc)
            editions: dict[str, list[tuple[str, str]]] = {}
            for lang in self.config.languages:
                if (lang, doc.name) in self.skipped:
                    continue  # whatever is left of it (a file build did not write) is not an edition to link
                files = self.index_links(doc, lang)
                if files:
                    editions[lang] = files
            parallel = parallel_path(doc.name)
            entries.append(IndexEntry(doc.name, title, editions,
                                      relative_href(INDEX_PATH, parallel) if self._is_file(parallel) else None))
        self.pages.append(self.write(INDEX_PATH, render_index(entries, self.config.source_language)))

    def index_links(self, source: SourceDocument, lang: str) -> list[tuple[str, str]]:
        """The index's links to the editions of ``source`` in ``lang`` present in build/: ``(label, href)``,
        the HTML one first, each file once (a web page's own edition is its HTML one)."""
        order = ["html", *(kind for kind in EDITIONS if kind != "html")]
        doc = source.name
        own = format_label(self.project.format_of(source).name)
        links: dict[str, str] = {}
        for kind in order:
            rel = self.rel(kind, lang, doc)
            if not self._is_file(rel):
                continue
            href = relative_href(INDEX_PATH, rel)
            if href not in links:
                label = EDITIONS.info(kind).label
                links[href] = own if not label or rel.endswith(self.suffix(doc)) else label
        return [(label, href) for href, label in links.items()]

    def _is_file(self, rel: str) -> bool:
        """``rel`` is a file in build/ (from the folder's listing made for the index, else asked)."""
        present = self._present
        return rel in present if present is not None else (self.out / rel).is_file()

    def source_title(self, doc: SourceDocument) -> str:
        try:
            document = self.project.segment(doc)
        except TransmgrError:
            return doc.name  # an unreadable document not built in this run: its name will do
        return self.project.format_of(doc).title(document) or doc.name


@dataclass(frozen=True)
class Written:
    """A file a worker process wrote (or found as it would have written it: ``changed`` False)."""

    rel: str
    digest: str
    size: int
    mtime_ns: int
    changed: bool


@dataclass(frozen=True)
class Rendered:
    """One document's editions built by a worker process, for the parent to record."""

    title: str
    results: list[EditionResult]
    outputs: list[Written]
    to_remove: list[str]
    key: str  # the digest of the inputs it was made from (Builder.document_key), made by the worker


def _files_under(folder: Path) -> set[str]:
    """The files (or links to files) under ``folder``, by path relative to it: one listing, no stat
    of each regular file."""
    found: set[str] = set()
    pending = [(folder, "")]
    while pending:
        here, prefix = pending.pop()
        try:
            entries = list(os.scandir(here))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append((Path(entry.path), f"{prefix}{entry.name}/"))
            elif entry.is_file():
                found.add(prefix + entry.name)
    return found


def _read_or_none(path: Path) -> bytes:
    try:
        return b"+" + path.read_bytes()
    except OSError:
        return b"-"  # missing (or unreadable, which building reports)
