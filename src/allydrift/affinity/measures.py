"""Vote-similarity measures for all pairs of states at once, by matrix products.

Votes are coded yes = 1, abstain = ½, no = 0 and stacked as three indicator matrices
(states × roll calls). One product of the stacked matrix with itself gives, for every pair
(i, j), the 3 × 3 table ``n[k, l]`` of roll calls where i voted k and j voted l; every
measure follows from that table:

- agreement ``A = 1 − D_o`` with ``D_o = Σ δ(k, l) n[k, l] / N`` the mean distance over the
  ``N`` common votes and ``δ(k, l) = |v_k − v_l|``;
- Signorino–Ritter ``S = 1 − 2 D_o / d_max`` with ``d_max = 1`` (so ``S = 2A − 1``);
- Cohen's ``κ = 1 − D_o / D_e`` with ``D_e = Σ δ(k, l) p_i(k) p_j(l)`` from each state's
  own distribution of votes over the common roll calls (Häge 2011);
- Scott's ``π = 1 − D_o / D_e`` with ``D_e`` from the pooled distribution
  ``(p_i + p_j) / 2``. κ and π are undefined (missing) when ``D_e = 0``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from allydrift.errors import InputError

VALUES = np.array([1.0, 0.5, 0.0])  # yes, abstain, no
DELTA = np.abs(VALUES[:, None] - VALUES[None, :])
D_MAX = float(VALUES.max() - VALUES.min())
MEASURES = {
    "agreement": "share of agreement, 1 − mean |a − b| (0–1)",
    "sscore": "Signorino–Ritter S, 1 − 2·d/d_max (−1 to 1)",
    "kappa": "Cohen's kappa, chance-corrected agreement (≤ 1)",
    "pi": "Scott's pi, chance-corrected agreement (≤ 1)",
}
ALIASES = {"agree": "agreement", "s": "sscore", "s_score": "sscore"}


def check_measures(measures: Sequence[str]) -> list[str]:
    """Canonical measure names; ``InputError`` for one that does not exist."""
    out = [ALIASES.get(m, m) for m in measures]
    bad = [m for m in out if m not in MEASURES]
    if bad:
        msg = f"unknown measure {', '.join(map(repr, bad))}; expected one of {', '.join(MEASURES)}."
        raise InputError(msg)
    return out


def vote_tensor(
    state_idx: np.ndarray, rc_idx: np.ndarray, codes: np.ndarray, n_states: int, n_rc: int
) -> np.ndarray:
    """Indicator tensor (3, states, roll calls): ``x[k, i, r] = 1`` if i voted k on r."""
    x = np.zeros((3, n_states, n_rc), dtype=np.float32)
    x[codes.astype(np.intp) - 1, state_idx, rc_idx] = 1.0
    return x


def cross_counts(x: np.ndarray) -> np.ndarray:
    """Vote tables of all pairs: ``n[k, l, i, j]`` (shape 3, 3, S, S) from ``vote_tensor``."""
    s = x.shape[1]
    flat = x.reshape(3 * s, -1)
    gram = flat @ flat.T
    return gram.reshape(3, s, 3, s).transpose(0, 2, 1, 3)


def pair_counts(x: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Vote tables ``n[k, l, p]`` (shape 3, 3, P) of the pairs ``(i[p], j[p])`` only."""
    s = x.shape[1]
    flat = x.reshape(3 * s, -1)
    gram = flat @ flat.T
    block = np.arange(3)[:, None] * s
    idx = (block + i)[:, None, :] * (3 * s) + (block + j)[None, :, :]
    return gram.ravel()[idx]


def from_counts(n: np.ndarray, measures: Sequence[str] = tuple(MEASURES)) -> dict[str, np.ndarray]:
    """Every measure (and ``n_votes``) from vote tables ``n`` of shape (3, 3, ...).

    Chance-corrected measures are missing where the expected disagreement is zero (both
    states cast the same vote on every common roll call).
    """
    shape = n.shape[2:]
    flat = n.reshape(9, -1).astype(np.float64)
    common = flat.sum(axis=0)
    out: dict[str, np.ndarray] = {"n_votes": common.reshape(shape)}
    with np.errstate(invalid="ignore", divide="ignore"):
        d_obs = (DELTA.ravel() @ flat) / common
        m_i = flat.reshape(3, 3, -1).sum(axis=1)
        m_j = flat.reshape(3, 3, -1).sum(axis=0)
        values = {
            "agreement": lambda: 1.0 - d_obs,
            "sscore": lambda: 1.0 - 2.0 * d_obs / D_MAX,
            "kappa": lambda: _chance_corrected(d_obs, m_i, m_j, common),
            "pi": lambda: _chance_corrected(d_obs, (m_i + m_j) / 2, (m_i + m_j) / 2, common),
        }
        for name in measures:
            out[name] = values[name]().reshape(shape)
    return out


