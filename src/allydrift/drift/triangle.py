"""The abandonment triangle: does the senior partner move toward the rival faster than
toward the ally?

For a senior partner S, a junior ally J and a rival R (e.g. the US, Japan and China),
take two closeness series, S–R and S–J. A year is flagged when, over the last
``window`` years, S–R closeness rose (ΔSR > 0) and rose by more than S–J closeness
(ΔSR − ΔSJ > ``margin``). ``flag_abandonment`` works on any two closeness series;
``abandonment`` builds them from UN General Assembly agreement.
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
) -> pd.DataFrame:
    """Add ``d_rival``, ``d_ally``, ``gap`` (= d_rival − d_ally) and ``flag`` to a frame
    with ``year`` and the two closeness columns (higher = closer).

    Changes are over ``window`` calendar years (a year whose partner year is missing is
    not flagged).
    """
    missing = {"year", rival, ally} - set(frame.columns)
    if missing:
        raise InputError(
            f"the triangle needs columns year, {rival}, {ally}; missing {', '.join(missing)}"
        )
    if window < 1:
        raise InputError(f"window must be at least 1 year; got {window}")
    out = frame.sort_values("year").reset_index(drop=True)
    lagged = out[["year", rival, ally]].assign(year=out["year"] + window)
    past = out[["year"]].merge(lagged, on="year", how="left")
    out["d_rival"] = out[rival].to_numpy() - past[rival].to_numpy()
    out["d_ally"] = out[ally].to_numpy() - past[ally].to_numpy()
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
) -> pd.DataFrame:
    """The triangle from UN agreement: year, ``senior_rival``, ``senior_junior`` and the
    flags of ``flag_abandonment``."""
    from allydrift.index.core import pair_states
    from allydrift.indicators import compute

    s, j = pair_states(senior, junior)
    _, r = pair_states(senior, rival)
    if r.ccode == j.ccode:
        raise InputError(f"the junior ally and the rival must differ; got {j} twice")
    rows = compute("un_agreement", pairs=[(s.ccode, r.ccode), (s.ccode, j.ccode)], years=years)
    wide = rows.assign(
        other=rows["ccode1"].where(rows["ccode1"] != s.ccode, rows["ccode2"])
    ).pivot_table(index="year", columns="other", values="value")
    if r.ccode not in wide or j.ccode not in wide:
        raise CoverageError(f"no UN agreement data for {s} with both {j} and {r} in these years")
    frame = pd.DataFrame(
        {
            "year": wide.index.astype(int),
            "senior_rival": wide[r.ccode].to_numpy(),
            "senior_junior": wide[j.ccode].to_numpy(),
        }
    ).dropna()
    return flag_abandonment(frame, window=window, margin=margin)
