"""``add_*`` verbs: attach a source or indicator to a dyad-year table.

Every verb checks its keys, merges with a left join and never changes the row count —
if the right-hand side has duplicate keys it raises instead of multiplying rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from allydrift.dyads import dyad_keys
from allydrift.errors import InputError


def _check_unique(right: pd.DataFrame, keys: list[str], what: str) -> None:
    dup = right.duplicated(keys)
    if dup.any():
        example = right.loc[dup, keys].iloc[0].to_dict()
        raise InputError(f"{what} has {int(dup.sum())} duplicate keys (e.g. {example})")


def merge_dyadic(
    dyads: pd.DataFrame, right: pd.DataFrame, columns: Sequence[str], undirected: bool
) -> pd.DataFrame:
    """Left-join ``right`` (``ccode1``, ``ccode2``, ``year`` + ``columns``) onto ``dyads``.

    With ``undirected=True`` ``right`` holds ``ccode1 < ccode2`` and matches both A→B
    and B→A rows of a directed table.
    """
    k1, k2 = dyad_keys(dyads)
    right = right[["ccode1", "ccode2", "year", *columns]]
    _check_unique(right, ["ccode1", "ccode2", "year"], "the data to merge")
    if undirected:
        lo = dyads[[k1, k2]].min(axis=1)
        hi = dyads[[k1, k2]].max(axis=1)
    else:
        lo, hi = dyads[k1], dyads[k2]
    left = pd.DataFrame(
        {"ccode1": lo.astype("int64"), "ccode2": hi.astype("int64"), "year": dyads["year"]}
    )
    right = right.astype({"ccode1": "int64", "ccode2": "int64", "year": dyads["year"].dtype})
    merged = left.merge(right, on=["ccode1", "ccode2", "year"], how="left")
    out = dyads.copy()
    for col in columns:
        out[col] = merged[col].to_numpy()
    return out


def merge_monadic(
    dyads: pd.DataFrame, right: pd.DataFrame, columns: Sequence[str], key: str = "ccode"
) -> pd.DataFrame:
    """Left-join a state-year table twice, as ``<column>1`` and ``<column>2``."""
    k1, k2 = dyad_keys(dyads)
    right = right[[key, "year", *columns]]
    _check_unique(right, [key, "year"], "the state-year data to merge")
    right = right.astype({key: "int64", "year": dyads["year"].dtype})
    out = dyads.copy()
    for side, code_col in (("1", k1), ("2", k2)):
        left = pd.DataFrame({key: dyads[code_col].astype("int64"), "year": dyads["year"]})
        merged = left.merge(right, on=[key, "year"], how="left")
        for col in columns:
            out[f"{col}{side}"] = merged[col].to_numpy()
    if len(out) != len(dyads):  # pragma: no cover - guarded by _check_unique
        raise InputError("a merge changed the number of rows")
    return out


def add_atop_alliance(dyads: pd.DataFrame) -> pd.DataFrame:
    """ATOP pledges (``atop_defense`` … ``atop_consul``), directed as in ATOP.

    Pairs without an ATOP row get 0 within ATOP's coverage (1815–2018), missing after.
    """
    from allydrift.sources import atop

    raw = atop.load()
    flags = atop.FLAGS
    out = merge_dyadic(dyads, raw, flags, undirected=False)
    covered = dyads["year"].between(1815, 2018)
    for flag in flags:
        out[flag] = out[flag].where(~covered, out[flag].fillna(0)).astype("Int8")
    return out


def add_nmc(dyads: pd.DataFrame, columns: Sequence[str] = ("milex", "milper", "tpop", "cinc")):
    """COW National Material Capabilities for both sides (``cinc1``, ``cinc2`` …)."""
    from allydrift.sources import cow_nmc

    return merge_monadic(dyads, cow_nmc.load(), list(columns))


def add_sipri_milex(dyads: pd.DataFrame) -> pd.DataFrame:
    """SIPRI military spending for both sides (``share_gdp1``, ``constant_usd_m1`` …)."""
    from allydrift.sources import sipri_milex

    cols = ["share_gdp", "constant_usd_m"]
    return merge_monadic(dyads, sipri_milex.load().dropna(subset=["ccode"]), cols)


def add_un_agreement(dyads: pd.DataFrame) -> pd.DataFrame:
    """UNGA vote agreement (``un_agree``) and common votes (``un_n_votes``), undirected."""
    from allydrift.indicators.worldview import un_agreement_table

    table = un_agreement_table().rename(columns={"agree": "un_agree", "n_votes": "un_n_votes"})
    return merge_dyadic(dyads, table, ["un_agree", "un_n_votes"], undirected=True)


def add_us_troops(dyads: pd.DataFrame) -> pd.DataFrame:
    """U.S. active-duty troops in the partner (``us_troops``), for dyads with the U.S."""
    from allydrift.indicators.presence import us_troops_table

    table = us_troops_table().rename(columns={"troops_ad": "us_troops"})
    return merge_dyadic(dyads, table, ["us_troops"], undirected=True)


def _system_key(dyads: pd.DataFrame) -> str:
    """``ccode`` or ``gwcode``: the state-code family of a dyad-year table."""
    return dyad_keys(dyads)[0][:-1]


def _require_cow(dyads: pd.DataFrame, what: str) -> None:
    if _system_key(dyads) != "ccode":
        raise InputError(
            f"{what}: the data are keyed by COW codes; got a Gleditsch–Ward table "
            "(gwcode1, gwcode2). Build the table with create_dyad_years('cow')."
        )


def _zero_within(out: pd.DataFrame, columns: Sequence[str], span: tuple[int, int]):
    """Missing values inside ``span`` become 0; outside they stay missing."""
    covered = out["year"].between(*span)
    for col in columns:
        out[col] = out[col].where(~covered, out[col].fillna(0))
    return out


def add_democracy(
    dyads: pd.DataFrame, columns: Sequence[str] = ("v2x_polyarchy", "polity2", "euds")
) -> pd.DataFrame:
    """Democracy scores for both sides (``v2x_polyarchy1``, ``polity21`` …) from isard's
    panel: COW or Gleditsch–Ward, matching the table's codes."""
    from allydrift.sources import democracy

    key = _system_key(dyads)
    table = democracy.load("cow" if key == "ccode" else "gw")
    return merge_monadic(dyads, table, list(columns), key=key)


