"""The command-line interface; the only layer that prints."""

from __future__ import annotations

import sys

import click

from transmgr import __version__
from transmgr.lazy import Registry

# Explicit, ordered command table, in workflow order (the order of `transmgr --help`): the command's
# name, where it is defined, and its line in the overview. A command's module, and the workflows
# it needs, are imported only when that command runs or shows its own help, so that
# `transmgr --help` and `transmgr status` start quickly.
COMMANDS: Registry[click.Command] = Registry("command", {
    "init": ("transmgr.cli.project_cmds:init_cmd", "Create a transmgr project: configuration and folders."),
    "extract": ("transmgr.cli.project_cmds:extract_cmd", "Segment the source documents into POT templates."),
    "update": ("transmgr.cli.project_cmds:update_cmd",
               "Extract, then create or update every language's PO file (or merge PO files with a template)."),
    "draft": ("transmgr.cli.draft_cmds:draft_cmd", "Fill untranslated entries with drafts from memory and engines."),
    "import": ("transmgr.cli.import_cmds:import_cmd", "Import a translated document (aligned) or an XLIFF file."),
    "export": ("transmgr.cli.exchange_cmds:export_cmd_xliff", "Export a language's catalogs as XLIFF for CAT tools."),
    "assess": ("transmgr.cli.quality_cmds:assess_cmd", "Have a language-model judge find errors; keep its verdicts in the PO files."),
    "review": ("transmgr.cli.review_cmds:review_cmd", "Review translations: one entry at a time, or by reference."),
    "check": ("transmgr.cli.check_cmds:check_cmd", "Run the quality checks (exit status 1 on errors)."),
    "glossary": ("transmgr.cli.check_cmds:glossary_cmd", "List the project glossary, or find its terms in a text."),
    "serve": ("transmgr.cli.serve_cmd:serve_cmd", "Review in the browser: a web app over the PO files."),
    "build": ("transmgr.cli.build_cmds:build_cmd", "Compile the per-language editions into build/."),
    "status": ("transmgr.cli.project_cmds:status_cmd", "Show progress per document and language (or of PO files)."),
    "report": ("transmgr.cli.quality_cmds:report_cmd", "How each engine, model and person serves each language."),
    "compile": ("transmgr.cli.compile_cmd:compile_cmd", "Compile PO files into MO files, as msgfmt does."),
    "rename": ("transmgr.cli.project_cmds:rename_cmd", "Rename a document with its template and catalogs."),
    "memory": ("transmgr.cli.exchange_cmds:memory_cmd", "The translation memory: export it as TMX."),
    "git-setup": ("transmgr.cli.git_cmds:git_setup_cmd", "Install the PO merge driver in the git repository."),
    "sync": ("transmgr.cli.git_cmds:sync_cmd", "Commit the work done (each change under its author), merge and push."),
    "merge-driver": ("transmgr.cli.git_cmds:merge_driver_cmd", "Merge PO files entry by entry (run by git)."),
})


class LazyGroup(click.Group):
    """The command group: commands listed in table order, each imported when it is needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return COMMANDS.get(cmd_name) if cmd_name in COMMANDS else None

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in COMMANDS:
            import difflib

            close = difflib.get_close_matches(name, COMMANDS.names(), n=1, cutoff=0.6)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            raise click.UsageError(f"No such command '{name}'.{hint}", ctx)
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMANDS.info(name)) for name in COMMANDS])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="transmgr")
def cli() -> None:
    """transmgr: translate prose documents through gettext PO files.

    \b
    Typical flow:
      transmgr init --languages be,uk,ru   create the project (transmgr.toml, source/, locales/)
      transmgr update                      source/ (.md .txt .docx .html) -> locales/<doc>.pot and <lang>/LC_MESSAGES/<doc>.po
      transmgr draft --lang be             memory, language-model, machine and pivot drafts (fuzzy until accepted)
      transmgr review be                   accept, edit or reject, one segment at a time (transmgr serve: in a browser)
      transmgr check                       quality checks for be/uk/ru (exit 1 on errors)
      transmgr build                       editions in build/: the source's own format, HTML, text, MO
      transmgr status                      progress per language (--json for scripts)
    Every command takes --project DIR (default: the current folder) and --help.
    """


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
