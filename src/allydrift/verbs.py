"""``add_*`` verbs: attach a source or indicator to a dyad-year table.

Every verb checks its keys, merges with a left join and never changes the row count —
if the right-hand side has duplicate keys it raises instead of multiplying rows. Values
are filled with 0 only inside the source's own coverage (``SOURCE.coverage``, see
``zero_within_coverage``); outside it they stay missing. Monadic verbs also work on
state-year tables (``create_state_years``). Every result records its sources and column
labels (``allydrift.provenance``), so ``cite(df)`` and the labelled exports work.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from allydrift.dyads import dyad_keys
from allydrift.errors import InputError
from allydrift.provenance import records


def _key(a: np.ndarray, b: np.ndarray | None, year: np.ndarray) -> np.ndarray:
    """One int64 per (state, state, year) or (state, year): codes < 10,000, years < 10,000."""
    key = a.astype(np.int64) * 10_000
    if b is not None:
        key = (key + b.astype(np.int64)) * 10_000
    return key + year.astype(np.int64)


def _positions(left_key: np.ndarray, right_key: np.ndarray, what: str) -> np.ndarray:
    """Row of ``right`` for every left key (−1 where absent); refuses duplicate right keys."""
    index = pd.Index(right_key)
    if not index.is_unique:
        dup = int(index[index.duplicated()][0])
        msg = (
            f"{what} has duplicate keys (e.g. code {dup // 10_000}, year {dup % 10_000}); "
            "expected one row per key — aggregate it first"
        )
        raise InputError(msg)
    return index.get_indexer(left_key)


def _take(values: pd.Series, pos: np.ndarray) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """``values`` at ``pos``, missing where ``pos`` is −1 (keeps nullable dtypes)."""
    if isinstance(values.dtype, pd.api.extensions.ExtensionDtype):
        return values.array.take(pos, allow_fill=True)
    arr = values.to_numpy()
    if arr.dtype.kind in "iubfc":  # gather only the matched rows: most joins are sparse
        hit = np.flatnonzero(pos >= 0)
        dtype = np.complex128 if arr.dtype.kind == "c" else np.float64
        out = np.full(len(pos), np.nan, dtype=dtype)
        out[hit] = arr[pos[hit]]
        return out
    if len(arr) == 0:  # nothing to match: all missing
        return np.full(len(pos), None, dtype=object)
    out = arr.take(np.where(pos >= 0, pos, 0))
    return np.where(pos >= 0, out, None)


def merge_dyadic(
    dyads: pd.DataFrame, right: pd.DataFrame, columns: Sequence[str], undirected: bool
) -> pd.DataFrame:
    """Left-join ``right`` (``ccode1``, ``ccode2``, ``year`` + ``columns``) onto ``dyads``.

    With ``undirected=True`` ``right`` holds ``ccode1 < ccode2`` and matches both A→B
    and B→A rows of a directed table. Integer columns become float (missing = NaN).
    """
    k1, k2 = dyad_keys(dyads)
    a, b = dyads[k1].to_numpy(), dyads[k2].to_numpy()
    if undirected:
        a, b = np.minimum(a, b), np.maximum(a, b)
    left_key = _key(a, b, dyads["year"].to_numpy())
    right_key = _key(
        right["ccode1"].to_numpy(), right["ccode2"].to_numpy(), right["year"].to_numpy()
    )
    pos = _positions(left_key, right_key, "the data to merge")
    out = dyads.copy(deep=False)
    for col in columns:
        out[col] = _take(right[col], pos)
    return out


def merge_monadic(
    dyads: pd.DataFrame, right: pd.DataFrame, columns: Sequence[str], key: str = "ccode"
) -> pd.DataFrame:
    """Left-join a state-year table twice, as ``<column>1`` and ``<column>2``; on a
    state-year table (``ccode``/``gwcode``, ``year``) once, under the column's own name."""
    right = right.dropna(subset=[key])
    right_key = _key(right[key].to_numpy(), None, right["year"].to_numpy())
    year = dyads["year"].to_numpy()
    out = dyads.copy(deep=False)
    if is_state_years(dyads):
        pos = _positions(_key(dyads[key].to_numpy(), None, year), right_key, "the data to merge")
        for col in columns:
            out[col] = _take(right[col], pos)
        return out
    k1, k2 = dyad_keys(dyads)
    for side, code_col in (("1", k1), ("2", k2)):
        left_key = _key(dyads[code_col].to_numpy(), None, year)
        pos = _positions(left_key, right_key, "the state-year data to merge")
        for col in columns:
            out[f"{col}{side}"] = _take(right[col], pos)
    return out