def _chance_corrected(
    d_obs: np.ndarray, m_i: np.ndarray, m_j: np.ndarray, common: np.ndarray
) -> np.ndarray:
    """``1 − D_o / D_e`` with ``D_e`` from the vote counts ``m_i``, ``m_j`` (3, P)."""
    d_exp = (m_i * (DELTA @ m_j)).sum(axis=0) / common**2
    return np.where(d_exp > 1e-12, 1.0 - d_obs / d_exp, np.nan)


def _encode(votes: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """States, roll-call keys and the vote tensor of ``votes``."""
    states, s_idx = np.unique(votes["ccode"].to_numpy(dtype=np.int64), return_inverse=True)
    rcs, r_idx = np.unique(votes["rc"].to_numpy(dtype=np.int64), return_inverse=True)
    codes = votes["vote_code"].to_numpy()
    if not np.isin(codes, (1, 2, 3)).all():
        found = sorted(set(np.unique(codes).tolist()) - {1, 2, 3})
        msg = (
            f"vote_code must be 1 (yes), 2 (abstain) or 3 (no); found {found}. Drop absences "
            "(8) and non-members (9) before computing affinity."
        )
        raise InputError(msg)
    return states, rcs, vote_tensor(s_idx, r_idx, codes, len(states), len(rcs))


def affinity_matrices(
    votes: pd.DataFrame, measures: Sequence[str] = tuple(MEASURES)
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """States and full state × state matrices of every measure (diagonal = self).

    ``votes`` has ``rc`` (roll call), ``ccode`` and ``vote_code`` (1 yes, 2 abstain, 3 no).
    """
    if votes.empty:
        msg = "no votes given: expected rows with rc, ccode and vote_code"
        raise InputError(msg)
    states, _, x = _encode(votes)
    return states, from_counts(cross_counts(x), check_measures(measures))


def pair_arrays(
    votes: pd.DataFrame,
    masks: Mapping[str, tuple[np.ndarray, np.ndarray]],
    measures: Sequence[str] = tuple(MEASURES),
) -> dict[str, np.ndarray]:
    """Columns for every pair ``ccode1 < ccode2`` of the states in ``votes``.

    ``masks`` maps a column suffix to ``(keys, flags)``: sorted roll-call keys and a
    boolean array selecting the roll calls of that subset. Each gives ``<measure><suffix>``
    and ``n_votes<suffix>``. Pairs without a common vote in any subset are dropped.
    """
    states, rcs, x = _encode(votes)
    i, j = np.triu_indices(len(states), k=1)
    cols: dict[str, np.ndarray] = {"ccode1": states[i], "ccode2": states[j]}
    any_common = np.zeros(len(i), dtype=bool)
    for suffix, (keys, flags) in masks.items():
        pos = np.clip(np.searchsorted(keys, rcs), 0, len(keys) - 1)
        keep = flags[pos] & (keys[pos] == rcs)
        n = pair_counts(x[:, :, keep], i, j) if keep.any() else np.zeros((3, 3, len(i)))
        values = from_counts(n, measures)
        for name in measures:
            cols[f"{name}{suffix}"] = values[name]
        cols[f"n_votes{suffix}"] = values["n_votes"].astype(np.int32)
        any_common |= values["n_votes"] > 0
    return {name: col[any_common] for name, col in cols.items()}


def affinity_pairs(
    votes: pd.DataFrame,
    masks: Mapping[str, pd.Series] | None = None,
    measures: Sequence[str] = tuple(MEASURES),
) -> pd.DataFrame:
    """Every pair ``ccode1 < ccode2`` of the states in ``votes`` (typically one year).

    ``masks`` maps a column suffix to a boolean Series indexed by roll-call key ``rc``;
    default ``{"": all roll calls}`` (columns ``agreement`` … ``n_votes``).
    """
    if votes.empty:
        msg = "no votes given: expected rows with rc, ccode and vote_code"
        raise InputError(msg)
    if masks is None:
        rcs = np.unique(votes["rc"].to_numpy(dtype=np.int64))
        masks = {"": pd.Series(True, index=rcs)}
    arrays = {}
    for suffix, mask in masks.items():
        mask = mask.sort_index()
        arrays[suffix] = (mask.index.to_numpy(dtype=np.int64), mask.to_numpy(dtype=bool))
    cols = pair_arrays(votes, arrays, check_measures(measures))
    out = pd.DataFrame(cols)
    return out.astype({"ccode1": np.int32, "ccode2": np.int32})
