"""Published Bailey–Strezhnev–Voeten ideal points and the distance between two states.

The estimates are per UNGA session; ``year`` is 1945 + session (the calendar year in which
the session opens, so a session's votes of the next January–August count for that year).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from allydrift.affinity.votes import span_text
from allydrift.errors import CoverageError
from allydrift.vocabulary import Pairs, Years, filter_pairs, filter_states, filter_years

IDEAL_COVERAGE = (1946, 2019)  # the April 2020 release ("all"): sessions 1–74
DISTANCE_COLUMNS = ["ccode1", "ccode2", "year", "ideal1", "ideal2", "ideal_distance"]


def ideal_points(years: Years = None, release: str = "all", pairs: Pairs = None) -> pd.DataFrame:
    """State-years ``ccode``, ``year``, ``ideal``, ``q05``, ``q95``, ``nvotes`` of a release.

    ``release`` is a table of ``bsv_idealpoints``: ``all`` (April 2020, 1946–2019, the
    default), ``all_2024`` (June 2024, to 2023) or an issue subset such as ``important``.
    """
    from allydrift.sources import bsv_idealpoints

    raw = bsv_idealpoints.load(release).dropna(subset=["ccode", "ideal"])
    raw = filter_years(filter_states(raw, pairs), years)
    out = raw[["ccode", "year", "ideal", "q05", "q95", "nvotes"]].astype(
        {"ccode": np.int32, "year": np.int32}
    )
    return out.sort_values(["ccode", "year"], ignore_index=True)


def ideal_distance_table(
    pairs: Pairs = None, years: Years = None, release: str = "all"
) -> pd.DataFrame:
    """Absolute ideal-point distance ``|ideal1 − ideal2|`` of every pair ``ccode1 < ccode2``
    and year: ``ccode1``, ``ccode2``, ``year``, ``ideal1``, ``ideal2``, ``ideal_distance``."""
    points = ideal_points(years, release, pairs).sort_values(["year", "ccode"])
    if points.empty:
        return pd.DataFrame(columns=DISTANCE_COLUMNS)
    yrs = points["year"].to_numpy()
    codes = points["ccode"].to_numpy()
    ideal = points["ideal"].to_numpy()
    bounds = np.r_[0, np.flatnonzero(np.diff(yrs)) + 1, len(yrs)]
    frames = []
    for start, stop in itertools.pairwise(bounds):
        i, j = np.triu_indices(stop - start, k=1)
        i, j = i + start, j + start
        frames.append(
            pd.DataFrame(
                {
                    "ccode1": codes[i],
                    "ccode2": codes[j],
                    "year": yrs[i],
                    "ideal1": ideal[i],
                    "ideal2": ideal[j],
                    "ideal_distance": np.abs(ideal[i] - ideal[j]),
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    return filter_pairs(out, pairs, undirected=True).reset_index(drop=True)


def require_ideal(table: pd.DataFrame, years: Years, release: str, what: str) -> None:
    """Raise ``CoverageError`` if ``table`` (ideal points for ``what``) is empty."""
    if table.empty:
        span = span_text(years)
        msg = (
            f"no ideal points for {what} in {span} (release '{release}': April 2020 covers "
            "1946–2019, 'all_2024' to 2023). Choose other years or another release."
        )
        raise CoverageError(msg)
