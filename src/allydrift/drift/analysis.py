"""One call for one dyad: index with band, change points with attribution, trends,
alerts and the events in the span.

Detection, trends and alerts run on the chain-linked series (overall and per
dimension), computed before any timeline is read; events are attached afterwards for
display only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from allydrift.countries import State
from allydrift.drift.attribution import COLUMNS as ATTRIBUTION_COLUMNS
from allydrift.drift.attribution import attribute, tables
from allydrift.drift.changepoints import KAPPA, MIN_SIZE, changepoints, latent_changepoints
from allydrift.drift.timeline import timeline
from allydrift.drift.trend import MIN_POINTS, alert, trend
from allydrift.errors import InputError
from allydrift.index import Cohesion, cohesion
from allydrift.index.core import WeightSpec, records
from allydrift.indicators.registry import Years

TREND_WINDOW = 10
HOLDOUT = 3
ALERT_WINDOW = 20
ALPHA = 0.05


@dataclass(frozen=True)
class DriftAnalysis:
    """Everything the report shows for one dyad.

    ``index`` (a ``Cohesion``: per-year score with band, dimensions, indicators),
    ``changepoints`` (series, year, segments, means, shift), ``attribution`` (per change
    point: dimensions and indicators by contribution), ``trends`` (full span and recent
    window, per series), ``alerts`` (per series) and ``events`` (timeline in the span).
    """

    index: Cohesion
    changepoints: pd.DataFrame
    attribution: pd.DataFrame
    trends: pd.DataFrame
    alerts: pd.DataFrame
    events: pd.DataFrame
    method: dict[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict of every table."""
        return {
            "index": self.index.to_dict(),
            "changepoints": records(self.changepoints),
            "attribution": records(self.attribution),
            "trends": records(self.trends),
            "alerts": records(self.alerts),
            "events": records(self.events),
            "method": self.method,
        }


def linked_series(c: Cohesion) -> dict[str, pd.Series]:
    """The chain-linked overall and dimension series, by name, indexed by year."""
    out = {"overall": c.scores.set_index("year")["linked"].dropna()}
    for dim, part in c.dimensions.groupby("dimension", sort=False):
        out[str(dim)] = part.set_index("year")["linked"].dropna()
    return out


def _changepoints(
    series: dict[str, pd.Series], kappa: float, min_size: int, sds: dict[str, pd.Series] | None
) -> pd.DataFrame:
    if sds is not None:
        frames = [
            latent_changepoints(s, sds[name], kappa=kappa, min_size=min_size).assign(series=name)
            for name, s in series.items()
        ]
    else:
        frames = [
            changepoints(s, kappa=kappa, min_size=min_size).assign(series=name)
            for name, s in series.items()
        ]
    out = pd.concat(frames, ignore_index=True)
    return out[["series", *out.columns.drop("series")]]


def _attribution(c: Cohesion, cps: pd.DataFrame) -> pd.DataFrame:
    cache = {name: tables(c, name) for name in cps["series"].unique()}
    frames = [
        attribute(c, row.series, row.year, row.start, row.end, cache[row.series])
        for row in cps.itertuples()
    ]
    if not frames:
        return pd.DataFrame(columns=ATTRIBUTION_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def _trends(series: dict[str, pd.Series], window: int, level: float) -> pd.DataFrame:
    rows = []
    for name, s in series.items():
        for span, w in (("full", None), ("recent", window)):
            part = s if w is None else s[s.index > s.index.max() - w]
            if len(part) >= MIN_POINTS:
                rows.append({"series": name, "span": span, **trend(s, w, level).to_dict()})
    cols = ["series", "span", "start", "end", "n", "slope", "lower", "upper", "level"]
    return pd.DataFrame(rows, columns=cols)


def _alerts(series: dict[str, pd.Series], holdout: int, window: int, alpha: float):
    rows = []
    for name, s in series.items():
        if len(s) >= holdout + MIN_POINTS:
            rows.append({"series": name, **alert(s, holdout, window, alpha).to_dict()})
    cols = ["series", "first", "last", "observed", "expected", "bound", "p_value", "alert"]
    return pd.DataFrame(rows, columns=[*cols, "fit_start", "fit_end"])


def analyse(
    a: str | int | State,
    b: str | int | State,
    years: Years = None,
    *,
    weights: WeightSpec = None,
    reference: str = "allied",
    draws: int = 200,
    level: float = 0.9,
    seed: int = 0,
    kappa: float = KAPPA,
    min_size: int = MIN_SIZE,
    trend_window: int = TREND_WINDOW,
    holdout: int = HOLDOUT,
    alert_window: int = ALERT_WINDOW,
    alpha: float = ALPHA,
    events: str | Path | list[str | Path] | None = None,
    index: Cohesion | None = None,
) -> DriftAnalysis:
    """Drift analysis of the dyad (a, b): see ``DriftAnalysis``.

    ``events`` adds user timeline files; ``index`` reuses an already computed
    ``cohesion(a, b)``.
    """
    if trend_window < MIN_POINTS:
        msg = f"trend_window must be at least {MIN_POINTS} years; got {trend_window}"
        raise InputError(msg)
    c = index or cohesion(
        a, b, years, weights=weights, reference=reference, draws=draws, level=level, seed=seed
    )
    series = linked_series(c)
    sds = None
    if "model" in c.method:
        from allydrift.drift.latent import population_years, restrict, sd_series

        span = population_years(c, since_start=years is not None)
        series = restrict(series, span)
        sds = sd_series(c)
    cps = _changepoints(series, kappa, min_size, sds)
    attribution = _attribution(c, cps)
    trends = _trends(series, trend_window, level)
    alerts = _alerts(series, holdout, alert_window, alpha)
    span = (int(c.scores["year"].min()), int(c.scores["year"].max()))
    shown = timeline(c.state_a, c.state_b, span, extra=events)
    method = {
        **c.method,
        "series": "chain-linked",
        "kappa": kappa,
        "min_size": min_size,
        "trend_window": trend_window,
        "holdout": holdout,
        "alert_window": alert_window,
        "alpha": alpha,
    }
    return DriftAnalysis(c, cps, attribution, trends, alerts, shown, method)
