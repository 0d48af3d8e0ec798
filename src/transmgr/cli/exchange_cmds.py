"""Commands for files exchanged with other tools: the memory as TMX, a language's catalogs as XLIFF."""

from __future__ import annotations

from pathlib import Path

import click

from transmgr.cli.common import (
    doc_option,
    echo_json,
    handle_errors,
    lang_option,
    load_project,
    project_option,
    split_list,
)


@click.group("memory")
def memory_cmd() -> None:
    """The project's translation memory: every translated and reviewed entry of every catalog.

    \b
    drafts read it through the chain step 'memory' (with the TMX files of [engines.memory] tmx);
      transmgr memory export --tmx team.tmx            share it with a CAT tool (TMX 1.4b)
    """


@memory_cmd.command("export")
@project_option
@lang_option
@click.option("--tmx", "tmx", required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="The TMX file to write (replaced atomically).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@handle_errors
def export_cmd(project_dir: Path, langs: tuple[str, ...], tmx: Path, as_json: bool) -> None:
    """Write every pair the project's memory offers as TMX 1.4b.

    The translated, reviewed and stale entries of every catalog, with the obsolete ones (earlier
    versions of a source, marked x-obsolete) and catalogs whose document is gone. One <tu> per
    source text with a <tuv> per language (default: every target language), the document, state
    and reviewer as <prop>s; markup as TMX inline codes (<bpt>/<ept>, <ph>), as XLIFF has it.
    OmegaT, Trados, memoQ, Phrase and Translate Toolkit read it.
    """
    from transmgr.workflows.exchange.tmx import export_tmx

    project = load_project(project_dir)
    result = export_tmx(project, tmx, split_list(langs) or None)
    if as_json:
        echo_json({"path": str(result.path), "units": result.units, "languages": list(result.languages),
                   "obsolete": result.obsolete})
        return
    click.echo(f"{result.path}: {result.units} units ({', '.join(result.languages)}), {result.obsolete} of them "
               "translations of an earlier source")


@click.command("export")
@project_option
@click.argument("lang")
@click.option("--xliff", "xliff", required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="The XLIFF file to write (replaced atomically).")
@doc_option
@click.option("--version", "version", type=click.Choice(["1.2", "2.0"]), default="1.2", show_default=True,
              help="XLIFF version: 1.2 for most CAT tools (Trados, memoQ, OmegaT), 2.0 where supported.")
@click.option("--state", "states", multiple=True, metavar="STATES",
              help="Only units in these states (untranslated, draft, translated, stale, reviewed; repeat or "
                   "separate with commas). Default: all.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@handle_errors
def export_cmd_xliff(project_dir: Path, lang: str, xliff: Path, docs: tuple[str, ...], version: str,
                     states: tuple[str, ...], as_json: bool) -> None:
    """Export LANG's catalogs as XLIFF for a CAT tool; bring it back with 'transmgr import LANG FILE'.

    One <file> per document, one unit per entry with a stable id, the segment's kind and references
    as notes, markup as inline codes (never raw Markdown), states mapped (see docs/collaboration.md).

    \b
      transmgr export be --xliff be.xlf --state untranslated,draft
      transmgr export uk --xliff uk.xlf --version 2.0 --doc essay
    """
    from transmgr.workflows.exchange.xliff_write import STATE_NAMES, export_xliff

    chosen = tuple(split_list(states)) or STATE_NAMES
    unknown = [s for s in chosen if s not in STATE_NAMES]
    if unknown:
        raise click.UsageError(f"unknown state {unknown[0]!r}: use {', '.join(STATE_NAMES)}")
    project = load_project(project_dir)
    result = export_xliff(project, lang, xliff, docs=split_list(docs) or None, version=version, states=chosen)
    if as_json:
        echo_json({"path": str(result.path), "documents": result.documents, "units": result.units, "version": version})
        return
    click.echo(f"{result.path}: XLIFF {version}, {result.units} units of {result.documents} document(s)")
