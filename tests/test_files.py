"""Files are written whole or not at all, never over someone else's change, and temporary files a
killed writer left are cleaned up."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from transmgr.files import (
    FileChanged,
    read_bytes_or_none,
    remove_stray_temporaries,
    replace_if_unchanged,
    write_bytes_atomic,
    write_text_atomic,
)


def test_an_atomic_write_leaves_no_temporary_file_and_an_unchanged_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "be.po"
    assert write_text_atomic(path, "first\n") is True
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert write_bytes_atomic(path, b"first\n") is False  # the same bytes: not rewritten
    assert path.stat().st_mtime_ns == 1_000_000_000
    assert write_bytes_atomic(path, b"second\n", durable=False) is True
    assert path.read_bytes() == b"second\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["be.po"]


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "be.po"
    assert read_bytes_or_none(path) is None
    assert replace_if_unchanged(path, None, b"mine\n") is True
    path.write_bytes(b"theirs\n")  # a PO editor saved meanwhile
    with pytest.raises(FileChanged):
        replace_if_unchanged(path, b"mine\n", b"mine, changed\n")
    assert path.read_bytes() == b"theirs\n"


def test_stray_temporaries_of_killed_writers_are_removed_and_nothing_else(tmp_path: Path) -> None:
    (tmp_path / "be" / "LC_MESSAGES").mkdir(parents=True)
    stray = tmp_path / "be" / "LC_MESSAGES" / ".doc.po.abcd1234.transmgr-tmp"
    stray.write_bytes(b"half")
    keep = [tmp_path / "be" / "LC_MESSAGES" / "doc.po", tmp_path / ".hidden", tmp_path / "notes.tmp"]
    for path in keep:
        path.write_bytes(b"x")
    assert remove_stray_temporaries(tmp_path) == [stray]
    assert all(path.exists() for path in keep)
    assert remove_stray_temporaries(tmp_path / "missing") == []
