"""Who fought alongside or against whom: participant-years of disputes and wars.

Disputes come from the GML-MID participants (one spell per state and dispute), wars from
the COW inter-state war dyads. Both become participant-years — ``event``, ``ccode``,
``year``, ``side`` (+ ``orig`` for disputes) — from which same-side partners and
opponents follow by self-joins, for all states at once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def expand_years(df: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """One row per year from ``start`` to ``end`` (inclusive) of each row of ``df``."""
    n = (df[end] - df[start] + 1).clip(lower=1).to_numpy()
    out = df.loc[df.index.repeat(n)].drop(columns=[start, end]).reset_index(drop=True)
    offsets = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    out["year"] = (np.repeat(df[start].to_numpy(), n) + offsets).astype(np.int32)
    return out


def dispute_years() -> pd.DataFrame:
    """GML-MID participant-years: ``event`` (dispute), ``ccode``, ``year``, ``side``
    (1 side A, 0 side B), ``orig`` (1 originator)."""
    from allydrift.sources import mids

    part = mids.load("gml_participants")
    part = part.rename(columns={"dispnum": "event", "sidea": "side"})
    part = part[["event", "ccode", "styear", "endyear", "side", "orig"]].dropna(subset=["ccode"])
    out = expand_years(part, "styear", "endyear").astype({"ccode": "int32"})
    out = out.sort_values("orig", ascending=False, kind="stable")
    return out.drop_duplicates(["event", "ccode", "year"]).reset_index(drop=True)


def war_years() -> pd.DataFrame:
    """COW inter-state war participant-years: ``event`` (war), ``ccode``, ``year``,
    ``side`` (1 or 2)."""
    from allydrift.sources import cow_war

    inter = cow_war.load("inter")
    out = inter.rename(columns={"warnum": "event", "ccode1": "ccode", "side1": "side"})
    out = out[["event", "ccode", "year", "side"]].dropna(subset=["ccode"])
    return out.astype({"ccode": "int32", "year": "int32"}).drop_duplicates().reset_index(drop=True)


def same_side(part: pd.DataFrame) -> pd.DataFrame:
    """Directed pairs of distinct states on the same side of one event in one year:
    ``event``, ``year``, ``ccode1``, ``ccode2`` plus every other column of ``part`` with
    suffixes 1 and 2."""
    pairs = part.merge(part, on=["event", "side", "year"], suffixes=("1", "2"))
    return pairs[pairs["ccode1"] != pairs["ccode2"]].reset_index(drop=True)


def opponents(part: pd.DataFrame) -> pd.DataFrame:
    """Directed pairs of states on opposite sides of one event in one year (``ccode1``,
    ``ccode2``, ``year``, ``event``). Like the dyadic MID data, every member of one side
    counts as an opponent of every member of the other."""
    pairs = part.merge(part, on=["event", "year"], suffixes=("1", "2"))
    keep = pairs["side1"] != pairs["side2"]
    return pairs.loc[keep, ["ccode1", "ccode2", "year", "event"]].reset_index(drop=True)
