"""The abandonment question as a scenario: will the senior partner's closeness to the
rival overtake its closeness to the junior ally within the horizon?

For senior ``S``, junior ``J`` and rival ``R`` both dyads S–J and S–R are projected on
the overall latent (standardised over the reference population, so the two are on one
scale). Each projected path is a random walk with the model's Student-t steps from its
filtered state; Monte Carlo draws of the two paths (independent given the data: the
model has no cross-dyad term) give the probability that S–R is above S–J in some year
of the horizon, and by year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from allydrift.index import model as mm
from allydrift.scenario.projection import NU, OVERALL, Path, Start, run

DRAWS = 20_000


@dataclass(frozen=True)
class Overtake:
    """Probability that S–R overtakes S–J: ``within`` the horizon, per year in ``by_year``
    (``p_above`` that year, ``p_by`` by that year), and whether it already has."""

    years: np.ndarray
    within: float
    already: bool
    by_year: pd.DataFrame


def _unit_steps(rng, shape: tuple[int, int]) -> np.ndarray:
    """Steps of unit variance with the model's tails: Student-t with ``NU`` degrees of
    freedom, rescaled (normal when the model's steps are Gaussian)."""
    if not np.isfinite(NU):
        return rng.standard_normal(shape)
    return rng.standard_t(NU, shape) * np.sqrt((NU - 2.0) / NU)


def draw_paths(path: Path, start: Start, lat: mm.Latent, draws: int, rng) -> np.ndarray:
    """Sampled standardised paths (draws × years) consistent with ``path``'s means and
    variances: a random walk with the model's Student-t steps whose variances are the
    increments of ``path.var`` from the start (one step per year), shifted to
    ``path.mean``."""
    var = np.r_[start.var[OVERALL], path.var[OVERALL]]
    steps = np.sqrt(np.maximum(np.diff(var), 0.0))
    x0 = rng.standard_normal((draws, 1)) * np.sqrt(var[0])
    walk = x0 + np.cumsum(_unit_steps(rng, (draws, len(steps))) * steps, axis=1)
    return (path.mean[OVERALL] + walk - lat.loc) / lat.scale


def overtake(
    junior: Start,
    rival: Start,
    m: mm.Model,
    to: int,
    y_junior: tuple[np.ndarray | None, np.ndarray | None] = (None, None),
    y_rival: tuple[np.ndarray | None, np.ndarray | None] = (None, None),
    draws: int = DRAWS,
    seed: int = 0,
) -> Overtake:
    """Probability that S–R closeness exceeds S–J closeness in a year up to ``to``
    (with optional scenario scores and start scores ``(y, ref)`` for either dyad, see
    ``projection.run``)."""
    rng = np.random.default_rng(seed)
    _, pj = run(junior, m, to, *y_junior)
    _, pr = run(rival, m, to, *y_rival)
    sj = draw_paths(pj, junior, m.overall, draws, rng)
    sr = draw_paths(pr, rival, m.overall, draws, rng)
    above = sr > sj
    ever = np.logical_or.accumulate(above, axis=1)
    by_year = pd.DataFrame(
        {
            "year": pj.years,
            "junior": mm.to_index((pj.mean[OVERALL] - m.overall.loc) / m.overall.scale),
            "rival": mm.to_index((pr.mean[OVERALL] - m.overall.loc) / m.overall.scale),
            "p_above": above.mean(axis=0),
            "p_by": ever.mean(axis=0),
        }
    )
    already = rival.mean[OVERALL] > junior.mean[OVERALL]
    return Overtake(pj.years, float(ever[:, -1].mean()), bool(already), by_year)
