"""Accuracy against the published Bailey–Strezhnev–Voeten ideal points."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from allydrift.errors import InputError


@dataclass
class Accuracy:
    """Pearson correlations of two ideal-point series on their common state-years.

    ``pooled`` is over all common state-years; ``within_year`` the median over years of the
    correlation within each year (years with at least ``min_states`` states); ``by_year``
    has ``year``, ``n`` and ``r``.
    """

    pooled: float
    within_year: float
    n: int
    by_year: pd.DataFrame

    def __str__(self) -> str:
        return (
            f"pooled r = {self.pooled:.3f}, median within-year r = {self.within_year:.3f} "
            f"({self.n} state-years, {len(self.by_year)} years)"
        )


def correlations(estimate: pd.DataFrame, reference: pd.DataFrame, min_states: int = 10) -> Accuracy:
    """Compare two tables with ``ccode``, ``year`` and ``ideal`` columns."""
    merged = estimate[["ccode", "year", "ideal"]].merge(
        reference[["ccode", "year", "ideal"]], on=["ccode", "year"], suffixes=("", "_ref")
    )
    merged = merged.dropna(subset=["ideal", "ideal_ref"])
    if len(merged) < 3:
        msg = (
            f"the two series share only {len(merged)} state-years; compare fits that cover "
            "the same states and years"
        )
        raise InputError(msg)
    pooled = float(np.corrcoef(merged["ideal"], merged["ideal_ref"])[0, 1])
    rows = [
        (int(year), len(g), float(np.corrcoef(g["ideal"], g["ideal_ref"])[0, 1]))
        for year, g in merged.groupby("year")
        if len(g) >= min_states
    ]
    by_year = pd.DataFrame(rows, columns=["year", "n", "r"])
    within = float(by_year["r"].median()) if len(by_year) else float("nan")
    return Accuracy(pooled, within, len(merged), by_year)


def against_bsv(points: pd.DataFrame, table: str = "all") -> Accuracy:
    """Correlate ``points`` (e.g. ``fit(...).points``) with a published BSV series.

    BSV number periods by session (year = 1945 + session): compare fits made with the
    default ``period="session"``.
    """
    from allydrift.sources import bsv_idealpoints

    return correlations(points, bsv_idealpoints.load(table))
