"""The command-line interface; the only layer that prints."""

from __future__ import annotations

import sys

import click

from transmgr import __version__
from transmgr.cli.build_cmds import build_cmd
from transmgr.cli.check_cmds import check_cmd, glossary_cmd
from transmgr.cli.draft_cmds import draft_cmd
from transmgr.cli.import_cmds import import_cmd
from transmgr.cli.project_cmds import extract_cmd, init_cmd, status_cmd, update_cmd
from transmgr.cli.review_cmds import review_cmd

# Explicit, ordered command table, in workflow order: the order of `transmgr --help`.
COMMANDS: list[click.Command] = [
    init_cmd, extract_cmd, update_cmd, draft_cmd, import_cmd, review_cmd, check_cmd, glossary_cmd,
    build_cmd, status_cmd,
]


class OrderedGroup(click.Group):
    """A group that lists its commands in the order they were added, not alphabetically."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


@click.group(cls=OrderedGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="transmgr")
def cli() -> None:
    """transmgr: translate prose documents through gettext PO files.

    \b
    Typical flow:
      transmgr init --languages be,uk,ru   create the project (transmgr.toml, source/, locales/)
      transmgr update                      source/*.md -> locales/<doc>.pot -> locales/<lang>/LC_MESSAGES/<doc>.po
      transmgr draft --lang be             machine, memory and pivot drafts (fuzzy until accepted)
      transmgr review be                   accept, edit or reject, one segment at a time
      transmgr check                       quality checks for be/uk/ru (exit 1 on errors)
      transmgr build                       editions in build/: Markdown, HTML, text, MO
      transmgr status                      progress per language (--json for scripts)
    Every command takes --project DIR (default: the current folder) and --help.
    """


for _command in COMMANDS:
    cli.add_command(_command)


def main() -> None:
    """Console-script entry point: click's own errors become one line, like transmgr's."""
    try:
        code = cli.main(prog_name="transmgr", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:  # plain `transmgr`: the overview
        click.echo(exc.format_message())
        sys.exit(0)
    except click.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx is not None else "transmgr"
        click.echo(f"transmgr: error: {exc.format_message()} (see '{where} --help')", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        click.echo(f"transmgr: error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("transmgr: interrupted", err=True)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
