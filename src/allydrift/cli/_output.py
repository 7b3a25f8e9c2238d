"""Checks of ``-o``/``--format`` that every command runs before any work starts."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Collection
from pathlib import Path

from allydrift.errors import InputError

TABLE_FORMATS = ("table", "csv", "parquet", "dta")
BINARY_FORMATS = frozenset({"parquet", "dta"})
MAX_SHOWN = 60


def shown(text: object, limit: int = MAX_SHOWN) -> str:
    """``text`` for an error message: cut to ``limit`` characters, with its length if cut."""
    s = str(text)
    if len(s) <= limit:
        return s
    return f"{s[: limit - 1]}… ({len(s):,} characters)"


def check_output(
    output: Path | None,
    fmt: str | None = None,
    formats: Collection[str] | None = None,
    binary: Collection[str] = BINARY_FORMATS,
) -> None:
    """Refuse a bad ``-o``/``--format`` before any work starts (call it first in a command).

    ``formats`` are the ones the command accepts; ``binary`` those that need ``-o FILE``.
    The folder of ``output`` must exist and be writable, and ``output`` must not be a folder.
    """
    if fmt is not None and formats is not None and fmt.lower() not in formats:
        msg = f"--format must be one of {', '.join(formats)}; got '{shown(fmt)}'"
        raise InputError(msg)
    if output is None:
        if fmt is not None and fmt.lower() in binary:
            msg = f"--format {fmt} writes a binary file: give one with -o FILE"
            raise InputError(msg)
        return
    if str(output) in ("", "-"):
        msg = "-o expects a file path; got an empty name. Give e.g. -o out.csv"
        raise InputError(msg)
    if output.is_dir():
        msg = (
            f"-o expects a file, but '{shown(output, 200)}' is a folder. "
            f"Add a file name, e.g. -o {shown(output / 'out.csv', 200)}"
        )
        raise InputError(msg)
    parent = output.parent if str(output.parent) else Path(".")
    if not parent.is_dir():
        what = "is a file, not a folder" if parent.exists() else "does not exist"
        msg = (
            f"cannot write -o {shown(output, 200)}: the folder '{shown(parent, 200)}' {what}. "
            f"Create it first (mkdir -p {shown(parent, 200)}) or choose another path"
        )
        raise InputError(msg)
    _probe_writable(output, parent)


def _probe_writable(output: Path, parent: Path) -> None:
    """Create (and remove) a file beside ``output``: permissions alone mislead (root, /proc)."""
    try:
        if output.exists():
            with output.open("ab"):
                pass
        else:
            fd, tmp = tempfile.mkstemp(prefix=".allydrift-check-", dir=parent)
            os.close(fd)
            os.unlink(tmp)
    except OSError as exc:
        msg = (
            f"cannot write -o {shown(output, 200)}: {exc.strerror or exc}. Choose a writable folder"
        )
        raise InputError(msg) from None
