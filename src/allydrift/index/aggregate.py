"""From indicator scores to dimension scores and the overall index.

A dimension score is the weighted mean of the indicator scores the dyad-year has in
that dimension; the overall score is the weighted mean of the dimension scores it has.
Missing indicators are never filled in: the weights are renormalised over what is
there, and each row says how many indicators and how much of the full weight it rests
on. Both steps are linear with non-negative weights, so a dyad whose scores all rise
cannot lose score, and every score stays within [0, 100].

The *linked* series (used for change points, trends and attribution) is chain-linked
like a price index: each year's change is the weighted change of the indicators
observed both that year and at their previous observation, so an indicator entering or
leaving the data (ATOP ends in 2018) cannot create a break. Its changes decompose
exactly into indicator contributions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from allydrift.errors import InputError
from allydrift.index.weights import Weights
from allydrift.indicators import DIMENSIONS, Indicator


@dataclass(frozen=True)
class Layout:
    """Which indicator belongs to which dimension, and the base weights."""

    indicators: tuple[str, ...]
    dimensions: tuple[str, ...]
    member: np.ndarray  # indicators × dimensions, 0/1
    w_ind: np.ndarray  # within-dimension weight per indicator
    w_dim: np.ndarray  # weight per dimension

    @property
    def dim_of(self) -> np.ndarray:
        """The dimension index of each indicator."""
        return self.member.argmax(axis=1)


def make_layout(inds: list[Indicator], weights: Weights) -> Layout:
    """The layout of ``inds`` under ``weights``; raises if every weight is zero."""
    dims = tuple(d for d in DIMENSIONS if any(i.dimension == d for i in inds))
    member = np.array([[float(i.dimension == d) for d in dims] for i in inds])
    w_ind = np.array([weights.indicator(i.name) for i in inds])
    w_dim = np.array([weights.dimension(d) for d in dims])
    if not ((w_ind > 0) & (member @ w_dim > 0)).any():
        msg = (
            f"the weights '{weights.name}' give every scored indicator weight 0; "
            "give at least one dimension and one of its indicators a positive weight"
        )
        raise InputError(msg)
    return Layout(tuple(i.name for i in inds), dims, member, w_ind, w_dim)


def within_weights(avail: np.ndarray, lay: Layout, w_ind: np.ndarray | None = None):
    """Weight of each indicator within its dimension, per row (rows sum to 1 per
    dimension that has data). Returns (weights rows × indicators, dimension mass)."""
    w = lay.w_ind if w_ind is None else w_ind
    raw = avail * w
    mass = raw @ lay.member  # rows × dimensions
    denom = mass @ lay.member.T  # rows × indicators: its dimension's mass
    with np.errstate(invalid="ignore", divide="ignore"):
        f = np.where(denom > 0, raw / denom, 0.0)
    return f, mass


def overall_weights(
    avail: np.ndarray,
    lay: Layout,
    w_ind: np.ndarray | None = None,
    w_dim: np.ndarray | None = None,
) -> np.ndarray:
    """Effective weight of each indicator in the overall score, per row (rows sum to 1
    where any weighted indicator is present)."""
    wd = lay.w_dim if w_dim is None else w_dim
    f, mass = within_weights(avail, lay, w_ind)
    dim_on = (mass > 0) * wd
    total = dim_on.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        g = np.where(total > 0, dim_on / total, 0.0)
    return f * (g @ lay.member.T)


@dataclass(frozen=True)
class Aggregate:
    """Scores of many dyad-years: overall, per dimension, and what they rest on."""

    overall: np.ndarray
    dimensions: np.ndarray  # rows × dimensions
    dim_count: np.ndarray  # indicators with weight per row and dimension
    n_indicators: np.ndarray
    n_dimensions: np.ndarray
    weight_share: np.ndarray  # share of the full weight the row's indicators carry


def aggregate(
    scores: np.ndarray,
    lay: Layout,
    w_ind: np.ndarray | None = None,
    w_dim: np.ndarray | None = None,
) -> Aggregate:
    """Dimension and overall scores of ``scores`` (rows × indicators, NaN = missing)."""
    wi = lay.w_ind if w_ind is None else w_ind
    wd = lay.w_dim if w_dim is None else w_dim
    avail = ~np.isnan(scores)
    by_dim = wi[:, None] * lay.member  # indicators × dimensions
    mass = avail @ by_dim
    with np.errstate(invalid="ignore", divide="ignore"):
        dims = np.where(mass > 0, (np.nan_to_num(scores) @ by_dim) / mass, np.nan)
        dim_on = (mass > 0) * wd
        total = dim_on.sum(axis=1)
        overall = np.where(total > 0, (np.nan_to_num(dims) * dim_on).sum(axis=1) / total, np.nan)
    used = avail & (wi > 0)
    full = overall_weights(np.ones((1, scores.shape[1]), bool), lay, w_ind, w_dim)[0]
    return Aggregate(
        overall=np.clip(overall, 0.0, 100.0),  # clip: rounding only
        dimensions=np.clip(dims, 0.0, 100.0),
        dim_count=used.astype(int) @ lay.member.astype(int),
        n_indicators=used.sum(axis=1),
        n_dimensions=(mass > 0).sum(axis=1),
        weight_share=np.round(avail @ full, 12),
    )


@dataclass(frozen=True)
class Linked:
    """Chain-linked series and their exact decomposition into indicator contributions."""

    overall: np.ndarray  # rows
    dimensions: np.ndarray  # rows × dimensions
    contributions: np.ndarray  # rows × indicators: share of the overall's change that year
    dim_contributions: np.ndarray  # rows × indicators: share of its dimension's change
    anchor: np.ndarray  # rows where the overall series starts or is re-anchored


def _previous_observed(group: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Each indicator's previous observed score within the same group (NaN if none)."""
    n, k = scores.shape
    out = np.full_like(scores, np.nan)
    idx = np.arange(n)
    starts = np.r_[True, group[1:] != group[:-1]]
    for j in range(k):
        seen = np.where(~np.isnan(scores[:, j]), idx, -1)
        last = np.maximum.accumulate(seen)
        prev = np.r_[-1, last[:-1]]
        first = np.maximum.accumulate(np.where(starts, idx, 0))
        ok = prev >= first
        out[ok, j] = scores[prev[ok], j]
    return out


