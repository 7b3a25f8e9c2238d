"""Dyad-years: the base table every ``add_*`` verb attaches data to.

``create_dyad_years`` builds every pair of states that coexist in a year, in the COW or
the Gleditsch–Ward system, directed (both A→B and B→A) or undirected (A < B). Pairs
whose two states were both members in a calendar year but never on the same day
("false dyads", e.g. 255–210 in 1945) are dropped unless ``keep_false_dyads=True``.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from allydrift.errors import CoverageError, InputError

SYSTEMS = ("cow", "gw")


def _code_column(system: str) -> str:
    if system not in SYSTEMS:
        msg = f"system must be 'cow' or 'gw'; got '{system}'"
        raise InputError(msg)
    return "ccode" if system == "cow" else "gwcode"


def create_state_years(system: str = "cow", years: tuple[int, int] | None = None) -> pd.DataFrame:
    """State-years of ``system``: columns ``<code>``, ``year``."""
    from allydrift.countries import state_years

    code = _code_column(system)
    sy = state_years()
    sy = sy.loc[sy["system"] == system, [code, "year"]].dropna().drop_duplicates()
    first, last = int(sy["year"].min()), int(sy["year"].max())
    if years is not None:
        check_span(years, (first, last), f"the {system.upper()} state system")
        sy = sy[(sy["year"] >= years[0]) & (sy["year"] <= years[1])]
    out = sy.astype({code: "int32", "year": "int32"}).sort_values([code, "year"])
    return out.reset_index(drop=True)


def check_span(years: tuple[int, int], coverage: tuple[int, int], what: str) -> None:
    """Raise ``CoverageError`` if ``years`` lies wholly outside ``coverage``."""
    if years[0] > years[1]:
        msg = f"a year span must run forward; got {years[0]}–{years[1]}"
        raise InputError(msg)
    if years[1] < coverage[0] or years[0] > coverage[1]:
        msg = (
            f"{years[0]}–{years[1]} is outside {what}, which covers "
            f"{coverage[0]}–{coverage[1]}. Choose years within that span."
        )
        raise CoverageError(msg)


def create_dyad_years(
    system: str = "cow",
    directed: bool = True,
    years: tuple[int, int] | None = None,
    keep_false_dyads: bool = False,
) -> pd.DataFrame:
    """Every dyad-year of states coexisting in ``system``.

    Columns ``<code>1``, ``<code>2``, ``year`` (int32), sorted by year, then codes.
    Directed tables hold both A→B and B→A; undirected ones only A < B. All COW directed
    dyad-years 1816–2025 are 2,252,760 rows (as in peacesciencer). Pairs that were both
    members in a year but never on the same day are dropped (see ``false_dyads``);
    ``keep_false_dyads=True`` keeps them.
    """
    code = _code_column(system)
    sy = create_state_years(system, years)
    codes = sy[code].to_numpy()
    yrs = sy["year"].to_numpy()
    order = np.argsort(yrs, kind="stable")
    codes, yrs = codes[order], yrs[order]
    bounds = np.flatnonzero(np.diff(yrs)) + 1
    false: dict[int, np.ndarray] = {}
    if not keep_false_dyads:
        f = false_dyads(system)
        pair = f[f"{code}1"].to_numpy(np.int64) * 10_000 + f[f"{code}2"].to_numpy(np.int64)
        false = {int(y): pair[f["year"].to_numpy() == y] for y in np.unique(f["year"])}
    parts_a, parts_b, parts_y = [], [], []
    for block_codes, block_year in zip(np.split(codes, bounds), yrs[np.r_[0, bounds]], strict=True):
        a, b = np.meshgrid(block_codes, block_codes, indexing="ij")
        keep = a != b if directed else a < b
        if int(block_year) in false:
            pair = a.astype(np.int64) * 10_000 + b
            keep &= ~np.isin(pair, false[int(block_year)])
        parts_a.append(a[keep])
        parts_b.append(b[keep])
        parts_y.append(np.full(int(keep.sum()), block_year, dtype=np.int32))
    out = pd.DataFrame(
        {
            f"{code}1": np.concatenate(parts_a).astype(np.int32),
            f"{code}2": np.concatenate(parts_b).astype(np.int32),
            "year": np.concatenate(parts_y),
        }
    )
    out.attrs["allydrift_sources"] = ["state_system"]
    return out


def false_dyads(system: str = "cow") -> pd.DataFrame:
    """Directed pairs of states both members in a calendar year but never on the same day.

    Computed from the membership spells (start and end dates) of the state list: for
    each state-year with a spell boundary inside the year, the pair is false when no
    spell of one overlaps a spell of the other within that year. Columns ``<code>1``,
    ``<code>2``, ``year``, sorted. For COW 1816–2016 these are the 60 rows of
    peacesciencer's ``false_cow_dyads``.
    """
    return _false_dyads(system).copy()


@cache
def _false_dyads(system: str) -> pd.DataFrame:
    from allydrift.sources import state_system

    code = _code_column(system)
    spells = state_system.load("cow_system" if system == "cow" else "gw_system")
    start = np.array(spells["start"].tolist(), dtype="datetime64[D]")
    end = np.array(spells["end"].tolist(), dtype="datetime64[D]")
    first = start.astype("datetime64[Y]").astype(np.int64) + 1970
    last = end.astype("datetime64[Y]").astype(np.int64) + 1970
    n = last - first + 1
    idx = np.repeat(np.arange(len(spells)), n)
    year = first[idx] + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
    jan1 = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    dec31 = (year - 1969).astype("datetime64[Y]").astype("datetime64[D]") - np.timedelta64(1, "D")
    sy = pd.DataFrame(
        {
            "code": spells[code].to_numpy(np.int64)[idx],
            "year": year,
            "s": np.maximum(start[idx], jan1),
            "e": np.minimum(end[idx], dec31),
        }
    )
    partial = sy[(sy["s"] > jan1) | (sy["e"] < dec31)]
    pairs = partial.merge(sy, on="year", suffixes=("1", "2"))
    pairs = pairs[pairs["code1"] != pairs["code2"]]
    pairs = pairs.assign(
        overlap=np.maximum(pairs["s1"], pairs["s2"]) <= np.minimum(pairs["e1"], pairs["e2"])
    )
    any_overlap = pairs.groupby(["code1", "code2", "year"])["overlap"].any()
    false = any_overlap[~any_overlap].reset_index()[["code1", "code2", "year"]]
    both = pd.concat([false, false.rename(columns={"code1": "code2", "code2": "code1"})])
    both = both.drop_duplicates().astype("int32")
    both = both.rename(columns={"code1": f"{code}1", "code2": f"{code}2"})
    return both.sort_values([f"{code}1", f"{code}2", "year"], ignore_index=True)


def dyad_keys(df: pd.DataFrame) -> tuple[str, str]:
    """The two state-code columns of a dyad-year table (``ccode1``/``ccode2`` or G-W)."""
    for code in ("ccode", "gwcode"):
        if {f"{code}1", f"{code}2", "year"} <= set(df.columns):
            return f"{code}1", f"{code}2"
    msg = (
        "expected a dyad-year table with columns ccode1, ccode2, year (or gwcode1, gwcode2, "
        f"year); found {', '.join(map(str, df.columns))}. Build one with create_dyad_years()."
    )
    raise InputError(msg)
