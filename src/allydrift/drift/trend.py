"""Trends with intervals, and drift alerts when the latest years fall below the trend.

Trend: ordinary least squares of the series on the year, with Newey–West (HAC)
standard errors (Bartlett kernel, lag ⌊4 (n/100)^{2/9}⌋) because yearly political
series are autocorrelated; the interval uses Student's t with n − 2 degrees of freedom.
Slopes are in index points per decade.

Alert: fit the trend on the ``window`` years before the latest ``holdout`` years,
project it over those years, and compare their mean with the projection. The
prediction error's variance is the OLS one, inflated by (1 + ρ)/(1 − ρ) for the
residuals' lag-1 autocorrelation ρ (clipped to [0, 0.9]). An alert is raised when the
one-sided p-value of "the latest years sit below the dyad's own trend" is below
``alpha``; for independent noise the false-alarm rate is at most ``alpha``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy.special import stdtr, stdtrit

from allydrift.errors import InputError

MIN_POINTS = 5


@dataclass(frozen=True)
class Trend:
    """A linear trend: slope per decade with its interval, over ``start``–``end``."""

    start: int
    end: int
    n: int
    slope: float
    lower: float
    upper: float
    level: float

    def to_dict(self) -> dict[str, float | int]:
        return asdict(self)


def _clean(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    s = series.dropna().sort_index()
    return s.index.to_numpy(dtype=float), s.to_numpy(dtype=float)


def _hac_se(x: np.ndarray, resid: np.ndarray) -> float:
    """Newey–West standard error of the slope of y on (1, x)."""
    n = len(x)
    xc = x - x.mean()
    sxx = float(xc @ xc)
    u = xc * resid
    lags = int(np.floor(4 * (n / 100) ** (2 / 9)))
    s = float(u @ u)
    for lag in range(1, min(lags, n - 1) + 1):
        s += 2 * (1 - lag / (lags + 1)) * float(u[lag:] @ u[:-lag])
    return float(np.sqrt(max(s, 0.0)) / sxx)


def _lag1(resid: np.ndarray) -> float:
    """Lag-1 autocorrelation of residuals, clipped to [0, 0.9] (0 if undefined)."""
    if len(resid) < 4 or resid[1:].std() == 0 or resid[:-1].std() == 0:
        return 0.0
    return float(np.clip(np.corrcoef(resid[1:], resid[:-1])[0, 1], 0.0, 0.9))


def trend(series: pd.Series, window: int | None = None, level: float = 0.9) -> Trend:
    """Linear trend of a year-indexed series (its last ``window`` years if given)."""
    x, y = _clean(series)
    if window is not None:
        keep = x > x.max() - window if len(x) else np.array([], bool)
        x, y = x[keep], y[keep]
    if len(x) < MIN_POINTS:
        msg = f"a trend needs at least {MIN_POINTS} years of data; found {len(x)}"
        raise InputError(msg)
    slope, intercept = np.polyfit(x, y, 1)
    se = _hac_se(x, y - (intercept + slope * x))
    t = stdtrit(len(x) - 2, 0.5 + level / 2)
    return Trend(
        int(x.min()),
        int(x.max()),
        len(x),
        float(10 * slope),
        float(10 * (slope - t * se)),
        float(10 * (slope + t * se)),
        level,
    )


@dataclass(frozen=True)
class Alert:
    """How the latest years compare with the trend of the years before them."""

    first: int
    last: int
    observed: float
    expected: float
    bound: float
    p_value: float
    alert: bool
    fit_start: int
    fit_end: int

    def to_dict(self) -> dict[str, float | int | bool]:
        return asdict(self)


def alert(series: pd.Series, holdout: int = 3, window: int = 20, alpha: float = 0.05) -> Alert:
    """Is the mean of the latest ``holdout`` years significantly below the trend of
    the ``window`` years before them? ``bound`` is the one-sided (1 − alpha) lower
    prediction bound for that mean."""
    if holdout < 1 or window < MIN_POINTS or not 0 < alpha < 1:
        msg = (
            f"alerts need holdout ≥ 1, window ≥ {MIN_POINTS} and 0 < alpha < 1; "
            f"got holdout={holdout}, window={window}, alpha={alpha}"
        )
        raise InputError(msg)
    x, y = _clean(series)
    if len(x) < holdout + MIN_POINTS:
        msg = f"an alert needs at least {holdout + MIN_POINTS} years of data; found {len(x)}"
        raise InputError(msg)
    xf, yf = x[:-holdout][-window:], y[:-holdout][-window:]
    xh, yh = x[-holdout:], y[-holdout:]
    slope, intercept = np.polyfit(xf, yf, 1)
    resid = yf - (intercept + slope * xf)
    n = len(xf)
    s2 = float(resid @ resid) / (n - 2)
    scale = max(1.0, float(np.abs(yf).max()))
    if s2 <= (1e-12 * scale) ** 2:
        s2 = 0.0
    inflate = (1 + _lag1(resid)) / (1 - _lag1(resid)) if s2 > 0 else 1.0
    xc = xf - xf.mean()
    var = s2 * inflate * (1 / holdout + 1 / n + (xh.mean() - xf.mean()) ** 2 / float(xc @ xc))
    expected = float(intercept + slope * xh.mean())
    se = np.sqrt(var)
    observed = float(yh.mean())
    if se > 0:
        p = float(stdtr(n - 2, (observed - expected) / se))
    else:
        p = 0.0 if observed < expected - 1e-9 * scale else 1.0
    bound = expected - float(stdtrit(n - 2, 1 - alpha)) * se

    return Alert(
        int(xh.min()),
        int(xh.max()),
        observed,
        expected,
        float(bound),
        p,
        p < alpha,
        int(xf.min()),
        int(xf.max()),
    )
