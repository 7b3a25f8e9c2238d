"""The pre-declared scoring rules, as pure functions on series and groups.

* Episode shift: mean of the series over the ``k`` years after the episode's last year
  minus the mean over the ``k`` years before its first year (its own years left out),
  each side needing at least ``min_years`` observed years. A hit is a shift with the
  historians' sign; a zero shift is a miss; a shift that cannot be measured is counted
  apart, never as a hit or a miss.
* Known groups: AUC (probability that a random ally scores above a random other
  partner, ties counting one half) and each adversary's percentile among all partners.
* Ruptures: a change point within ``tolerance`` years of the rupture's years.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from allydrift.errors import InputError

K = 3
MIN_YEARS = 2
TOLERANCE = 2
BOTTOM = 15.0


def shift(series: pd.Series, start: int, end: int, k: int = K, min_years: int = MIN_YEARS):
    """(before, after, after − before) around the years ``start``–``end`` of a
    year-indexed series; NaN where a side has fewer than ``min_years`` observed years."""
    if k < 1 or not 1 <= min_years <= k:
        msg = f"need k ≥ 1 and 1 ≤ min_years ≤ k; got k={k}, min_years={min_years}"
        raise InputError(msg)
    s = series.dropna()
    before = s[(s.index >= start - k) & (s.index < start)]
    after = s[(s.index > end) & (s.index <= end + k)]
    b = float(before.mean()) if len(before) >= min_years else np.nan
    a = float(after.mean()) if len(after) >= min_years else np.nan
    return b, a, a - b


def is_hit(delta: float, direction: str) -> float:
    """1.0 if ``delta`` has the sign of ``direction``, 0.0 if not (or zero), NaN if
    ``delta`` is NaN."""
    if direction not in ("closer", "apart"):
        msg = f"direction must be 'closer' or 'apart'; got {direction!r}"
        raise InputError(msg)
    if np.isnan(delta):
        return np.nan
    return float(delta > 0) if direction == "closer" else float(delta < 0)


def hit_rates(results: pd.DataFrame, by: list[str] | None = None) -> pd.DataFrame:
    """Hit rate per group of ``by`` (default: measure) from rows with a ``hit`` column
    (1, 0 or NaN): episodes, measured, hits, rate and a 90 % Wilson interval."""
    by = by or ["measure"]
    g = results.groupby(by, sort=False)["hit"]
    out = pd.DataFrame(
        {"episodes": g.size(), "measured": g.count(), "hits": g.sum(min_count=0)}
    ).reset_index()
    out["hits"] = out["hits"].astype(int)
    out["rate"] = np.where(out["measured"] > 0, out["hits"] / out["measured"].clip(lower=1), np.nan)
    lo, hi = wilson(out["hits"].to_numpy(), out["measured"].to_numpy())
    out["lower"], out["upper"] = lo, hi
    return out


def wilson(hits: np.ndarray, n: np.ndarray, level: float = 0.9) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a binomial share (NaN where n = 0)."""
    z = stats.norm.ppf(0.5 + level / 2)
    n = np.asarray(n, dtype=float)
    p = np.divide(hits, n, out=np.full_like(n, np.nan), where=n > 0)
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return centre - half, centre + half


def auc(positive: np.ndarray, negative: np.ndarray) -> float:
    """P(random positive > random negative), ties one half (Mann–Whitney U / n₁n₀);
    NaN if a group is empty."""
    pos = np.asarray(positive, dtype=float)
    neg = np.asarray(negative, dtype=float)
    pos, neg = pos[~np.isnan(pos)], neg[~np.isnan(neg)]
    if len(pos) == 0 or len(neg) == 0:
        return np.nan
    u = stats.mannwhitneyu(pos, neg, alternative="two-sided").statistic
    return float(u / (len(pos) * len(neg)))


def percentile(value: float, population: np.ndarray) -> float:
    """Percent of ``population`` below ``value`` (ties one half): 0 at the bottom."""
    pop = np.asarray(population, dtype=float)
    pop = pop[~np.isnan(pop)]
    if np.isnan(value) or len(pop) == 0:
        return np.nan
    return float(100 * ((pop < value).sum() + 0.5 * (pop == value).sum()) / len(pop))


def near_break(breaks: list[int] | np.ndarray, start: int, end: int, tolerance: int = TOLERANCE):
    """Whether any change-point year lies in [start − tolerance, end + tolerance]."""
    return bool(any(start - tolerance <= int(y) <= end + tolerance for y in breaks))
