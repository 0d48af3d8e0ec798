"""The review command: the interactive session, and --list / --accept / --reject for scripts."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from transmgr.cli.common import (
    doc_option,
    echo_json,
    handle_errors,
    load_project,
    project_option,
    render_table,
    split_list,
    wait_option,
)
from transmgr.cli.review_ui import clipped, run_review
from transmgr.errors import ReviewError
from transmgr.workflows import Project
from transmgr.workflows.review.actions import (
    REVIEW_FILTERS,
    ReviewResult,
    accept_references,
    act_on_references,
    list_review,
    reference_history,
    reject_references,
    undo_references,
)
from transmgr.workflows.review.context import ContextBuilder
from transmgr.workflows.review.identity import resolve_reviewer
from transmgr.workflows.review.items import ReviewItem
from transmgr.workflows.review.journal import Record
from transmgr.workflows.review.session import ReviewSession
from transmgr.workflows.review.store import CatalogStore

_ACTION_FLAGS = ("--accept", "--reject", "--edit", "--undo", "--history")


def _check_usage(refs: tuple[str, ...], list_only: bool, as_json: bool, actions: dict[str, bool],
                 note: str | None, clear: bool, text: str | None) -> None:
    chosen = [flag for flag, on in zip(_ACTION_FLAGS, actions.values()) if on]
    if len(chosen) > 1:
        raise click.UsageError(f"{' and '.join(chosen)} cannot be used together; run the command twice")
    if list_only and chosen:
        raise click.UsageError(f"--list cannot be combined with {chosen[0]}")
    if chosen and not refs:
        raise click.UsageError(f"name the entries: e.g. {chosen[0]} 3 source/essay.md:12 (see --list)")
    if refs and not chosen:
        raise click.UsageError("REF arguments need --accept, --reject, --edit, --undo or --history")
    if (note is not None or clear) and not actions["reject"]:
        raise click.UsageError("--note and --clear go with --reject")
    if actions["edit"] != (text is not None):
        raise click.UsageError("--edit REF needs --text TEXT (the new translation), and --text goes with --edit")
    if (actions["edit"] or actions["history"]) and len(refs) != 1:
        raise click.UsageError(f"{chosen[0]} takes one REF")
    if as_json and not (list_only or chosen):
        raise click.UsageError("--json goes with --list, --accept, --reject, --edit, --undo or --history")


def _echo_list(project: Project, lang: str, docs: list[str], state: str, as_json: bool) -> None:
    store = CatalogStore(project, lang)
    items = list_review(project, lang, docs, state, store=store)
    if as_json:
        builder = ContextBuilder(project, lang)
        rows = []
        for item in items:
            catalog = store.get(item.doc)
            context = builder.build(item, catalog, store.versions.get(item.doc)) if catalog is not None else None
            rows.append({**item.as_dict(), **(context.as_dict() if context else {})})
        echo_json(rows)
        return
    if not items:
        click.echo(f"Nothing awaits review in {lang} (state: {state}).")
        return
    headers = ["ref", "id", "where", "state", "origin", "source"]
    table = [[item.ref, item.uid, item.where, item.state.value, item.origin or "", clipped(item.msgid, 50)]
             for item in items]
    if any(item.reviewed_by for item in items):
        headers.insert(5, "last review")
        for row, item in zip(table, items):
            row.insert(5, f"{item.reviewed_on} {item.reviewed_by}" if item.reviewed_by else "")
    if any(item.assessment for item in items):  # a judge's errors: the worst first (the queue's order)
        headers.insert(-1, "judge")
        for row, item in zip(table, items):
            row.insert(-1, _judged(item))
    click.echo(render_table(headers, table, "l" * len(headers)))
    counts = Counter(item.state.value for item in items)
    detail = ", ".join(f"{n} {s}" for s, n in counts.items())
    one = len(items) == 1
    verb = ("is" if one else "are") + " reviewed" if state == "reviewed" else ("awaits" if one else "await") + " review"
    click.echo(f"\n{len(items)} {'entry' if one else 'entries'} {verb} in {lang} ({detail}).")


def _judged(item: ReviewItem) -> str:
    found = item.assessment
    if found is None:
        return ""
    first = found.errors[0]
    return f"{found.worst} ({len(found.errors)}): «{clipped(first.span, 20)}» {clipped(first.note, 30)}"


def _echo_results(project: Project, results: list[ReviewResult], reviewer: str, as_json: bool) -> None:
    if as_json:
        echo_json([r.as_dict(project) for r in results])
        return
    for r in results:
        click.echo(f"{r.before.where} ({r.before.ref}): {r.before.state.value} -> {r.after.value}")
    for path in dict.fromkeys(r.path for r in results):
        click.echo(f"Saved {project.relative(path)} (reviewer: {reviewer})")


def _echo_history(project: Project, lang: str, ref: str, docs: list[str], as_json: bool) -> None:
    item, records = reference_history(project, lang, ref, docs)
    if as_json:
        echo_json({"unit": item.as_dict(), "history": [record.as_dict() for record in records]})
        return
    click.echo(f"{item.doc}#{item.uid} ({item.where}): {clipped(item.msgid, 70)}")
    if not records:
        click.echo("No recorded action: the history starts with the first action taken through transmgr.")
        return
    for record in records:
        click.echo(_history_line(record))
    click.echo(f"Now: {item.state.value}" + (f" «{clipped(item.msgstr, 60)}»" if item.msgstr else ""))


def _history_line(record: Record) -> str:
    when = record.at[:19].replace("T", " ")
    change = f"{record.old.state} -> {record.new.state}"
    text = ""
    if record.new.msgstr != record.old.msgstr:
        text = f": «{clipped(record.new.msgstr, 60)}»" if record.new.msgstr else ": text cleared"
    note = f" ({record.note})" if record.note else ""
    return f"  {when}  {record.action:<8} {record.who} via {record.via or '?'}  {change}{text}{note}"


def _echo_summary(project: Project, session: ReviewSession) -> None:
    tally = session.tally()
    acted = sum(n for action, n in tally.items() if action != "skipped")
    left = len(session) - acted
    click.echo(f"Review of {session.lang}: " + ", ".join(f"{n} {action}" for action, n in tally.items())
               + f"; {left} still awaiting review.")
    for path in session.saved:
        click.echo(f"Saved {project.relative(path)} (reviewer: {session.reviewer})")


@click.command("review")
@project_option
@wait_option
@click.argument("lang")
@click.argument("refs", nargs=-1, metavar="[REF]...")
@doc_option
@click.option("--state", type=click.Choice(list(REVIEW_FILTERS)), default="all", show_default=True,
              help="Which entries: all (awaiting review: drafts, translated, stale), draft, translated (never "
                   "reviewed), stale (reviewed, then changed), rejected, suggestions, untranslated, reviewed (to "
                   "see who approved what, or to review again), any.")
@click.option("--list", "list_only", is_flag=True, help="List the entries instead of reviewing.")
@click.option("--json", "as_json", is_flag=True, help="With --list or an action: print JSON (refs are stable ids).")
@click.option("--accept", "do_accept", is_flag=True, help="Accept the entries REF... (mark them reviewed).")
@click.option("--reject", "do_reject", is_flag=True,
              help="Reject the entries REF...: kept as drafts marked rejected (with --clear: back to untranslated).")
@click.option("--edit", "do_edit", is_flag=True, help="Replace the translation of REF with --text (not accepted; "
                                                      "add --accept-edit to accept it too).")
@click.option("--undo", "do_undo", is_flag=True, help="Undo the last recorded action on each REF.")
@click.option("--history", "do_history", is_flag=True, help="Show who changed REF, when, and from what to what.")
@click.option("--note", default=None, help="With --reject: a note for the translator, kept in the PO file.")
@click.option("--clear", is_flag=True, help="With --reject: clear the text (back to untranslated).")
@click.option("--text", default=None, help="With --edit: the new translation.")
@click.option("--accept-edit", is_flag=True, help="With --edit: accept the new translation too.")
@handle_errors
def review_cmd(project_dir: Path, lang: str, refs: tuple[str, ...], docs: tuple[str, ...], state: str,
               list_only: bool, as_json: bool, do_accept: bool, do_reject: bool, do_edit: bool, do_undo: bool,
               do_history: bool, note: str | None, clear: bool, text: str | None, accept_edit: bool) -> None:
    """Review LANG's translations: one entry at a time, or by reference for scripts.

    \b
    Interactive (one key per action, each saved at once):
      a accept   e edit (E: in $EDITOR)   r reject   s skip   b back   u undo   q quit   ? help
    For scripts and CI:
      transmgr review be --list [--json]                what awaits review
      transmgr review be --accept 3 source/essay.md:12  mark entries reviewed
      transmgr review be --reject essay#4 --note "tone" (kept as a rejected draft; --clear empties it)
      transmgr review be --edit essay#u3f9a0c1d2e4b --text "…" [--accept-edit]
      transmgr review be --history 4    /    --undo 4
    A REF is the entry's id from --list (u3f9a0c1d2e4b or DOC#u3f9a0c1d2e4b: stable when other
    entries move), its file:line (#: in the PO file), its number from --list, or DOC#NUMBER.
    Every action is recorded in locales/.history/ (who, when, old and new text) and can be undone.
    The reviewer is the configuration's 'reviewer', else $TRANSMGR_REVIEWER, else git's
    user.name and user.email.
    """
    actions = {"accept": do_accept, "reject": do_reject, "edit": do_edit, "undo": do_undo, "history": do_history}
    _check_usage(refs, list_only, as_json, actions, note, clear, text)
    if accept_edit and not do_edit:
        raise click.UsageError("--accept-edit goes with --edit")
    project = load_project(project_dir)
    selected = split_list(docs)
    lang = project.language(lang)
    if list_only:
        _echo_list(project, lang, selected, state, as_json)
        return
    if do_history:
        _echo_history(project, lang, refs[0], selected, as_json)
        return
    reviewer = resolve_reviewer(project)
    results: list[ReviewResult] | None = None
    if do_accept:
        results = accept_references(project, lang, refs, reviewer=reviewer, docs=selected)
    elif do_reject:
        results = reject_references(project, lang, refs, reviewer=reviewer, note=note, clear=clear, docs=selected)
    elif do_edit:
        results = act_on_references(project, lang, refs, "edit", actor=reviewer, docs=selected, text=text,
                                    accept=accept_edit)
    elif do_undo:
        results = undo_references(project, lang, refs, reviewer=reviewer, docs=selected)
    if results is not None:
        _echo_results(project, results, reviewer, as_json)
        return
    if _no_keys():
        raise ReviewError("the interactive review needs a terminal, and standard input is empty",
                          hint="run it in a terminal; in scripts use --list, --accept REF... or --reject REF...")
    session = ReviewSession(project, lang, reviewer=reviewer, docs=selected, state=state)
    click.echo(f"Reviewing {lang} as {reviewer}.")
    if not len(session):
        click.echo(f"Nothing awaits review in {lang} (state: {state}).")
        return
    try:
        run_review(session)
    except BaseException:
        if session.outcomes:  # interrupted: still say what was saved
            _echo_summary(project, session)
        raise
    click.clear()
    _echo_summary(project, session)


def _no_keys() -> bool:
    """True when standard input is not a terminal and holds nothing (``</dev/null``): refuse before
    drawing a screen. Keys piped in (a script, a test) are read as typed."""
    if sys.stdin is None:
        return True
    if sys.stdin.isatty():
        return False
    peek = getattr(getattr(sys.stdin, "buffer", None), "peek", None)
    if peek is None:
        return False
    try:
        return bool(peek(1) == b"")
    except (OSError, ValueError):
        return False
