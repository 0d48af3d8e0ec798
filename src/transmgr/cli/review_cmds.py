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
    list_review,
    reject_references,
)
from transmgr.workflows.review.context import ContextBuilder
from transmgr.workflows.review.identity import resolve_reviewer
from transmgr.workflows.review.session import ReviewSession
from transmgr.workflows.review.store import CatalogStore


def _check_usage(refs: tuple[str, ...], list_only: bool, as_json: bool, do_accept: bool, do_reject: bool,
                 note: str | None, keep_draft: bool) -> None:
    if do_accept and do_reject:
        raise click.UsageError("--accept and --reject cannot be used together; run the command twice")
    if list_only and (do_accept or do_reject):
        raise click.UsageError("--list cannot be combined with --accept or --reject")
    if (do_accept or do_reject) and not refs:
        raise click.UsageError("name the entries: e.g. --accept 3 source/essay.md:12 (see --list)")
    if refs and not (do_accept or do_reject):
        raise click.UsageError("REF arguments need --accept or --reject")
    if (note is not None or keep_draft) and not do_reject:
        raise click.UsageError("--note and --keep-draft go with --reject")
    if as_json and not (list_only or do_accept or do_reject):
        raise click.UsageError("--json goes with --list, --accept or --reject")


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
    headers = ["ref", "where", "state", "origin", "source"]
    table = [[item.ref, item.where, item.state.value, item.origin or "", clipped(item.msgid, 50)] for item in items]
    if any(item.reviewed_by for item in items):
        headers.insert(4, "last review")
        for row, item in zip(table, items):
            row.insert(4, f"{item.reviewed_on} {item.reviewed_by}" if item.reviewed_by else "")
    click.echo(render_table(headers, table, "l" * len(headers)))
    counts = Counter(item.state.value for item in items)
    detail = ", ".join(f"{n} {s}" for s, n in counts.items())
    one = len(items) == 1
    verb = ("is" if one else "are") + " reviewed" if state == "reviewed" else ("awaits" if one else "await") + " review"
    click.echo(f"\n{len(items)} {'entry' if one else 'entries'} {verb} in {lang} ({detail}).")


def _echo_results(project: Project, results: list[ReviewResult], reviewer: str, as_json: bool) -> None:
    if as_json:
        echo_json([r.as_dict(project) for r in results])
        return
    for r in results:
        click.echo(f"{r.before.where} ({r.before.ref}): {r.before.state.value} -> {r.after.value}")
    for path in dict.fromkeys(r.path for r in results):
        click.echo(f"Saved {project.relative(path)} (reviewer: {reviewer})")


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
              help="Which entries: drafts, translated (never reviewed), stale (reviewed, then changed), all three, "
                   "or those reviewed (to see who approved what, or to review them again).")
@click.option("--list", "list_only", is_flag=True, help="List what awaits review instead of reviewing.")
@click.option("--json", "as_json", is_flag=True, help="With --list, --accept or --reject: print JSON.")
@click.option("--accept", "do_accept", is_flag=True, help="Accept the entries REF... (mark them reviewed).")
@click.option("--reject", "do_reject", is_flag=True,
              help="Reject the entries REF...: back to untranslated (or a draft with --keep-draft).")
@click.option("--note", default=None, help="With --reject: a note for the translator, kept in the PO file.")
@click.option("--keep-draft", is_flag=True, help="With --reject: keep the translation as a draft.")
@handle_errors
def review_cmd(project_dir: Path, lang: str, refs: tuple[str, ...], docs: tuple[str, ...], state: str,
               list_only: bool, as_json: bool, do_accept: bool, do_reject: bool, note: str | None,
               keep_draft: bool) -> None:
    """Review LANG's translations: one entry at a time, or by reference for scripts.

    \b
    Interactive (one key per action, each saved at once):
      a accept   e edit (E: in $EDITOR)   r reject   s skip   b back   q quit   ? help
    For scripts and CI:
      transmgr review be --list [--json]                what awaits review
      transmgr review be --accept 3 source/essay.md:12  mark entries reviewed
      transmgr review be --reject essay#4 --note "tone" --keep-draft
    A REF is the entry's file:line (#: in the PO file), its number from --list, or DOC#NUMBER.
    The reviewer is the configuration's 'reviewer', else $TRANSMGR_REVIEWER, else git's
    user.name and user.email.
    """
    _check_usage(refs, list_only, as_json, do_accept, do_reject, note, keep_draft)
    project = load_project(project_dir)
    selected = split_list(docs)
    lang = project.language(lang)
    if list_only:
        _echo_list(project, lang, selected, state, as_json)
        return
    reviewer = resolve_reviewer(project)
    if do_accept:
        _echo_results(project, accept_references(project, lang, refs, reviewer=reviewer, docs=selected),
                      reviewer, as_json)
        return
    if do_reject:
        results = reject_references(project, lang, refs, reviewer=reviewer, note=note, keep_draft=keep_draft,
                                    docs=selected)
        _echo_results(project, results, reviewer, as_json)
        return
    if _no_keys():
        raise ReviewError("the interactive review needs a terminal, and standard input is empty",
                          hint="run it in a terminal; in scripts use --list, --accept REF... or --reject REF...")
    session = ReviewSession(project, lang, reviewer=reviewer, docs=selected, state=state)
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
