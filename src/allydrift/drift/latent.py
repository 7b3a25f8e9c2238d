"""Drift on the measurement model's series: which years count, and their uncertainty.

Change points are looked for only over the years the pair belongs to the population of
interest: from its first year with an ATOP defence pledge (else its first year of data)
to its last year that is not a projection — unless the caller asked for a span, which
is then used as given. The posterior sd of every year (in index points, from the band)
sets the change-point penalty and each break's uncertainty.
"""

from __future__ import annotations

import pandas as pd
from scipy import special

from allydrift.index import Cohesion

LEVEL = 0.9


def population_years(c: Cohesion, since_start: bool = False) -> tuple[int, int]:
    """First and last year of the pair's population of interest (see module doc)."""
    scores = c.scores
    observed = scores.loc[~scores["projection"].astype(bool), "year"]
    last = int(observed.max()) if len(observed) else int(scores["year"].max())
    first = int(scores["year"].min())
    if not since_start:
        ind = c.indicators
        pact = ind[(ind["indicator"] == "pact_defense") & (ind["value"] == 1)]
        if len(pact):
            first = max(first, int(pact["year"].min()))
    return first, max(first, last)


def restrict(series: dict[str, pd.Series], span: tuple[int, int]) -> dict[str, pd.Series]:
    """Each series cut to ``span`` (inclusive)."""
    return {k: s[(s.index >= span[0]) & (s.index <= span[1])] for k, s in series.items()}


def sd_series(c: Cohesion, level: float = LEVEL) -> dict[str, pd.Series]:
    """Posterior sd in index points (half the band over its z), overall and per latent."""
    z = float(special.ndtri(0.5 + level / 2))
    s = c.scores.set_index("year")
    out = {"overall": (s["upper"] - s["lower"]) / (2 * z)}
    for dim, part in c.dimensions.groupby("dimension", sort=False):
        p = part.set_index("year")
        out[str(dim)] = (p["upper"] - p["lower"]) / (2 * z)
    return out
