"""Seeded synthetic roll calls drawn from the dynamic ordinal model (for tests and demos)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from allydrift.errors import InputError

US = 2


@dataclass
class Simulated:
    """Synthetic data shaped like ``allydrift.sources.unvotes``.

    ``votes`` (``rcid``, ``year``, ``ccode``, ``vote_code``), ``roll_calls`` (``rcid``,
    ``session``, ``year``, ``important``, ``descr``) and the true positions ``truth``
    (``ccode``, ``year``, ``ideal``). State 2 (the United States) starts on the right.
    """

    votes: pd.DataFrame
    roll_calls: pd.DataFrame
    truth: pd.DataFrame


def _positions(rng, n_states: int, n_years: int, drift: float, late_share: float):
    start = rng.normal(0.0, 1.0, n_states)
    start[0] = 1.5
    steps = rng.normal(0.0, drift, (n_states, n_years))
    steps[:, 0] = 0.0
    theta = start[:, None] + np.cumsum(steps, axis=1)
    entry = np.zeros(n_states, dtype=int)
    late = rng.random(n_states) < late_share
    late[0] = False
    entry[late] = rng.integers(1, max(n_years // 2, 2), late.sum())
    alive = np.arange(n_years)[None, :] >= entry[:, None]
    return theta, alive


def simulate(
    n_states: int = 60,
    n_years: int = 20,
    n_rollcalls: int = 40,
    *,
    first_year: int = 1990,
    drift: float = 0.15,
    beta_sd: float = 1.5,
    abstain: float = 0.6,
    turnout: float = 0.9,
    late_share: float = 0.1,
    seed: int | None = 0,
) -> Simulated:
    """Draw votes from the model: positions follow random walks (sd ``drift`` a year),
    each roll call has ``beta ~ N(0, beta_sd^2)``, a first cutpoint ``N(0, 1)`` and an
    abstention band of width ``U(0, 2 * abstain)``; each state votes with probability
    ``turnout``; ``late_share`` of the states join after the first year."""
    if n_states < 2 or n_years < 1 or n_rollcalls < 1:
        msg = "simulate needs n_states >= 2, n_years >= 1 and n_rollcalls >= 1"
        raise InputError(msg)
    rng = np.random.default_rng(seed)
    theta, alive = _positions(rng, n_states, n_years, drift, late_share)
    ccodes = np.r_[US, 1000 + np.arange(1, n_states)]
    n_rc = n_years * n_rollcalls
    rc_year = np.repeat(np.arange(n_years), n_rollcalls)
    beta = rng.normal(0.0, beta_sd, n_rc)
    cut1 = rng.normal(0.0, 1.0, n_rc)
    cut2 = cut1 + rng.uniform(0.0, 2 * abstain, n_rc)
    grid_state, grid_rc = np.meshgrid(np.arange(n_states), np.arange(n_rc), indexing="ij")
    state, rc = grid_state.ravel(), grid_rc.ravel()
    voted = alive[state, rc_year[rc]] & (rng.random(state.size) < turnout)
    state, rc = state[voted], rc[voted]
    z = beta[rc] * theta[state, rc_year[rc]] + rng.standard_normal(state.size)
    code = 1 + (z > cut1[rc]).astype(np.int8) + (z > cut2[rc]).astype(np.int8)
    years = first_year + np.arange(n_years)
    votes = pd.DataFrame(
        {"rcid": rc + 1, "year": years[rc_year[rc]], "ccode": ccodes[state], "vote_code": code}
    )
    roll_calls = pd.DataFrame(
        {
            "rcid": np.arange(1, n_rc + 1),
            "session": years[rc_year] - 1945,
            "year": years[rc_year],
            "important": (rng.random(n_rc) < 0.2).astype("int8"),
            "descr": [f"SYNTHETIC ROLL CALL NUMBER {i}" for i in range(1, n_rc + 1)],
        }
    )
    s_idx, t_idx = np.nonzero(alive)
    truth = pd.DataFrame(
        {"ccode": ccodes[s_idx], "year": years[t_idx], "ideal": theta[s_idx, t_idx]}
    )
    return Simulated(votes, roll_calls, truth)
