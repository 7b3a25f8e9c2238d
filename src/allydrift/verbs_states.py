"""State-level verbs: major powers, IGOs, UCDP armed conflict, Archigos leaders, CREG.

Monadic values attach to both sides of a dyad-year table (``cowmaj1``, ``cowmaj2`` …)
or once to a state-year table. Sources keyed by Gleditsch–Ward codes (UCDP, Archigos)
are carried over to COW tables through the state-system crosswalk of each year.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from allydrift.provenance import records
from allydrift.verbs import (
    _require_cow,
    _system_key,
    is_state_years,
    merge_dyadic,
    merge_monadic,
    zero_within_coverage_int8,
)
from allydrift.verbs_geo import spell_years


def _sides(df: pd.DataFrame, columns: list[str]) -> list[str]:
    """The names ``columns`` take in ``df``: as is for state-years, ``…1``/``…2`` for dyads."""
    if is_state_years(df):
        return columns
    return [f"{c}{s}" for c in columns for s in ("1", "2")]


def to_cow(gw_table: pd.DataFrame) -> pd.DataFrame:
    """A G-W state-year table (``gwcode``, ``year`` …) keyed by COW codes instead, via
    the COW↔G-W crosswalk of each year (one row per ``ccode``-year)."""
    from allydrift.sources import state_system

    panel = state_system.load("panel")
    cw = panel.loc[panel["system"] == "cow", ["ccode", "gwcode", "year"]].dropna()
    cw = cw.astype({"ccode": "int64", "gwcode": "int64", "year": "int64"})
    table = gw_table.astype({"gwcode": "int64", "year": "int64"})
    out = cw.merge(table, on=["gwcode", "year"]).drop(columns="gwcode")
    return out.drop_duplicates(["ccode", "year"]).reset_index(drop=True)


def _attach(df: pd.DataFrame, gw_table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    key = _system_key(df)
    table = to_cow(gw_table) if key == "ccode" else gw_table
    return merge_monadic(df, table, columns, key=key)


@cache
def major_years() -> pd.DataFrame:
    """COW major-power state-years (``ccode``, ``year``, ``cowmaj`` = 1)."""
    from allydrift.sources import state_system

    raw = state_system.load("cow_majors")
    idx, year = spell_years(raw["start"], raw["end"])
    out = pd.DataFrame({"ccode": raw["ccode"].to_numpy(np.int64)[idx], "year": year})
    return out.drop_duplicates().assign(cowmaj=1.0).reset_index(drop=True)


@records("state_system", labels={"cowmaj": "1 if a COW major power that year"})
def add_cow_majors(df: pd.DataFrame) -> pd.DataFrame:
    """COW major-power status (``cowmaj1``/``cowmaj2``, or ``cowmaj``): 1 in any year
    of a major-power spell, 0 within 1816–2016 otherwise, missing after 2016."""
    from allydrift.sources import state_system

    _require_cow(df, "COW major powers")
    out = merge_monadic(df, major_years(), ["cowmaj"])
    cols = _sides(df, ["cowmaj"])
    return zero_within_coverage_int8(out, cols, state_system.MAJORS_COVERAGE)


@records(
    "cow_igo",
    labels={
        "dyadigos": "IGOs in which both states are full members (COW IGO 3)",
        "sum_igo_full": "IGOs the state is a full member of (COW IGO 3)",
        "sum_igo_anytype": "IGOs the state belongs to in any way (COW IGO 3)",
    },
)
def add_igos(df: pd.DataFrame) -> pd.DataFrame:
    """COW IGO memberships, 1816–2014: on dyad-years the shared full memberships
    (``dyadigos``, undirected), on state-years ``sum_igo_full`` and ``sum_igo_anytype``.
    Pairs or states the data do not list stay missing (no zeros invented)."""
    from allydrift.sources import cow_igo

    _require_cow(df, "COW IGOs")
    if is_state_years(df):
        cols = ["sum_igo_full", "sum_igo_anytype"]
        return merge_monadic(df, cow_igo.load("state_years"), cols)
    return merge_dyadic(df, cow_igo.load("dyad_years"), ["dyadigos"], undirected=True)


@cache
def ucdp_state_years(types: tuple[str, ...]) -> pd.DataFrame:
    """Per G-W state-year: ``ucdpongoing`` (a primary party to a conflict of ``types``),
    ``ucdponset`` (a new episode began: first battle death of the episode that year) and
    ``ucdpmaxintensity`` (1: 25–999 battle deaths, 2: 1,000+)."""
    from allydrift.sources import ucdp

    acd = ucdp.load()
    acd = acd[acd["type_of_conflict"].isin(types)]
    parts = []
    for side in ("gwno_a", "gwno_b"):
        part = acd.dropna(subset=[side])
        parts.append(
            pd.DataFrame(
                {
                    "gwcode": part[side].to_numpy(np.int64),
                    "year": part["year"].to_numpy(np.int64),
                    "onset": (
                        pd.to_datetime(part["start_date2"]).dt.year.to_numpy() == part["year"]
                    ).astype(float),
                    "intensity": part["intensity_level"].to_numpy(float),
                }
            )
        )
    both = pd.concat(parts, ignore_index=True)
    out = both.groupby(["gwcode", "year"], as_index=False).agg(
        ucdponset=("onset", "max"), ucdpmaxintensity=("intensity", "max")
    )
    return out.assign(ucdpongoing=1.0)


@records(
    "ucdp",
    labels={
        "ucdpongoing": "1 if a primary party to an ongoing UCDP armed conflict",
        "ucdponset": "1 if a new UCDP conflict episode began for the state",
        "ucdpmaxintensity": "highest UCDP intensity: 0 none, 1 minor, 2 war",
    },
)
def add_ucdp_acd(
    df: pd.DataFrame, types: tuple[str, ...] = ("intrastate", "II", "interstate")
) -> pd.DataFrame:
    """UCDP armed conflict for each state (primary parties, G-W codes carried to COW):
    ``ucdpongoing``, ``ucdponset``, ``ucdpmaxintensity``; 0 within 1946–2024 when no
    conflict, missing outside. ``types``: of ``extrasystemic``, ``interstate``,
    ``intrastate``, ``II`` (internationalised intrastate)."""
    from allydrift.sources import ucdp

    cols = ["ucdpongoing", "ucdponset", "ucdpmaxintensity"]
    out = _attach(df, ucdp_state_years(tuple(sorted(types))), cols)
    named = _sides(df, cols)
    return zero_within_coverage_int8(out, named, ucdp.SOURCE.coverage)


@cache
def leader_years() -> pd.DataFrame:
    """Archigos leader-years: ``obsid``, ``leadid``, ``gwcode``, ``year``, ``start``,
    ``end``, ``entry``, ``exit``, ``yrinoffice`` (1 in the year the spell began)."""
    from allydrift.sources import leaders

    raw = leaders.load().dropna(subset=["gwcode", "start", "end"]).reset_index(drop=True)
    idx, year = spell_years(raw["start"], raw["end"])
    out = raw.iloc[idx].reset_index(drop=True)
    out["year"] = year
    out["yrinoffice"] = year - pd.to_datetime(out["start"]).dt.year.to_numpy() + 1
    first, last = leaders.SOURCE.coverage
    return out[(out["year"] >= first) & (out["year"] <= last)].reset_index(drop=True)


@cache
def archigos_state_years() -> pd.DataFrame:
    """Per G-W state-year: leaders in office, a change of leader, an irregular entry,
    and the tenure of the leader in office at the end of the year."""
    ly = leader_years()
    year = ly["year"].to_numpy()
    end = pd.to_datetime(ly["end"])
    start = pd.to_datetime(ly["start"])
    left = (end.dt.year.to_numpy() == year) & (ly["exit"] != "Still in Office").to_numpy()
    came = start.dt.year.to_numpy() == year
    frame = pd.DataFrame(
        {
            "gwcode": ly["gwcode"].to_numpy(np.int64),
            "year": year,
            "leadid": ly["leadid"].to_numpy(),
            "left": left.astype(float),
            "irregular": (came & (ly["entry"] == "Irregular").to_numpy()).astype(float),
            "end": end.to_numpy(),
            "yrinoffice": ly["yrinoffice"].to_numpy(float),
        }
    )
    grouped = frame.groupby(["gwcode", "year"])
    out = grouped.agg(
        archigos_leaders=("leadid", "nunique"),
        archigos_change=("left", "max"),
        archigos_irregular=("irregular", "max"),
    )
    last = frame.sort_values("end").drop_duplicates(["gwcode", "year"], keep="last")
    out = out.join(last.set_index(["gwcode", "year"])["yrinoffice"].rename("archigos_tenure"))
    return out.reset_index().astype({"archigos_leaders": float})


@records(
    "leaders",
    labels={
        "archigos_leaders": "distinct Archigos leaders in office during the year",
        "archigos_change": "1 if a leader left office during the year",
        "archigos_irregular": "1 if a leader entered office irregularly that year",
        "archigos_tenure": "years in office of the year-end leader (1 in the entry year)",
    },
)
def add_archigos(df: pd.DataFrame) -> pd.DataFrame:
    """Archigos 4.1 leaders for each state, 1870–2015: ``archigos_leaders``,
    ``archigos_change``, ``archigos_irregular``, ``archigos_tenure``; missing outside
    1870–2015 and for states Archigos does not list."""
    cols = ["archigos_leaders", "archigos_change", "archigos_irregular", "archigos_tenure"]
    return _attach(df, archigos_state_years(), cols)


@records(
    "ethnic_religion",
    labels={
        "ethfrac": "ethnic fractionalisation, 0–1 (CREG)",
        "ethpol": "ethnic polarisation, 0–1 (CREG)",
        "relfrac": "religious fractionalisation, 0–1 (CREG)",
        "relpol": "religious polarisation, 0–1 (CREG)",
    },
)
def add_creg_fractionalization(df: pd.DataFrame) -> pd.DataFrame:
    """CREG ethnic and religious fractionalisation and polarisation for each state,
    1945–2013 (``ethfrac1``, ``relfrac1`` …), COW or G-W; missing outside."""
    from allydrift.sources import ethnic_religion

    key = _system_key(df)
    table = ethnic_religion.load().dropna(subset=[key]).drop_duplicates([key, "year"])
    return merge_monadic(df, table, ethnic_religion.COLUMNS, key=key)


add_ethnic_religion = add_creg_fractionalization
