"""The draft command: machine, memory and pivot drafts for untranslated entries, with a progress bar."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from transmgr.cli.common import (
    doc_option,
    echo_json,
    handle_errors,
    lang_option,
    load_project,
    project_option,
    render_table,
    split_list,
    wait_option,
)
from transmgr.workflows.draft import DraftProgress, DraftReport, draft


class _ProgressBars:
    """One click progress bar per language on stderr: segments done, failures, the engine answering."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.lang: str | None = None

    def __call__(self, event: DraftProgress) -> None:
        if event.lang != self.lang:
            self.close()
            self.lang = event.lang
            self.bar = click.progressbar(
                length=event.total, label=f"drafting {event.lang}", file=sys.stderr, show_pos=True,
                item_show_func=lambda item: item,
            )
            self.bar.__enter__()
        engine = event.engine or "-"
        self.bar.update(1, current_item=f"{event.failures} failed, engine: {engine}")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def _report_json(report: DraftReport, relative: Any) -> dict[str, Any]:
    return {
        "dry_run": report.dry_run,
        "catalogs": [
            {"lang": c.lang, "doc": c.doc, "path": relative(c.path), "pending": c.pending, "drafted": c.drafted,
             "no_draft": c.no_draft, "failed": c.failed, "by_step": dict(c.by_step), "written": c.written,
             "skipped": c.skipped,
             "problems": [{"id": i, "msgid": msgid, "reason": reason} for i, msgid, reason in c.problems]}
            for c in report.catalogs
        ],
        "costs": [
            {"lang": r.lang, "doc": r.doc or None, "step": r.step, "action": r.action, "segments": r.segments,
             "characters": r.characters, "requests": r.requests, "tokens": r.tokens}
            for r in report.costs
        ],
        "stopped": dict(report.stopped),
        "failures": list(report.failures),
        "requests": report.requests,
        "prompts": [{"lang": p.lang, "doc": p.doc, "step": p.step, "messages": list(p.messages)} for p in report.prompts],
        "advice": report.advice,
        "notices": list(report.notices),
    }


@click.command("draft")
@project_option
@wait_option
@lang_option
@doc_option
@click.option("--engine", "engine", metavar="NAME",
              help="Use only this step instead of the language's chain: memory, an engine name, or pivot:ru:google.")
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="Draft at most N entries in this run.")
@click.option("--dry-run", is_flag=True,
              help="Say how many segments and characters each engine would get (a language model: requests and "
                   "estimated tokens per document); send nothing.")
@click.option("--show-prompt", is_flag=True, help="With --dry-run: print every request a language model would get.")
@click.option("--redraft-merged", is_flag=True,
              help="Also draft again the drafts 'update' carried over from an edited source (fuzzy-merge); a language "
                   "model gets the previous source and its old translation.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@handle_errors
def draft_cmd(project_dir: Path, langs: tuple[str, ...], docs: tuple[str, ...], engine: str | None,
              limit: int | None, dry_run: bool, show_prompt: bool, redraft_merged: bool, as_json: bool) -> None:
    """Fill untranslated entries with drafts (fuzzy, with their origin) from memory, pivots and engines.

    Each language follows its chain from [draft.chains] (default: memory only); entries a person
    translated or reviewed, and existing drafts, are never touched. Work is saved after every
    batch, so an interrupted run loses at most the batch in flight; run again to resume.
    Exit status 1 when some segments failed because an engine failed.

    \b
    Examples:
      transmgr draft --lang be --dry-run
      transmgr draft --lang be --engine pivot:ru:google --limit 20
      transmgr draft --lang be --engine llm --dry-run --show-prompt
    """
    if show_prompt and not dry_run:
        raise click.UsageError("--show-prompt goes with --dry-run: it prints what would be sent")
    project = load_project(project_dir)
    bars = _ProgressBars()
    # Progress is for a person watching: never in logs, pipes or CI output.
    show = not (dry_run or as_json) and _is_terminal(sys.stderr)
    try:
        report = draft(project, split_list(langs), split_list(docs), engine=engine, limit=limit,
                       dry_run=dry_run, progress=bars if show else None, redraft_merged=redraft_merged,
                       show_prompt=show_prompt)
    finally:
        bars.close()
    said: set[str] = set()  # reasons already printed with the segments they stopped
    if as_json:
        echo_json(_report_json(report, project.relative))
    elif dry_run:
        for prompt in report.prompts:
            click.echo(f"=== {prompt.lang}/{prompt.doc}: request to {prompt.step} ===")
            for chat in prompt.messages:
                click.echo(f"--- {chat['role']} ---\n{chat['content']}")
            click.echo()
        if any(r.doc for r in report.costs):
            wide = [(r.lang, r.doc or "-", r.step, r.action, r.segments, r.characters, r.requests or "-",
                     r.tokens or "-") for r in report.costs]
            click.echo(render_table(["lang", "doc", "step", "action", "texts", "characters", "requests", "tokens"],
                                    wide, "llllrrrr"))
        else:
            rows = [(r.lang, r.step, r.action, r.segments, r.characters) for r in report.costs]
            click.echo(render_table(["lang", "step", "action", "texts", "characters"], rows, "lllrr")
                       if rows else "Nothing to draft.")
        sent = sum(r.characters for r in report.costs if r.action == "send")
        segments = sum(r.segments for r in report.costs if r.action == "send")
        click.echo(f"Dry run: nothing sent. A real run would send {segments} distinct texts, {sent} characters "
                   "(a text used by several entries is sent once).")
        if show_prompt and not report.prompts:
            click.echo("No prompt to show: no language model (engine = \"openai\") is in the chain, or it has nothing "
                       "to send.")
    else:
        for c in report.catalogs:
            steps = ", ".join(f"{step} {n}" for step, n in sorted(c.by_step.items()))
            meanwhile = f"; {c.skipped} changed by someone else meanwhile, left as they are" if c.skipped else ""
            taken = f"of {c.pending} taken (--limit)" if limit else f"of {c.pending} untranslated"
            click.echo(f"{project.relative(c.path)}: {c.drafted} drafted{f' ({steps})' if steps else ''}, "
                       f"{c.no_draft} without a draft, {c.failed} failed, {taken}{meanwhile}")
            by_reason: dict[str, list[str]] = {}
            for item_id, _, reason in c.problems:
                by_reason.setdefault(reason, []).append(str(item_id))
            for shown, (reason, ids) in enumerate(by_reason.items()):
                if shown == 5:
                    click.echo(f"  ... and {len(by_reason) - 5} more reasons (--json lists every segment)")
                    break
                which = f"segment {ids[0]}" if len(ids) == 1 else f"{len(ids)} segments"
                click.echo(f"  {which}: left untranslated: {reason}")
                said.add(reason)
    if report.advice and not as_json:
        click.echo(f"transmgr: {report.advice}", err=True)
    for notice in report.notices:
        click.echo(f"transmgr: warning: {notice}", err=True)
    for name, reason in report.stopped.items():
        if any(reason in printed for printed in said):
            continue  # already said with the segments it left untranslated
        click.echo(f"transmgr: warning: engine '{name}' was stopped for this run: {reason}", err=True)
    for message in [m for m in report.failures if not any(m in reason for reason in said)][:5]:
        click.echo(f"transmgr: warning: {message}", err=True)
    if report.failed:
        sys.exit(1)
