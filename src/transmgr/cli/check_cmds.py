"""Commands for quality: check (findings, exit 1 on errors) and glossary (list, find terms)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from transmgr.checks.glossary import find_terms, glossary_path, load_glossary
from transmgr.checks.text import shorten
from transmgr.cli.common import (
    doc_option,
    echo_json,
    handle_errors,
    lang_option,
    load_project,
    project_option,
    render_table,
    split_list,
)
from transmgr.errors import CheckFailed, SourceError
from transmgr.workflows.check import CheckResult, available_checks, check

if TYPE_CHECKING:
    from transmgr.workflows import Project

_FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                       help="Output format; json prints one object per finding.")


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _render_findings(result: CheckResult) -> None:
    for finding in result.findings:
        colour = "red" if finding.severity == "error" else "yellow"
        head = (f"{finding.reference}: {click.style(finding.severity, fg=colour)} [{finding.check_id}] "
                f"{finding.lang}: {finding.message}")
        click.echo(head)
        click.echo(f"    source:      {shorten(finding.source)}")
        click.echo(f"    translation: {shorten(finding.translation)}")
    summary = (f"{_plural(result.errors, 'error')}, {_plural(result.warnings, 'warning')} in "
               f"{_plural(result.entries, 'entry', 'entries')} checked "
               f"({', '.join(result.languages)}; {', '.join(result.documents) or 'no documents'})")
    click.echo(summary if result.findings else f"No findings: {summary}")
    if result.drafts_left_out:
        click.echo(f"{_plural(result.drafts_left_out, 'draft')} not checked (drafts await review; "
                   "'transmgr check --drafts' checks them too)")


@click.command("check")
@project_option
@lang_option
@doc_option
@_FORMAT
@click.option("--drafts", "include_drafts", is_flag=True, help="Also check drafts (fuzzy entries).")
@click.option("--list", "list_checks", is_flag=True, help="List the checks and exit.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON (the same as --format json).")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@handle_errors
def check_cmd(project_dir: Path, langs: tuple[str, ...], docs: tuple[str, ...], fmt: str, include_drafts: bool,
              list_checks: bool, as_json: bool, files: tuple[Path, ...]) -> None:
    """Run the quality checks on translated entries; exit status 1 when any error is found.

    \b
    Findings name the check, severity, language, source reference, the source, the translation
    and what is wrong. Disable checks with [checks] disabled = ["length"]; silence one entry
    in its PO file with a translator comment "# ignore: <check-id>" (kept by msgmerge) or a
    flag "#, ignore-<check-id>".
    \b
    Examples:
      transmgr check --lang be
      transmgr check --json > findings.json
      transmgr check --list
      transmgr check locales/be/LC_MESSAGES/essay.po    only these catalogs (a pre-commit hook)
    """
    if as_json:
        fmt = "json"
    if list_checks:
        checks = available_checks()
        if fmt == "json":
            echo_json([{"check_id": c.check_id, "name": c.name, "severity": c.severity,
                        "description": c.description()} for c in checks])
            return
        click.echo(render_table(["id", "severity", "what it checks"],
                                [(c.check_id, c.severity, c.summary()) for c in checks], align="lll"))
        return
    project = load_project(project_dir)
    chosen_langs, chosen_docs = split_list(langs), split_list(docs)
    if files:
        missing = next((path for path in files if not path.is_file()), None)
        if missing is not None:
            raise SourceError("file not found", path=missing, hint="name PO files of this project's locales/ folder")
        pairs = _catalogs_named(project, files)
        if not pairs:
            click.echo("No project catalogs among the files given: nothing to check.")
            return
        chosen_langs = sorted({lang for lang, _ in pairs})
        chosen_docs = sorted({doc for _, doc in pairs})
    result = check(project, chosen_langs, chosen_docs, include_drafts=include_drafts)
    if fmt == "json":
        echo_json([f.as_dict() for f in result.findings])
    else:
        _render_findings(result)
    if result.errors:
        raise CheckFailed(f"{_plural(result.errors, 'error')} found by the quality checks",
                          hint="fix them, or silence one entry with '# ignore: <check-id>' in its PO file")


def _catalogs_named(project: Project, files: tuple[Path, ...]) -> set[tuple[str, str]]:
    """(language, document) of the files that are this project's catalogs of current documents."""
    current = {doc.name for doc in project.documents()}
    found = set()
    for path in files:
        try:
            relative = path.resolve().relative_to(project.config.locales_dir.resolve())
        except ValueError:
            continue
        parts = relative.parts
        if len(parts) >= 3 and parts[1] == "LC_MESSAGES" and path.suffix == ".po":
            doc = Path(*parts[2:]).with_suffix("").as_posix()
            if doc in current and parts[0] in project.config.languages:
                found.add((parts[0], doc))
    return found


@click.command("glossary")
@project_option
@lang_option
@click.option("--find", "text", metavar="TEXT", help="Find the glossary's terms in this segment text.")
@_FORMAT
@handle_errors
def glossary_cmd(project_dir: Path, langs: tuple[str, ...], text: str | None, fmt: str) -> None:
    """List the project glossary (locales/glossary.csv), or find its terms in a segment.

    \b
    The glossary is a CSV file: one row a concept, a column per language, optional
    forbidden-<lang> columns and a note. Inflected forms count when matching.
    \b
    Examples:
      transmgr glossary --lang be
      transmgr glossary --find "Lukashenko and Putin met in the Kremlin"
    """
    project = load_project(project_dir)
    glossary = load_glossary(project.config)
    config = project.config
    selected = split_list(langs)
    shown = tuple(project.languages(selected)) if selected else tuple(
        lang for lang in config.languages if lang != config.source_language)
    columns = (config.source_language, *[lang for lang in shown if lang != config.source_language])
    if text is not None:
        hits = find_terms(glossary, text, (config.source_language, *config.target_languages))
        if fmt == "json":
            echo_json([{"line": h.concept.line, "found_as": h.words, "found_in": h.lang,
                        "terms": {lang: h.concept.preferred(lang) for lang in columns},
                        "forbidden": {lang: [f.text for f in h.concept.forbidden.get(lang, ())] for lang in columns
                                      if h.concept.forbidden.get(lang)},
                        "note": h.concept.all_notes} for h in hits])
            return
        if not hits:
            click.echo("No glossary terms in this text.")
            return
        rows = [(h.words, h.lang, *[h.concept.preferred(lang) or "" for lang in columns], h.concept.all_notes)
                for h in hits]
        click.echo(render_table(["found", "in", *columns, "note"], rows, align="l" * (len(columns) + 3)))
        return
    if fmt == "json":
        echo_json([{"line": c.line, "terms": {lang: [f.text for f in forms] for lang, forms in c.terms.items()},
                    "forbidden": {lang: [f.text for f in forms] for lang, forms in c.forbidden.items()},
                    "note": c.all_notes} for c in glossary.concepts])
        return
    if not glossary.concepts:
        click.echo(f"The glossary is empty or missing: {project.relative(glossary_path(project.config))}")
        return
    rows = []
    for concept in glossary.concepts:
        cells = [" | ".join(f.text for f in concept.terms.get(lang, ())) for lang in columns]
        forbidden = "; ".join(f"{lang}: {' | '.join(f.text for f in concept.forbidden[lang])}"
                              for lang in columns if concept.forbidden.get(lang))
        rows.append((*cells, forbidden, concept.all_notes))
    click.echo(render_table([*columns, "forbidden", "note"], rows, align="l" * (len(columns) + 2)))
    click.echo(f"{_plural(len(glossary.concepts), 'term')} in {project.relative(glossary_path(project.config))}")
