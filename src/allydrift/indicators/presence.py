"""Presence: is a foreign garrison on the partner's soil?

The troopdata sources count U.S. personnel, bases and construction abroad, so these
indicators exist for dyads with the United States (COW 2) on one side; the value is
about the other state (the host). They are context (direction 0): a large garrison can
bind an alliance or strain it.
"""

from __future__ import annotations

import pandas as pd

from allydrift.indicators._dyadic import clip_years, empty, state_base
from allydrift.indicators.registry import (
    Pairs,
    Years,
    filter_pairs,
    filter_states,
    filter_years,
    indicator,
    long_rows,
)
from allydrift.sources.cow_nmc import SOURCE as NMC
from allydrift.sources.troopdata import SOURCE as TROOPDATA

USA = 2
PER_CAPITA_COVERAGE = (TROOPDATA.coverage[0], NMC.coverage[1])
CONSTRUCTION_COVERAGE = (2008, 2019)


def us_troops_table(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    """U.S. active-duty troops in each host state, as undirected US–host dyad-years."""
    from allydrift.sources import troopdata

    troops = troopdata.load("troops")
    troops = troops[troops["ccode"] != USA].dropna(subset=["ccode"])
    # COW 2 is the lowest code, so the undirected pair is always (2, host).
    out = pd.DataFrame(
        {
            "ccode1": pd.Series(USA, index=troops.index, dtype="int32"),
            "ccode2": troops["ccode"].astype("int32"),
            "year": troops["year"].astype("int32"),
            "troops_ad": troops["troops_ad"].astype(float),
        }
    )
    return filter_years(filter_pairs(out, pairs, undirected=True), years)


@indicator(
    "us_troops",
    dimension="presence",
    direction=0,
    unit="active-duty personnel",
    kind="undirected",
    sources=("troopdata",),
    description="U.S. active-duty troops stationed in the partner (dyads with the U.S. only).",
    coverage=(1950, 2024),
)
def us_troops(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    return long_rows(us_troops_table(pairs, years), "us_troops", "troops_ad")


@indicator(
    "us_troops_per_100k",
    dimension="presence",
    direction=0,
    unit="personnel per 100,000 inhabitants",
    kind="undirected",
    sources=("troopdata", "cow_nmc"),
    description="U.S. active-duty troops in the partner per 100,000 of its population "
    "(COW NMC total population; dyads with the U.S. only).",
    coverage=PER_CAPITA_COVERAGE,
)
def us_troops_per_100k(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    from allydrift.sources import cow_nmc

    troops = us_troops_table(pairs, years)
    pop = cow_nmc.load()[["ccode", "year", "tpop"]].dropna()
    pop = pop[pop["tpop"] > 0].rename(columns={"ccode": "ccode2"})
    df = troops.merge(pop.astype({"ccode2": "int32", "year": "int32"}), on=["ccode2", "year"])
    df["per_100k"] = df["troops_ad"] / (df["tpop"] * 1000.0) * 100_000.0
    return long_rows(df, "us_troops_per_100k", "per_100k")


def us_bases_table(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    """U.S. base sites per host, repeated over the troop data's years (time-invariant).

    ``ccode1`` = 2, ``ccode2`` the host, ``year``, ``bases`` (sites coded ``base``),
    ``lilypads`` and ``funded_sites``. The list (Vine 2015, via troopdata) has no dates:
    the same counts appear in every year 1950–2024 in which the host is a COW state, and
    0 for states without a listed site. Compare hosts with it, not years.
    """
    from allydrift.sources import troopdata

    sites = troopdata.load("bases").dropna(subset=["ccode"])
    counts = sites.groupby("ccode")[["base", "lilypad", "fundedsite"]].sum()
    counts = counts.rename(columns={"base": "bases", "lilypad": "lilypads"})
    counts = counts.rename(columns={"fundedsite": "funded_sites"}).reset_index()
    hosts = state_base(TROOPDATA.coverage, _host_pairs(pairs), years)
    hosts = hosts[hosts["ccode"] != USA]
    out = hosts.merge(counts.astype({"ccode": "int32"}), on="ccode", how="left")
    cols = ["bases", "lilypads", "funded_sites"]
    out[cols] = out[cols].fillna(0).astype(float)
    out = out.rename(columns={"ccode": "ccode2"})
    out.insert(0, "ccode1", pd.Series(USA, index=out.index, dtype="int32"))
    return out[["ccode1", "ccode2", "year", *cols]]


def _host_pairs(pairs: Pairs) -> Pairs:
    """The hosts paired with the U.S. in ``pairs`` (as (host, host) so filters keep them)."""
    if pairs is None:
        return None
    return [(b if a == USA else a,) * 2 for a, b in pairs if USA in (a, b) and a != b]


@indicator(
    "us_bases",
    dimension="presence",
    direction=0,
    unit="base sites (time-invariant)",
    kind="undirected",
    sources=("troopdata", "state_system"),
    description="Number of U.S. base sites in the partner (Vine's list via troopdata). The "
    "list has no dates: the same count is repeated over 1950–2024.",
    coverage=TROOPDATA.coverage,
)
def us_bases(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    return long_rows(us_bases_table(pairs, years), "us_bases", "bases")


def us_construction_table(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    """U.S. military construction spending per host-year, millions of current USD.

    troopdata covers 2008–2019 and a selection of host countries: hosts that appear at
    least once get 0 in the other years; hosts never listed are missing, not 0.
    """
    from allydrift.sources import troopdata

    build = troopdata.load("construction").dropna(subset=["ccode"])
    build = build[build["ccode"] != USA].astype({"ccode": "int32", "year": "int32"})
    spend = build.groupby(["ccode", "year"], as_index=False)["spend_construction"].sum()
    span = clip_years(CONSTRUCTION_COVERAGE, years)
    listed = pd.Index(spend["ccode"].unique())
    if span is None or (pairs is not None and not _host_pairs(pairs)):
        return empty(["ccode1", "ccode2", "year", "usd_m"])
    grid = pd.MultiIndex.from_product(
        [listed, range(span[0], span[1] + 1)], names=["ccode", "year"]
    ).to_frame(index=False)
    grid = filter_states(grid.astype("int32"), _host_pairs(pairs))
    out = grid.merge(spend, on=["ccode", "year"], how="left")
    out["usd_m"] = out["spend_construction"].fillna(0.0) / 1000.0
    out = out.rename(columns={"ccode": "ccode2"})
    out.insert(0, "ccode1", pd.Series(USA, index=out.index, dtype="int32"))
    return out[["ccode1", "ccode2", "year", "usd_m"]]


@indicator(
    "us_construction",
    dimension="presence",
    direction=0,
    unit="million current USD",
    kind="undirected",
    sources=("troopdata",),
    description="U.S. military construction spending in the partner (troopdata; selected "
    "hosts, 2008–2019; 0 for a listed host's years without projects).",
    coverage=CONSTRUCTION_COVERAGE,
)
def us_construction(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    return long_rows(us_construction_table(pairs, years), "us_construction", "usd_m")
