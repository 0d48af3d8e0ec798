"""Files are written whole or not at all, never over someone else's change, and temporary files a
killed writer left are cleaned up."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from transmgr.files import (
    FileChanged,
    fingerprint,
    read_bytes_or_none,
    remove_stray_temporaries,
    replace_if_unchanged,
    stream_if_fingerprint,
    write_bytes_atomic,
    write_bytes_status,
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


def test_a_write_keeps_the_mode_makes_the_folder_and_reports_the_status_of_what_it_wrote(tmp_path: Path) -> None:
    path = tmp_path / "build" / "be" / "doc.html"  # no folder yet
    changed, status = write_bytes_status(path, b"<p>one</p>", durable=False)
    assert changed and path.read_bytes() == b"<p>one</p>" and path.stat().st_mode & 0o777 == 0o644
    assert (status.st_size, status.st_mtime_ns, status.st_ino) == (10, path.stat().st_mtime_ns, path.stat().st_ino)
    path.chmod(0o640)
    changed, status = write_bytes_status(path, b"<p>two</p>")
    assert changed and path.stat().st_mode & 0o777 == 0o640  # the file's own mode stays
    assert status.st_mtime_ns == path.stat().st_mtime_ns
    changed, again = write_bytes_status(path, b"<p>two</p>")
    assert not changed and again.st_mtime_ns == status.st_mtime_ns


def test_a_file_where_the_folder_should_be_is_named_with_what_to_do(tmp_path: Path) -> None:
    from transmgr.errors import TransmgrError

    (tmp_path / "be").write_text("x")
    with pytest.raises(TransmgrError) as caught:
        write_bytes_atomic(tmp_path / "be" / "doc.html", b"<p>")
    assert "Not a directory" in str(caught.value) and "move it away" in str(caught.value.hint)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["be"]


def test_forked_writers_draw_different_temporary_names_that_a_later_writer_knows_for_strays(tmp_path: Path) -> None:
    """Workers forked from one build share its random state; each draws its own names all the same,
    and a name left by a killed writer is one remove_stray_temporaries takes."""
    import transmgr.files as files

    folder = tmp_path / "be"
    folder.mkdir()
    files._temporary_name(folder / "doc.html")  # the random source is made before the fork
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child's result goes through the pipe
        os.write(write, files._temporary_name(folder / "doc.html").encode())
        os._exit(0)
    mine = files._temporary_name(folder / "doc.html")
    os.close(write)
    theirs = os.read(read, 4096).decode()
    os.waitpid(child, 0)
    os.close(read)
    assert theirs != mine and Path(theirs).parent == folder
    Path(theirs).write_bytes(b"half")  # a killed writer's
    assert remove_stray_temporaries(folder) == [Path(theirs)]


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


def test_a_streamed_write_checks_the_file_first_and_rewrites_it_only_when_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "be.po"
    written, held = stream_if_fingerprint(path, None, iter([b"msgid ", b'"a"\n']))  # a new file
    assert written and path.read_bytes() == b'msgid "a"\n' and held == fingerprint(b'msgid "a"\n')
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert stream_if_fingerprint(path, held, iter([b'msgid "a"\n'])) == (False, held)  # the same bytes
    assert path.stat().st_mtime_ns == 1_000_000_000
    path.write_bytes(b"theirs\n")  # a PO editor saved meanwhile
    with pytest.raises(FileChanged):
        stream_if_fingerprint(path, held, iter([b"mine\n"]))
    assert path.read_bytes() == b"theirs\n"

    def failing() -> Iterator[bytes]:
        yield b"half of it"
        raise RuntimeError("the formatter failed")

    with pytest.raises(RuntimeError):
        stream_if_fingerprint(path, fingerprint(b"theirs\n"), failing())
    assert path.read_bytes() == b"theirs\n"  # nothing half-written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["be.po"]


def test_a_streamed_write_holds_a_chunk_at_a_time(tmp_path: Path) -> None:
    """64 MB written in 1 MB chunks by a fresh process: its peak stays far below the file's size."""
    import subprocess
    import sys

    script = (  # VmHWM: this process's own peak (ru_maxrss counts the forking process's too)
        "import re, sys\n"
        "from pathlib import Path\n"
        "from transmgr.files import stream_if_fingerprint\n"
        "stream_if_fingerprint(Path(sys.argv[1]), None, (bytes([65 + n % 26]) * (1 << 20) for n in range(64)))\n"
        "print(re.search(r'VmHWM:\\s+(\\d+)', Path('/proc/self/status').read_text()).group(1))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "big.po")], capture_output=True, text=True,
                          check=True)
    assert (tmp_path / "big.po").stat().st_size == 64 << 20
    assert int(done.stdout) < 48 * 1024  # KB: the interpreter and one chunk, not 64 MB
