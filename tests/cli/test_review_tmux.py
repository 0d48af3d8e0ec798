"""End to end: the real interactive review in a real terminal (tmux), driven by key presses."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import msgfmt_check
from transmgr.catalog import State, accept, read_catalog, set_draft, set_translation, write_catalog
from transmgr.workflows import Project, update

DOC = """# Rivers and Hills

The first paragraph speaks of rivers.

The second paragraph speaks of mountains.

The third paragraph speaks of forests.

The fourth paragraph speaks of the sea.
"""
ANN = "Ann Reviewer <ann@example.org>"
FIRST = "The first paragraph speaks briefly of rivers."  # after the source edit
SECOND, THIRD, FOURTH = (
    "The second paragraph speaks of mountains.", "The third paragraph speaks of forests.",
    "The fourth paragraph speaks of the sea.",
)
EDITED = "Другі абзац — пра высокія горы."


def _make(make_project: Callable[..., Path]) -> Path:
    """Four entries await review; the first is a reviewed translation whose source was edited since."""
    root = make_project({"doc.md": DOC}, languages=["be", "ru"])
    update(Project.load(root))
    path = Project.load(root).po_path("be", "doc")
    catalog = read_catalog(path)
    texts = ["Рэкі і ўзгоркі", "Першы абзац гаворыць пра рэкі.", "Другі абзац гаворыць пра горы.",
             "Трэці абзац гаворыць пра лясы.", "Чацвёрты абзац гаворыць пра мора."]
    for entry, text in zip(list(catalog), texts):
        catalog.put(accept(set_translation(entry, text, "translator"), "Bob Second <bob@example.org>"), replacing=entry)
    catalog.put(set_draft(catalog[2], texts[2], "google"), replacing=catalog[2])
    catalog.put(set_translation(catalog[3], texts[3]).changed(comments=""), replacing=catalog[3])  # never reviewed
    catalog.put(set_draft(catalog[4], texts[4], "deepl"), replacing=catalog[4])
    write_catalog(catalog, path)
    source = root / "source" / "doc.md"
    source.write_text(DOC.replace("speaks of rivers", "speaks briefly of rivers"), encoding="utf-8")
    update(Project.load(root))
    return root


class Terminal:
    """A tmux server on its own socket, running one command in an 120x45 window."""

    def __init__(self, tmp_path: Path, env: dict[str, str]) -> None:
        self.socket = tmp_path / "tmux.sock"
        self.env = env

    def tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-u", "-S", str(self.socket), *args], capture_output=True, text=True,
                              env=self.env, timeout=20)
        assert done.returncode == 0, f"tmux {args[0]} failed: {done.stderr}"
        return done.stdout

    def start(self, command: str) -> None:
        self.tmux("new-session", "-d", "-x", "120", "-y", "45", command)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", *(["-l"] if literal else []), *keys)

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared on the screen:\n{screen}")

    def stop(self) -> None:
        subprocess.run(["tmux", "-S", str(self.socket), "kill-server"], capture_output=True, env=self.env, timeout=20)


def _wait_file(path: Path, timeout: float = 15.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text().strip():
            return path.read_text().strip()
        time.sleep(0.05)
    raise AssertionError(f"the review did not end (no {path.name})")


def test_review_in_a_real_terminal(make_project: Callable[..., Path], tmp_path: Path) -> None:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (apt-get install tmux): the end-to-end review test needs it")
    root = _make(make_project)
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LANG": "C.UTF-8",
           "LC_ALL": "C.UTF-8", "TERM": "xterm-256color", "SHELL": "/bin/sh", "TRANSMGR_REVIEWER": ANN}
    exit_file = tmp_path / "exit-code"
    review = shlex.join([sys.executable, "-m", "transmgr", "review", "be", "--project", str(root)])
    terminal = Terminal(tmp_path, env)
    terminal.start(f"{review}; echo $? > {shlex.quote(str(exit_file))}; sleep 60")
    try:
        # 1/4: the source was edited since the translation was reviewed: a word diff is shown.
        screen = terminal.wait_for("Review be · 1/4 · doc#2 · source/doc.md:3 · paragraph")
        assert f"Reviewing as {ANN}" in screen  # who the stamps will name, before the first action
        assert "The first paragraph speaks {+briefly +}of rivers." in screen
        assert "draft · origin: fuzzy-merge" in screen
        assert "ru  untranslated" in screen
        assert "before #1: Rivers and Hills → Рэкі і ўзгоркі" in screen
        terminal.keys("a")
        # 2/4: edit inline; readline offers the current translation to edit.
        screen = terminal.wait_for("Review be · 2/4")
        assert "draft · origin: google" in screen
        terminal.keys("e")
        screen = terminal.wait_for("> Другі абзац гаворыць пра горы.")
        terminal.keys("C-u")
        terminal.keys(EDITED, literal=True)
        terminal.keys("Enter")
        # 3/4: reject with Enter and no note: the text stays, as a draft marked rejected.
        screen = terminal.wait_for("Review be · 3/4")
        assert "translated" in screen and "Трэці абзац гаворыць пра лясы." in screen
        terminal.keys("r")
        terminal.wait_for("Reject: [Enter] keep it as a rejected draft")
        terminal.keys("Enter")
        terminal.wait_for("Note for the translator")
        terminal.keys("Enter")
        # 4/4: quit.
        terminal.wait_for("Review be · 4/4")
        terminal.keys("q")
        assert _wait_file(exit_file) == "0"
        screen = terminal.wait_for("Review of be:")
        assert "1 accepted, 1 edited, 1 rejected, 0 skipped; 1 still awaiting review." in screen
    finally:
        terminal.stop()

    path = Project.load(root).po_path("be", "doc")
    entries = {e.msgid: e for e in read_catalog(path) if not e.obsolete}
    first = entries[FIRST]
    assert first.state is State.REVIEWED and first.stamp.who == ANN
    assert first.msgstr == "Першы абзац гаворыць пра рэкі." and first.previous_msgid is None
    second = entries[SECOND]
    assert (second.msgstr, second.state) == (EDITED, State.REVIEWED)
    assert second.origin is not None and second.origin.startswith("google edited ")
    third = entries[THIRD]
    assert (third.msgstr, third.state) == ("Трэці абзац гаворыць пра лясы.", State.DRAFT)
    assert third.rejected is not None and third.rejected.who == ANN
    assert entries[FOURTH].state is State.DRAFT
    assert read_catalog(path).metadata["Last-Translator"] == ANN
    msgfmt_check(path)
