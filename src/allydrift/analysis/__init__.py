"""The analysis core: everything known about one pair, computed once for every presenter.

``analyse_dyad(a, b, years)`` reads the pair's slice of the materialised panel and
returns the indicator table, the cohesion index with its band, the drift analysis
(change points, attribution, trends, alerts, events), the comparison with peers, the
findings and the sources used. The report, the web app and the CLI only present it;
ranking, comparison and the abandonment triangle come from here too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from allydrift.analysis.findings import series_finding
from allydrift.analysis.peers import PeerComparison, compare_with_peers
from allydrift.analysis.summary import key_findings
from allydrift.countries import State, resolve
from allydrift.errors import AllydriftError
from allydrift.indicators import Indicator, registered
from allydrift.sources import track_sources
from allydrift.vocabulary import DIMENSIONS, Years
from allydrift.wide import dyad_panel

if TYPE_CHECKING:
    from allydrift.drift import DriftAnalysis
    from allydrift.index import Cohesion

__all__ = [
    "DRAWS",
    "DyadAnalysis",
    "DyadTable",
    "abandonment",
    "analyse_drift",
    "analyse_dyad",
    "compare_index",
    "drift_of",
    "dyad_table",
    "rank",
]

DRAWS = 200
INFO = ("state_a", "state_b", "year")


@dataclass(frozen=True)
class DyadTable:
    """The indicator table of one ordered pair: one row per year with any data, the
    indicators with at least one value, those left out (with the reason) and the
    sources behind them."""

    a: State
    b: State
    panel: pd.DataFrame
    indicators: list[Indicator]
    unavailable: dict[str, str]
    sources: frozenset[str]

    @property
    def span(self) -> tuple[int, int]:
        return int(self.panel["year"].min()), int(self.panel["year"].max())


@dataclass
class DyadAnalysis:
    """Everything known about a pair, for ``years`` (as asked; ``span`` is what the
    data cover). ``drift`` holds the cohesion index (``drift.index``); it and ``peers``
    are ``None`` where the pair cannot be scored or has no peers."""

    a: State
    b: State
    years: Years
    table: DyadTable
    drift: DriftAnalysis | None
    peers: PeerComparison | None
    findings: list[str] = field(default_factory=list)
    summary: str = ""
    sources: set[str] = field(default_factory=set)

    @property
    def panel(self) -> pd.DataFrame:
        return self.table.panel

    @property
    def cohesion(self) -> Cohesion | None:
        return None if self.drift is None else self.drift.index

    @property
    def span(self) -> tuple[int, int]:
        return self.table.span

    @property
    def labels(self) -> tuple[str, str]:
        return (self.a.iso3 or self.a.abb, self.b.iso3 or self.b.abb)


def _state(x: str | int | State) -> State:
    return x if isinstance(x, State) else resolve(x)


def _ordered(names: Iterable[str] | None) -> list[Indicator]:
    found = registered()
    chosen = tuple(names) if names is not None else tuple(found)
    inds = [found[n] for n in chosen if n in found]
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    return sorted(inds, key=lambda i: (order[i.dimension], chosen.index(i.name)))


def dyad_table(
    a: str | int | State,
    b: str | int | State,
    years: Years = None,
    indicators: Iterable[str] | None = None,
) -> DyadTable:
    """The pair's indicator table from the materialised panel (years without any value
    dropped); with ``indicators``, exactly those (an unavailable one raises)."""
    sa, sb = _state(a), _state(b)
    inds = _ordered(indicators)
    with track_sources() as used:
        panel = dyad_panel(
            sa, sb, years=years, names=[i.name for i in inds], skip_unavailable=indicators is None
        )
    unavailable = dict(panel.attrs.get("unavailable", {}))
    data = [c for c in panel.columns if c not in INFO]
    panel = panel.dropna(subset=data, how="all").reset_index(drop=True)
    filled = {c for c in data if panel[c].notna().any()}
    shown = [i for i in inds if any(c == i.name or c.startswith(i.name + "_") for c in filled)]
    declared = {s for i in shown for s in i.sources}
    return DyadTable(sa, sb, panel, shown, unavailable, frozenset(set(used) | declared))


def analyse_drift(
    a: str | int | State, b: str | int | State, years: Years, draws: int = DRAWS
) -> DriftAnalysis:
    """The drift analysis of the pair, with its cohesion index (``.index``)."""
    from allydrift.drift import analyse

    return analyse(_state(a), _state(b), years, draws=draws)


def drift_of(
    a: str | int | State, b: str | int | State, years: Years, draws: int = DRAWS
) -> DriftAnalysis | None:
    """``analyse_drift``, or ``None`` if the pair cannot be scored in ``years``."""
    try:
        return analyse_drift(a, b, years, draws)
    except AllydriftError:
        return None


def analyse_dyad(
    a: str | int | State,
    b: str | int | State,
    years: Years = None,
    *,
    indicators: Iterable[str] | None = None,
    index: bool = True,
    draws: int = DRAWS,
) -> DyadAnalysis:
    """Everything known about the pair (a, b) in ``years``: see ``DyadAnalysis``.

    ``index=False`` leaves out the cohesion index and drift analysis.

    >>> d = analyse_dyad("USA", "JPN", (1990, 2020))
    >>> d.cohesion.scores[["year", "score", "lower", "upper"]]
    """
    table = dyad_table(a, b, years, indicators)
    sa, sb = table.a, table.b
    labels = (sa.iso3 or sa.abb, sb.iso3 or sb.abb)
    every = _ordered(indicators)
    findings = [f for i in every if (f := series_finding(table.panel, i, labels))]
    first, last = table.span
    with track_sources() as used:
        drift = drift_of(sa, sb, (first, last), draws) if index else None
        try:
            peers = compare_with_peers(sa, sb, last)
        except AllydriftError:
            peers = None
    summary = key_findings(sa, sb, table.panel, drift, peers)
    sources = set(table.sources) | set(used)
    return DyadAnalysis(sa, sb, years, table, drift, peers, findings, summary, sources)


def rank(
    with_state: str | int | State | None = None, allies: bool = False, **kwargs: object
) -> pd.DataFrame:
    """Rank a state's partners (or all treaty-allied dyads) by index score and trend:
    ``allydrift.index.rank`` over the materialised panel."""
    from allydrift.index import rank as rank_index

    return rank_index(with_state, allies=allies, **kwargs)  # type: ignore[arg-type]


def compare_index(pairs: list[tuple[State, State]], years: Years) -> pd.DataFrame:
    """Long rows (``dyad``, ``year``, ``value``) of the index score of several pairs."""
    frames = []
    for a, b in pairs:
        drift = drift_of(a, b, years)
        if drift is None:
            continue
        scores = drift.index.scores
        if years is not None:
            scores = scores[scores["year"].between(years[0], years[1])]
        frames.append(
            pd.DataFrame(
                {
                    "dyad": f"{a.iso3 or a.abb}-{b.iso3 or b.abb}",
                    "year": scores["year"],
                    "value": scores["score"],
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=["dyad", "year", "value"])
    return pd.concat(frames, ignore_index=True)


def abandonment(
    senior: str | int | State,
    junior: str | int | State,
    rival: str | int | State,
    years: Years = None,
    **kwargs: object,
) -> pd.DataFrame:
    """Years where the senior partner moves toward the rival faster than toward the ally
    (``allydrift.drift.abandonment``)."""
    from allydrift.drift import abandonment as triangle

    return triangle(senior, junior, rival, years, **kwargs)  # type: ignore[arg-type]
