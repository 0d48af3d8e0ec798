"""Quality estimation: ``assess`` (a language-model judge writes its verdicts into the PO files) and
``report`` (how each engine, model and person serves each language, from what the PO files hold)."""

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


@click.command("assess")
@project_option
@wait_option
@lang_option
@doc_option
@click.option("--dry-run", is_flag=True, help="Say how many requests and tokens a run would send; send nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@handle_errors
def assess_cmd(project_dir: Path, langs: tuple[str, ...], docs: tuple[str, ...], dry_run: bool, as_json: bool) -> None:
    """Have a language-model judge find the errors in the translations, and keep its verdicts in the PO files.

    Translated, reviewed and draft entries go to the judge named by [assess] engine (an
    [engines.<name>] table with engine = "openai": a hosted model, or Ollama or llama.cpp on this
    machine) with the document's context, while they have no current assessment; each verdict is
    written beside the entry's review stamp (severity, MQM category, the span, a note, a score) and
    goes stale as soon as the source or the translation changes. 'check' reports critical and
    major errors as errors, the review queue shows the worst first, 'build --min-score' holds back
    a language whose score is too low. Exit status 1 when the judge could not be used.

    \b
    Examples:
      transmgr assess --lang be --dry-run
      transmgr assess --doc deeply-concerned --json
    """
    from transmgr.workflows.assess import AssessProgress, assess

    project = load_project(project_dir)
    bar: Any = None

    def progress(event: AssessProgress) -> None:
        nonlocal bar
        if bar is None or bar.label != f"assessing {event.lang}":
            if bar is not None:
                bar.__exit__(None, None, None)
            bar = click.progressbar(length=event.total, label=f"assessing {event.lang}", file=sys.stderr, show_pos=True)
            bar.__enter__()
        bar.update(event.done - bar.pos)

    show = not (dry_run or as_json) and sys.stderr.isatty()
    try:
        report = assess(project, split_list(langs), split_list(docs), dry_run=dry_run,
                        progress=progress if show else None)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    if as_json:
        echo_json({"judge": report.judge, "dry_run": report.dry_run, "requests": report.requests,
                   "tokens": report.tokens, "warnings": list(report.warnings), "failures": list(report.failures),
                   "catalogs": [{"lang": c.lang, "doc": c.doc, "path": project.relative(c.path), "pending": c.pending,
                                 "assessed": c.assessed, "clean": c.clean, "errors": dict(c.errors),
                                 "skipped": c.skipped, "own_drafts": c.own_drafts, "requests": c.requests,
                                 "tokens": c.tokens} for c in report.catalogs]})
    elif dry_run:
        rows = [(c.lang, c.doc, c.pending, c.requests, c.tokens) for c in report.catalogs]
        click.echo(render_table(["lang", "doc", "to assess", "requests", "tokens (est.)"], rows, "llrrr"))
        click.echo(f"Dry run: nothing sent. A real run would send {report.requests} requests to {report.judge}, "
                   f"about {report.tokens} tokens.")
    else:
        for c in report.catalogs:
            found = ", ".join(f"{c.errors[s]} {s}" for s in ("critical", "major", "minor") if c.errors.get(s))
            meanwhile = f"; {c.skipped} changed meanwhile, not written" if c.skipped else ""
            click.echo(f"{project.relative(c.path)}: {c.assessed} assessed of {c.pending}, {c.clean} clean"
                       f"{f', errors: {found}' if found else ''}{meanwhile}")
        click.echo(f"{report.requests} requests to {report.judge}" + (f", {report.tokens} tokens" if report.tokens else ""))
    for message in report.warnings[:10]:
        click.echo(f"transmgr: warning: {message}", err=True)
    if len(report.warnings) > 10:
        click.echo(f"transmgr: warning: ... and {len(report.warnings) - 10} more (--json lists them all)", err=True)
    for message in report.failures[:5]:
        click.echo(f"transmgr: error: {message}", err=True)
    if report.failures:
        sys.exit(1)


@click.command("report")
@project_option
@lang_option
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@handle_errors
def report_cmd(project_dir: Path, langs: tuple[str, ...], as_json: bool) -> None:
    """How each draft origin serves each language: the project as its own benchmark.

    Per language and origin (an engine and model, the memory, a pivot, an import, a person):
    units, accepted, accepted unchanged, the mean edit between draft and accepted text, a judge's
    errors per 100 source words by severity, and the tokens a model reported per accepted source
    word. Everything is read from the PO files (origins, review stamps, assessments, tokens).

    \b
    Examples:
      transmgr report --lang be
      transmgr report --json
    """
    from transmgr.workflows.report import report

    project = load_project(project_dir)
    rows = report(project, split_list(langs))
    if as_json:
        echo_json([row.as_dict() for row in rows])
        return
    if not rows:
        click.echo("Nothing translated yet: no origin to report on.")
        return

    def shown(value: float | None, suffix: str = "") -> str:
        return "-" if value is None else f"{value:g}{suffix}"

    table = [(r.lang, r.origin, r.units, r.accepted, r.unchanged,
              shown(r.mean_edit, "%") + (f" (+{r.unmeasured} unmeasured)" if r.unmeasured else ""),
              *(shown(r.per_100_words(s)) for s in ("critical", "major", "minor")), shown(r.tokens_per_word))
             for r in rows]
    click.echo(render_table(["lang", "origin", "units", "accepted", "unchanged", "mean edit", "critical/100w",
                             "major/100w", "minor/100w", "tokens/word"], table, "ll" + "r" * 8))