@records(
    "atop",
    labels={
        "atop_defense": "1 if ATOP records a defence pledge between the pair",
        "atop_offense": "1 if ATOP records an offence pledge between the pair",
        "atop_neutral": "1 if ATOP records a neutrality pledge between the pair",
        "atop_nonagg": "1 if ATOP records a non-aggression pledge between the pair",
        "atop_consul": "1 if ATOP records a consultation pledge between the pair",
    },
)
def add_atop_alliance(dyads: pd.DataFrame, either: bool | None = None) -> pd.DataFrame:
    """ATOP pledges (``atop_defense`` … ``atop_consul``).

    Directed tables get ATOP's directed coding (the pledges of state 1 to state 2: e.g.
    the United States pledges to defend Japan, ATOP codes no defence pledge of Japan to
    the United States). Undirected tables — or ``either=True`` — get 1 if either state
    has the pledge. Pairs without an ATOP row get 0 within ATOP's coverage
    (``SOURCE.coverage``, 1815–2018), missing after.
    """
    from allydrift.sources import atop

    _require_cow(dyads, "ATOP alliances")
    raw = atop.load()
    if either is None:
        k1, k2 = dyad_keys(dyads)
        either = bool((dyads[k1] < dyads[k2]).all())
    if either:
        lo = np.minimum(raw["ccode1"], raw["ccode2"])
        hi = np.maximum(raw["ccode1"], raw["ccode2"])
        raw = raw.assign(ccode1=lo, ccode2=hi).groupby(["ccode1", "ccode2", "year"])
        raw = raw[atop.FLAGS].max().reset_index()
    out = merge_dyadic(dyads, raw, atop.FLAGS, undirected=either)
    first, last = atop.SOURCE.coverage
    outside = ~dyads["year"].between(first, last).to_numpy()
    for flag in atop.FLAGS:
        values = np.nan_to_num(np.asarray(out[flag], dtype=np.float64), nan=0.0)
        values[outside] = np.nan
        out[flag] = as_int8(values)
    return out


@records(
    "cow_nmc",
    labels={
        "milex": "military expenditure (NMC, thousands)",
        "milper": "military personnel (NMC, thousands)",
        "tpop": "total population (NMC, thousands)",
        "cinc": "composite index of national capability (NMC)",
        "irst": "iron and steel production (NMC, thousand tons)",
        "pec": "primary energy consumption (NMC)",
        "upop": "urban population (NMC, thousands)",
    },
)
def add_nmc(dyads: pd.DataFrame, columns: Sequence[str] = ("milex", "milper", "tpop", "cinc")):
    """COW National Material Capabilities for both sides (``cinc1``, ``cinc2`` …)."""
    from allydrift.sources import cow_nmc

    return merge_monadic(dyads, cow_nmc.load(), list(columns))


@records(
    "sipri_milex",
    labels={
        "share_gdp": "military spending as a share of GDP (SIPRI)",
        "constant_usd_m": "military spending, constant USD millions (SIPRI)",
    },
)
def add_sipri_milex(dyads: pd.DataFrame) -> pd.DataFrame:
    """SIPRI military spending for both sides (``share_gdp1``, ``constant_usd_m1`` …)."""
    from allydrift.sources import sipri_milex

    cols = ["share_gdp", "constant_usd_m"]
    return merge_monadic(dyads, sipri_milex.load().dropna(subset=["ccode"]), cols)


@records(
    labels={
        "un_agree": "share of UNGA votes the pair cast alike",
        "un_n_votes": "UNGA votes both cast",
    }
)
def add_un_agreement(dyads: pd.DataFrame) -> pd.DataFrame:
    """UNGA vote agreement (``un_agree``) and common votes (``un_n_votes``), undirected."""
    from allydrift.indicators.worldview import un_agreement_table

    table = un_agreement_table().rename(columns={"agree": "un_agree", "n_votes": "un_n_votes"})
    return merge_dyadic(dyads, table, ["un_agree", "un_n_votes"], undirected=True)


