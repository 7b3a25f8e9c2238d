"""Uncertainty bands: a bootstrap over indicators, weightings and measurement error.

Each of ``draws`` replicates recomputes every score with

1. the indicators of each dimension resampled with replacement (a dimension resting on
   one indicator keeps it; one resting on three may count one of them twice, another
   not at all) — how much the score depends on the choice of indicators;
2. each dimension's weight multiplied by a factor drawn log-uniformly from
   [1/``spread``, ``spread``] (default [½, 2]) — how much it depends on the weighting;
3. where an indicator supplies a standard error (column ``se``, e.g. ideal-point
   distances), its value drawn from Normal(value, se) — measurement uncertainty.

The band is the central ``level`` interval (default 90 %) of the replicates. All
replicates share the same weight draws, so a band is reproducible from ``seed``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from allydrift.errors import InputError
from allydrift.index.aggregate import Layout
from allydrift.index.panel import normalise

SPREAD = 2.0
CHUNK = 4_000


@dataclass(frozen=True)
class Bands:
    """Lower and upper bounds of the overall and dimension scores."""

    lower: np.ndarray
    upper: np.ndarray
    dim_lower: np.ndarray
    dim_upper: np.ndarray


def weight_draws(lay: Layout, draws: int, seed: int, spread: float = SPREAD):
    """Indicator and dimension weights of each replicate (``draws`` × K, ``draws`` × M)."""
    rng = np.random.default_rng(seed)
    k, m = lay.member.shape
    w_ind = np.empty((draws, k))
    w_dim = np.empty((draws, m))
    dim_of = lay.dim_of
    for b in range(draws):
        counts = np.zeros(k)
        for d in range(m):
            members = np.flatnonzero(dim_of == d)
            picked = rng.choice(members, size=len(members), replace=True)
            counts += np.bincount(picked, minlength=k)
        w_ind[b] = lay.w_ind * counts
        w_dim[b] = lay.w_dim * np.exp(rng.uniform(-np.log(spread), np.log(spread), m))
    return w_ind, w_dim


def bands(
    values: np.ndarray,
    se: np.ndarray,
    posts: tuple[np.ndarray, np.ndarray, np.ndarray],
    lay: Layout,
    draws: int = 200,
    level: float = 0.9,
    seed: int = 0,
) -> Bands:
    """Bootstrap bands for rows of raw ``values`` (with standard errors ``se``).

    ``posts`` are the goalposts and directions (lo, hi, direction) per indicator.
    """
    if draws < 2:
        msg = f"an uncertainty band needs at least 2 draws; got {draws}"
        raise InputError(msg)
    if not 0 < level < 1:
        msg = f"level must lie strictly between 0 and 1; got {level}"
        raise InputError(msg)
    w_ind, w_dim = weight_draws(lay, draws, seed)
    q = [50 * (1 - level), 50 * (1 + level)]
    n, m = len(values), len(lay.dimensions)
    lower, upper = np.full(n, np.nan), np.full(n, np.nan)
    dim_lower, dim_upper = np.full((n, m), np.nan), np.full((n, m), np.nan)
    has_se = np.isfinite(se) & (se > 0)
    for c, start in enumerate(range(0, n, CHUNK)):
        rows = slice(start, min(start + CHUNK, n))
        rng = np.random.default_rng([seed, c])
        over, dims = _replicates(
            values[rows], se[rows], has_se[rows], posts, lay, w_ind, w_dim, rng
        )
        lower[rows], upper[rows] = percentiles(over, q)
        dim_lower[rows], dim_upper[rows] = percentiles(dims, q)
    return Bands(lower, upper, dim_lower, dim_upper)


def percentiles(draws: np.ndarray, q: list[float]) -> np.ndarray:
    """Percentiles ``q`` (0–100, linear interpolation) over axis 0, ignoring missing
    draws; NaN where every draw is missing. Vectorised: one sort for all columns."""
    flat = np.sort(draws.reshape(draws.shape[0], -1), axis=0)  # NaN sort last
    valid = (~np.isnan(flat)).sum(axis=0)
    out = np.full((len(q), flat.shape[1]), np.nan)
    some = valid > 0
    cols = np.flatnonzero(some)
    for i, p in enumerate(q):
        pos = p / 100 * (valid[some] - 1)
        below = np.floor(pos).astype(int)
        above = np.minimum(below + 1, valid[some] - 1)
        lo_v, hi_v = flat[below, cols], flat[above, cols]
        out[i, some] = lo_v + (pos - below) * (hi_v - lo_v)
    return out.reshape(len(q), *draws.shape[1:])


def _replicates(values, se, has_se, posts, lay, w_ind, w_dim, rng):
    """Overall (draws × rows) and dimension (draws × rows × dims) replicates.

    Without measurement error all draws are two matrix products (one per numerator and
    denominator) over the stacked per-draw weights.
    """
    lo, hi, direction = posts
    draws, m = len(w_ind), len(lay.dimensions)
    observed = (~np.isnan(values)).astype(float)
    weighted = np.nan_to_num(normalise(values, lo, hi, direction))
    by_dim = (w_ind[:, :, None] * lay.member[None]).transpose(1, 0, 2).reshape(-1, draws * m)
    mass = (observed @ by_dim).reshape(len(values), draws, m)
    if has_se.any():
        num = np.empty_like(mass)
        for b in range(draws):
            noise = rng.standard_normal(values.shape)
            raw = np.where(has_se, values + np.where(has_se, se, 0.0) * noise, values)
            sc = np.nan_to_num(normalise(raw, lo, hi, direction))
            num[:, b] = sc @ (w_ind[b][:, None] * lay.member)
    else:
        num = (weighted @ by_dim).reshape(len(values), draws, m)
    with np.errstate(invalid="ignore", divide="ignore"):
        dims = np.where(mass > 0, num / mass, np.nan)
        dim_on = (mass > 0) * w_dim[None]
        total = dim_on.sum(axis=2)
        over = np.where(total > 0, (np.nan_to_num(dims) * dim_on).sum(axis=2) / total, np.nan)
    over = np.clip(over, 0.0, 100.0)  # clip: rounding only
    dims = np.clip(dims, 0.0, 100.0)
    return over.T, dims.transpose(1, 0, 2)
