"""The ``serve`` command: run the read-only web app and dashboard."""

from __future__ import annotations

import typer

from allydrift.cli._common import console


def serve(
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Interface to listen on (loopback by default)."
    ),
    port: int = typer.Option(8765, "--port", "-p", min=1, max=65535, help="TCP port."),
    allow_host: list[str] = typer.Option(
        [],
        "--allow-host",
        metavar="NAME",
        help="Also answer requests whose Host header names this (repeatable; '*' for any). "
        "Loopback names are always allowed; also $ALLYDRIFT_ALLOW_HOSTS (comma-separated).",
    ),
    workers: int | None = typer.Option(
        None, "--workers", min=1, max=1000, help="Threads for cold computations (default 2)."
    ),
    queue: int | None = typer.Option(
        None,
        "--queue",
        min=0,
        max=1000,
        help="Cold computations that may wait for a thread before the server answers 503 "
        "(default 8).",
    ),
    retry_after: int | None = typer.Option(
        None, "--retry-after", min=1, max=1000, help="Retry-After of a 503, in s (default 5)."
    ),
) -> None:
    """Serve the dashboard and the JSON API (read-only) until interrupted.

    Examples: allydrift serve · allydrift serve --port 9000 · allydrift serve --workers 4
    Then open http://127.0.0.1:8765/ (API: /api/v1, schema: /openapi.json).
    """
    from allydrift.web import serve as run
    from allydrift.web.workers import Limits

    limits = Limits.from_env(workers=workers, queue=queue, retry_after=retry_after)
    if host not in ("127.0.0.1", "localhost", "::1"):
        console.print(f"[yellow]warning:[/] serving on {host}, not only on this machine")
    console.print(f"allydrift dashboard on http://{host}:{port}/ (Ctrl-C to stop)")
    run(host=host, port=port, limits=limits, hosts=allow_host)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
