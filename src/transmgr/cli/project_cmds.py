"""Commands that set up and maintain a project: init, extract, update, status."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from transmgr.cli.common import (
    doc_option,
    echo_json,
    handle_errors,
    lang_option,
    load_project,
    progress_bar,
    project_option,
    render_table,
    split_list,
    wait_option,
)

if TYPE_CHECKING:
    from transmgr.workflows import Project


@click.command("init")
@project_option
@click.option("--source-language", "source_language", default="en", show_default=True,
              help="Language the source documents are written in.")
@click.option("--languages", "languages", required=True, metavar="LANGS",
              help="Languages to translate into, comma separated (e.g. be,uk,ru).")
@click.option("--segmentation", type=click.Choice(["paragraph", "sentence"]), default="paragraph",
              show_default=True, help="Unit of translation.")
@click.option("--pyproject", is_flag=True, help="Write [tool.transmgr] into pyproject.toml instead of transmgr.toml.")
@click.option("--git", "with_git", is_flag=True,
              help="Also install the PO merge driver in the git repository (as 'transmgr git-setup').")
@handle_errors
def init_cmd(project_dir: Path, source_language: str, languages: str, segmentation: str, pyproject: bool,
             with_git: bool) -> None:
    """Create a transmgr project: configuration and the source/ and locales/ folders.

    \b
    Example:
      transmgr init --project my-doc --source-language en --languages be,uk,ru
    """
    from transmgr.workflows.init import init_project

    if with_git:
        from transmgr.workflows.exchange.merge_driver import check_repository

        check_repository(project_dir)  # before anything is written
    existed = (project_dir / "pyproject.toml").is_file()
    result = init_project(project_dir, source_language, split_list([languages]), segmentation=segmentation,
                          pyproject=pyproject)
    added = pyproject and result.config_path.name == "pyproject.toml" and existed
    click.echo(f"Added [tool.transmgr] to {result.config_path}" if added else f"Created {result.config_path}")
    for folder in result.folders:
        click.echo(f"Created {folder}/")
    if with_git:
        from transmgr.workflows.exchange.merge_driver import git_setup

        project = load_project(project_dir)
        setup = git_setup(project.root, project.config.locales_dir)
        click.echo(f"Installed the PO merge driver: {', '.join(setup.patterns)} in {project.relative(setup.attributes)}")
    click.echo("Next: put documents (Markdown, text, Word, HTML) in source/ and run 'transmgr update'.")


@click.command("extract")
@project_option
@wait_option
@doc_option
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@handle_errors
def extract_cmd(project_dir: Path, docs: tuple[str, ...], as_json: bool) -> None:
    """Segment the source documents into POT templates under locales/."""
    project = load_project(project_dir)
    from transmgr.workflows import extract

    results = extract(project, split_list(docs))
    if as_json:
        echo_json([{"doc": r.doc, "path": project.relative(r.path), "segments": r.segments,
                    "entries": r.entries, "written": r.written} for r in results])
        return
    for r in results:
        change = "written" if r.written else "unchanged"
        click.echo(f"{project.relative(r.path)}: {r.segments} segments, {r.entries} entries ({change})")


@click.command("update")
@project_option
@wait_option
@doc_option
@lang_option
@click.option("--template", "template", type=click.Path(dir_okay=False, path_type=Path), metavar="POT",
              help="Merge the PO FILES given with this template instead (any PO file, no project needed).")
@click.option("--template-dir", "template_dir", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Merge each PO file with its template in DIR: the PO file's path with .pot (pot/library/os.pot "
                   "for library/os.po), all in one process on every core.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@handle_errors
def update_cmd(project_dir: Path, docs: tuple[str, ...], langs: tuple[str, ...], template: Path | None,
               template_dir: Path | None, as_json: bool, files: tuple[Path, ...]) -> None:
    """Extract, then create or update every language's PO file.

    Translations of unchanged segments are kept; an edited segment keeps its old translation
    as a fuzzy draft with the previous source (#|); removed segments become obsolete (#~) and
    come back if their text returns.

    \b
    With --template (one template for every file) or --template-dir (each file's own: a tree, in one
    process on every core), merge PO files with a template as msgmerge -U --previous does, in place,
    outside any project:
      transmgr update --template messages.pot de.po fr.po
      transmgr update --template-dir pot library/*.po whatsnew/*.po
    """
    if template is not None or template_dir is not None or files:
        _update_files(template, template_dir, files, docs, langs, as_json)
        return
    from transmgr.workflows import update

    project = load_project(project_dir)
    total = len(project.documents(split_list(docs))) * len(project.languages(split_list(langs)))
    with progress_bar(total, "Merging catalogs") as advance:
        extracted, updated = update(project, split_list(docs), split_list(langs), on_progress=advance)
    if as_json:
        echo_json({
            "templates": [{"doc": r.doc, "path": project.relative(r.path), "entries": r.entries,
                           "written": r.written} for r in extracted],
            "catalogs": [{"doc": r.doc, "lang": r.lang, "path": project.relative(r.path), "created": r.created,
                          "written": r.written, "entries": r.entries, "segments": r.segments,
                          "kept": r.stats.kept, "fuzzy": r.stats.fuzzy, "new": r.stats.new,
                          "obsolete": r.stats.obsolete, "revived": r.stats.revived} for r in updated],
        })
        return
    for r in updated:
        change = "created" if r.created else ("written" if r.written else "unchanged")
        s = r.stats
        repeated = f" for {r.segments} segments (a repeated one is one entry)" if r.segments != r.entries else ""
        click.echo(f"{project.relative(r.path)}: {change}; {r.entries} entries{repeated}: {s.kept} kept, "
                   f"{s.fuzzy} fuzzy, {s.new} new, {s.obsolete} obsolete, {s.revived} revived")
    warn_skipped(project)
    warn_orphans(project)
    warn_merge_driver(project)


def warn_skipped(project: Project) -> None:
    """One note per file that looks meant for translation but is not read, and why."""
    for path, reason in project.skipped():
        click.echo(f"transmgr: note: skipped {project.relative(path)}: {reason}", err=True)


def warn_merge_driver(project: Project) -> None:
    """A warning when the repository asks for transmgr's merge driver and this clone lacks it."""
    from transmgr.workflows.exchange.merge_driver import driver_missing

    attributes = driver_missing(project.root)
    if attributes is not None:
        click.echo(f"transmgr: warning: {project.relative(attributes)} merges PO files with transmgr's driver, but "
                   "this clone has not registered it, so git would merge them line by line (conflict markers): run "
                   "'transmgr git-setup'", err=True)


def warn_orphans(project: Project) -> None:
    """One warning per catalog whose document is gone: its work is not lost, and how to move it."""
    for lang, doc in project.orphans():
        click.echo(f"transmgr: warning: {project.relative(project.po_path(lang, doc))}: no source document "
                   f"'{doc}' any more; its translations still feed the memory (if the document was renamed: "
                   f"transmgr rename {doc} NEW)", err=True)


def _update_files(template: Path | None, template_dir: Path | None, files: tuple[Path, ...], docs: tuple[str, ...],
                  langs: tuple[str, ...], as_json: bool) -> None:
    if template is None and template_dir is None:
        raise click.UsageError("PO files to merge need --template POT or --template-dir DIR")
    if template is not None and template_dir is not None:
        raise click.UsageError("--template and --template-dir: give one")
    if not files:
        raise click.UsageError("--template needs the PO files to merge with it")
    if docs or langs:
        raise click.UsageError("--doc and --lang select a project's catalogs; with --template, name the PO files")
    from transmgr.workflows.catalog_files import update_files

    def template_of(path: Path) -> Path:
        if template is not None:
            return template
        assert template_dir is not None
        try:
            relative = path.resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            relative = Path(path.name)
        return template_dir / relative.with_suffix(".pot")

    results = update_files([(path, template_of(path)) for path in files])
    if as_json:
        echo_json([{"path": str(r.path), "written": r.written, "kept": r.stats.kept, "fuzzy": r.stats.fuzzy,
                    "new": r.stats.new, "obsolete": r.stats.obsolete, "revived": r.stats.revived} for r in results])
        return
    for r in results:
        s = r.stats
        click.echo(f"{r.path}: {'written' if r.written else 'unchanged'}; {s.kept} kept, {s.fuzzy} fuzzy, "
                   f"{s.new} new, {s.obsolete} obsolete, {s.revived} revived")


@click.command("status")
@project_option
@doc_option
@lang_option
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON (one object per document and language).")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@handle_errors
def status_cmd(project_dir: Path, docs: tuple[str, ...], langs: tuple[str, ...], as_json: bool,
               files: tuple[Path, ...]) -> None:
    """Show progress per document and language: segments and words in each state.

    A segment is one paragraph (or sentence) of the source each time it occurs; an entry is one
    PO entry, which a repeated segment shares. The states count segments and words, as the
    build's threshold does; 'transmgr update' counts entries.

    \b
    Given PO FILES, show their entries and words by state instead (any PO file, no project
    needed; msgfmt --statistics counts the same, with reviewed and stale apart):
      transmgr status locales/*/LC_MESSAGES/*.po
    """
    if files:
        if docs or langs:
            raise click.UsageError("--doc and --lang select a project's catalogs; with PO files, name the files")
        _status_files(files, as_json)
        return
    project = load_project(project_dir)
    from transmgr.workflows import status

    rows = status(project, split_list(docs), split_list(langs))
    warn_orphans(project)
    warn_merge_driver(project)
    if not rows and not as_json:
        click.echo(f"No documents in {project.relative(project.config.source_dir)}/ yet: put Markdown, text, Word or "
                   "HTML files there and run 'transmgr update'.")
        return
    if as_json:
        echo_json([row.as_dict() for row in rows])
        return
    headers = ["doc", "lang", "entries", "segments", "words", "untranslated", "draft", "translated", "reviewed",
               "stale", "done", "reviewed%"]
    table = []
    for row in rows:
        table.append([row.doc, row.lang, row.entries, row.total_segments, row.total_words,
                      *(f"{row.segments[s]}/{row.words[s]}w" for s in
                        ("untranslated", "draft", "translated", "reviewed", "stale")),
                      f"{row.percent_done:.1f}%", f"{row.percent_reviewed:.1f}%"])
    if any(row.score is not None for row in rows):  # a judge assessed something: its column
        headers.append("judged")
        for line, row in zip(table, rows):
            marks = ", ".join(f"{row.flagged[s]} {s}" for s in ("critical", "major", "minor") if row.flagged.get(s))
            line.append("-" if row.score is None else f"{row.score:g}" + (f" ({marks})" if marks else ""))
    click.echo(render_table(headers, table, "ll" + "r" * (len(headers) - 2)))


def _status_files(files: tuple[Path, ...], as_json: bool) -> None:
    from transmgr.workflows.catalog_files import file_status

    rows = [file_status(path) for path in files]
    if as_json:
        echo_json([row.as_dict() for row in rows])
        return
    headers = ["file", "entries", "words", "untranslated", "draft", "translated", "reviewed", "stale", "obsolete",
               "done", "reviewed%"]
    table = [[str(row.path), row.total_entries, row.total_words,
              *(f"{row.entries[s]}/{row.words[s]}w" for s in ("untranslated", "draft", "translated", "reviewed", "stale")),
              row.obsolete, f"{row.percent_done:.1f}%", f"{row.percent_reviewed:.1f}%"] for row in rows]
    click.echo(render_table(headers, table, "l" + "r" * 10))


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
    from transmgr.workflows.rename import rename_document

    project = load_project(project_dir)
    result = rename_document(project, old, new)
    for before, after in result.moved:
        click.echo(f"{project.relative(before)} -> {project.relative(after)}")
