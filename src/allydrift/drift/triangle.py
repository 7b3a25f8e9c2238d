"""The abandonment triangle: does the senior partner move toward the rival faster than
toward the ally?

For a senior partner S, a junior ally J and a rival R (e.g. the US, Japan and China),
take two closeness series, S–R and S–J. A year is flagged when, over the last
``window`` years, S–R closeness rose (ΔSR > 0) and rose by more than S–J closeness
(ΔSR − ΔSJ > ``margin``). ``flag_abandonment`` works on any two closeness series;
``abandonment`` takes them from ``allydrift.affinity.abandonment_triangle`` (UN votes).
"""

from __future__ import annotations

import pandas as pd

from allydrift.countries import State
from allydrift.errors import CoverageError, InputError
from allydrift.indicators.registry import Years


def flag_abandonment(
    frame: pd.DataFrame,
    rival: str = "senior_rival",
    ally: str = "senior_junior",
    window: int = 3,
    margin: float = 0.0,
    lower_is_closer: bool = False,
) -> pd.DataFrame:
    """Add ``d_rival``, ``d_ally``, ``gap`` (= d_rival − d_ally) and ``flag`` to a frame
    with ``year`` and the two closeness columns.

    Changes are over ``window`` calendar years, signed so that positive means "moved
    closer" (for distances, pass ``lower_is_closer=True``); a year whose partner year is
    missing is not flagged.
    """
    missing = {"year", rival, ally} - set(frame.columns)
    if missing:
        msg = f"the triangle needs columns year, {rival}, {ally}; missing {', '.join(missing)}"
        raise InputError(msg)
    if window < 1:
        msg = f"window must be at least 1 year; got {window}"
        raise InputError(msg)
    sign = -1.0 if lower_is_closer else 1.0
    out = frame.sort_values("year").reset_index(drop=True)
    lagged = out[["year", rival, ally]].assign(year=out["year"] + window)
    past = out[["year"]].merge(lagged, on="year", how="left")
    out["d_rival"] = sign * (out[rival].to_numpy() - past[rival].to_numpy())
    out["d_ally"] = sign * (out[ally].to_numpy() - past[ally].to_numpy())
    out["gap"] = out["d_rival"] - out["d_ally"]
    out["flag"] = (out["d_rival"] > 0) & (out["gap"] > margin)
    return out


def abandonment(
    senior: str | int | State,
    junior: str | int | State,
    rival: str | int | State,
    years: Years = None,
    window: int = 3,
    margin: float = 0.0,
    measure: str = "agreement",
) -> pd.DataFrame:
    """The triangle from ``allydrift.affinity.abandonment_triangle`` (UN vote
    ``measure``: agreement, sscore, kappa, pi or ideal_distance) with the flags of
    ``flag_abandonment``: year, ``senior_rival``, ``senior_junior``, ``junior_rival``,
    ``d_rival``, ``d_ally``, ``gap``, ``flag``."""
    from allydrift.affinity import abandonment_triangle

    tri = abandonment_triangle(senior, junior, rival, measure=measure, years=years)
    frame = tri[["year", "senior_rival", "senior_junior", "junior_rival"]]
    frame = frame.dropna(subset=["senior_rival", "senior_junior"])
    if frame.empty:
        msg = (
            f"no {measure} data for the senior partner with both the ally and the rival "
            "in these years; try a later span"
        )
        raise CoverageError(msg)
    closer_low = measure == "ideal_distance"
    return flag_abandonment(frame, window=window, margin=margin, lower_is_closer=closer_low)
