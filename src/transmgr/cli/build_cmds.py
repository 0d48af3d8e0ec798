"""The build command: compile the per-language editions and print what was built, skipped and why."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import click

from transmgr.cli.common import (
    doc_option,
    echo_json,
    handle_errors,
    lang_option,
    load_project,
    project_option,
    split_list,
    wait_option,
)
from transmgr.config import UNTRANSLATED_POLICIES
from transmgr.errors import ConfigError
from transmgr.workflows.build import BuildResult, EditionResult, build
from transmgr.workflows.build.model import EDITIONS

if TYPE_CHECKING:
    from transmgr.workflows import Project


def build_day(env: Mapping[str, str] | None = None) -> dt.date | None:
    """The build date from SOURCE_DATE_EPOCH (reproducible builds), or None for today."""
    value = (os.environ if env is None else env).get("SOURCE_DATE_EPOCH")
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.timezone.utc).date()
    except (ValueError, OverflowError, OSError) as exc:
        raise ConfigError(f"SOURCE_DATE_EPOCH must be a number of seconds since 1970, not {value!r}",
                          hint="unset it to date the build today") from exc


@click.command("build")
@project_option
@wait_option
@doc_option
@lang_option
@click.option("--format", "formats", multiple=True, metavar="FORMATS",
              help="Edition formats (repeat or separate with commas): source (each document's own format), "
                   f"md or docx (that of Markdown or Word documents only), "
                   f"{', '.join(k for k in EDITIONS if k != 'source')}. Default: build.formats.")
@click.option("--include-drafts", is_flag=True, help="Publish drafts too (marked as drafts in HTML).")
@click.option("--untranslated", type=click.Choice(UNTRANSLATED_POLICIES), default=None,
              help="Untranslated segments: show the source text, leave them out, or fail. Default: build.untranslated.")
@click.option("--min-score", type=click.FloatRange(0, 100), default=None, metavar="N",
              help="Hold back a language whose document score (a judge's assessments, 'transmgr assess') is below N. "
                   "Default: build.min_score (none).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@handle_errors
def build_cmd(project_dir: Path, docs: tuple[str, ...], langs: tuple[str, ...], formats: tuple[str, ...],
              include_drafts: bool, untranslated: str | None, min_score: float | None, as_json: bool) -> None:
    """Compile the per-language editions into build/.

    \b
    Writes build/<lang>/<doc>.md, .html, .txt and build/<lang>/LC_MESSAGES/<doc>.mo,
    build/<doc>.parallel.html (all languages side by side) and build/index.html.

    An edition whose share of translated source words is below the language's threshold
    (build.threshold, default 80%) is not written. The HTML colophon is dated today, or by
    SOURCE_DATE_EPOCH when it is set.
    """
    project = load_project(project_dir)
    result = build(project, split_list(docs), split_list(langs), formats=split_list(formats),
                   include_drafts=include_drafts, untranslated=untranslated, day=build_day(),
                   min_score=min_score)
    if as_json:
        echo_json(result_as_dict(result, _relative_in(project)))
    else:
        click.echo("\n".join(report_lines(result, _relative_in(project))))  # one write: 10,000 lines for 2,000 documents
    unreadable = [e for e in result.editions if e.unreadable]
    if unreadable:
        click.echo(f"transmgr: error: {len(unreadable)} edition(s) not built because a catalog cannot be read "
                   "(the others were built)", err=True)
        sys.exit(1)


def _relative_in(project: Project) -> Callable[[Path], str]:
    """``project.relative``, for the many paths under the build folder without resolving each one
    (30,000 files: a second of system calls)."""
    folder = str(project.config.build_dir) + os.sep
    named = project.relative(project.config.build_dir) + "/"

    def rel(path: Path) -> str:
        text = str(path)
        if text.startswith(folder) and ".." not in path.parts:
            return named + text[len(folder):].replace(os.sep, "/")
        return project.relative(path)

    return rel


def result_as_dict(result: BuildResult, rel: Callable[[Path], str] = str) -> dict[str, object]:
    """A JSON-ready form of a build result; ``rel`` shortens paths (e.g. relative to the project)."""
    return {
        "day": result.day.isoformat(),
        "removed_gone": [rel(p) for p in result.gone],
        "formats": list(result.formats),
        "editions": [
            {"doc": e.doc, "lang": e.lang, "built": e.built, "percent": round(e.percent, 2),
             "percent_translated": round(_share(e, "reviewed", "translated", "stale", "source"), 2),
             "percent_drafts": round(_share(e, "draft"), 2),
             "threshold": e.threshold, "words": e.words, "reason": e.reason, "missing": e.missing,
             "files": [rel(p) for p in e.files], "written": [rel(p) for p in e.written],
             "removed": [rel(p) for p in e.removed],
             "kept": [{"path": rel(p), "why": why} for p, why in e.kept]}
            for e in result.editions
        ],
        "pages": [rel(p) for p in result.pages],
        "written": len(result.written),
    }


def _share(edition: EditionResult, *statuses: str) -> float:
    """Percent of the edition's source words shown in ``statuses`` (100 for a document without words)."""
    total = sum(edition.words.values())
    return 100.0 * sum(edition.words.get(s, 0) for s in statuses) / total if total else 100.0


def report_lines(result: BuildResult, rel: Callable[[Path], str] = str) -> list[str]:
    """The short human report: one line per edition, the shared pages, then the totals."""
    lines = []
    for e in result.editions:
        if e.built:
            state = "written" if e.written else "unchanged"
            note = f" ({e.missing} segments not in the catalog: run 'transmgr update')" if e.missing else ""
            formats = ", ".join(p.suffix[1:] for p in e.files) or "nothing in the formats asked for"
            drafts = _share(e, "draft")
            shares = f"{_share(e, 'reviewed', 'translated', 'stale', 'source'):.1f}% translated" + (
                f", {drafts:.1f}% drafts" if drafts else "")
            lines.append(f"{e.lang}/{e.doc}: built {formats}, {shares}, {state}{note}")
        else:
            removed = f"; removed the outdated {', '.join(rel(p) for p in e.removed)}" if e.removed else ""
            kept = "".join(f"; kept {rel(p)} ({why}): remove it yourself if it is an old edition" for p, why in e.kept)
            lines.append(f"{e.lang}/{e.doc}: skipped: {e.reason}{removed}{kept}")
    for page in result.pages:
        lines.append(f"{rel(page)}")
    for path in result.gone:
        lines.append(f"removed {rel(path)} (its document is no longer in the project)")
    built, written = len(result.built), len(result.written)
    lines.append(f"{built} edition{'s' * (built != 1)} built, {len(result.skipped)} skipped, "
                 f"{written} file{'s' * (written != 1)} written.")
    return lines

