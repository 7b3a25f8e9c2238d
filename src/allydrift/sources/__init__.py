"""Data sources: one module per data set, each with a ``SOURCE`` and a ``load()``.

Modules are discovered automatically: any module in this package that defines a
``SOURCE`` constant is a source. ``versions()`` and ``cite()`` are generated from those
constants, never kept by hand.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from types import ModuleType

import pandas as pd

from allydrift.errors import UnknownSourceError, did_you_mean
from allydrift.sources.base import Column, Source, bibliography, record_use, track_sources
from allydrift.store import is_cached

__all__ = [
    "Column",
    "Source",
    "all_sources",
    "cite",
    "get",
    "module",
    "record_use",
    "track_sources",
    "versions",
]

_SKIP = {"base", "rdata"}


@cache
def _modules() -> dict[str, ModuleType]:
    found: dict[str, ModuleType] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name in _SKIP or info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{__name__}.{info.name}")
        src = getattr(mod, "SOURCE", None)
        if isinstance(src, Source):
            found[src.id] = mod
    return dict(sorted(found.items()))


def all_sources() -> list[Source]:
    """Every declared source, sorted by id."""
    return [m.SOURCE for m in _modules().values()]


def module(source_id: str) -> ModuleType:
    """The module that declares ``source_id`` (it has ``SOURCE`` and ``load``)."""
    mods = _modules()
    if source_id not in mods:
        hint = did_you_mean(source_id, list(mods))
        msg = (
            f"'{source_id}' is not a data set allydrift knows{hint} "
            "Run `allydrift sources` for the list."
        )
        raise UnknownSourceError(msg)
    return mods[source_id]


def get(source_id: str) -> Source:
    """The ``Source`` declared for ``source_id``."""
    return module(source_id).SOURCE


def versions() -> pd.DataFrame:
    """One row per source: id, title, version, coverage, licence, and whether it is cached."""
    rows = []
    for src in all_sources():
        files = src.files
        cached = sum(is_cached(f) for f in files)
        rows.append(
            {
                "id": src.id,
                "title": src.title,
                "version": src.version,
                "coverage": f"{src.coverage[0]}–{src.coverage[1]}",
                "licence": src.licence,
                "cached": f"{cached}/{len(files)}",
            }
        )
    return pd.DataFrame(rows)


def cite(source_ids: list[str] | set[str] | pd.DataFrame | None = None) -> str:
    """BibTeX for ``source_ids`` (all sources if ``None``), each entry once; given a
    table built by the verbs, exactly the sources recorded on it."""
    if isinstance(source_ids, pd.DataFrame):
        from allydrift.provenance import cite_table

        return cite_table(source_ids)
    ids = sorted(source_ids) if source_ids is not None else [s.id for s in all_sources()]
    bib = bibliography()
    keys = dict.fromkeys(key for sid in ids for key in get(sid).citations)
    return "\n\n".join(bib[key] for key in keys) + "\n"
