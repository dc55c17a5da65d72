"""`policykit serve`: the local web app, for officials and aides who do not use a terminal.

The web stack is imported only when the command runs, so every other command starts as fast as
before.
"""

from __future__ import annotations

from typing import Annotated

import typer

from toolkit import api
from toolkit.cli.common import DataOption, TemplatesOption, say, user_errors, warn


def serve(
    host: Annotated[
        str,
        typer.Option(
            "--host",
            metavar="ADDRESS",
            help="Address to listen on. Default: this computer only (127.0.0.1).",
        ),
    ] = "127.0.0.1",
    port: Annotated[
        int,
        typer.Option("--port", min=0, max=65535, metavar="N", help="Port; 0 picks a free one."),
    ] = 8000,
    data: DataOption = None,
    templates: TemplatesOption = None,
) -> None:
    """Start the web app: pick, tailor, preview and download drafts in a browser."""
    from toolkit.web.app import LOOPBACK_HOSTS, create_app, warm_up
    from toolkit.web.server import bind, is_loopback, url_of
    from toolkit.web.server import serve as run_server

    data_path = data or api.default_data()
    local = is_loopback(host)
    with user_errors():
        app = create_app(
            data=data_path,
            templates=templates or api.default_templates(),
            hosts=LOOPBACK_HOSTS if local else None,
        )
        sock = bind(host, port)
    if not local:
        warn(
            f"listening on {host}, so other computers can reach this app and download and save "
            "with it; it has no accounts or passwords. Use the default 127.0.0.1 unless that is "
            "what you want."
        )
    if data is not None and not data_path.exists():
        warn(f"{data_path} does not exist yet: the first 'Save to data file' creates it")
    site = app.state.site
    for problem in site.data.problems():
        warn(f"{problem} (this entry is left out of the menu)")
    warm_up(app)
    typer.echo(f"policykit is running at {url_of(sock)}")
    say(f"Data: {data_path}   Templates: {site.catalogue.templates}")
    typer.echo("Open the address in a browser. Press Ctrl-C to stop.")
    run_server(app, sock)
    typer.echo("Stopped.")
