"""The import command: fill a catalog from an existing translated document, aligning it when its layout differs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from transmgr.cli.common import echo_json, handle_errors, load_project, project_option, render_table, wait_option
from transmgr.errors import TransmgrError
from transmgr.workflows.exchange.document_import import THRESHOLD, AlignedPair, ImportResult, import_translation

if TYPE_CHECKING:
    from transmgr.workflows import Project

SHOWN = 60  # characters of each side in the alignment table


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _short(texts: tuple[str, ...]) -> str:
    """A side of a pair in one line: each of its segments gets its share of the width, so all show."""
    if not texts:
        return "—"
    share = max(12, (SHOWN - 3 * (len(texts) - 1)) // len(texts))
    return " | ".join(_cut(text, share) for text in texts)


def _counts(*always: tuple[int, str], optional: tuple[tuple[int, str], ...] = ()) -> list[str]:
    """"N what" for each count; the optional ones only when not zero (every unit in exactly one)."""
    return [f"{count} {what}" for count, what in always] + [f"{count} {what}" for count, what in optional if count]


def _pair_rows(pair: AlignedPair) -> list[tuple[str, ...]]:
    """A pair's rows in the alignment table: one per segment of its longer side, so that both
    sentences of a 2-1 or 1-2 pair are shown (the second marked '+')."""
    rows = []
    for n in range(max(len(pair.source), len(pair.target), 1)):
        sides = [(("+ " if n else "") + side[n] if n < len(side) else ("—" if n == 0 else "")) for side in
                 (pair.source, pair.target)]
        shown = [_cut(text, SHOWN) for text in sides]
        info = (pair.kind, f"{pair.percent}%", "yes" if pair.imported else "no") if n == 0 else ("", "", "")
        rows.append((*shown, *info))
    return rows


def _pair_json(pair: AlignedPair) -> dict[str, object]:
    return {"kind": pair.kind, "confidence": round(pair.confidence * 100, 1), "source": list(pair.source),
            "translation": list(pair.target), "source_lines": list(pair.source_lines),
            "translation_lines": list(pair.target_lines), "imported": pair.imported, "reason": pair.reason or None}


def _echo_result(result: ImportResult, relative: str, table: bool) -> None:
    if table and result.aligned:
        rows = [row for pair in result.aligned for row in _pair_rows(pair)]
        click.echo(render_table(["source", "translation", "pair", "sure", "import"], rows, "lllrl"))
    elif result.listed:
        click.echo("Not imported, or not one to one (--dry-run shows every pair):")
        for pair in result.listed:
            where = (f"source line {','.join(map(str, pair.source_lines))}" if pair.source_lines else
                     f"translation line {','.join(map(str, pair.target_lines))}")
            click.echo(f"  {where} ({pair.kind}, {pair.percent}%): "
                       f"{_short(pair.source)} => {_short(pair.target)}"
                       + (f" [{pair.reason}]" if pair.reason else ""))
    verb = "would import" if result.dry_run else "imported"
    parts = _counts((result.imported, verb), (result.unchanged, "unchanged"), optional=(
        (result.kept, "kept (reviewed, or changed meanwhile; --overwrite replaces reviewed ones)"),
        (result.copies, "not taken (a copy of the source)"),
        (result.not_imported, "without a sure pair (listed above)")))
    how = (f" (aligned: {sum(p.imported for p in result.aligned)} of {len(result.aligned)} pairs taken)"
           if result.aligned else "")
    click.echo(f"{relative}: {result.entries} entries: " + ", ".join(parts) + how)
    if result.repeats:
        lines = ", ".join(map(str, result.repeats))
        click.echo(f"transmgr: warning: a repeated segment is translated otherwise at source line {lines}: one entry "
                   "holds one translation, so the first occurrence's was taken (give the segments a context, or "
                   "translate them alike)", err=True)


@click.command("import")
@project_option
@wait_option
@click.argument("lang")
@click.argument("translated", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--doc", "doc", metavar="NAME", help="The source document this translates (not for XLIFF).")
@click.option("--origin", default="translator", show_default=True,
              help="Provenance recorded when the structures match one to one (e.g. 'translator').")
@click.option("--draft", "as_draft", is_flag=True, help="Import one-to-one matches as drafts (fuzzy) too.")
@click.option("--overwrite", is_flag=True, help="Also replace translations that were reviewed.")
@click.option("--strict", is_flag=True,
              help="Refuse a translation whose block structure differs from the source's (no alignment).")
@click.option("--min-confidence", "threshold", type=click.FloatRange(0, 100), default=THRESHOLD, show_default=True,
              metavar="PERCENT", help="Aligned pairs at least this sure are imported.")
@click.option("--include-uncertain", is_flag=True,
              help="Also import aligned pairs below --min-confidence and splits (one source segment, two translated).")
@click.option("--accept-signed-off", is_flag=True,
              help="XLIFF: stamp the units the file marks signed-off/final as reviewed (by the person the file "
                   "names, else you); without it they come in as translated.")
@click.option("--dry-run", is_flag=True, help="Report what would change (a document's alignment as a table); write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result (every aligned pair included) as JSON.")
@handle_errors
def import_cmd(project_dir: Path, lang: str, translated: Path, doc: str, origin: str, as_draft: bool,
               overwrite: bool, strict: bool, threshold: float, include_uncertain: bool, accept_signed_off: bool,
               dry_run: bool, as_json: bool) -> None:
    """Import TRANSLATED into LANG's catalogs: a whole translated document (--doc), or an XLIFF file.

    An XLIFF file (.xlf, .xliff) from 'transmgr export --xliff', worked on in a CAT tool, comes
    back unit by unit with its states, all or nothing: a unit whose source no longer matches the
    catalog, or whose codes were lost, added, repeated, unpaired or crossed, stops the import
    before anything is written (one line per unit). A reviewed entry is replaced only with
    --overwrite (otherwise the incoming text is kept beside it as a suggestion); signed-off units
    are stamped reviewed only with --accept-signed-off; --draft makes every text a draft.

    When the translation keeps the source's block structure, segment n becomes the translation of
    source segment n (origin --origin). Otherwise its segments are aligned with the source's
    (lengths, numbers, block kinds, punctuation and glossary terms; pairs 1-1, 1-0, 0-1, 2-1,
    1-2): each one-to-one pair at least --min-confidence sure becomes a draft marked
    'aligned <confidence>%'; the others are listed and left alone unless --include-uncertain.
    Reviewed entries are kept unless --overwrite.

    \b
    Examples:
      transmgr import be old/essay.be.md --doc essay --dry-run
      transmgr import uk udhr.uk.md --doc udhr --min-confidence 95 --json
    """
    project = load_project(project_dir)
    if translated.suffix.lower() in XLIFF_SUFFIXES:
        ctx = click.get_current_context()
        for name, flag in (("doc", "--doc"), ("strict", "--strict"), ("threshold", "--min-confidence"),
                           ("include_uncertain", "--include-uncertain"), ("origin", "--origin")):
            if ctx.get_parameter_source(name) is click.core.ParameterSource.COMMANDLINE:
                raise click.UsageError(f"{flag} is for a translated document; an XLIFF import names its units and "
                                       "is all or nothing")
        _import_xliff(project, lang, translated, as_json, dry_run=dry_run, overwrite=overwrite, as_draft=as_draft,
                      accept_signed_off=accept_signed_off)
        return
    if accept_signed_off:
        raise click.UsageError("--accept-signed-off is for an XLIFF file")
    if not doc:
        raise click.UsageError("--doc names the source document that TRANSLATED translates")
    result = import_translation(project, lang, doc, translated, origin=origin, as_draft=as_draft,
                                overwrite=overwrite, strict=strict, threshold=threshold,
                                include_uncertain=include_uncertain, dry_run=dry_run)
    if as_json:
        echo_json({"lang": result.lang, "doc": result.doc, "path": project.relative(result.path),
                   "entries": result.entries, "imported": result.imported, "unchanged": result.unchanged,
                   "kept": result.kept, "copies": result.copies, "not_imported": result.not_imported,
                   "repeats_translated_otherwise": list(result.repeats),
                   "written": result.written, "dry_run": result.dry_run, "aligned": bool(result.aligned),
                   "pairs": [_pair_json(p) for p in result.aligned]})
    else:
        _echo_result(result, project.relative(result.path), dry_run)


XLIFF_SUFFIXES = (".xlf", ".xliff")


def _import_xliff(project: Project, lang: str, path: Path, as_json: bool, **flags: bool) -> None:
    from transmgr.workflows.exchange.xliff_import import import_xliff
    from transmgr.workflows.exchange.xliff_read import XliffError
    from transmgr.workflows.review.identity import resolve_reviewer

    try:
        who: str | None = resolve_reviewer(project)
    except TransmgrError:
        who = None
    try:
        result = import_xliff(project, lang, path, who, **flags)
    except XliffError as exc:
        for line in exc.problems:
            click.echo(f"transmgr: error: {line}", err=True)
        raise
    if as_json:
        echo_json({"lang": lang, "units": result.units, "changed": result.changed, "unchanged": result.unchanged,
                   "suggested": result.suggested, "not_stamped": result.not_stamped,
                   "untranslated": result.untranslated, "skipped": list(result.skipped), "dry_run": result.dry_run,
                   "written": [project.relative(p) for p in result.written]})
        return
    verb = "would change" if result.dry_run else "changed"
    for doc, count in result.changed.items():
        click.echo(f"{project.relative(project.po_path(lang, doc))}: {count} {verb}")
    for line in result.skipped:
        click.echo(f"  not imported: {line}")
    parts = _counts((result.total_changed, verb), (result.unchanged, "unchanged"), optional=(
        (result.suggested, "kept beside reviewed entries as suggestions (--overwrite replaces them)"),
        (result.untranslated, "untranslated in the file"),
        (len(result.skipped), "not imported")))
    click.echo(f"{path}: {result.units} units read: " + ", ".join(parts) + ".")
    if result.not_stamped:
        click.echo(f"{result.not_stamped} signed-off unit(s) came in as translated: --accept-signed-off stamps them "
                   "reviewed.")
