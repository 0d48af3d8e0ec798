"""The serve command: the browser review app, or a login link for it."""

from __future__ import annotations

from pathlib import Path

import click

from transmgr.cli.common import handle_errors, load_project, project_option


@click.command("serve")
@project_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (or that --invite links to).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--invite", "invite", metavar="NAME",
              help="Print a one-time login link for NAME (of [serve.reviewers] or [serve.translators]) and exit.")
@handle_errors
def serve_cmd(project_dir: Path, host: str, port: int, invite: str | None) -> None:
    """Review in the browser: a web app over the project's PO files (the files stay the only store).

    People are named in the configuration with the languages they work on: reviewers may accept,
    translators may edit and suggest (every action goes through the review core and its history):

    \b
      [serve.reviewers]
      "Ala Kavalenka" = ["be"]
      "Taras Melnyk" = ["uk", "ru"]
      [serve.translators]
      "Olga Translator" = ["be"]

    \b
    Then:
      transmgr serve --invite "Ala Kavalenka"     print her login link (works once, for 7 days)
      transmgr serve --host 127.0.0.1 --port 8000   run the app (behind a TLS proxy: see docs/review.md)
    """
    project = load_project(project_dir)
    if invite is not None:
        from transmgr.web.auth import create_invite

        base = project.config.serve.base_url or f"http://{host if ':' not in host else f'[{host}]'}:{port}"
        link = create_invite(project.config, invite, base)
        click.echo(link.url)
        return
    if not project.config.serve.reviewers and not project.config.serve.translators:
        click.echo("transmgr: warning: nobody in [serve.reviewers] or [serve.translators]: nobody can sign in",
                   err=True)
    import socket

    from transmgr.errors import TransmgrError
    from transmgr.web.app import create_app
    from transmgr.web.server import run

    try:  # a busy or forbidden address is one line, before the server starts
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        raise TransmgrError(f"cannot listen on {host}:{port}: {exc.strerror}",
                            hint="choose another --port, or stop what uses this one") from exc

    syncer = None
    if project.config.serve.git_commit_every > 0:
        from transmgr.workflows.exchange.git_sync import Syncer, SyncResult
        from transmgr.workflows.review.identity import acting_person

        def said(result: SyncResult) -> None:
            if result.commits or result.merged or result.retries:
                click.echo(f"git sync: {len(result.commits)} commit(s), {'merged' if result.merged else 'no merge'}, "
                           f"{'pushed' if result.pushed else 'not pushed'}, {result.conflicts} conflicted file(s), "
                           f"{result.retries} retried push(es)", err=True)
            for problem in result.problems:
                click.echo(f"transmgr: warning: git sync: {problem}", err=True)

        syncer = Syncer(project, acting_person(project), project.config.serve.git_commit_every,
                        project.config.serve.git_remote, said)
        syncer.start()  # a clone without the merge driver: one line, before the server starts
        target = f", then {project.config.serve.git_remote}" if project.config.serve.git_remote else ""
        click.echo(f"Committing the reviewers' work every {project.config.serve.git_commit_every:g} s{target}",
                   err=True)
    click.echo(f"Serving {project.root} on http://{host}:{port}/ (Ctrl+C stops)", err=True)
    import signal

    def stopped(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    # uvicorn shuts down on SIGTERM, then raises the signal again: here that ends the process through
    # the finally below, so the last sync round commits and pushes what was done since the one before.
    signal.signal(signal.SIGTERM, stopped)
    try:
        run(create_app(project), host, port)
    finally:
        if syncer is not None:
            syncer.stop()
