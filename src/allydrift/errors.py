"""Errors that allydrift raises on purpose.

Each message says what was expected, what was found and what to do. The CLI
prints them without a traceback and exits with a non-zero code.
"""

from __future__ import annotations


class AllydriftError(Exception):
    """Base class of every error allydrift raises deliberately."""

    exit_code = 1


class UnknownStateError(AllydriftError, LookupError):
    """An identifier that names no state the resolver knows."""


class NotCachedError(AllydriftError, FileNotFoundError):
    """A data file that is not in the cache yet."""

    exit_code = 3


class ChecksumError(AllydriftError, ValueError):
    """A file whose sha256 differs from the one pinned in the registry."""

    exit_code = 4


class DamagedTableError(AllydriftError, ValueError):
    """A derived table in the cache whose checksum or pages do not verify (it is rebuilt)."""

    exit_code = 4


class CacheNotWritableError(AllydriftError, OSError):
    """The cache folder cannot be written (read-only file system, permissions, disk full)."""

    exit_code = 5


class CoverageError(AllydriftError, ValueError):
    """Years or states outside what a data set covers."""


class OptionalDataError(NotCachedError):
    """Derived data that is computed only on request (e.g. speech embeddings) is absent."""


class UnknownSourceError(AllydriftError, LookupError):
    """A data set id that is not in the registry."""


class InputError(AllydriftError, ValueError):
    """Any other bad argument: wrong type, bad range, empty selection."""


class MissingExtraError(AllydriftError, ImportError):
    """An optional dependency that is not installed."""

    @classmethod
    def for_module(cls, module: str, extra: str) -> MissingExtraError:
        return cls(
            f"this feature needs the optional package '{module}', which is not installed. "
            f"Install it with: pip install 'allydrift[{extra}]'"
        )


def did_you_mean(name: str, options: list[str]) -> str:
    """`` — did you mean a, b?`` for the options closest to ``name`` (empty if none is close)."""
    import difflib

    close = difflib.get_close_matches(name, options, n=3)
    return f" — did you mean {', '.join(close)}?" if close else ""
