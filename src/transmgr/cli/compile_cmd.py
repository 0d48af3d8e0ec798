"""The compile command: an MO file from any PO file, as msgfmt makes it, no project needed."""

from __future__ import annotations

from pathlib import Path

import click

from transmgr.cli.common import echo_json, handle_errors
from transmgr.workflows.catalog_files import compile_files


@click.command("compile")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), metavar="MO",
              help="Where to write the MO file (one PO file only). Default: beside it, with .mo for .po.")
@click.option("--use-fuzzy", "include_drafts", is_flag=True,
              help="Put drafts (fuzzy entries) in the MO file too, as msgfmt --use-fuzzy does.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@handle_errors
def compile_cmd(files: tuple[Path, ...], output: Path | None, include_drafts: bool, as_json: bool) -> None:
    """Compile PO files into MO files, as msgfmt does (any PO file, no project needed).

    Translated, reviewed and stale entries go in; drafts (fuzzy) and untranslated entries do
    not. The file is read as strictly as msgfmt -c reads it; the MO file is msgfmt --no-hash's
    layout, which gettext, libintl and Python's gettext module load (the same bytes for a UTF-8
    file; a file in another charset is compiled to UTF-8). Many files are compiled in one
    process, on every core.

    \b
    Example:
      transmgr compile locales/be/LC_MESSAGES/essay.po -o be.mo
    """
    if output is not None and len(files) > 1:
        raise click.UsageError("-o names one MO file: give one PO file with it")
    results = compile_files([(path, output or path.with_suffix(".mo")) for path in files],
                            include_drafts=include_drafts)
    if as_json:
        echo_json([{"source": str(r.source), "output": str(r.output), "messages": r.messages,
                    "drafts_left_out": r.drafts_left_out, "written": r.written} for r in results])
        return
    for r in results:
        drafts = f", {r.drafts_left_out} drafts left out (--use-fuzzy puts them in)" if r.drafts_left_out else ""
        click.echo(f"{r.output}: {r.messages} messages{drafts}{'' if r.written else ' (unchanged)'}")
