"""The README's "Ten minutes with transmgr", run as written: its shell lines, its configuration and its
brief are read from README.md itself (so the two cannot drift), against a fake model server on
127.0.0.1 standing in for the local one the README names (only the base_url's port differs).

Two lines are not run, and the test fails if they change: the terminal review (interactive; the tmux
tests drive it) and the review server (runs until stopped; the browser tests drive it).
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.engines.fake_llm import FakeChat, translations
from tests.engines.fake_services import fake_translate

README = Path(__file__).resolve().parents[2] / "README.md"
README_URL = "http://127.0.0.1:11434/v1"
NOT_RUN = {
    "transmgr review be": "interactive: one segment at a time in the terminal (tests/cli/test_review_tmux.py)",
    'transmgr serve --invite "Ala Kavalenka" && transmgr serve': "a server that runs until stopped (tests/web)",
}
APPEAL = """# An appeal to the parliaments of Europe

There is no bottom in Belarus: people say it when the unthinkable happens again.

In 2020 more than 35,000 people were detained within weeks. We ask you to act, not to be concerned.

- Release the political prisoners.
- Stop the war.
"""


def _answer(body: dict[str, Any]) -> tuple[int, dict[str, str], str]:
    """The fake services' "translation", with no letter Belarusian or Ukrainian lacks (such a draft is refused)."""
    return 200, {}, translations(body, lambda text: fake_translate(text).replace("ы", "у"))


def walkthrough() -> list[tuple[str, str]]:
    """The section's fenced blocks in order, as (language, text)."""
    text = README.read_text(encoding="utf-8")
    start = text.index("## Ten minutes with transmgr")
    end = text.index("\n### ", start)
    return [(m.group(1), m.group(2)) for m in re.finditer(r"^```(\w+)\n(.*?)^```$", text[start:end], re.M | re.S)]


def _command(line: str) -> str:
    """A shell line without its comment (a '#' after two spaces)."""
    return re.split(r"\s{2,}#", line, maxsplit=1)[0].strip()


def test_the_readme_walkthrough_runs_as_written(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "appeal.md").write_text(APPEAL, encoding="utf-8")
    bin_dir = Path(sys.executable).parent
    assert (bin_dir / "transmgr").exists(), "the transmgr command is installed beside this Python"
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8",
           "TRANSMGR_REVIEWER": "Ala Kavalenka <ala@example.org>"}
    blocks = walkthrough()
    assert [kind for kind, _ in blocks] == ["sh", "sh", "toml", "markdown", "sh", "sh", "sh", "sh"], \
        "the walkthrough's blocks changed: update this test's expectations"
    cwd = home
    ran: list[tuple[str, subprocess.CompletedProcess[str]]] = []
    skipped = []
    with FakeChat(_answer) as chat:
        for kind, body in blocks:
            if kind == "toml":
                first, _, config = body.partition("\n")
                assert first.startswith("# ") and README_URL in config
                (cwd / first[2:].strip()).open("a", encoding="utf-8").write(
                    "\n" + config.replace(README_URL, chat.base_url))
                continue
            if kind == "markdown":
                brief = re.search(r'^brief = "([^"]+)"', (cwd / "transmgr.toml").read_text(encoding="utf-8"), re.M)
                assert brief is not None
                (cwd / brief.group(1)).write_text(body, encoding="utf-8")
                continue
            for line in body.splitlines():
                command = _command(line)
                if command in NOT_RUN:
                    skipped.append(command)
                    continue
                if not command:
                    continue
                if command.startswith("cd "):
                    cwd = cwd / shlex.split(command)[1]
                    continue
                done = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True,
                                      timeout=120)
                ran.append((command, done))
                assert "Traceback" not in done.stderr, (command, done.stderr)
                expected = (0, 1) if command.startswith("transmgr check") else (0,)  # 1: errors found
                assert done.returncode in expected, (command, done.returncode, done.stdout, done.stderr)
        assert chat.requests, "the draft asked the model"
        # What the README says of the uk chain without a DeepL key: the step is skipped with one warning at its
        # line, and the model drafts.
        uk = subprocess.run(["transmgr", "draft", "--lang", "uk"], cwd=cwd, env=env, capture_output=True, text=True)
    assert sorted(skipped) == sorted(NOT_RUN)
    said = {command: done.stdout + done.stderr for command, done in ran}
    project = home / "appeal"
    assert (project / "locales/be/LC_MESSAGES/appeal.po").exists() and (project / "locales/appeal.pot").exists()
    assert re.search(r"^appeal\s+be\s+\d+\s+\d+", said["transmgr status"], re.M)
    dry_run = said["transmgr draft --lang be --dry-run --show-prompt"]
    assert "There is no bottom in Belarus" in dry_run and "Brief: the appeal" in dry_run
    assert "drafted" in said["transmgr draft --lang be"]
    assert "drafts not checked" in said["transmgr check"]  # the README's comment on check --drafts
    assert "be" in said["transmgr build"] and "--include-drafts" in said["transmgr build"]
    edition = project / "build" / "be" / "appeal.html"
    assert fake_translate("bottom in Belarus:").split()[-1] in edition.read_text(encoding="utf-8")  # the preview
    history = said["transmgr review be --history 3"]
    assert "draft" in history
    assert uk.returncode == 0, uk.stdout + uk.stderr
    assert "5 drafted" in uk.stdout
    [warning] = [line for line in uk.stderr.splitlines() if "pivot:ru:deepl" in line]
    number = next(n for n, text in enumerate((project / "transmgr.toml").read_text().splitlines(), 1)
                  if text.startswith("uk = "))
    assert f"transmgr.toml:{number}: uk: step 'pivot:ru:deepl' skipped" in warning
    assert (project / "TRANSLATION.md").read_text(encoding="utf-8").startswith("# Brief: the appeal")


def test_the_readme_has_no_placeholder_to_guess() -> None:
    """Every command in the README can be pasted: no OWNER, no <…> to fill in."""
    text = README.read_text(encoding="utf-8")
    for block in re.findall(r"^```sh\n(.*?)^```$", text, re.M | re.S):
        for line in block.splitlines():
            command = _command(line)
            assert "OWNER" not in command and not re.search(r"<[^>]*>", command), line
    assert re.search(r"^pipx install \. ", text, re.M)  # from the clone the README sits in