@records(labels={"us_troops": "U.S. active-duty troops in the partner"})
def add_us_troops(dyads: pd.DataFrame) -> pd.DataFrame:
    """U.S. active-duty troops in the partner (``us_troops``), for dyads with the U.S."""
    from allydrift.indicators.presence import us_troops_table

    table = us_troops_table().rename(columns={"troops_ad": "us_troops"})
    return merge_dyadic(dyads, table, ["us_troops"], undirected=True)


def _system_key(dyads: pd.DataFrame) -> str:
    """``ccode`` or ``gwcode``: the state-code family of a dyad-year or state-year table."""
    if is_state_years(dyads):
        return "ccode" if "ccode" in dyads.columns else "gwcode"
    return dyad_keys(dyads)[0][:-1]


def _require_cow(dyads: pd.DataFrame, what: str) -> None:
    if _system_key(dyads) != "ccode":
        msg = (
            f"{what}: the data are keyed by COW codes; got a Gleditsch–Ward table "
            "(gwcode…). Build the table with create_dyad_years('cow') or "
            "create_state_years('cow')."
        )
        raise InputError(msg)


def as_int8(values: object) -> pd.arrays.IntegerArray:
    """Small whole numbers (floats, NaN = missing) as a nullable ``Int8`` array."""
    arr = np.asarray(values, dtype=np.float64)
    missing = np.isnan(arr)
    return pd.arrays.IntegerArray(np.where(missing, 0, arr).astype(np.int8), missing)


def zero_within_coverage_int8(
    out: pd.DataFrame, columns: Sequence[str], source: str | tuple[int, int]
) -> pd.DataFrame:
    """``zero_within_coverage`` for 0/1 or small-count columns, stored as ``Int8``."""
    first, last = coverage(source)
    year = out["year"].to_numpy()
    covered = (year >= first) & (year <= last)
    for col in columns:
        values = np.asarray(out[col], dtype=np.float64).copy()
        values[covered & np.isnan(values)] = 0.0
        out[col] = as_int8(values)
    return out


def coverage(source: str | tuple[int, int]) -> tuple[int, int]:
    """The years a source covers, from its ``SOURCE`` (or a span given as is)."""
    if isinstance(source, str):
        from allydrift.sources import get

        return get(source).coverage
    return source


def zero_within_coverage(
    out: pd.DataFrame, columns: Sequence[str], source: str | tuple[int, int]
) -> pd.DataFrame:
    """Missing values inside the source's coverage become 0; outside they stay missing.

    ``source`` is a source id (its ``SOURCE.coverage`` is used) or a ``(first, last)`` span.
    """
    first, last = coverage(source)
    year = out["year"].to_numpy()
    covered = (year >= first) & (year <= last)
    for col in columns:
        out[col] = out[col].where(~covered, out[col].fillna(0))
    return out


_zero_within = zero_within_coverage  # the old name, kept for other modules


def is_state_years(df: pd.DataFrame) -> bool:
    """True for a state-year table (``ccode`` or ``gwcode`` plus ``year``, no dyad keys)."""
    cols = set(df.columns)
    if "year" not in cols or not cols & {"ccode", "gwcode"}:
        return False
    return not ({"ccode1", "ccode2"} <= cols or {"gwcode1", "gwcode2"} <= cols)


@records(
    "democracy",
    labels={
        "v2x_polyarchy": "V-Dem electoral democracy index, 0–1",
        "polity2": "Polity2 score, −10 to 10",
        "euds": "extended Unified Democracy Score",
    },
)
def add_democracy(
    dyads: pd.DataFrame, columns: Sequence[str] = ("v2x_polyarchy", "polity2", "euds")
) -> pd.DataFrame:
    """Democracy scores for both sides (``v2x_polyarchy1``, ``polity21`` …) from isard's
    panel: COW or Gleditsch–Ward, matching the table's codes."""
    from allydrift.sources import democracy

    key = _system_key(dyads)
    table = democracy.load("cow" if key == "ccode" else "gw")
    return merge_monadic(dyads, table, list(columns), key=key)


