"""The interactive review in a terminal: one entry per screen, one key per action."""

from __future__ import annotations

import contextlib
import re
import shutil
import sys
import textwrap
from collections.abc import Iterator

import click

from transmgr.catalog import State
from transmgr.errors import ReviewError, TransmgrError
from transmgr.workflows.review.context import DiffChunk, Neighbour, ReviewContext
from transmgr.workflows.review.items import ReviewItem
from transmgr.workflows.review.session import ReviewSession

try:
    import termios

    _TERMINAL_ERRORS: tuple[type[BaseException], ...] = (OSError, termios.error)
except ImportError:  # pragma: no cover - Windows
    _TERMINAL_ERRORS = (OSError,)

KEYS = (
    ("a", "accept: mark the translation reviewed (by you, today)"),
    ("e", "edit the translation inline (long text opens $EDITOR); saved as reviewed, or with four eyes as "
          "translated for another reviewer"),
    ("E", "edit the translation in $EDITOR"),
    ("r", "reject: kept as a draft marked rejected, with your note (or cleared back to untranslated)"),
    ("s", "skip: leave it as it is"),
    ("b", "back to the previous entry"),
    ("u", "undo the last action on this entry (go back with b first)"),
    ("q", "quit (every action is already saved)"),
    ("?", "this help"),
)
FOOTER = "[a]ccept  [e]dit  [r]eject  [s]kip  [b]ack  [u]ndo  [q]uit  [?]help"
LONG_TEXT = 300  # characters: longer translations are edited in $EDITOR rather than on one line
SCISSORS = "# ------------------------ >8 ------------------------"
STATE_COLOURS = {
    State.UNTRANSLATED: "red", State.DRAFT: "yellow", State.TRANSLATED: "cyan",
    State.REVIEWED: "green", State.STALE: "magenta",
}
_QUIT = ("q", "Q", "\x04", "")


_pending: list[str] = []  # keys typed ahead arrive in one read; each is one action


def read_key() -> str:
    """One key press (an escape sequence such as an arrow key counts as one); EOF reads as ''."""
    if _pending:
        return _pending.pop(0)
    try:
        keys = click.getchar()
    except EOFError:
        return ""
    except _TERMINAL_ERRORS as exc:
        raise ReviewError("the interactive review needs a terminal",
                          hint="in scripts use --list, --accept REF... or --reject REF...") from exc
    if len(keys) > 1 and not keys.startswith("\x1b"):
        _pending.extend(keys[1:])
        return keys[0]
    return keys


def styled_state(state: State | None) -> str:
    if state is None:
        return click.style("missing", fg="red")
    return click.style(state.value, fg=STATE_COLOURS[state], bold=state is State.STALE)


def render_diff(chunks: list[DiffChunk]) -> str:
    """``[-deleted-]`` and ``{+inserted+}`` markers (as in ``git diff --word-diff=plain``), coloured."""
    parts = []
    for chunk in chunks:
        if chunk.op == "delete":
            parts.append(click.style(f"[-{chunk.text}-]", fg="red"))
        elif chunk.op == "insert":
            parts.append(click.style(f"{{+{chunk.text}+}}", fg="green"))
        else:
            parts.append(chunk.text)
    return "".join(parts)


