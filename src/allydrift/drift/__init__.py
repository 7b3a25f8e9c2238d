"""Drift detection: change points, trends, alerts, attribution and event timelines.

``analyse(a, b)`` gives everything for one dyad; the pieces work on any year-indexed
series: ``changepoints(series)``, ``trend(series)``, ``alert(series)``. Timelines
(``timeline(a, b)``) annotate the series and are never read by the detector.
``abandonment(senior, junior, rival)`` flags years where the senior partner moves toward
the rival faster than toward the ally.
"""

from __future__ import annotations

from allydrift.drift.analysis import DriftAnalysis, analyse, linked_series
from allydrift.drift.attribution import attribute
from allydrift.drift.changepoints import (
    KAPPA,
    MIN_SIZE,
    changepoints,
    detect,
    false_alarm_rate,
    noise_scale,
    penalty,
)
from allydrift.drift.timeline import read_timeline, timeline
from allydrift.drift.trend import Alert, Trend, alert, trend
from allydrift.drift.triangle import abandonment, flag_abandonment

__all__ = [
    "KAPPA",
    "MIN_SIZE",
    "Alert",
    "DriftAnalysis",
    "Trend",
    "abandonment",
    "alert",
    "analyse",
    "attribute",
    "changepoints",
    "detect",
    "false_alarm_rate",
    "flag_abandonment",
    "linked_series",
    "noise_scale",
    "penalty",
    "read_timeline",
    "timeline",
    "trend",
]
