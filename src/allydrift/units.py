"""Units beyond dyad-years: leader dyad-years (Archigos) and politically relevant dyads."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from allydrift.dyads import _code_column, check_span, create_state_years, dyad_keys
from allydrift.errors import InputError
from allydrift.provenance import stamp


def create_leader_dyad_years(
    system: str = "gw", directed: bool = True, years: tuple[int, int] | None = None
) -> pd.DataFrame:
    """Every pair of leaders in office in the same year, in states of ``system`` that are
    members that year (Archigos 4.1, 1870–2015). As with states, two leaders form a
    dyad-year only if both were in office on at least one common day of the year.

    Columns ``obsid1``, ``obsid2`` (Archigos leader-spell ids), ``<code>1``, ``<code>2``,
    ``year``, ``yrinoffice1``, ``yrinoffice2``. Directed tables hold both orders;
    undirected ones only pairs with ``<code>1 < <code>2``. A state with two leaders in
    a year contributes both.
    """
    from allydrift.sources import leaders
    from allydrift.verbs_states import leader_years

    code = _code_column(system)
    if years is not None:
        check_span(years, leaders.SOURCE.coverage, "Archigos")
    ly = leader_years()[["obsid", "gwcode", "year", "yrinoffice", "start", "end"]]
    ly = ly.astype({"gwcode": "int64", "year": "int64"})
    if system == "cow":
        from allydrift.sources import state_system

        panel = state_system.load("panel")
        cw = panel.loc[panel["system"] == "cow", ["ccode", "gwcode", "year"]].dropna()
        ly = ly.merge(cw.astype("int64"), on=["gwcode", "year"]).drop(columns="gwcode")
    members = create_state_years(system).astype("int64")
    ly = ly.merge(members, on=[code, "year"])
    if years is not None:
        ly = ly[(ly["year"] >= years[0]) & (ly["year"] <= years[1])]
    ly = ly.sort_values(["year", code, "obsid"], ignore_index=True)
    yrs = ly["year"].to_numpy()
    codes = ly[code].to_numpy()
    jan1 = (yrs - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    dec31 = (yrs - 1969).astype("datetime64[Y]").astype("datetime64[D]") - np.timedelta64(1, "D")
    first = np.maximum(np.array(ly["start"].tolist(), dtype="datetime64[D]"), jan1)
    last = np.minimum(np.array(ly["end"].tolist(), dtype="datetime64[D]"), dec31)
    bounds = np.r_[0, np.flatnonzero(np.diff(yrs)) + 1, len(yrs)]
    left, right = [], []
    for lo, hi in itertools.pairwise(bounds):
        i, j = np.meshgrid(np.arange(lo, hi), np.arange(lo, hi), indexing="ij")
        keep = codes[i] != codes[j] if directed else codes[i] < codes[j]
        keep &= np.maximum(first[i], first[j]) <= np.minimum(last[i], last[j])
        left.append(i[keep])
        right.append(j[keep])
    li, ri = np.concatenate(left), np.concatenate(right)
    obsid = ly["obsid"].to_numpy()
    tenure = ly["yrinoffice"].to_numpy()
    out = pd.DataFrame(
        {
            "obsid1": obsid[li],
            "obsid2": obsid[ri],
            f"{code}1": codes[li].astype(np.int32),
            f"{code}2": codes[ri].astype(np.int32),
            "year": yrs[li].astype(np.int32),
            "yrinoffice1": tenure[li],
            "yrinoffice2": tenure[ri],
        }
    )
    labels = {
        "obsid": "Archigos leader-spell id",
        "yrinoffice": "years in office (1 in the entry year)",
    }
    return stamp(
        out, pd.DataFrame(), ["leaders", "state_system"], "create_leader_dyad_years", labels
    )


def filter_prd(dyads: pd.DataFrame, max_conttype: int = 5) -> pd.DataFrame:
    """Keep politically relevant dyads: contiguous (``conttype`` 1…``max_conttype``;
    5 = up to 400 miles of water, as peacesciencer; 4 = 150 miles, Lemke & Reed) or
    with a COW major power on either side. Adds ``prd`` (always 1 on the rows kept) and
    the contiguity and major-power columns if they are absent. Rows where relevance is
    unknown (after 2016, when neither list covers the year) are dropped.
    """
    from allydrift.verbs import add_contiguity, add_cow_majors

    dyad_keys(dyads)
    if not 1 <= max_conttype <= 5:
        msg = f"max_conttype must be 1–5 (COW contiguity types); got {max_conttype}"
        raise InputError(msg)
    out = dyads
    if "conttype" not in out.columns:
        out = add_contiguity(out)
    if "cowmaj1" not in out.columns:
        out = add_cow_majors(out)
    cont = out["conttype"].astype("Float64")
    prd = (cont.between(1, max_conttype)) | (out["cowmaj1"] == 1) | (out["cowmaj2"] == 1)
    keep = prd.fillna(False).to_numpy(bool)
    result = out[keep].reset_index(drop=True)
    result["prd"] = np.int8(1)
    return stamp(
        result,
        out,
        [],
        "filter_prd",
        {"prd": "1: politically relevant (contiguous or major power)"},
    )
