"""The indicator registry: every indicator declares its dimension, direction, unit and source.

An indicator is a function that returns long rows for all dyads (or states) at once:
``ccode1, ccode2, year, indicator, value`` for dyadic indicators (``ccode1 < ccode2`` when
undirected) and ``ccode, year, indicator, value`` for monadic ones (a property of one
state, shown for each side of a dyad). A year a source does not cover has no row: it is
missing, never zero.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from allydrift.errors import InputError
from allydrift.sources.base import record_use, track_sources

# The shared vocabulary lives in ``allydrift.vocabulary``; re-exported here for callers.
from allydrift.vocabulary import (
    DIMENSIONS,
    Pairs,
    Years,
    filter_pairs,
    filter_states,
    filter_years,
)

__all__ = [
    "DIMENSIONS",
    "KINDS",
    "REGISTRY",
    "Indicator",
    "Pairs",
    "Years",
    "filter_pairs",
    "filter_states",
    "filter_years",
    "indicator",
    "long_rows",
]

KINDS = ("undirected", "directed", "monadic")
ComputeFn = Callable[[Pairs, Years], pd.DataFrame]


@dataclass(frozen=True)
class Indicator:
    """Metadata and the compute function of one indicator.

    ``direction`` is +1 if a higher value means a more cohesive alliance, −1 if lower
    means more cohesive, and 0 for context series that the index does not score.
    """

    name: str
    dimension: str
    direction: int
    unit: str
    kind: str
    sources: tuple[str, ...]
    description: str
    compute: Callable[[Pairs, Years], pd.DataFrame]
    coverage: tuple[int, int] | None = None
    label: str = ""

    @property
    def is_dyadic(self) -> bool:
        return self.kind != "monadic"

    @property
    def title(self) -> str:
        """A human-readable name: ``label`` if given, else the name with acronyms upper-cased."""
        if self.label:
            return self.label
        words = self.name.split("_")
        acronyms = {"un", "us", "gdp", "atop", "mid", "mids", "icews", "gdelt", "nk", "cinc"}
        text = " ".join(w.upper() if w in acronyms else w for w in words)
        return text[0].upper() + text[1:]


REGISTRY: dict[str, Indicator] = {}


def indicator(
    name: str,
    *,
    dimension: str,
    direction: int,
    unit: str,
    kind: str,
    sources: Iterable[str],
    description: str,
    coverage: tuple[int, int] | None = None,
    label: str = "",
) -> Callable[[ComputeFn], ComputeFn]:
    """Register the decorated function as indicator ``name``."""
    if dimension not in DIMENSIONS:
        msg = f"dimension must be one of {', '.join(DIMENSIONS)}; got '{dimension}'"
        raise InputError(msg)
    if kind not in KINDS or direction not in (-1, 0, 1):
        msg = f"bad kind '{kind}' or direction {direction} for indicator '{name}'"
        raise InputError(msg)

    def wrap(func: ComputeFn) -> ComputeFn:
        REGISTRY[name] = Indicator(
            name=name,
            dimension=dimension,
            direction=direction,
            unit=unit,
            kind=kind,
            sources=tuple(sources),
            description=description,
            compute=_memoised(func),
            coverage=coverage,
            label=label,
        )
        return func

    return wrap


_MEMO: dict[tuple, pd.DataFrame] = {}
_MEMO_SIZE = 512


def _memoised(func: ComputeFn) -> ComputeFn:
    """Remember results for explicit pairs within a process (a report computes the same
    pair for its table and for the index); all-dyad results are large and not kept.

    Sources are recorded on every call, so ``track_sources`` still sees a remembered result.
    """

    def compute(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
        if pairs is None:
            return func(pairs, years)
        key = (func.__module__, func.__qualname__, id(func), tuple(sorted(pairs)), years)
        if key not in _MEMO:
            if len(_MEMO) >= _MEMO_SIZE:
                _MEMO.pop(next(iter(_MEMO)))
            with track_sources() as used:
                result = func(pairs, years)
            _MEMO[key] = result
            _MEMO_USED[key] = frozenset(used)
        for source in _MEMO_USED[key]:
            record_use(source)
        return _MEMO[key].copy(deep=False)

    compute.__wrapped__ = func  # type: ignore[attr-defined]
    return compute


_MEMO_USED: dict[tuple, frozenset[str]] = {}


def long_rows(
    df: pd.DataFrame, name: str, value: str, keys: tuple[str, ...] = ("ccode1", "ccode2", "year")
) -> pd.DataFrame:
    """Shape ``df[keys + value]`` into the long indicator format, dropping missing values."""
    out = df.loc[df[value].notna(), [*keys, value]].rename(columns={value: "value"})
    out.insert(len(keys), "indicator", name)
    out["value"] = out["value"].astype(float)
    return out.reset_index(drop=True)
