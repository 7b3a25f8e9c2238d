"""Geographic verbs: contiguity, capital-to-capital distance and minimum distance.

Each keeps the row count, works on directed and undirected dyad-year tables, gives
A→B and B→A the same value, and leaves years outside the source's coverage missing.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from allydrift.dyads import dyad_keys
from allydrift.provenance import records
from allydrift.verbs import (
    _require_cow,
    _system_key,
    merge_dyadic,
    merge_monadic,
    zero_within_coverage_int8,
)

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)


def spell_years(start: pd.Series, end: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """For spells given as dates: the row of each spell-year and its year."""
    first = pd.to_datetime(start).dt.year.to_numpy()
    last = pd.to_datetime(end).dt.year.to_numpy()
    n = np.maximum(last - first + 1, 0)
    idx = np.repeat(np.arange(len(first)), n)
    year = first[idx] + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
    return idx, year.astype(np.int32)


@cache
def contiguity_years() -> pd.DataFrame:
    """COW direct contiguity by undirected dyad-year: ``conttype`` is the closest
    positive type of any spell in the year (1 land … 5 water ≤ 400 miles), 0 if the
    pair's only spells that year are recorded as 0."""
    from allydrift.sources import state_system

    raw = state_system.load("cow_contdir")
    raw = raw[raw["ccode1"] < raw["ccode2"]].reset_index(drop=True)
    idx, year = spell_years(raw["start"], raw["end"])
    t = raw["conttype"].to_numpy(np.int64)[idx]
    df = pd.DataFrame(
        {
            "ccode1": raw["ccode1"].to_numpy(np.int64)[idx],
            "ccode2": raw["ccode2"].to_numpy(np.int64)[idx],
            "year": year,
            "rank": np.where(t > 0, t, 99),
        }
    )
    out = df.groupby(["ccode1", "ccode2", "year"], as_index=False)["rank"].min()
    out["conttype"] = out.pop("rank").where(lambda r: r < 99, 0)
    return out


@records(
    "state_system",
    labels={"conttype": "COW direct contiguity: 0 none, 1 land, 2–5 water ≤ 12/24/150/400 miles"},
)
def add_contiguity(dyads: pd.DataFrame) -> pd.DataFrame:
    """COW direct contiguity (``conttype``: 0 none, 1 land, 2 ≤ 12 miles of water, 3 ≤ 24,
    4 ≤ 150, 5 ≤ 400), undirected: 0 within 1816–2016 for pairs without a spell,
    missing after 2016 (the data end there; peacesciencer fills 0).
    """
    from allydrift.sources import state_system

    _require_cow(dyads, "COW direct contiguity")
    out = merge_dyadic(dyads, contiguity_years(), ["conttype"], undirected=True)
    out = zero_within_coverage_int8(out, ["conttype"], state_system.CONTIGUITY_COVERAGE)
    return out


@cache
def capital_years(system: str) -> tuple[pd.DataFrame, np.ndarray]:
    """The capital of each state-year (the one in use on 31 December): a table
    ``<code>``, ``year``, ``capital_id`` and the capitals' (lat, lng) by id."""
    from allydrift.sources import state_system

    code = "ccode" if system == "cow" else "gwcode"
    raw = state_system.load(f"{system}_capitals").dropna(subset=[code, "lat", "lng"])
    raw = raw.sort_values([code, "start"]).reset_index(drop=True)
    points, capital_id = np.unique(raw[["lat", "lng"]].to_numpy(float), axis=0, return_inverse=True)
    idx, year = spell_years(raw["start"], raw["end"])
    df = pd.DataFrame(
        {
            code: raw[code].to_numpy(np.int64)[idx],
            "year": year,
            "start": pd.to_datetime(raw["start"]).to_numpy()[idx],
            "capital_id": capital_id.ravel()[idx],
        }
    )
    df = df.sort_values([code, "year", "start"]).drop_duplicates([code, "year"], keep="last")
    return df.drop(columns="start").reset_index(drop=True), points


def haversine_km(lat1, lng1, lat2, lng2) -> np.ndarray:
    """Great-circle distance in km between points given in degrees (vectorised)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lng2) - np.asarray(lng1))
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


@records("state_system", labels={"capdist": "great-circle distance between capitals, km"})
def add_capital_distance(dyads: pd.DataFrame) -> pd.DataFrame:
    """Distance between the two capitals (``capdist``, km, great circle on a sphere of
    radius 6,371 km), with each state's capital of that year; missing where a capital
    is unknown (after 2024)."""
    key = _system_key(dyads)
    k1, k2 = dyad_keys(dyads)
    caps, points = capital_years("cow" if key == "ccode" else "gw")
    both = merge_monadic(dyads[[k1, k2, "year"]], caps, ["capital_id"], key=key)
    lat, lng = points[:, 0], points[:, 1]
    table = haversine_km(lat[:, None], lng[:, None], lat[None, :], lng[None, :])
    a = both["capital_id1"].to_numpy(float)
    b = both["capital_id2"].to_numpy(float)
    known = ~(np.isnan(a) | np.isnan(b))
    dist = np.full(len(dyads), np.nan)
    dist[known] = table[a[known].astype(np.intp), b[known].astype(np.intp)]
    out = dyads.copy(deep=False)
    out["capdist"] = dist
    return out


@records("geography", labels={"mindist": "minimum distance between the two states, km"})
def add_minimum_distance(dyads: pd.DataFrame) -> pd.DataFrame:
    """Minimum distance between the two states' territories (``mindist``, km; CShapes
    2.0, 1886–2019), undirected; missing where the source has no estimate."""
    from allydrift.sources import geography

    key = _system_key(dyads)
    table = geography.load("cow_mindist" if key == "ccode" else "gw_mindist")
    table = table.rename(columns={f"{key}1": "ccode1", f"{key}2": "ccode2"})
    return merge_dyadic(dyads, table, ["mindist"], undirected=True)
