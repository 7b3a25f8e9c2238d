"""The ``allydrift`` command line: a thin layer over the library.

Every module in this package that defines ``register(app)`` adds its commands, so a new
feature brings its own CLI module and no central list has to change. Every failure (usage
errors, domain errors, file-system errors, interrupts) is printed as one line with a
non-zero exit code by ``_boundary.run``.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import warnings

import typer
from rich.console import Console

app = typer.Typer(
    name="allydrift",
    help="Is this alliance drifting apart or growing closer — along which dimensions, "
    "and since when?\n\nExample: allydrift report USA JPN -o us-japan.html",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
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
    err.print(f"note: {message}", style="dim", markup=False, highlight=False, soft_wrap=True)


def main() -> None:
    """Entry point of the ``allydrift`` script: every failure becomes one line on stderr."""
    from allydrift.cli._boundary import run

    warnings.showwarning = _show_warning
    code = run(app, err)
    if code:
        sys.exit(code)