def add_gdp_pop(
    dyads: pd.DataFrame, columns: Sequence[str] = ("pwtrgdp", "pwtpop", "mrgdppc")
) -> pd.DataFrame:
    """Simulated GDP, population and GDP per capita for both sides (Fariss et al.)."""
    from allydrift.sources import gdp_pop

    key = _system_key(dyads)
    table = gdp_pop.load("cow" if key == "ccode" else "gw")
    return merge_monadic(dyads, table, list(columns), key=key)


def add_gml_mids(dyads: pd.DataFrame) -> pd.DataFrame:
    """GML-MID dispute onset and ongoing between the pair (``gmlmidonset``,
    ``gmlmidongoing``): 0 within 1816–2010 when none, missing after."""
    from allydrift.sources import mids

    _require_cow(dyads, "GML-MID disputes")
    cols = ["gmlmidonset", "gmlmidongoing"]
    out = merge_dyadic(dyads, mids.load("gml_ddy"), cols, undirected=False)
    return _zero_within(out, cols, mids.GML_COVERAGE).astype({c: "Int8" for c in cols})


def add_cow_war_inter(dyads: pd.DataFrame) -> pd.DataFrame:
    """COW inter-state war between the pair (``cowinteronset``, ``cowinterongoing``):
    0 within 1816–2007 when none, missing after."""
    from allydrift.sources import cow_war

    _require_cow(dyads, "COW wars")
    wars = cow_war.load("inter").groupby(["ccode1", "ccode2", "year"], as_index=False)
    wars = wars[["onset", "ongoing"]].max()
    cols = ["cowinteronset", "cowinterongoing"]
    wars = wars.rename(columns={"onset": cols[0], "ongoing": cols[1]})
    out = merge_dyadic(dyads, wars, cols, undirected=False)
    return _zero_within(out, cols, cow_war.INTER_COVERAGE).astype({c: "Int8" for c in cols})