def _chain(group: np.ndarray, level: np.ndarray, step: np.ndarray, anchor: np.ndarray):
    """``level`` at each anchor (and at each group's first row), then the cumulative
    ``step`` after it; NaN where ``level`` is NaN."""
    present = ~np.isnan(level)
    out = np.full(len(level), np.nan)
    if not present.any():
        return out
    g, lv, st = group[present], level[present], step[present]
    an = anchor[present] | np.r_[True, g[1:] != g[:-1]]
    cs = np.cumsum(np.where(an, 0.0, st))
    at = np.flatnonzero(an)
    block = np.cumsum(an) - 1
    out[present] = lv[at][block] + cs - cs[at][block]
    return out


def link(group: np.ndarray, scores: np.ndarray, agg: Aggregate, lay: Layout) -> Linked:
    """Chain-link the overall and dimension series of rows sorted by (group, year)."""
    prev = _previous_observed(group, scores)
    delta = scores - prev
    common = ~np.isnan(delta)
    filled = np.nan_to_num(delta)
    e = overall_weights(common, lay)
    anchor = np.r_[True, group[1:] != group[:-1]] | (e.sum(axis=1) == 0)
    contrib = e * filled
    del e
    f, mass = within_weights(common, lay)
    dim_contrib = f * filled
    overall = _chain(group, agg.overall, contrib.sum(axis=1), anchor)
    dims = np.full_like(agg.dimensions, np.nan)
    for m in range(len(lay.dimensions)):
        step = dim_contrib @ lay.member[:, m]
        dims[:, m] = _chain(group, agg.dimensions[:, m], step, mass[:, m] == 0)
    return Linked(overall, dims, contrib, dim_contrib, anchor)