def wrapped(text: str, width: int, indent: str = "  ", *, first: str | None = None,
            max_lines: int | None = None) -> list[str]:
    """``text`` wrapped to ``width`` columns, at most ``max_lines`` (ANSI codes inside are tolerated)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += textwrap.wrap(paragraph, width=max(width, 20), initial_indent=indent if first is None else first,
                               subsequent_indent=indent, break_on_hyphens=False) or [indent]
        first = None
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(width - 1, 1)].rstrip() + " …"
    return lines


def clipped(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(width - 1, 1)] + "…"


def _neighbour_line(label: str, neighbour: Neighbour | None, width: int) -> str:
    if neighbour is None:
        return f"  {label}: (none)"
    head = f"  {label} #{neighbour.number}: "
    body = clipped(neighbour.msgid, (width - len(head)) // 2)
    if neighbour.msgstr:
        body += " → " + clipped(neighbour.msgstr, width - len(head) - len(body) - 3)
    return head + body


def render_screen(session: ReviewSession, item: ReviewItem, context: ReviewContext) -> list[str]:
    """The lines of one review screen."""
    width = max(shutil.get_terminal_size((100, 30)).columns - 1, 40)
    title = f"Review {item.lang} · {session.position + 1}/{len(session)} · {item.ref} · {item.where}"
    if item.kind:
        title += f" · {item.kind}"
    lines = [click.style(title, bold=True), f"Reviewing as {session.reviewer}"
             + (" (four eyes: another reviewer accepts your edits)" if session.core.four_eyes else ""), ""]
    if item.suggestions:
        context_lines = [click.style("Suggestions", bold=True)]
        for suggestion in item.suggestions:
            context_lines += wrapped(suggestion.text, width, "    ", first=f"  {suggestion.by}: ", max_lines=3)
    else:
        context_lines = []
    if context.diff is not None:
        lines.append(click.style("Source", bold=True) + " (edited since translated: [-old-] {+new+})")
        lines += wrapped(render_diff(context.diff), width)
    else:
        lines.append(click.style("Source", bold=True))
        lines += wrapped(item.msgid, width)
    lines.append("")
    about = [styled_state(item.state)]
    if item.origin:
        about.append(f"origin: {item.origin}")
    if item.reviewed_by:
        about.append(f"{'was reviewed' if item.state is State.STALE else 'reviewed'} by {item.reviewed_by} "
                     f"on {item.reviewed_on}")
    done = session.outcome(item)
    if done:
        about.append(click.style(f"this session: {done}", bold=True))
    lines.append(click.style("Translation", bold=True) + " · " + " · ".join(about))
    lines += wrapped(item.msgstr, width) if item.msgstr else ["  (none)"]
    if item.assessment is not None:
        lines.append(click.style(f"The judge ({item.assessment.judge}, score {item.assessment.score:g}) found", bold=True)
                     + " · accept as it is to overrule")
        for error in item.assessment.errors:
            head = f"  {click.style(error.severity, fg='red' if error.severity != 'minor' else 'yellow')} {error.category}: "
            lines += wrapped(f"«{error.span}» {error.note}", width, "    ", first=head, max_lines=3)
    if item.note:
        lines.append(click.style("Reviewer's note", bold=True))
        lines += wrapped(item.note, width)
    lines += context_lines
    if context.others:
        lines += ["", click.style("Other languages", bold=True)]
        for other in context.others:
            head = f"  {other.lang}  {styled_state(other.state)}"
            if other.text:
                lines += wrapped(other.text, width, " " * 6, first=head + "  ", max_lines=3)
            else:
                lines.append(head)
    lines += ["", click.style("Around it", bold=True),
              _neighbour_line("before", context.before, width), _neighbour_line("after", context.after, width)]
    lines.append("")
    if not context.findings:
        lines.append(click.style("Checks", bold=True) + ": no findings")
    else:
        lines.append(click.style("Checks", bold=True))
        for finding in context.findings:
            colour = "red" if finding.severity == "error" else "yellow"
            lines += wrapped(f"{click.style(finding.severity, fg=colour)} {finding.check_id}: {finding.message}",
                             width)
    return lines


@contextlib.contextmanager
def _prefilled(text: str) -> Iterator[bool]:
    """Pre-fill the next input line with ``text`` (readline, on a terminal); yields whether it could."""
    try:
        import readline
    except ImportError:  # pragma: no cover - no readline on this platform
        yield False
        return
    if not sys.stdin.isatty():
        yield False
        return
    readline.set_startup_hook(lambda: readline.insert_text(text))
    try:
        yield True
    finally:
        readline.set_startup_hook()


def edit_inline(current: str) -> str | None:
    """A new translation typed on one line (pre-filled with the current one); None to cancel."""
    with _prefilled(current) as prefilled:
        if prefilled:
            click.echo("Edit the translation; Enter saves it as reviewed, an empty line cancels:")
        else:
            click.echo("Type the new translation; Enter saves it as reviewed, an empty line cancels:")
        try:
            text = click.prompt(">", default="", show_default=False, prompt_suffix=" ")
        except click.Abort:
            return None
    text = text.strip()
    return text if text and text != current else None


def edit_in_editor(item: ReviewItem) -> str | None:
    """A new translation written in $EDITOR; None when the editor was left without saving."""
    source = "\n".join(f"#   {line}" for line in textwrap.wrap(item.msgid, 76))
    buffer = (f"{item.msgstr}\n\n{SCISSORS}\n# Everything from the line above down is ignored.\n"
              f"# Save and quit to keep the translation as reviewed; quit without saving to cancel.\n"
              f"# Source ({item.where}):\n{source}\n")
    try:
        result = click.edit(buffer, require_save=True, extension=".txt")
    except click.ClickException as exc:
        raise ReviewError(f"cannot run the editor: {exc.message}", hint="set $EDITOR, or edit inline with e") from exc
    if result is None:
        return None
    text = result.split(SCISSORS, 1)[0].strip()
    if "\n" not in item.msgid:
        text = re.sub(r"\s*\n\s*", " ", text)  # the editor's line wrapping is not part of the translation
    return text if text and text != item.msgstr else None


def ask_translation(item: ReviewItem, *, editor: bool) -> str | None:
    """The reviewer's new translation, inline or in $EDITOR; None when they cancelled."""
    if editor or len(item.msgstr) > LONG_TEXT or "\n" in item.msgstr:
        return edit_in_editor(item)
    return edit_inline(item.msgstr)