def add_rivalries(dyads: pd.DataFrame) -> pd.DataFrame:
    """Strategic rivalry between the pair and shared rivals: ``rivalry_tss``,
    ``rivalry_td`` (0/1), ``shared_rivals_tss``, ``shared_rivals_td`` (counts) and
    ``shared_rival_cinc``; 0 within each list's years, missing outside (tss 1816–2020,
    td 1816–2010)."""
    from allydrift.indicators import threat

    _require_cow(dyads, "rivalries")
    keys = ["ccode1", "ccode2", "year"]
    parts, spans = [], {}
    for name in ("tss", "td"):
        riv = threat.rivalries_sparse(name).rename(columns={"rival": f"rivalry_{name}"})
        shared = threat.shared_rivals_sparse(name)
        shared = shared.rename(columns={"shared": f"shared_rivals_{name}"})
        if name == "tss":
            shared = shared.rename(columns={"shared_cinc": "shared_rival_cinc"})
        else:
            shared = shared.drop(columns="shared_cinc")
        for part in (riv, shared):
            parts.append(part.set_index(keys))
            spans.update(dict.fromkeys(part.columns.difference(keys), threat.coverage(name)))
    table = pd.concat(parts, axis=1).reset_index()
    out = merge_dyadic(dyads, table, list(spans), undirected=True)
    for col, span in spans.items():
        out = _zero_within(out, [col], span)
    return out


def add_terrthreat(dyads: pd.DataFrame) -> pd.DataFrame:
    """Latent external territorial threat for both sides (``lterrthreat1``, ``lterrthreat2``)."""
    from allydrift.sources import rivalries

    _require_cow(dyads, "territorial-threat estimates")
    return merge_monadic(dyads, rivalries.load("terrthreat"), ["lterrthreat"])


def add_nk_missile_tests(dyads: pd.DataFrame) -> pd.DataFrame:
    """North Korean missile tests that year (``nk_missile_tests``), the same for every
    dyad: a regional threat series, 0 in 1984–2025 years without a test, missing outside."""
    from allydrift.indicators.threat import nk_missile_tests_table

    dyad_keys(dyads)
    per_year = nk_missile_tests_table().set_index("year")["tests"]
    out = dyads.copy()
    out["nk_missile_tests"] = dyads["year"].map(per_year).to_numpy()
    return out


def add_us_bases(dyads: pd.DataFrame) -> pd.DataFrame:
    """U.S. base sites in the partner (``us_bases``, ``us_lilypads``, ``us_funded_sites``)
    for dyads with the U.S., 1950–2024. The site list has no dates: time-invariant."""
    from allydrift.indicators.presence import us_bases_table

    _require_cow(dyads, "U.S. bases")
    table = us_bases_table().rename(
        columns={"bases": "us_bases", "lilypads": "us_lilypads", "funded_sites": "us_funded_sites"}
    )
    return merge_dyadic(
        dyads, table, ["us_bases", "us_lilypads", "us_funded_sites"], undirected=True
    )


def add_us_construction(dyads: pd.DataFrame) -> pd.DataFrame:
    """U.S. military construction spending in the partner (``us_construction``, millions
    of current USD, 2008–2019, selected hosts) for dyads with the U.S."""
    from allydrift.indicators.presence import us_construction_table

    _require_cow(dyads, "U.S. construction spending")
    table = us_construction_table().rename(columns={"usd_m": "us_construction"})
    return merge_dyadic(dyads, table, ["us_construction"], undirected=True)
