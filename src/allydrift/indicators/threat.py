"""Threat: do the partners fear the same enemies?

Shared rivals come from the two strategic-rivalry lists (Thompson & Dreyer to 2010;
Thompson, Sakuwa & Suhas to 2020), disputes with common adversaries from GML-MID, and
the capabilities of shared rivals from COW NMC (CINC). Territorial threat (Miller) and
North Korea's missile tests are state-level context series. Alliance theory expects
shared threats to bind partners, so the shared-threat measures score +1; the partners
being rivals of each other scores −1.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from allydrift.indicators._conflict import dispute_years, expand_years, opponents
from allydrift.indicators._dyadic import clip_years, dyad_base, zero_filled
from allydrift.indicators.registry import (
    Pairs,
    Years,
    filter_pairs,
    filter_states,
    filter_years,
    indicator,
    long_rows,
)
from allydrift.sources.mids import GML_COVERAGE
from allydrift.sources.nk_missile_tests import COVERAGE as NK_COVERAGE
from allydrift.sources.nk_missile_tests import NORTH_KOREA
from allydrift.sources.rivalries import TD_COVERAGE, TERRTHREAT_COVERAGE, TSS_COVERAGE

FIRST_STATE_YEAR = 1816
LISTS = {"tss": TSS_COVERAGE, "td": TD_COVERAGE}


def coverage(rivalry_list: str) -> tuple[int, int]:
    """Years a rivalry list covers in the state system: 1816 to its last year."""
    return (FIRST_STATE_YEAR, LISTS[rivalry_list][1])


def rivalry_years(rivalry_list: str) -> pd.DataFrame:
    """Undirected rivalry-years of ``tss`` or ``td`` from 1816 (``ccode1`` < ``ccode2``,
    ``year``, ``rivalry_id``)."""
    from allydrift.sources import rivalries

    riv = rivalries.load(rivalry_list)[["rivalry_id", "ccode1", "ccode2", "start", "end"]]
    riv = riv.assign(start=riv["start"].clip(lower=FIRST_STATE_YEAR))
    riv = riv[riv["end"] >= riv["start"]].astype({"ccode1": "int32", "ccode2": "int32"})
    return expand_years(riv, "start", "end")


def rivalries_sparse(rivalry_list: str, pairs: Pairs = None, years: Years = None):
    """Undirected dyad-years in which the pair are rivals (``rival`` = 1), no zero rows."""
    riv = rivalry_years(rivalry_list).drop_duplicates(["ccode1", "ccode2", "year"])
    riv = filter_years(filter_pairs(riv, pairs, undirected=True), years)
    return riv[["ccode1", "ccode2", "year"]].assign(rival=1.0).reset_index(drop=True)


def rivalry_table(rivalry_list: str, pairs: Pairs = None, years: Years = None):
    """``rival`` (0/1) for every COW dyad-year the list covers (1816 to its last year)."""
    base = dyad_base(coverage(rivalry_list), pairs, years, directed=False)
    return zero_filled(base, rivalries_sparse(rivalry_list, pairs, years), "rival")


def shared_rivals_sparse(rivalry_list: str, pairs: Pairs = None, years: Years = None):
    """Undirected dyad-years with at least one shared rival: ``shared`` (the number of
    states that are rivals of both) and ``shared_cinc`` (their summed CINC; a rival
    without a CINC adds 0)."""
    from allydrift.sources import cow_nmc

    riv = rivalry_years(rivalry_list)
    both = pd.concat(
        [
            riv.rename(columns={"ccode1": "state", "ccode2": "rival"}),
            riv.rename(columns={"ccode2": "state", "ccode1": "rival"}),
        ]
    )[["state", "rival", "year"]].drop_duplicates()
    shared = both.merge(both, on=["rival", "year"], suffixes=("1", "2"))
    shared = shared[shared["state1"] < shared["state2"]]
    shared = shared.rename(columns={"state1": "ccode1", "state2": "ccode2"})
    shared = filter_years(filter_pairs(shared, pairs, undirected=True), years)
    cinc = cow_nmc.load()[["ccode", "year", "cinc"]].rename(columns={"ccode": "rival"})
    shared = shared.merge(cinc.astype({"rival": "int32"}), on=["rival", "year"], how="left")
    return shared.groupby(["ccode1", "ccode2", "year"], as_index=False).agg(
        shared=("rival", "size"), shared_cinc=("cinc", "sum")
    )


def shared_rivals_table(rivalry_list: str, pairs: Pairs = None, years: Years = None):
    """``shared`` and ``shared_cinc`` for every COW dyad-year the list covers (0 without
    shared rivals)."""
    agg = shared_rivals_sparse(rivalry_list, pairs, years)
    base = dyad_base(coverage(rivalry_list), pairs, years, directed=False)
    out = zero_filled(base, agg, "shared")
    keys = ["ccode1", "ccode2", "year"]
    out = out.merge(agg[[*keys, "shared_cinc"]].astype({k: "int32" for k in keys}), how="left")
    return out.fillna({"shared_cinc": 0.0})


def _rivalry_indicator(rivalry_list: str, label: str) -> None:
    span = coverage(rivalry_list)

    @indicator(
        f"rivalry_{rivalry_list}",
        dimension="threat",
        direction=-1,
        unit="0/1",
        kind="undirected",
        sources=("rivalries", "state_system"),
        description=f"1 if the two states are strategic rivals that year ({label}).",
        coverage=span,
    )
    def rivalry(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
        table = rivalry_table(rivalry_list, pairs, years)
        return long_rows(table, f"rivalry_{rivalry_list}", "rival")

    @indicator(
        f"shared_rivals_{rivalry_list}",
        dimension="threat",
        direction=1,
        unit="states",
        kind="undirected",
        sources=("rivalries", "state_system"),
        description=f"Number of states that are strategic rivals of both that year ({label}).",
        coverage=span,
    )
    def shared_rivals(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
        table = shared_rivals_table(rivalry_list, pairs, years)
        return long_rows(table, f"shared_rivals_{rivalry_list}", "shared")


for _list, _label in (("tss", "Thompson, Sakuwa & Suhas"), ("td", "Thompson & Dreyer")):
    _rivalry_indicator(_list, _label)


@indicator(
    "shared_rival_cinc",
    dimension="threat",
    direction=1,
    unit="share of world capabilities (CINC, 0–1)",
    kind="undirected",
    sources=("rivalries", "cow_nmc", "state_system"),
    description="Summed COW capability index (CINC) of the states that are rivals of both "
    "that year (Thompson, Sakuwa & Suhas); 0 without shared rivals.",
    coverage=coverage("tss"),
)
def shared_rival_cinc(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    return long_rows(shared_rivals_table("tss", pairs, years), "shared_rival_cinc", "shared_cinc")


def common_adversaries_table(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    """Undirected dyad-years with ``common``: the number of states with which both had an
    ongoing militarized dispute that year (as opponents, GML-MID); 0 for every other COW
    dyad-year 1816–2010."""
    opp = opponents(dispute_years())[["ccode1", "ccode2", "year"]].drop_duplicates()
    opp = opp.rename(columns={"ccode1": "state", "ccode2": "enemy"})
    common = opp.merge(opp, on=["enemy", "year"], suffixes=("1", "2"))
    common = common[common["state1"] < common["state2"]]
    common = common.rename(columns={"state1": "ccode1", "state2": "ccode2"})
    common = filter_years(filter_pairs(common, pairs, undirected=True), years)
    counts = common.groupby(["ccode1", "ccode2", "year"], as_index=False).size()
    base = dyad_base(GML_COVERAGE, pairs, years, directed=False)
    return zero_filled(base, counts.rename(columns={"size": "common"}), "common")


@indicator(
    "common_mid_adversaries",
    dimension="threat",
    direction=1,
    unit="states",
    kind="undirected",
    sources=("mids", "state_system"),
    description="Number of states with which both had an ongoing militarized dispute that "
    "year (as opponents; GML-MID).",
    coverage=GML_COVERAGE,
)
def common_mid_adversaries(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    return long_rows(common_adversaries_table(pairs, years), "common_mid_adversaries", "common")


@indicator(
    "terr_threat",
    dimension="threat",
    direction=0,
    unit="latent scale (higher = more threat)",
    kind="monadic",
    sources=("rivalries",),
    description="Latent external territorial threat to the state (Miller 2022, posterior "
    "mean of a random item response model).",
    coverage=TERRTHREAT_COVERAGE,
)
def terr_threat(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    from allydrift.sources import rivalries

    df = rivalries.load("terrthreat")[["ccode", "year", "lterrthreat"]].dropna()
    df = filter_years(filter_states(df.astype({"ccode": "int32"}), pairs), years)
    return long_rows(df, "terr_threat", "lterrthreat", keys=("ccode", "year"))


def nk_missile_tests_table(years: Years = None) -> pd.DataFrame:
    """North Korean missile tests per complete year 1984–2025 (``ccode`` 731, ``year``,
    ``tests``); 0 in covered years without a test, no rows outside."""
    from allydrift.sources import nk_missile_tests

    span = clip_years(NK_COVERAGE, years)
    if span is None:
        return pd.DataFrame({"ccode": [], "year": [], "tests": []}, dtype="int32")
    counts = nk_missile_tests.load().groupby("year").size()
    yrs = np.arange(span[0], span[1] + 1, dtype=np.int32)
    tests = counts.reindex(yrs, fill_value=0).to_numpy(dtype=float)
    return pd.DataFrame({"ccode": np.int32(NORTH_KOREA), "year": yrs, "tests": tests})


@indicator(
    "nk_missile_tests",
    dimension="threat",
    direction=0,
    unit="tests per year",
    kind="monadic",
    sources=("nk_missile_tests",),
    description="North Korean missile flight tests per year (CNS database), a regional "
    "threat series kept as a property of North Korea (COW 731).",
    coverage=NK_COVERAGE,
)
def nk_missile_tests(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    table = filter_states(nk_missile_tests_table(years), pairs)
    return long_rows(table, "nk_missile_tests", "tests", keys=("ccode", "year"))
