"""The translation memory kept on disk: the same answers as the memory built in the process, opened
without reading the catalogs when they look as they did, and written again only when the memory changed."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import shared_corpus
from transmgr.catalog import read_catalog, set_translation, write_catalog
from transmgr.engines.memory import TranslationMemory
from transmgr.engines.memory_store import MemoryUnit, StoredMemory, open_store
from transmgr.workflows import Project, update
from transmgr.workflows.draft import run as draft_run

WORDS = ("the", "war", "must", "stop", "there", "is", "no", "bottom", "in", "belarus", "people", "say", "it", "when",
         "unthinkable", "happens", "again", "sanctions", "against", "regime", "were", "tougher", "tribunal",
         "crimes", "humanity", "limbo", "prisoners")


def _made_up(count: int, seed: int) -> list[MemoryUnit]:
    rng = random.Random(seed)
    units = []
    for n in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.choice((1, 2, 3, 5, 8, 13, 21)))]
        units.append((" ".join(words).capitalize() + ".", f"Пераклад {n}.", rng.randrange(4), f"f{n % 3}.po"))
    return units


def _queries(units: list[MemoryUnit], seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for source, *_ in rng.sample(units, 200):
        words = source.split()
        spot = rng.randrange(len(words))
        out += [source, "  " + source + " ", " ".join([*words[:spot], "revised", *words[spot + 1:]]),
                " ".join(words[:-1]) or "x"]
    return [*out, "Nothing like any of them at all, not one word.", "belarus"]


def _all(tmp_path: Path, units: list[MemoryUnit], min_score: float = 75) -> list[TranslationMemory]:
    """The memory in the process, the store read by queries of the file, and the store once loaded."""
    path = tmp_path / "be.sqlite"
    loaded = open_store(path, "sig", min_score / 100, lambda: units)
    assert isinstance(loaded, StoredMemory)
    assert loaded.ready.wait(30)
    read = StoredMemory(path, min_score / 100, load=False)
    return [TranslationMemory(units, min_score), *(TranslationMemory((), min_score, stored=s) for s in (read, loaded))]


def test_the_store_answers_as_the_memory_in_the_process(tmp_path: Path) -> None:
    units = _made_up(3000, seed=3)
    memory, read, loaded = _all(tmp_path, units)
    assert len(read) == len(loaded) == len(memory)
    for query in _queries(units, seed=4):
        assert read.lookup(query) == loaded.lookup(query) == memory.lookup(query), query


def test_the_store_answers_as_the_memory_on_real_catalogs(tmp_path: Path) -> None:
    units: list[MemoryUnit] = []
    for path in sorted(shared_corpus("python-docs-fr").rglob("*.po"))[:60]:
        units += [(u.msgid, u.msgstr, 2, path.name) for u in read_catalog(path)
                  if u.msgid and u.msgstr and not u.fuzzy and not u.msgid_plural]
    memory, read, loaded = _all(tmp_path, units)
    for query in _queries(units, seed=5)[:400]:
        assert read.lookup(query) == loaded.lookup(query) == memory.lookup(query), query


def test_a_store_is_kept_while_the_memory_is_the_same_and_written_when_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "be.sqlite"
    units = _made_up(50, seed=1)
    reads: list[int] = []

    def read() -> list[MemoryUnit]:
        reads.append(1)
        return list(units)

    open_store(path, "a", 0.75, read)
    written = path.stat().st_ino
    open_store(path, "a", 0.75, read)  # the files look as they did: nothing read
    assert len(reads) == 1
    open_store(path, "b", 0.75, read)  # they changed, the memory did not: read, compared, kept
    assert len(reads) == 2 and path.stat().st_ino == written
    open_store(path, "b", 0.75, read)  # and signed with the new signature: nothing read
    assert len(reads) == 2
    units.append(("A new reviewed sentence.", "Новы сказ.", 3, "f.po"))
    memory = open_store(path, "c", 0.75, read)  # another memory: a new store, renamed over the old
    assert len(reads) == 3 and path.stat().st_ino != written
    assert isinstance(memory, StoredMemory) and memory.exact("A new  reviewed sentence.") is not None


def test_a_damaged_store_is_written_again_and_an_unwritable_one_is_not_needed(tmp_path: Path) -> None:
    path = tmp_path / "be.sqlite"
    path.write_bytes(b"not a database at all" * 100)
    units = _made_up(20, seed=2)
    assert isinstance(open_store(path, "a", 0.75, lambda: units), StoredMemory)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        found = open_store(locked / "sub" / "be.sqlite", "a", 0.75, lambda: units)
    finally:
        locked.chmod(0o700)
    if isinstance(found, StoredMemory):
        pytest.skip("this user may write anywhere (root): the read-only folder is not read-only")
    assert found == units  # the units read: the caller keeps them in memory for this run


def test_a_draft_run_opens_the_store_without_reading_the_catalogs_again(
        make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    doc = "# Notes\n\nThe war must stop.\n\nThere is no bottom in Belarus.\n"
    root = make_project({"doc.md": doc, "old.md": "# Old\n\nThe war must stop now.\n"}, languages=["be"])
    project = Project.load(root)
    update(project)
    old = project.po_path("be", "old")
    catalog = read_catalog(old)
    for unit in list(catalog):
        if unit.msgid == "The war must stop now.":
            catalog.put(set_translation(unit, "Вайна павінна спыніцца зараз.", "translator"), replacing=unit)
    write_catalog(catalog, old)
    first = draft_run._memory(project, "be")
    assert first.lookup("The war must stop.") is not None
    read: list[str] = []
    original = draft_run._catalogs_of
    monkeypatch.setattr(draft_run, "_catalogs_of", lambda p, lang: read.append(lang) or original(p, lang))
    again = draft_run._memory(project, "be")
    assert read == [] and again.lookup("The war must stop.") == first.lookup("The war must stop.")
    assert (project.config.cache_dir / "memory" / "be.sqlite").is_file()


@pytest.mark.parametrize("pages", [(2,), (2, 3, 4, 5, 6, 7, 8)])
def test_a_store_damaged_inside_answers_from_the_catalogs_and_is_written_again(tmp_path: Path,
                                                                              pages: tuple[int, ...]) -> None:
    """Pages of the file overwritten (the first ones intact, so it opens): the lookups answer from the
    units read into the process, as before; the next run has a working store again."""
    path = tmp_path / "be.sqlite"
    units = _made_up(3000, seed=6)
    memory = TranslationMemory(units, 75)
    first = open_store(path, "a", 0.75, lambda: units)
    assert isinstance(first, StoredMemory)
    first.close()
    with path.open("r+b") as handle:
        for page in pages:
            handle.seek(page * 4096)
            handle.write(random.Random(page).randbytes(4096))

    def opened() -> TranslationMemory:
        found = open_store(path, "a", 0.75, lambda: units)
        return TranslationMemory(found, 75) if isinstance(found, list) else TranslationMemory((), 75, stored=found)

    damaged = opened()
    for query in _queries(units, seed=7)[:200]:
        assert damaged.lookup(query) == memory.lookup(query), query
    again = opened()
    assert isinstance(again._index, StoredMemory)  # a store that reads: written again
    for query in _queries(units, seed=8)[:50]:
        assert again.lookup(query) == memory.lookup(query), query


def test_a_catalog_edited_to_the_same_size_and_time_is_read_again(tmp_path: Path) -> None:
    import os

    from transmgr.engines.memory_store import files_signature

    catalog = tmp_path / "notes.po"
    catalog.write_text('msgid "Notes"\nmsgstr "Нататкі"\n', encoding="utf-8")
    before = files_signature([catalog], "be")
    stat = catalog.stat()
    catalog.write_text('msgid "Notes"\nmsgstr "Нататкa"\n', encoding="utf-8")  # the same size
    os.utime(catalog, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the time put back (touch -r)
    assert files_signature([catalog], "be") != before


def test_a_store_replaced_while_open_keeps_answering_from_what_was_opened(tmp_path: Path) -> None:
    """Another run writes a different memory over the file while this one has it open: this one's
    answers stay those of the memory it opened (its loading thread does not take the new file's units)."""
    path = tmp_path / "be.sqlite"
    units, other = _made_up(500, seed=9), _made_up(700, seed=10)
    memory = TranslationMemory(units, 75)
    opened = open_store(path, "a", 0.75, lambda: units)
    assert isinstance(opened, StoredMemory)
    opened.close()
    reading = StoredMemory(path, 0.75, load=False)
    assert isinstance(open_store(path, "b", 0.75, lambda: other), StoredMemory)  # replaced on disk
    reading._load()  # what the loading thread does
    assert not reading.ready.is_set()
    stored = TranslationMemory((), 75, stored=reading)
    for query in _queries(units, seed=11)[:100]:
        assert stored.lookup(query) == memory.lookup(query), query
