"""The CLI's one error boundary: every failure becomes one line on stderr and an exit code.

Usage errors come from whichever click the installed Typer uses (Typer ≥ 0.29 ships its
own copy as ``typer._click``, older ones use ``click``); both are caught by class, so a
Typer upgrade cannot bring tracebacks back. ``ALLYDRIFT_DEBUG=1`` re-raises unexpected
errors with their traceback.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.markup import escape

from allydrift.errors import AllydriftError

DEBUG_ENV = "ALLYDRIFT_DEBUG"
EXIT_USAGE = 2
EXIT_OS = 5
EXIT_BUG = 70
EXIT_INTERRUPT = 130
MAX_MESSAGE = 400


def _click_modules() -> list[Any]:
    mods = []
    for name in ("typer._click.exceptions", "click.exceptions"):
        try:
            mods.append(__import__(name, fromlist=["ClickException"]))
        except ImportError:
            continue
    return mods


def _classes(attr: str) -> tuple[type[BaseException], ...]:
    found = [getattr(m, attr) for m in _click_modules() if hasattr(m, attr)]
    return tuple(c for c in found if isinstance(c, type))


def _exit_classes() -> tuple[type[BaseException], ...]:
    import typer

    out: list[type[BaseException]] = [typer.Exit]
    for name in ("typer._click.exceptions", "click.exceptions"):
        try:
            mod = __import__(name, fromlist=["Exit"])
        except ImportError:
            continue
        if isinstance(getattr(mod, "Exit", None), type):
            out.append(mod.Exit)
    return tuple(out)


def _abort_classes() -> tuple[type[BaseException], ...]:
    import typer

    out: list[type[BaseException]] = [typer.Abort]
    try:
        import click

        out.append(click.exceptions.Abort)
    except ImportError:
        pass
    return tuple(out)


def one_line(text: object, limit: int = MAX_MESSAGE) -> str:
    """``text`` on one line, cut to ``limit`` characters (long input is never echoed in full)."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _usage_line(exc: Any) -> str:
    message = exc.format_message().rstrip(".")
    ctx = getattr(exc, "ctx", None)
    where = ctx.command_path if ctx is not None else "allydrift"
    return f"{one_line(message)} — see: {where} --help"


def os_error_line(exc: OSError) -> str:
    """What went wrong with which file, and what to do, for an ``OSError``."""
    path = exc.filename or ""
    reason = exc.strerror or type(exc).__name__
    target = f" '{one_line(path, 200)}'" if path else ""
    hint = {
        errno.EACCES: "check its permissions or choose another location",
        errno.EROFS: "the file system is read-only: choose a writable location "
        "(for the cache, set ALLYDRIFT_CACHE=DIR)",
        errno.ENOSPC: "free some disk space and run the command again",
        errno.ENOENT: "check that the path exists",
        errno.EISDIR: "give a file name, not a folder",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
    }.get(exc.errno or -1, "check the path and run the command again")
    return f"file-system error on{target}: {reason}; {hint}"


def run(app: Callable[..., Any], err: Console) -> int:
    """Run the Typer ``app`` and turn every exception into one line and an exit code."""
    usage = _classes("UsageError")
    click_error = _classes("ClickException")
    no_args = _classes("NoArgsIsHelpError")

    def say(text: str) -> None:
        err.print(f"[bold red]error:[/] {escape(text)}", highlight=False, soft_wrap=True)

    try:
        rv = app(standalone_mode=False)
    except AllydriftError as exc:
        say(one_line(exc, 1000))
        return exc.exit_code
    except KeyboardInterrupt:
        return _interrupted(err)
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): stop quietly.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except OSError:
            pass
        return 0
    except _exit_classes() as exc:
        return int(getattr(exc, "exit_code", 0) or 0)
    except _abort_classes():
        err.print("aborted")
        return 1
    except Exception as exc:
        if no_args and isinstance(exc, no_args):
            err.print(exc.format_message(), highlight=False, markup=False)  # type: ignore[attr-defined]
            return EXIT_USAGE
        if usage and isinstance(exc, usage):
            say(_usage_line(exc))
            return EXIT_USAGE
        if click_error and isinstance(exc, click_error):
            say(one_line(exc.format_message()))  # type: ignore[attr-defined]
            return int(getattr(exc, "exit_code", 1) or 1)
        if isinstance(exc, OSError):
            say(os_error_line(exc))
            return EXIT_OS
        if isinstance(exc, MemoryError):
            say("out of memory; try a smaller input or span")
            return EXIT_OS
        if os.environ.get(DEBUG_ENV):
            raise
        say(
            f"internal error ({type(exc).__name__}: {one_line(exc, 200)}). This is a bug in "
            f"allydrift: please report it; set {DEBUG_ENV}=1 to see the traceback"
        )
        return EXIT_BUG
    if rv == EXIT_INTERRUPT:  # Typer turns Ctrl-C into Exit(130)
        return _interrupted(err)
    return rv if isinstance(rv, int) and not isinstance(rv, bool) else 0


def _interrupted(err: Console) -> int:
    err.print(
        "interrupted; the cache holds only complete, verified files "
        "(`allydrift doctor` removes leftover temporary files)",
        highlight=False,
    )
    return EXIT_INTERRUPT
