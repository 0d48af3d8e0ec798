"""The import command: fill a catalog from an existing translated document."""

from __future__ import annotations

from pathlib import Path

import click

from transmgr.cli.common import echo_json, handle_errors, load_project, project_option, wait_option
from transmgr.workflows.importing import import_translation


@click.command("import")
@project_option
@wait_option
@click.argument("lang")
@click.argument("translated", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--doc", "doc", required=True, metavar="NAME", help="The source document this translates.")
@click.option("--origin", default="translator", show_default=True,
              help="Provenance recorded in the PO file (e.g. 'translator', 'alignment').")
@click.option("--draft", "as_draft", is_flag=True, help="Import as drafts (fuzzy) instead of translations.")
@click.option("--overwrite", is_flag=True, help="Also replace translations that were reviewed.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@handle_errors
def import_cmd(project_dir: Path, lang: str, translated: Path, doc: str, origin: str, as_draft: bool,
               overwrite: bool, as_json: bool) -> None:
    """Import TRANSLATED, a whole translated document, into LANG's catalog for --doc.

    The translation must keep the source's block structure (same headings, paragraphs, lists,
    quotes, captions in the same order); segment n becomes the translation of source segment n.
    Reviewed entries are kept unless --overwrite.
    """
    project = load_project(project_dir)
    result = import_translation(project, lang, doc, translated, origin=origin, as_draft=as_draft,
                                overwrite=overwrite)
    if as_json:
        echo_json({"lang": result.lang, "doc": result.doc, "path": project.relative(result.path),
                   "imported": result.imported, "unchanged": result.unchanged, "kept": result.kept,
                   "written": result.written})
        return
    click.echo(f"{project.relative(result.path)}: {result.imported} imported, {result.unchanged} unchanged, "
               f"{result.kept} reviewed kept")
