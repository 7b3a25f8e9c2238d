"""The indicators the index scores, gathered into one dyad-year × indicator matrix.

The index scores undirected dyad-years. It takes every registered indicator that is
dyadic and has a direction (+1 or −1). Context series (direction 0) are shown beside
the index but never scored. Monadic indicators (a property of one state, such as
military spending as a share of GDP) are left out: a state property says nothing about
a pair until someone defines how two values combine (a gap, a ratio, a minimum), and
that choice belongs in the indicator's own module as a dyadic indicator. Directed
indicators are averaged over the two directions.

An indicator may add a column ``se`` (a standard error, e.g. of an ideal-point
distance); the uncertainty bootstrap then draws its values from Normal(value, se).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from allydrift import materialised
from allydrift.errors import InputError
from allydrift.indicators import Indicator, get, registered
from allydrift.vocabulary import DIMENSIONS, KEYS, Pairs, Years


def is_scored(ind: Indicator) -> bool:
    """True if the index scores ``ind`` (dyadic, with a direction)."""
    return ind.kind != "monadic" and ind.direction != 0


def scored(names: Iterable[str] | None = None) -> list[Indicator]:
    """The indicators the index scores, in dimension order.

    With ``names``, exactly those (each must be scorable); otherwise every registered
    indicator that is dyadic and has a direction.
    """
    if names is None:
        inds = [i for i in registered().values() if is_scored(i)]
    else:
        inds = [get(n) for n in names]
        bad = [i.name for i in inds if not is_scored(i)]
        if bad:
            msg = (
                f"the index scores dyadic indicators with a direction; {', '.join(bad)} "
                "cannot be scored (see allydrift.index.not_scored())"
            )
            raise InputError(msg)
    if not inds:
        msg = "no registered indicator can be scored: none is dyadic with a direction"
        raise InputError(msg)
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    return sorted(inds, key=lambda i: (order[i.dimension], i.name))


def not_scored() -> pd.DataFrame:
    """Registered indicators the index leaves out, each with the reason."""
    rows = []
    for ind in registered().values():
        if ind.direction == 0:
            reason = "context series (direction 0): shown, not scored"
        elif ind.kind == "monadic":
            reason = "monadic (one state's property): needs a dyadic form to be scored"
        else:
            continue
        rows.append({"indicator": ind.name, "dimension": ind.dimension, "reason": reason})
    return pd.DataFrame(rows, columns=["indicator", "dimension", "reason"])


def dyadic_rows(ind: Indicator, pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    """Undirected long rows of ``ind``: ``ccode1 < ccode2``, ``year``, ``value``, ``se``,
    read from the materialised panel."""
    if ind.kind == "directed" and pairs is not None:
        pairs = list(pairs) + [(b, a) for a, b in pairs]
    rows = materialised.read(ind, pairs, years).dropna(subset=["ccode1", "ccode2", "year", "value"])
    c1 = rows["ccode1"].to_numpy(dtype=np.int64)
    c2 = rows["ccode2"].to_numpy(dtype=np.int64)
    out = pd.DataFrame(
        {
            "ccode1": np.minimum(c1, c2).astype(np.int32),
            "ccode2": np.maximum(c1, c2).astype(np.int32),
            "year": rows["year"].to_numpy(dtype=np.int32),
            "value": rows["value"].to_numpy(dtype=float),
            "se": rows["se"].to_numpy(dtype=float) if "se" in rows else np.nan,
        }
    )
    out = out[np.isfinite(out["value"])]
    if ind.kind == "directed" or out.duplicated(KEYS).any():
        out = _average_directions(out)
    return out.reset_index(drop=True)


def _average_directions(rows: pd.DataFrame) -> pd.DataFrame:
    grouped = rows.assign(se2=rows["se"] ** 2).groupby(KEYS, as_index=False)
    out = grouped.agg(value=("value", "mean"), se2=("se2", "mean"), n=("value", "size"))
    out["se"] = np.sqrt(out["se2"] / out["n"])
    return out.drop(columns=["se2", "n"])


@dataclass(frozen=True)
class Panel:
    """Raw indicator values of many dyad-years: ``keys`` (ccode1, ccode2, year, sorted),
    ``values`` and ``se`` (rows × indicators, NaN where missing)."""

    keys: pd.DataFrame
    values: np.ndarray
    se: np.ndarray
    indicators: tuple[Indicator, ...]

    @property
    def names(self) -> list[str]:
        return [i.name for i in self.indicators]

    def subset(self, mask: np.ndarray) -> Panel:
        """The rows where ``mask`` is true."""
        return Panel(
            self.keys[mask].reset_index(drop=True),
            self.values[mask],
            self.se[mask],
            self.indicators,
        )


def _pack(rows: pd.DataFrame) -> np.ndarray:
    """One int64 key per dyad-year (COW codes < 1000, years < 10000), sortable like
    (ccode1, ccode2, year)."""
    c1 = rows["ccode1"].to_numpy(np.int64)
    c2 = rows["ccode2"].to_numpy(np.int64)
    return (c1 * 1000 + c2) * 10000 + rows["year"].to_numpy(np.int64)


def _undirected(ind: Indicator, pairs: Pairs, years: Years) -> tuple[np.ndarray, ...]:
    """Packed keys, values and standard errors of ``ind`` as undirected dyad-years
    (directions averaged, as ``dyadic_rows`` does), from the materialised panel."""
    if ind.kind == "directed" and pairs is not None:
        pairs = list(pairs) + [(b, a) for a, b in pairs]
    cols = materialised.arrays(ind, pairs, years)
    value = cols["value"].astype(float)
    ok = np.isfinite(value)
    c1 = cols["ccode1"][ok].astype(np.int64)
    c2 = cols["ccode2"][ok].astype(np.int64)
    year = cols["year"][ok].astype(np.int64)
    value, se = value[ok], cols["se"][ok].astype(float)
    packed = (np.minimum(c1, c2) * 1000 + np.maximum(c1, c2)) * 10000 + year
    keys, inverse, counts = np.unique(packed, return_inverse=True, return_counts=True)
    if len(keys) == len(packed):
        order = np.argsort(packed, kind="stable")
        return packed[order], value[order], se[order]
    mean = np.bincount(inverse, weights=value) / counts
    known = np.isfinite(se)
    with np.errstate(invalid="ignore", divide="ignore"):
        sums = np.bincount(inverse, weights=np.where(known, se**2, 0.0))
        se2 = sums / np.bincount(inverse, weights=known.astype(float))
    return keys, mean, np.sqrt(se2 / counts)


def build_panel(inds: list[Indicator], pairs: Pairs = None, years: Years = None) -> Panel:
    """One row per dyad-year that has at least one of ``inds``; one column per indicator.

    Reads slices of the materialised panel (building what is missing first)."""
    materialised.ensure(inds)
    parts = [_undirected(ind, pairs, years) for ind in inds]
    keys = np.unique(np.concatenate([p[0] for p in parts]))
    values = np.full((len(keys), len(inds)), np.nan)
    se = np.full_like(values, np.nan)
    for k, (packed, value, error) in enumerate(parts):
        at = np.searchsorted(keys, packed)
        values[at, k] = value
        se[at, k] = error
    frame = pd.DataFrame(
        {
            "ccode1": (keys // 10_000_000).astype(np.int32),
            "ccode2": (keys // 10000 % 1000).astype(np.int32),
            "year": (keys % 10000).astype(np.int32),
        }
    )
    return Panel(frame, values, se, tuple(inds))


def normalise(values: np.ndarray, lo: np.ndarray, hi: np.ndarray, direction: np.ndarray):
    """Scores 0–100: ``(value − lo) / (hi − lo)`` clipped to [0, 1], times 100, flipped
    (100 − score) for indicators where lower means closer. Missing stays missing."""
    out = values - lo
    with np.errstate(invalid="ignore"):
        out /= hi - lo
        np.clip(out, 0.0, 1.0, out=out)
    out *= 100.0
    flip = np.flatnonzero(np.asarray(direction) < 0)
    out[:, flip] = 100.0 - out[:, flip]
    return out
