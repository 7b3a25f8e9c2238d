"""Dyad-years a source covers: where an absent event is a true zero, and where it is missing.

A count source (exercises, trips, visits, pledges) records events; within the years it
covers, a pair of system members without an event has the value 0. Outside those years
the pair has no row at all: missing, never zero.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from allydrift.indicators.registry import Pairs, Years, filter_pairs, filter_years

USA = 2
KEYS = ["ccode1", "ccode2", "year"]


def span_within(coverage: tuple[int, int], years: Years) -> tuple[int, int] | None:
    """The years of ``coverage`` inside ``years`` (``None`` if they do not overlap)."""
    first, last = (
        coverage if years is None else (max(years[0], coverage[0]), min(years[1], coverage[1]))
    )
    return (first, last) if first <= last else None


def covered_dyad_years(span: tuple[int, int], us_only: bool = False) -> pd.DataFrame:
    """Undirected COW dyad-years (``ccode1 < ccode2``) of ``span``; with ``us_only`` only
    the pairs of the United States (COW 2, always ``ccode1``) and each other member."""
    from allydrift.dyads import create_dyad_years, create_state_years

    first = max(span[0], 1816)
    if first > span[1]:  # before the COW list begins: no members to fill
        return pd.DataFrame({k: pd.Series(dtype="int32") for k in KEYS})
    if not us_only:
        return create_dyad_years("cow", directed=False, years=(first, span[1]))
    others = create_state_years("cow", (first, span[1]))
    others = others[others["ccode"] != USA]
    return pd.DataFrame(
        {
            "ccode1": pd.Series(USA, index=others.index, dtype="int32"),
            "ccode2": others["ccode"].astype("int32"),
            "year": others["year"].astype("int32"),
        }
    ).reset_index(drop=True)


def zero_filled(
    observed: pd.DataFrame,
    columns: Sequence[str],
    coverage: tuple[int, int],
    pairs: Pairs = None,
    years: Years = None,
    us_only: bool = False,
) -> pd.DataFrame:
    """``observed`` (``ccode1 < ccode2``, ``year``, ``columns``) on every covered dyad-year.

    System members without an observed row in a covered year get 0; observed rows of
    states outside the COW list that year (Japan under occupation) are kept; years
    outside ``coverage`` (or ``years``) have no rows.
    """
    span = span_within(coverage, years)
    if span is None:
        return pd.DataFrame(columns=[*KEYS, *columns])
    observed = observed[[*KEYS, *columns]].astype({k: "int32" for k in KEYS})
    observed = filter_years(filter_pairs(observed, pairs, undirected=True), span)
    base = filter_pairs(covered_dyad_years(span, us_only), pairs, undirected=True)
    out = base.merge(observed, on=KEYS, how="outer")
    out[list(columns)] = out[list(columns)].fillna(0)
    return out.sort_values(KEYS, ignore_index=True)


def undirected(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with ``ccode1``/``ccode2`` swapped where needed so that ``ccode1 < ccode2``."""
    lo = df[["ccode1", "ccode2"]].min(axis=1)
    hi = df[["ccode1", "ccode2"]].max(axis=1)
    return df.assign(ccode1=lo.astype("int32"), ccode2=hi.astype("int32"))
