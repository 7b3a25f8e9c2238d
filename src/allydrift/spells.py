"""Peace spells for any event column: BTSCS counters with Carter–Signorino and spline terms.

``add_spells`` counts, for each dyad (or state), the years since the last event, as
Beck, Katz & Tucker's BTSCS and peacesciencer's ``add_spells`` do: 0 in a unit's first
year and in the year after an event; the event year keeps its count. A gap in a unit's
years, or a year where the event is missing (outside the source's coverage), ends the
spell: the spell is missing there and restarts at 0 afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from allydrift.errors import InputError
from allydrift.provenance import records

# Harrell's knot percentiles for restricted cubic splines with 3–7 knots.
_HARRELL = {
    3: (10, 50, 90),
    4: (5, 35, 65, 95),
    5: (5, 27.5, 50, 72.5, 95),
    6: (5, 23, 41, 59, 77, 95),
    7: (2.5, 18.33, 34.17, 50, 65.83, 81.67, 97.5),
}


def spell_name(event: str) -> str:
    """``gmlmidonset`` → ``gmlmidspell``; any other column ``x`` → ``x_spell``."""
    return event[: -len("onset")] + "spell" if event.endswith("onset") else f"{event}_spell"


def _units(df: pd.DataFrame) -> list[str]:
    for code in ("ccode", "gwcode"):
        if {f"{code}1", f"{code}2"} <= set(df.columns):
            return [f"{code}1", f"{code}2"]
    for code in ("ccode", "gwcode", "obsid"):
        if code in df.columns:
            return [code]
    msg = (
        "add_spells expects a dyad-year or state-year table (ccode1, ccode2, year or "
        f"ccode, year); found {', '.join(map(str, df.columns))}"
    )
    raise InputError(msg)


def spells(unit: np.ndarray, year: np.ndarray, event: np.ndarray) -> np.ndarray:
    """The BTSCS counter for rows sorted by unit then year (``event``: 1/0, NaN missing)."""
    n = len(year)
    if n == 0:
        return np.array([], dtype=float)
    missing = np.isnan(event)
    idx = np.arange(n)
    start = np.ones(n, dtype=bool)
    start[1:] = (unit[1:] != unit[:-1]) | (year[1:] != year[:-1] + 1) | missing[:-1]
    start[1:] |= event[:-1] == 1
    reset = np.where(start, idx, 0)
    out = (idx - np.maximum.accumulate(reset)).astype(float)
    out[missing] = np.nan
    return out


def restricted_cubic_basis(x: np.ndarray, knots: Sequence[float]) -> np.ndarray:
    """Harrell's restricted (natural) cubic spline basis: ``len(knots) - 2`` columns,
    linear beyond the outer knots (Stata's ``mkspline … cubic``; BKT's splines)."""
    k = np.asarray(knots, dtype=float)
    last, prev = k[-1], k[-2]
    scale = (last - k[0]) ** 2

    def cube(v: np.ndarray) -> np.ndarray:
        v = np.maximum(v, 0)
        return v * v * v

    cols = []
    for kj in k[:-2]:
        term = (
            cube(x - kj)
            - cube(x - prev) * (last - kj) / (last - prev)
            + cube(x - last) * (prev - kj) / (last - prev)
        )
        cols.append(term / scale)
    return np.column_stack(cols) if cols else np.empty((len(x), 0))


@records(citations=("beck1998time", "carter2010time"))
def add_spells(
    df: pd.DataFrame,
    event: str = "gmlmidonset",
    knots: int | Sequence[float] = 3,
    cubic: bool = True,
) -> pd.DataFrame:
    """Years since the last ``event`` (``<stem>spell``), its square and cube
    (``…spell2``, ``…spell3``: Carter & Signorino's t, t², t³) and restricted cubic
    spline terms ``…spell_s1`` … (Beck, Katz & Tucker). ``knots``: a number of knots
    (3–7, at Harrell's percentiles of the spells) or the knot values themselves.
    """
    if event not in df.columns:
        msg = (
            f"add_spells: no column '{event}' in the table; add the event first "
            "(e.g. add_gml_mids for gmlmidonset) or name an existing 0/1 column"
        )
        raise InputError(msg)
    keys = _units(df)
    values = pd.to_numeric(df[event], errors="coerce").astype(float).to_numpy()
    if np.isin(values[~np.isnan(values)], (0.0, 1.0), invert=True).any():
        msg = f"add_spells: '{event}' must be 0/1 (missing allowed); found other values"
        raise InputError(msg)
    if len(keys) == 2:
        unit = df[keys[0]].to_numpy(np.int64) * 100_000 + df[keys[1]].to_numpy(np.int64)
    else:
        unit = pd.factorize(df[keys[0]])[0].astype(np.int64)
    year = df["year"].to_numpy(np.int64)
    order = np.lexsort((year, unit))
    counted = np.empty(len(df))
    counted[order] = spells(unit[order], year[order], values[order])
    name = spell_name(event)
    out = df.copy(deep=False)
    out.attrs = dict(df.attrs)
    labels = {name: f"years since the last {event} of the unit (0 after an event)"}
    out[name] = counted
    if cubic:
        out[f"{name}2"] = counted**2
        out[f"{name}3"] = counted**3
        labels |= {f"{name}2": f"{name} squared", f"{name}3": f"{name} cubed"}
    observed = counted[~np.isnan(counted)]
    if isinstance(knots, int):
        if knots not in _HARRELL:
            msg = f"add_spells: knots must be 3–7 or a list of values; got {knots}"
            raise InputError(msg)
        at: list[float] = (
            np.unique(np.percentile(observed, _HARRELL[knots])).tolist() if len(observed) else []
        )
    else:
        at = sorted(float(k) for k in knots)
    if len(at) >= 3:
        basis = restricted_cubic_basis(np.nan_to_num(counted), at)
        for j in range(basis.shape[1]):
            col = basis[:, j]
            col[np.isnan(counted)] = np.nan
            out[f"{name}_s{j + 1}"] = col
            labels[f"{name}_s{j + 1}"] = f"restricted cubic spline term {j + 1} of {name}"
    out.attrs["allydrift_labels"] = {**df.attrs.get("allydrift_labels", {}), **labels}
    return out
