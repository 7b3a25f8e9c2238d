"""Vectorised building blocks for dyadic indicators: pairs of state-years, zero-filled bases.

Every function works on all states at once (per-year cross products with numpy, merges
with pandas) and honours the ``pairs`` and ``years`` filters of the indicator API.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
import pandas as pd

from allydrift.indicators.registry import Pairs, Years, filter_pairs, filter_states, filter_years

KEYS = ["ccode1", "ccode2", "year"]


def clip_years(coverage: tuple[int, int], years: Years) -> tuple[int, int] | None:
    """The part of ``coverage`` inside ``years`` (``None`` if they do not overlap)."""
    lo, hi = coverage if years is None else (max(coverage[0], years[0]), min(coverage[1], years[1]))
    return (lo, hi) if lo <= hi else None


def empty(columns: Sequence[str]) -> pd.DataFrame:
    """An empty frame with integer keys and float values."""
    keys = {c: pd.Series(dtype="int32") for c in columns if c in (*KEYS, "ccode")}
    values = {c: pd.Series(dtype=float) for c in columns if c not in keys}
    return pd.DataFrame({**keys, **values})[list(columns)]


def cross_pairs(
    df: pd.DataFrame,
    columns: Sequence[str],
    pairs: Pairs = None,
    years: Years = None,
    directed: bool = False,
) -> pd.DataFrame:
    """Every pair of distinct states sharing a year in state-year table ``df``.

    Returns ``ccode1``, ``ccode2``, ``year`` and ``<col>1``, ``<col>2`` for each of
    ``columns`` (``ccode1 < ccode2`` unless ``directed``). ``df`` must be unique on
    (``ccode``, ``year``).
    """
    df = filter_years(filter_states(df, pairs), years)
    df = df.sort_values(["year", "ccode"], kind="stable")
    yrs = df["year"].to_numpy()
    bounds = np.flatnonzero(np.diff(yrs)) + 1
    starts = np.r_[0, bounds]
    sizes = np.diff(np.r_[starts, len(yrs)])
    left, right = [], []
    for start, size in zip(starts, sizes, strict=True):
        i, j = np.meshgrid(np.arange(size), np.arange(size), indexing="ij")
        keep = i != j if directed else i < j
        left.append(start + i[keep])
        right.append(start + j[keep])
    li = np.concatenate(left) if left else np.array([], dtype=int)
    ri = np.concatenate(right) if right else np.array([], dtype=int)
    codes = df["ccode"].to_numpy(dtype=np.int64)
    out = pd.DataFrame(
        {
            "ccode1": codes[li].astype(np.int32),
            "ccode2": codes[ri].astype(np.int32),
            "year": yrs[li].astype(np.int32),
        }
    )
    for col in columns:
        values = df[col].to_numpy()
        out[f"{col}1"] = values[li]
        out[f"{col}2"] = values[ri]
    return filter_pairs(out, pairs, undirected=not directed).reset_index(drop=True)


@cache
def _all_dyad_years(directed: bool) -> pd.DataFrame:
    from allydrift.dyads import create_dyad_years

    return create_dyad_years("cow", directed=directed)


def dyad_base(coverage: tuple[int, int], pairs: Pairs, years: Years, directed: bool):
    """COW dyad-years inside ``coverage`` ∩ ``years`` (restricted to ``pairs``)."""
    span = clip_years(coverage, years)
    if span is None:
        return empty(KEYS)
    if pairs is not None:
        return _pair_years(pairs, span, directed)
    base = _all_dyad_years(directed)
    base = base[(base["year"] >= span[0]) & (base["year"] <= span[1])]
    return base.reset_index(drop=True)


def _pair_years(pairs: list[tuple[int, int]], span: tuple[int, int], directed: bool):
    """The years within ``span`` in which both states of each pair are COW members."""
    from allydrift.dyads import create_state_years

    wanted = {(a, b) if directed else (min(a, b), max(a, b)) for a, b in pairs if a != b}
    frame = pd.DataFrame(sorted(wanted), columns=["ccode1", "ccode2"], dtype="int32")
    sy = create_state_years("cow")
    sy = sy[(sy["year"] >= span[0]) & (sy["year"] <= span[1])]
    out = frame.merge(sy.rename(columns={"ccode": "ccode1"}), on="ccode1")
    out = out.merge(sy.rename(columns={"ccode": "ccode2"}), on=["ccode2", "year"])
    return out.sort_values(KEYS, ignore_index=True)


def state_base(coverage: tuple[int, int], pairs: Pairs, years: Years) -> pd.DataFrame:
    """COW state-years inside ``coverage`` ∩ ``years`` (restricted to the states of ``pairs``)."""
    from allydrift.dyads import create_state_years

    span = clip_years(coverage, years)
    if span is None:
        return empty(["ccode", "year"])
    sy = create_state_years("cow")
    sy = sy[(sy["year"] >= span[0]) & (sy["year"] <= span[1])]
    return filter_states(sy, pairs).reset_index(drop=True)


def zero_filled(
    base: pd.DataFrame, counts: pd.DataFrame, value: str, keys: Sequence[str] = KEYS
) -> pd.DataFrame:
    """``counts`` on every row of ``base`` (0 where absent); rows of ``counts`` outside
    ``base`` (e.g. a state not yet in the COW list) are kept."""
    keys = list(keys)
    counts = counts[[*keys, value]].astype({k: "int32" for k in keys})
    out = base[keys].astype("int32").merge(counts, on=keys, how="outer")
    out[value] = out[value].fillna(0).astype(float)
    return out.sort_values(keys, ignore_index=True)


def undirected(df: pd.DataFrame) -> pd.DataFrame:
    """Order each row's codes so that ``ccode1 < ccode2``."""
    a, b = df["ccode1"].to_numpy(), df["ccode2"].to_numpy()
    out = df.copy()
    out["ccode1"], out["ccode2"] = np.minimum(a, b), np.maximum(a, b)
    return out
