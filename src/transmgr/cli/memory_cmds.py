"""The memory commands (TMX export) and rename (a document moved with its catalogs)."""

from __future__ import annotations

from pathlib import Path

import click

from transmgr.cli.common import (
    echo_json,
    handle_errors,
    lang_option,
    load_project,
    project_option,
    split_list,
    wait_option,
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
    """Write the translated and reviewed units of every catalog as TMX 1.4b.

    One <tu> per source text with a <tuv> per language (default: every target language), the
    document, state and reviewer as <prop>s; catalogs whose document is gone are included. OmegaT,
    Trados, memoQ, Phrase and Translate Toolkit read it.
    """
    from transmgr.workflows.memory import export_tmx

    project = load_project(project_dir)
    result = export_tmx(project, tmx, split_list(langs) or None)
    if as_json:
        echo_json({"path": str(result.path), "units": result.units, "languages": list(result.languages)})
        return
    click.echo(f"{result.path}: {result.units} units ({', '.join(result.languages)})")


@click.command("rename")
@project_option
@wait_option
@click.argument("old")
@click.argument("new")
@handle_errors
def rename_cmd(project_dir: Path, old: str, new: str) -> None:
    """Rename document OLD to NEW with its template and every language's catalog.

    The source file is moved too, unless it was moved already (git mv): then only the template and
    catalogs follow, and a catalog 'update' made for NEW in the meantime gets OLD's translations.
    References (#:) are rewritten; states and review stamps are kept.

    \b
      transmgr rename essay essays/deeply-concerned
    """
    from transmgr.workflows.memory import rename_document

    project = load_project(project_dir)
    result = rename_document(project, old, new)
    for before, after in result.moved:
        click.echo(f"{project.relative(before)} -> {project.relative(after)}")
