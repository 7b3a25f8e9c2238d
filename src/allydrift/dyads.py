"""Dyad-years: the base table every ``add_*`` verb attaches data to.

``create_dyad_years`` builds every pair of states that coexist in a year, in the COW or
the Gleditsch–Ward system, directed (both A→B and B→A) or undirected (A < B).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from allydrift.errors import CoverageError, InputError

SYSTEMS = ("cow", "gw")


def _code_column(system: str) -> str:
    if system not in SYSTEMS:
        raise InputError(f"system must be 'cow' or 'gw'; got '{system}'")
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
        raise InputError(f"a year span must run forward; got {years[0]}–{years[1]}")
    if years[1] < coverage[0] or years[0] > coverage[1]:
        raise CoverageError(
            f"{years[0]}–{years[1]} is outside {what}, which covers "
            f"{coverage[0]}–{coverage[1]}. Choose years within that span."
        )


def create_dyad_years(
    system: str = "cow", directed: bool = True, years: tuple[int, int] | None = None
) -> pd.DataFrame:
    """Every dyad-year of states coexisting in ``system``.

    Columns ``<code>1``, ``<code>2``, ``year`` (int32), sorted by year, then codes.
    Directed tables hold both A→B and B→A; undirected ones only A < B. All COW directed
    dyad-years 1816–2025 are about 2.3 million rows.

    """
    code = _code_column(system)
    sy = create_state_years(system, years)
    codes = sy[code].to_numpy()
    yrs = sy["year"].to_numpy()
    order = np.argsort(yrs, kind="stable")
    codes, yrs = codes[order], yrs[order]
    bounds = np.flatnonzero(np.diff(yrs)) + 1
    parts_a, parts_b, parts_y = [], [], []
    for block_codes, block_year in zip(np.split(codes, bounds), yrs[np.r_[0, bounds]], strict=True):
        a, b = np.meshgrid(block_codes, block_codes, indexing="ij")
        keep = a != b if directed else a < b
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
    return out


def dyad_keys(df: pd.DataFrame) -> tuple[str, str]:
    """The two state-code columns of a dyad-year table (``ccode1``/``ccode2`` or G-W)."""
    for code in ("ccode", "gwcode"):
        if {f"{code}1", f"{code}2", "year"} <= set(df.columns):
            return f"{code}1", f"{code}2"
    raise InputError(
        "expected a dyad-year table with columns ccode1, ccode2, year (or gwcode1, gwcode2, "
        f"year); found {', '.join(map(str, df.columns))}. Build one with create_dyad_years()."
    )
