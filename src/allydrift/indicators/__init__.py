"""Indicators of alliance cohesion, one module per dimension.

``compute(name)`` returns long rows for all dyads at once; ``dyad_panel(a, b)`` a wide
year-by-indicator table for one pair; ``catalogue()`` the metadata of every indicator.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

import pandas as pd

from allydrift.errors import InputError, did_you_mean
from allydrift.indicators.registry import (
    DIMENSIONS,
    REGISTRY,
    Indicator,
    Pairs,
    Years,
    indicator,
)

__all__ = [
    "DIMENSIONS",
    "Indicator",
    "catalogue",
    "compute",
    "get",
    "indicator",
    "registered",
]

_SKIP = {"registry", "panel"}


@cache
def _load_modules() -> None:
    for info in pkgutil.iter_modules(__path__):
        if info.name not in _SKIP and not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


def registered() -> dict[str, Indicator]:
    """Every registered indicator, by name."""
    _load_modules()
    return dict(REGISTRY)


def get(name: str) -> Indicator:
    """The indicator called ``name``."""
    found = registered()
    if name not in found:
        hint = did_you_mean(name, list(found))
        msg = f"'{name}' is not an indicator{hint} Run `allydrift indicators` for the list."
        raise InputError(msg)
    return found[name]


def compute(name: str, pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    """Long rows of indicator ``name`` for ``pairs`` (all if ``None``) and ``years``."""
    return get(name).compute(pairs, years)


def catalogue() -> pd.DataFrame:
    """One row per indicator: name, dimension, direction, unit, kind, coverage, sources."""
    rows = [
        {
            "indicator": ind.name,
            "dimension": ind.dimension,
            "direction": {1: "higher = closer", -1: "lower = closer", 0: "context"}[ind.direction],
            "unit": ind.unit,
            "kind": ind.kind,
            "coverage": f"{ind.coverage[0]}–{ind.coverage[1]}" if ind.coverage else "",
            "sources": ", ".join(ind.sources),
            "description": ind.description,
        }
        for ind in registered().values()
    ]
    df = pd.DataFrame(rows)
    rank = df["dimension"].map({d: i for i, d in enumerate(DIMENSIONS)})
    return (
        df.assign(_rank=rank)
        .sort_values(["_rank", "indicator"])
        .drop(columns="_rank")
        .reset_index(drop=True)
    )
