"""The table of states behind the resolver, built from the state lists and ISO codes."""

from __future__ import annotations

from functools import cache

import pandas as pd
import pycountry

from allydrift.countries.aliases import ISO3_OVERRIDES


@cache
def state_years() -> pd.DataFrame:
    """State-years of both systems (``year``, ``ccode``, ``gwcode``, ``system``)."""
    from allydrift.sources import state_system

    return state_system.load("panel")


def _iso_lookup(iso3: str | None) -> tuple[str | None, list[str]]:
    """ISO2 code and ISO names for an ISO3 code (current or historic)."""
    if not iso3:
        return None, []
    country = pycountry.countries.get(alpha_3=iso3) or pycountry.historic_countries.get(
        alpha_3=iso3
    )
    if country is None:
        return None, []
    names = [getattr(country, a, None) for a in ("name", "official_name", "common_name")]
    return getattr(country, "alpha_2", None), [n for n in names if n]


def _iso3_by_ccode() -> pd.DataFrame:
    from allydrift.sources import bsv_idealpoints

    bsv = bsv_idealpoints.load("all")
    latest = (
        bsv.sort_values("session")
        .groupby("ccode")
        .agg(iso3=("iso3", "last"), bsv_names=("name", lambda s: sorted(set(s))))
    )
    for code, iso3 in ISO3_OVERRIDES.items():
        if code in latest.index:
            latest.loc[code, "iso3"] = iso3
        else:
            latest.loc[code] = [iso3, []]
    return latest


STATES_VERSION = "1"


@cache
def states() -> pd.DataFrame:
    """One row per state: codes, name, first and last year, and every known name.

    Cached as Parquet like a source table, keyed by the state lists' and ideal-point
    files and by this module's code, so a new process reads it instead of rebuilding it.
    """
    import hashlib
    import inspect
    import sys

    from allydrift import sources, store
    from allydrift.countries import aliases

    inputs = sources.get("state_system").files + sources.get("bsv_idealpoints").files
    code = inspect.getsource(sys.modules[__name__]) + inspect.getsource(aliases)
    version = hashlib.sha256(f"{STATES_VERSION}|{code}".encode()).hexdigest()[:16]
    out = store.table("countries.states", inputs, lambda _paths: _build_states(), version)
    return out.assign(names=[list(n) for n in out["names"]])


def _build_states() -> pd.DataFrame:
    sy = state_years()
    cow = sy[sy["system"] == "cow"].dropna(subset=["ccode"])
    mapped = set(sy.dropna(subset=["ccode", "gwcode"])["gwcode"].astype(int))
    gw_only = sy[(sy["system"] == "gw") & ~sy["gwcode"].isin(mapped)]
    iso = _iso3_by_ccode()
    rows = []
    for code, grp in cow.groupby("ccode"):
        last = grp.sort_values("year").iloc[-1]
        iso3 = iso["iso3"].get(code)
        iso3 = None if pd.isna(iso3) else str(iso3)
        iso2, iso_names = _iso_lookup(iso3)
        names = {last["cow_name"], *grp["cow_name"].dropna(), *grp["gw_name"].dropna()}
        names |= set(iso["bsv_names"].get(code, []) or []) | set(iso_names)
        names |= {last["abb"], *(x for x in (iso3, iso2) if x)}
        gw = grp["gwcode"].dropna()
        rows.append(
            {
                "ccode": int(code),
                "gwcode": int(gw.iloc[-1]) if len(gw) else None,
                "iso3": iso3,
                "iso2": iso2,
                "name": str(last["cow_name"]),
                "abb": str(last["abb"]),
                "start_year": int(grp["year"].min()),
                "end_year": int(grp["year"].max()),
                "names": sorted(str(n) for n in names if isinstance(n, str) and n),
            }
        )
    for code, grp in gw_only.groupby("gwcode"):
        last = grp.sort_values("year").iloc[-1]
        rows.append(
            {
                "ccode": None,
                "gwcode": int(code),
                "iso3": None,
                "iso2": None,
                "name": str(last["gw_name"]),
                "abb": str(last["abb"]),
                "start_year": int(grp["year"].min()),
                "end_year": int(grp["year"].max()),
                "names": sorted({str(last["gw_name"]), str(last["abb"])}),
            }
        )
    out = pd.DataFrame(rows)
    out["ccode"] = out["ccode"].astype("Int64")
    out["gwcode"] = out["gwcode"].astype("Int64")
    return out
