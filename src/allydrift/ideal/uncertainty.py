"""Uncertainty of the positions: Laplace approximation or parametric bootstrap."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from allydrift.ideal import engine
from allydrift.ideal.data import RollCallData


def _chain_grid(points: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Row (state) and column (position in the state's chain) of each state-period."""
    state, _ = pd.factorize(points["ccode"].to_numpy())
    start = np.r_[0, np.flatnonzero(np.diff(state)) + 1]
    length = np.diff(np.r_[start, len(state)])
    col = np.arange(len(state)) - np.repeat(start, length)
    return state, col


def tridiagonal_inverse_diagonal(
    points: pd.DataFrame, diag: np.ndarray, off: np.ndarray
) -> np.ndarray:
    """Diagonal of the inverse of a symmetric tridiagonal matrix made of one block per state.

    ``off[i]`` couples rows ``i`` and ``i + 1`` (zero between states). Uses the forward and
    backward Schur complements, vectorised over states.
    """
    row, col = _chain_grid(points)
    n_rows, n_cols = row.max() + 1, col.max() + 1
    d = np.ones((n_rows, n_cols))
    e = np.zeros((n_rows, n_cols))
    d[row, col] = diag
    inner = np.flatnonzero(np.r_[row[1:] == row[:-1], False])
    e[row[inner], col[inner]] = off[inner]
    fwd, bwd = d.copy(), d.copy()
    for k in range(1, n_cols):
        fwd[:, k] = d[:, k] - e[:, k - 1] ** 2 / fwd[:, k - 1]
    for k in range(n_cols - 2, -1, -1):
        bwd[:, k] = d[:, k] - e[:, k] ** 2 / bwd[:, k + 1]
    return 1.0 / (fwd + bwd - d)[row, col]


def laplace_sd(lay: engine.Layout, data: RollCallData, params: engine.Params) -> np.ndarray:
    """Posterior sd of each position from the curvature at the mode, items held fixed."""
    _, curvature = engine.information(lay, params)
    var = tridiagonal_inverse_diagonal(data.points, curvature + lay.prior_diag, lay.prior_off)
    return np.sqrt(var)


def simulate_categories(
    data: RollCallData, params: engine.Params, rng: np.random.Generator
) -> np.ndarray:
    """New vote categories for the same votes, drawn from the model at ``params``."""
    z = params.beta[data.item] * params.theta[data.point] + rng.standard_normal(data.n_votes)
    cuts = params.cuts[data.item]
    three = data.ncat[data.item] == 3
    cat = (z > cuts[:, 0]).astype(np.int8)
    cat += (three & (z > cuts[:, 1])).astype(np.int8)
    return cat


def bootstrap(
    data: RollCallData,
    lay: engine.Layout,
    params: engine.Params,
    n: int,
    seed: int | None,
    tol: float,
    max_iter: int,
) -> np.ndarray:
    """Positions refitted on ``n`` data sets simulated from the fitted model (n x S)."""
    rng = np.random.default_rng(seed)
    draws = np.empty((n, len(data.points)))
    for b in range(n):
        sim = replace(data, cat=simulate_categories(data, params, rng))
        sim_lay = engine.layout(sim, lay.anchor, lay.priors, lay.threads)
        draws[b] = engine.run(sim_lay, params, tol=tol, max_iter=max_iter).params.theta
    return draws
