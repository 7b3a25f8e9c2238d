"""The ``allydrift`` command line: a thin layer over the library.

Every module in this package that defines ``register(app)`` adds its commands, so a new
feature brings its own CLI module and no central list has to change. Domain errors
(``AllydriftError``) are printed as one clean message with a non-zero exit code.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import warnings

import typer
from rich.console import Console

from allydrift.errors import AllydriftError

app = typer.Typer(
    name="allydrift",
    help="Is this alliance drifting apart or growing closer — along which dimensions, "
    "and since when?\n\nExample: allydrift report USA JPN -o us-japan.html",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


def _register_all() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(mod, "register", None)
        if callable(register):
            register(app)


_register_all()


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Print library warnings as one dim note, without the source location."""
    err.print(f"[dim]note: {message}[/]", highlight=False, soft_wrap=True)


def main() -> None:
    """Entry point of the ``allydrift`` script."""
    warnings.showwarning = _show_warning
    try:
        app(standalone_mode=False)
    except AllydriftError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err.print("interrupted; the cache is unchanged")
        sys.exit(130)
    except typer.Abort:
        sys.exit(1)
    except Exception as exc:  # click usage errors carry their own exit code
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Exit):
            sys.exit(exc.exit_code)
        raise
