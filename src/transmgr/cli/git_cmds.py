"""Commands for a team sharing its files through git: the PO merge driver and its setup."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from transmgr.cli.common import handle_errors, load_project, project_option


@click.command("merge-driver")
@click.argument("base", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("ours", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("theirs", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("name", required=False)
@handle_errors
def merge_driver_cmd(base: Path, ours: Path, theirs: Path, name: str | None) -> None:
    """Merge PO files entry by entry: git runs this as the transmgr-po merge driver (%O %A %B %P).

    Changes to different entries never conflict; an entry whose translation both sides changed
    differently becomes a fuzzy draft holding ours, with theirs in a review note, and the exit
    status is 1 so git reports the conflict: resolve it with 'transmgr review', then 'git add'.
    No conflict markers are written; the file stays valid for msgfmt. Install with
    'transmgr git-setup'.
    """
    from transmgr.workflows.exchange.merge_driver import merge_files

    report = merge_files(base, ours, theirs, name)
    if report.conflicts:
        click.echo(f"transmgr: {name or ours}: {len(report.conflicts)} entr{'y' if len(report.conflicts) == 1 else 'ies'} "
                   "in conflict, kept as drafts with both versions: resolve with 'transmgr review', then 'git add'",
                   err=True)
        sys.exit(1)


@click.command("git-setup")
@project_option
@handle_errors
def git_setup_cmd(project_dir: Path) -> None:
    """Install transmgr's PO merge driver in this project's git repository.

    Writes .gitattributes lines routing locales/**/*.po and locales/**/*.pot to the driver (commit
    that file) and registers the driver in the repository's own git config (each clone runs this
    once; 'transmgr init --git' does it for a new project).
    """
    from transmgr.workflows.exchange.merge_driver import git_setup

    project = load_project(project_dir)
    result = git_setup(project.root, project.config.locales_dir)
    click.echo(f"{project.relative(result.attributes)}: {', '.join(result.patterns)} merge with transmgr")
    click.echo(f"git config merge.transmgr-po.driver: {result.driver}")
