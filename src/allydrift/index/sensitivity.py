"""Sensitivity analysis: how the ranking of dyads changes under other weightings.

The dyads are scored once (their indicator scores do not depend on the weights) and
re-aggregated under each scheme: equal weights (the baseline), first-principal-
component weights, an optional user scheme, each dimension left out in turn, and
``draws`` random weightings (the bootstrap's draws: indicators resampled within
dimensions, dimension weights scaled by a log-uniform factor in [½, 2]). For each
scheme the summary gives the Spearman correlation of its ranking with the baseline and
the mean and largest shift in rank; for each dyad, its rank under every scheme and the
5th–95th percentile of its rank under the random weightings.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from allydrift.errors import CoverageError
from allydrift.index import weights as wmod
from allydrift.index.aggregate import Layout, aggregate, make_layout
from allydrift.index.core import WeightSpec, pca_weights, resolve_weights, score_panel
from allydrift.index.rank import label, pick_rows
from allydrift.index.uncertainty import weight_draws
from allydrift.indicators import get


@dataclass(frozen=True)
class Sensitivity:
    """``ranks``: one row per dyad, one rank column per scheme (plus random-weight
    percentiles); ``summary``: one row per scheme."""

    ranks: pd.DataFrame
    summary: pd.DataFrame


def _ranks(scores: np.ndarray) -> np.ndarray:
    return pd.Series(scores).rank(ascending=False, method="min").to_numpy()


def _schemes(lay: Layout, inds, reference: str, user: wmod.Weights | None):
    schemes = {"equal": wmod.equal()}
    with contextlib.suppress(CoverageError):
        schemes["pca"] = pca_weights(inds, reference)
    if user is not None:
        schemes[user.name] = user
    if len(lay.dimensions) > 1:
        for dim in lay.dimensions:
            schemes[f"without {dim}"] = wmod.Weights(f"without {dim}", {dim: 0.0})
    return schemes


def sensitivity(
    pairs: list[tuple[int, int]],
    year: int | str | None = None,
    *,
    reference: str = "allied",
    weights: WeightSpec = None,
    draws: int = 200,
    seed: int = 0,
) -> Sensitivity:
    """Ranks of ``pairs`` under alternative weightings; ``weights`` adds a user scheme.

    ``year`` is chosen as in ``rank_pairs`` (default: the best-covered latest year).
    """
    span = (year, year) if isinstance(year, int) else None
    s = score_panel(pairs, span, reference=reference)
    rows = pick_rows(s, year)
    sc = s.scores[rows]
    inds = [get(n) for n in s.layout.indicators]
    user = None if weights in (None, "equal") else resolve_weights(weights, inds, reference)
    keys = s.keys.iloc[rows].reset_index(drop=True)
    table = pd.DataFrame(
        {
            "state_a": [label(c) for c in keys["ccode1"]],
            "state_b": [label(c) for c in keys["ccode2"]],
            "year": keys["year"],
        }
    )
    summary = []
    base = None
    for name, w in _schemes(s.layout, inds, reference, user).items():
        r = _ranks(aggregate(sc, make_layout(inds, w)).overall)
        base = r if base is None else base
        table[f"rank_{name}"] = r.astype(int)
        summary.append(_compare(name, base, r))
    if base is None:  # the equal scheme is always there
        msg = "no weighting scheme to compare against"
        raise RuntimeError(msg)
    if draws:
        w_ind, w_dim = weight_draws(s.layout, draws, seed)
        sims = np.stack(
            [_ranks(aggregate(sc, s.layout, w_ind[b], w_dim[b]).overall) for b in range(draws)]
        )
        table["rank_random_p5"], table["rank_random_median"], table["rank_random_p95"] = (
            np.percentile(sims, [5, 50, 95], axis=0)
        )
        shifts = [_compare("random", base, sims[b]) for b in range(draws)]
        summary.append(
            {
                "scheme": f"random ({draws} draws, median)",
                **{k: float(np.median([x[k] for x in shifts])) for k in shifts[0] if k != "scheme"},
            }
        )
    return Sensitivity(table.sort_values("rank_equal", ignore_index=True), pd.DataFrame(summary))


def _compare(name: str, base: np.ndarray, r: np.ndarray) -> dict[str, object]:
    from scipy import stats

    shift = np.abs(r - base)
    rho = stats.spearmanr(base, r).statistic if len(r) > 2 else np.nan
    return {
        "scheme": name,
        "spearman": float(rho),
        "mean_shift": float(shift.mean()),
        "max_shift": float(shift.max()),
    }
