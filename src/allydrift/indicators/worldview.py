"""World view: do the partners vote alike in the UN General Assembly?

Agreement = mean over roll calls both states voted on of 1 − |a − b|, with yes = 1,
abstain = ½, no = 0 (Voeten's "agree" measure); also the Signorino–Ritter S-score and the
chance-corrected Cohen's kappa and Scott's pi (Häge 2011), on all votes, "important"
votes and per issue; and the distance between published ideal points (Bailey, Strezhnev
& Voeten 2017). Computed for all pairs at once, year by year, with one matrix product
per year and vote subset (see :mod:`allydrift.affinity`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from allydrift.affinity import (
    COVERAGE,
    IMPORTANT_COVERAGE,
    affinity_pairs,
    affinity_rows,
    column,
    ideal_distance_table,
    ideal_points,
    load_roll_calls,
)
from allydrift.affinity.idealpoints import IDEAL_COVERAGE
from allydrift.affinity.votes import ISSUE_COVERAGE, ISSUES
from allydrift.indicators.registry import Pairs, Years, filter_pairs, indicator, long_rows

UN_SOURCES = ("unvotes", "unga_vote_matrix")


def agreement_year(votes: pd.DataFrame) -> pd.DataFrame:
    """Agreement and common-vote counts of every pair of states in one year's votes
    (columns ``rcid`` or ``rc``, ``ccode``, ``vote_code``)."""
    votes = votes if "rc" in votes.columns else votes.rename(columns={"rcid": "rc"})
    res = affinity_pairs(votes, measures=["agreement"])
    return res.rename(columns={"agreement": "agree"})[["ccode1", "ccode2", "agree", "n_votes"]]


def un_agreement_table(pairs: Pairs = None, years: Years = None, rcids=None) -> pd.DataFrame:
    """Undirected UN agreement for every pair and year: ``ccode1 < ccode2``, ``year``,
    ``agree``, ``n_votes``. ``rcids`` restricts the roll calls (``unvotes`` rcids, e.g.
    one issue; the session-78 supplement is then left out)."""
    if rcids is None:
        rows = affinity_rows(pairs, years, ["agreement"], ["all"])
        return rows.rename(columns={"agreement": "agree"})
    states = {c for pair in pairs for c in pair} if pairs is not None else None
    votes = load_roll_calls(years, states, supplement=False).votes
    votes = votes[votes["rc"].isin(rcids)]
    frames = []
    for year, grp in votes.groupby("year", sort=True):
        res = agreement_year(grp)
        res.insert(2, "year", np.int32(year))
        frames.append(res)
    if not frames:
        return pd.DataFrame(columns=["ccode1", "ccode2", "year", "agree", "n_votes"])
    out = pd.concat(frames, ignore_index=True)
    out = filter_pairs(out, pairs, undirected=True)
    return out[out["n_votes"] > 0].reset_index(drop=True)


def _vote_indicator(
    name: str, measure: str, subset: str, unit: str, description: str, label: str
) -> Callable[[Pairs, Years], pd.DataFrame]:
    """Register ``measure`` on vote ``subset`` as the undirected indicator ``name``."""

    def compute(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
        rows = affinity_rows(pairs, years, [measure], [subset])
        return long_rows(rows, name, column(measure, subset))

    compute.__name__ = compute.__qualname__ = name
    compute.__doc__ = description
    coverage = IMPORTANT_COVERAGE if subset == "important" else ISSUE_COVERAGE.get(subset, COVERAGE)
    return indicator(
        name,
        dimension="world_view",
        direction=1,
        unit=unit,
        kind="undirected",
        sources=UN_SOURCES,
        description=description,
        coverage=coverage,
        label=label,
    )(compute)


_SHARE = "share of common votes (0–1)"
_AGREE = "UNGA vote agreement: 1 − |a − b| with yes 1, abstain ½, no 0, averaged over the "
un_agreement = _vote_indicator(
    "un_agreement",
    "agreement",
    "all",
    _SHARE,
    _AGREE + "roll calls both states voted on.",
    "UN agreement",
)
un_sscore = _vote_indicator(
    "un_sscore",
    "sscore",
    "all",
    "S-score (−1 to 1)",
    "Signorino–Ritter S = 1 − 2·d/d_max on UNGA votes (yes 1, abstain ½, no 0; absolute "
    "distance), over the roll calls both states voted on.",
    "UN vote S-score",
)
un_kappa = _vote_indicator(
    "un_kappa",
    "kappa",
    "all",
    "Cohen's kappa (≤ 1; 0 = chance)",
    "UNGA agreement corrected for chance (Häge 2011): 1 − observed / expected distance, "
    "the expectation from each state's own vote distribution over the common roll calls.",
    "UN vote kappa (chance-corrected)",
)
un_pi = _vote_indicator(
    "un_pi",
    "pi",
    "all",
    "Scott's pi (≤ 1; 0 = chance)",
    "UNGA agreement corrected for chance (Häge 2011), the expectation from the pair's "
    "pooled vote distribution over the common roll calls.",
    "UN vote pi (chance-corrected)",
)
un_agreement_important = _vote_indicator(
    "un_agreement_important",
    "agreement",
    "important",
    _SHARE,
    _AGREE + "votes the US State Department listed as important.",
    "UN agreement, important votes",
)
for _code, _label in ISSUES.items():
    _vote_indicator(
        f"un_agreement_{_code}",
        "agreement",
        _code,
        _SHARE,
        _AGREE + f"roll calls on '{_label}' (issue code {_code}).",
        f"UN agreement, {_label.split(' (')[0].lower()}",
    )


@indicator(
    "ideal_distance",
    dimension="world_view",
    direction=-1,
    unit="absolute difference of ideal points",
    kind="undirected",
    sources=("bsv_idealpoints",),
    description="Distance between the two states' UNGA ideal points (Bailey, Strezhnev & "
    "Voeten, April 2020 release; year = 1945 + session).",
    coverage=IDEAL_COVERAGE,
    label="UN ideal-point distance",
)
def ideal_distance(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    return long_rows(ideal_distance_table(pairs, years), "ideal_distance", "ideal_distance")


@indicator(
    "ideal_point",
    dimension="world_view",
    direction=0,
    unit="ideal point (higher = closer to the US position)",
    kind="monadic",
    sources=("bsv_idealpoints",),
    description="A state's UNGA ideal point (Bailey, Strezhnev & Voeten, April 2020 release; "
    "posterior mean; year = 1945 + session).",
    coverage=IDEAL_COVERAGE,
    label="UN ideal point",
)
def ideal_point(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    return long_rows(ideal_points(years, pairs=pairs), "ideal_point", "ideal", ("ccode", "year"))
