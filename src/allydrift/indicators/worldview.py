"""World view: do the partners vote alike in the UN General Assembly?

Agreement = mean over roll calls both states voted on of 1 − |a − b|, with yes = 1,
abstain = ½, no = 0 (Voeten's "agree" measure). Computed for all pairs at once, year by
year, with one matrix product per year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from allydrift.indicators.registry import (
    Pairs,
    Years,
    filter_pairs,
    filter_states,
    filter_years,
    indicator,
    long_rows,
)

VOTE_VALUE = {1: 1.0, 2: 0.5, 3: 0.0}


def _one_hot(votes: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """States and yes/abstain/no indicator matrices (states × roll calls) of one year."""
    states, s_idx = np.unique(votes["ccode"].to_numpy(dtype=np.int64), return_inverse=True)
    _, r_idx = np.unique(votes["rcid"].to_numpy(), return_inverse=True)
    n_rc = int(r_idx.max()) + 1
    code = votes["vote_code"].to_numpy()
    mats = []
    for value in (1, 2, 3):
        m = np.zeros((len(states), n_rc), dtype=np.float32)
        hit = code == value
        m[s_idx[hit], r_idx[hit]] = 1.0
        mats.append(m)
    return states, mats[0], mats[1], mats[2]


def agreement_year(votes: pd.DataFrame) -> pd.DataFrame:
    """Agreement and common-vote counts of every pair of states in one year's votes."""
    states, yes, abst, no = _one_hot(votes)
    cast = yes + abst + no
    common = cast @ cast.T
    opposite = yes @ no.T + no @ yes.T
    half = abst @ (yes + no).T + (yes + no) @ abst.T
    with np.errstate(invalid="ignore", divide="ignore"):
        agree = 1.0 - (opposite + 0.5 * half) / common
    i, j = np.triu_indices(len(states), k=1)
    return pd.DataFrame(
        {
            "ccode1": states[i].astype(np.int32),
            "ccode2": states[j].astype(np.int32),
            "agree": agree[i, j].astype(float),
            "n_votes": common[i, j].astype(np.int32),
        }
    )


def un_agreement_table(pairs: Pairs = None, years: Years = None, rcids=None) -> pd.DataFrame:
    """Undirected UN agreement for every pair and year: ``ccode1 < ccode2``, ``year``,
    ``agree``, ``n_votes``. ``rcids`` restricts the roll calls (e.g. one issue).

    The table for all pairs and roll calls is computed once and cached as Parquet.
    """
    from allydrift.sources import unvotes
    from allydrift.store import table

    if pairs is None and rcids is None:
        from allydrift.sources.base import record_use

        record_use(unvotes.SOURCE.id)
        inputs = [unvotes.SOURCE.file(f) for f in unvotes._TABLES["votes"].files]
        full = table("derived.un_agreement", inputs, lambda _: _agreement(None, None, None))
        return filter_years(full, years).reset_index(drop=True)
    return _agreement(pairs, years, rcids)


def _agreement(pairs: Pairs, years: Years, rcids) -> pd.DataFrame:
    from allydrift.sources import unvotes

    votes = unvotes.load("votes")[["rcid", "year", "ccode", "vote_code"]].dropna(subset=["ccode"])

    votes = filter_years(filter_states(votes, pairs), years)
    if rcids is not None:
        votes = votes[votes["rcid"].isin(rcids)]
    frames = []
    for year, grp in votes.groupby("year", sort=True):
        res = agreement_year(grp)
        res.insert(2, "year", np.int32(year))
        frames.append(filter_pairs(res, pairs, undirected=True))
    if not frames:
        return pd.DataFrame(columns=["ccode1", "ccode2", "year", "agree", "n_votes"])
    out = pd.concat(frames, ignore_index=True)
    return out[out["n_votes"] > 0].reset_index(drop=True)


@indicator(
    "un_agreement",
    dimension="world_view",
    direction=1,
    unit="share of common votes (0–1)",
    kind="undirected",
    sources=("unvotes",),
    description="UNGA vote agreement: 1 − |a − b| with yes 1, abstain ½, no 0, averaged "
    "over the roll calls both states voted on.",
    coverage=(1946, 2023),
)
def un_agreement(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    return long_rows(un_agreement_table(pairs, years), "un_agreement", "agree")