@records(
    "gdp_pop",
    labels={
        "pwtrgdp": "simulated real GDP (Fariss et al.)",
        "pwtpop": "simulated population (Fariss et al.)",
        "mrgdppc": "simulated real GDP per capita (Fariss et al.)",
    },
)
def add_gdp_pop(
    dyads: pd.DataFrame, columns: Sequence[str] = ("pwtrgdp", "pwtpop", "mrgdppc")
) -> pd.DataFrame:
    """Simulated GDP, population and GDP per capita for both sides (Fariss et al.)."""
    from allydrift.sources import gdp_pop

    key = _system_key(dyads)
    table = gdp_pop.load("cow" if key == "ccode" else "gw")
    return merge_monadic(dyads, table, list(columns), key=key)


@records(
    "mids",
    labels={
        "gmlmidonset": "1 if a GML-MID dispute between the pair began this year",
        "gmlmidongoing": "1 if a GML-MID dispute between the pair was ongoing",
    },
)
def add_gml_mids(dyads: pd.DataFrame) -> pd.DataFrame:
    """GML-MID dispute onset and ongoing between the pair (``gmlmidonset``,
    ``gmlmidongoing``): 0 within 1816–2010 when none, missing after."""
    from allydrift.sources import mids

    _require_cow(dyads, "GML-MID disputes")
    cols = ["gmlmidonset", "gmlmidongoing"]
    out = merge_dyadic(dyads, mids.load("gml_ddy"), cols, undirected=False)
    return zero_within_coverage_int8(out, cols, mids.GML_COVERAGE)


@records(
    "cow_war",
    labels={
        "cowinteronset": "1 if a COW inter-state war between the pair began",
        "cowinterongoing": "1 if a COW inter-state war between the pair was ongoing",
    },
)
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
    return zero_within_coverage_int8(out, cols, cow_war.INTER_COVERAGE)


@records(
    "rivalries",
    labels={
        "rivalry_tss": "1 if a strategic rivalry (Thompson, Sakuwa & Suhas)",
        "rivalry_td": "1 if a strategic rivalry (Thompson & Dreyer)",
        "shared_rivals_tss": "rivals the pair share (TSS)",
        "shared_rivals_td": "rivals the pair share (TD)",
        "shared_rival_cinc": "capabilities of the shared rivals (TSS)",
    },
)
def add_rivalries(dyads: pd.DataFrame) -> pd.DataFrame:
    """Strategic rivalry between the pair and shared rivals: ``rivalry_tss``,
    ``rivalry_td`` (0/1), ``shared_rivals_tss``, ``shared_rivals_td`` (counts) and
    ``shared_rival_cinc``; 0 within each list's years, missing outside (tss 1816–2020,
    td 1816–2010: no rivalry is coded after a list ends). Austria-Hungary's rivalries
    that the lists run past 1918 are Austria's (305) in 1919–20."""
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
    table = _austria_after_1918(pd.concat(parts, axis=1).reset_index())
    out = merge_dyadic(dyads, table, list(spans), undirected=True)
    for col, span in spans.items():
        out = _zero_within(out, [col], span)
    return out


def _austria_after_1918(table: pd.DataFrame) -> pd.DataFrame:
    """Rivalry rows of Austria-Hungary (300) after 1918 belong to Austria (305): the lists
    run "Austria (Hungary)" rivalries to 1920, when only Austria exists (as peacesciencer)."""
    keys = ["ccode1", "ccode2", "year"]
    late = table["year"].to_numpy() > 1918
    a, b = table["ccode1"].to_numpy().copy(), table["ccode2"].to_numpy().copy()
    if not (late & ((a == 300) | (b == 300))).any():
        return table
    a[late & (a == 300)] = 305
    b[late & (b == 300)] = 305
    table = table.assign(ccode1=np.minimum(a, b), ccode2=np.maximum(a, b))
    return table.groupby(keys, as_index=False).max()


