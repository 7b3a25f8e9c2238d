"""The ``serve`` command: run the read-only web app and dashboard."""

from __future__ import annotations

import typer

from allydrift.cli._common import console


def serve(
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Interface to listen on (loopback by default)."
    ),
    port: int = typer.Option(8765, "--port", "-p", min=1, max=65535, help="TCP port."),
) -> None:
    """Serve the dashboard and the JSON API (read-only) until interrupted.

    Examples: allydrift serve · allydrift serve --port 9000
    Then open http://127.0.0.1:8765/ (API: /api/v1, schema: /openapi.json).
    """
    from allydrift.web import serve as run

    if host not in ("127.0.0.1", "localhost", "::1"):
        console.print(f"[yellow]warning:[/] serving on {host}, not only on this machine")
    console.print(f"allydrift dashboard on http://{host}:{port}/ (Ctrl-C to stop)")
    run(host=host, port=port)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
