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


@click.command("sync")
@project_option
@click.option("--remote", metavar="NAME", default=None,
              help="The git remote to fetch, merge and push through. Default: [serve.git] remote, else none "
                   "(commit only).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@handle_errors
def sync_cmd(project_dir: Path, remote: str | None, as_json: bool) -> None:
    """Commit the translation work done here, then fetch, merge and push it.

    Changes under locales/ and source/ are committed: each unit in the commit of the person whose
    review action left it as it is (from the review history), the rest as you. Then the remote's
    work is merged (PO files entry by entry by transmgr's merge driver: a unit both sides changed
    becomes a draft holding both texts, never conflict markers) and the result pushed; a refused
    push is retried after a new fetch and merge. A translator working offline and a review server
    share one remote so. Needs 'transmgr git-setup' in this clone. Exit status 1 when a step could
    not be done (say which; run it again).

    \b
      transmgr sync --remote origin
    """
    from transmgr.workflows.exchange.git_sync import sync
    from transmgr.workflows.review.identity import acting_person

    project = load_project(project_dir)
    result = sync(project, acting_person(project), remote=remote or project.config.serve.git_remote)
    if as_json:
        from transmgr.cli.common import echo_json

        echo_json({"commits": [{"sha": c.sha, "author": c.author, "paths": list(c.paths), "units": c.units}
                               for c in result.commits],
                   "merged": result.merged, "pushed": result.pushed, "conflicts": result.conflicts,
                   "retries": result.retries, "problems": result.problems})
    else:
        for commit in result.commits:
            click.echo(f"{commit.sha[:10]} {commit.author}: {len(commit.paths)} file(s)"
                       + (f", {commit.units} unit(s)" if commit.units else ""))
        if not result.commits:
            click.echo("Nothing to commit.")
        if result.merged:
            click.echo("Merged the remote's work" + (f" ({result.conflicts} file(s) with units both sides changed: "
                                                     "kept as drafts with both texts)" if result.conflicts else "."))
        if result.pushed:
            click.echo("Pushed" + (f" after {result.retries} retries." if result.retries else "."))
    for problem in result.problems:
        click.echo(f"transmgr: error: {problem}", err=True)
    if result.problems:
        sys.exit(1)