@records("rivalries", labels={"lterrthreat": "latent external territorial threat (Miller 2022)"})
def add_terrthreat(dyads: pd.DataFrame) -> pd.DataFrame:
    """Latent external territorial threat for both sides (``lterrthreat1``, ``lterrthreat2``)."""
    from allydrift.sources import rivalries

    _require_cow(dyads, "territorial-threat estimates")
    return merge_monadic(dyads, rivalries.load("terrthreat"), ["lterrthreat"])


@records("nk_missile_tests", labels={"nk_missile_tests": "North Korean missile tests that year"})
def add_nk_missile_tests(dyads: pd.DataFrame) -> pd.DataFrame:
    """North Korean missile tests that year (``nk_missile_tests``), the same for every
    dyad: a regional threat series, 0 in 1984–2025 years without a test, missing outside."""
    from allydrift.indicators.threat import nk_missile_tests_table

    dyad_keys(dyads)
    per_year = nk_missile_tests_table().set_index("year")["tests"]
    out = dyads.copy(deep=False)
    out["nk_missile_tests"] = dyads["year"].map(per_year).to_numpy()
    return out


@records("troopdata")
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


@records("troopdata")
def add_us_construction(dyads: pd.DataFrame) -> pd.DataFrame:
    """U.S. military construction spending in the partner (``us_construction``, millions
    of current USD, 2008–2019, selected hosts) for dyads with the U.S."""
    from allydrift.indicators.presence import us_construction_table

    _require_cow(dyads, "U.S. construction spending")
    table = us_construction_table().rename(columns={"usd_m": "us_construction"})
    return merge_dyadic(dyads, table, ["us_construction"], undirected=True)


@records()
def add_un_affinity(
    dyads: pd.DataFrame,
    measures: Sequence[str] = ("agreement",),
    subset: str | Sequence[str] = "all",
) -> pd.DataFrame:
    """UN voting affinity, undirected: ``un_<measure>[_<subset>]`` and ``un_n_votes[_<subset>]``.

    ``measures``: ``agreement``, ``sscore``, ``kappa``, ``pi``; ``subset``: ``all``,
    ``important`` or issue codes ``me``, ``nu``, ``di``, ``hr``, ``co``, ``ec`` (one or
    several). E.g. ``add_un_affinity(d, ["kappa"], "nu")`` adds ``un_kappa_nu`` and
    ``un_n_votes_nu``. Years without common votes stay missing.
    """
    from allydrift.affinity import affinity_rows, column

    _require_cow(dyads, "UN voting affinity")
    subsets = [subset] if isinstance(subset, str) else list(subset)
    table = affinity_rows(None, None, list(measures), subsets)
    value_cols = [c for c in table.columns if c not in ("ccode1", "ccode2", "year")]
    table = table.rename(columns={c: f"un_{c}" for c in value_cols})
    out = merge_dyadic(dyads, table, [f"un_{c}" for c in value_cols], undirected=True)
    for s in subsets:
        count = f"un_{column('n_votes', s)}"
        out[count] = out[count].astype("Int32")
    return out


@records(
    "bsv_idealpoints",
    labels={
        "ideal": "UNGA ideal point (Bailey–Strezhnev–Voeten)",
        "ideal_distance": "distance between the two ideal points",
    },
)
def add_ideal_points(dyads: pd.DataFrame, release: str = "all") -> pd.DataFrame:
    """Bailey–Strezhnev–Voeten ideal points of both sides (``ideal1``, ``ideal2``) and
    their distance ``ideal_distance`` (``release``: a ``bsv_idealpoints`` table)."""
    from allydrift.affinity import ideal_points

    _require_cow(dyads, "UN ideal points")
    out = merge_monadic(dyads, ideal_points(release=release), ["ideal"])
    out["ideal_distance"] = (out["ideal1"] - out["ideal2"]).abs()
    return out


# Verbs of the peacesciencer layer live in their own modules; re-exported here.
from allydrift.spells import add_spells  # noqa: E402, F401
from allydrift.verbs_geo import (  # noqa: E402, F401
    add_capital_distance,
    add_contiguity,
    add_minimum_distance,
)
from allydrift.verbs_states import (  # noqa: E402, F401
    add_archigos,
    add_cow_majors,
    add_creg_fractionalization,
    add_ethnic_religion,
    add_igos,
    add_ucdp_acd,
)