def ask_rejection() -> tuple[bool, str | None] | None:
    """(clear the text, note) for a rejection, or None when the reviewer cancelled."""
    click.echo("Reject: [Enter] keep it as a rejected draft  [u] clear it to untranslated  (other keys cancel)")
    choice = read_key()
    if choice not in ("\r", "\n", "d", "u"):  # d: "draft", as Enter
        return None
    try:
        note = click.prompt("Note for the translator (Enter for none)", default="", show_default=False)
    except click.Abort:
        return None
    return choice == "u", note.strip() or None


def show_help() -> None:
    click.clear()
    click.echo(click.style("Review keys", bold=True))
    for key, meaning in KEYS:
        click.echo(f"  {key}  {meaning}")
    click.echo("\nEvery action is written to the PO file at once; quitting or a crash loses nothing.")
    click.echo("Press any key to go back.")
    read_key()


def _end_of_queue(session: ReviewSession) -> bool:
    """The screen after the last entry; True when the reviewer went back."""
    click.clear()
    tally = session.tally()
    click.echo(click.style(f"End of the review queue ({len(session)} entries)", bold=True))
    click.echo(", ".join(f"{n} {action}" for action, n in tally.items()))
    click.echo("\n[b]ack to the last entry  [q]uit (any other key quits too)")
    return read_key() == "b" and session.back()


def run_review(session: ReviewSession) -> None:
    """Show each entry of ``session`` and act on the keys pressed, until the queue ends or q."""
    message = ""
    while True:
        item = session.current()
        if item is None:
            if not _end_of_queue(session):
                return
            continue
        click.clear()
        click.echo("\n".join(render_screen(session, item, session.context(item))))
        click.echo("")
        if message:
            click.echo(message)
            message = ""
        click.echo(FOOTER)
        key = read_key()
        if key in _QUIT:
            return
        try:
            if key == "a":
                session.accept(item)
            elif key in ("e", "E"):
                text = ask_translation(item, editor=key == "E")
                if text is None:
                    message = "Edit cancelled: nothing changed."
                else:
                    session.edit(item, text, accept=not session.core.four_eyes)
            elif key == "r":
                answer = ask_rejection()
                if answer is None:
                    message = "Reject cancelled: nothing changed."
                else:
                    session.reject(item, clear=answer[0], note=answer[1])
            elif key == "s":
                session.skip(item)
            elif key == "u":
                session.undo(item)
                message = "Undone: the entry is as it was before its last recorded action."
            elif key == "b":
                if not session.back():
                    message = "This is the first entry."
            elif key == "?":
                show_help()
            else:
                message = f"Unknown key {key!r}: press ? for help."
        except TransmgrError as exc:
            message = click.style(f"Not saved: {exc}", fg="red")
