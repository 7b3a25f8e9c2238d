"""Reuse a computed report: the Report object pickled in the cache, per pair and span.

The key covers everything a report depends on: the pair, the span and options, the
package's own source code, the pinned registry and the names of the files and derived
tables in the cache (so computing speech embeddings later gives a fresh report). Any
change to one of them is a different key; a file that cannot be read is recomputed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from functools import cache
from pathlib import Path
from typing import Any

import allydrift
from allydrift import config
from allydrift.store.tables import read_blob, write_blob


@cache
def _code_digest() -> str:
    root = Path(allydrift.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in {".py", ".tsv", ".toml", ".bib", ".html", ".css", ".js"}:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _cache_listing() -> str:
    digest = hashlib.sha256()
    base = config.cache_dir()
    for sub in ("files", "tables", "text"):
        for dirpath, _, files in os.walk(base / sub):
            for name in sorted(files):
                digest.update(f"{dirpath}/{name}".encode())
    return digest.hexdigest()


def key(*parts: Any) -> str:
    """A cache key for a report on ``parts`` (pair, span, options)."""
    digest = hashlib.sha256(repr(parts).encode())
    digest.update(_code_digest().encode())
    digest.update(_cache_listing().encode())
    return digest.hexdigest()[:24]


def _path(k: str) -> Path:
    return config.cache_dir() / "reports" / f"{k}.pickle"


def load(k: str) -> Any | None:
    """The report stored under ``k``, or ``None`` (a damaged file is recomputed, never read)."""
    path = _path(k)
    if not path.is_file():
        return None
    try:
        return pickle.loads(read_blob(path))
    except Exception:  # a damaged or outdated file is derived data: recompute
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
        return None


def store(k: str, report: Any) -> None:
    """Store ``report`` under ``k`` (atomically, with its sha256); unpicklable ones are skipped."""
    with contextlib.suppress(Exception):
        write_blob(pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL), _path(k))
