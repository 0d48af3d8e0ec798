"""Shared CLI pieces: the --project option, error handling, tables and JSON output."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from transmgr.errors import TransmgrError
from transmgr.locking import configure_locks

if TYPE_CHECKING:
    from transmgr.workflows import Project

F = TypeVar("F", bound=Callable[..., Any])


def project_option(func: F) -> F:
    """``--project DIR``: the project folder (default: the current folder)."""
    return click.option(
        "--project", "project_dir", default=".", show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        help="Folder of the transmgr project (holding transmgr.toml or pyproject.toml).",
    )(func)


def _set_wait(ctx: click.Context, param: click.Parameter, no_wait: bool) -> None:
    configure_locks(wait=not no_wait, on_wait=lambda message: click.echo(f"transmgr: {message}...", err=True))


def wait_option(func: F) -> F:
    """``--no-wait``: for commands that write; fail at once instead of waiting for another writer."""
    return click.option(
        "--no-wait", is_flag=True, expose_value=False, callback=_set_wait,
        help="If another transmgr process is writing this project, fail at once (exit 75) instead of waiting.",
    )(func)


def split_list(values: Sequence[str]) -> list[str]:
    """Accept both ``--lang be --lang ru`` and ``--lang be,ru``."""
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def lang_option(func: F) -> F:
    return click.option(
        "--lang", "langs", multiple=True, metavar="LANG",
        help="Only this language (repeat or separate with commas). Default: all.",
    )(func)


def doc_option(func: F) -> F:
    return click.option(
        "--doc", "docs", multiple=True, metavar="NAME",
        help="Only this document (its name under source/ without suffix). Default: all.",
    )(func)


def load_project(project_dir: Path) -> Project:
    from transmgr.workflows import Project  # imported by the commands that need a project

    return Project.load(project_dir)


def handle_errors(func: F) -> F:
    """Turn transmgr's errors into one line on stderr and a non-zero exit; never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TransmgrError as exc:
            click.echo(f"transmgr: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:
            # The reader went away (``transmgr status | head``): nothing more to say.
            sys.stderr.close()
            sys.exit(0)
        except KeyboardInterrupt:
            click.echo("transmgr: interrupted; files already written are complete", err=True)
            sys.exit(130)
        except click.exceptions.ClickException:
            raise
        except (click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except Exception as exc:  # a bug: say so in one line, traceback only on request
            if os.environ.get("TRANSMGR_DEBUG"):
                raise
            click.echo(
                f"transmgr: internal error: {type(exc).__name__}: {exc} "
                "(a bug; rerun with TRANSMGR_DEBUG=1 for the traceback and report it)", err=True,
            )
            sys.exit(70)

    return wrapper  # type: ignore[return-value]


@contextlib.contextmanager
def progress_bar(total: int, label: str) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr for long runs in a terminal; silent in pipes and CI logs."""
    if total < 3 or not sys.stderr.isatty():
        yield lambda item: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True,
                           item_show_func=lambda item: item) as bar:
        yield lambda item: bar.update(1, item)


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False))


def render_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], align: str = "") -> str:
    """A plain text table; ``align`` has one 'l' or 'r' per column (default: first left, rest right)."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    align = align or "l" + "r" * (len(headers) - 1)
    lines = []
    for n, row in enumerate(cells):
        parts = [c.ljust(w) if a == "l" else c.rjust(w) for c, w, a in zip(row, widths, align)]
        lines.append("  ".join(parts).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
