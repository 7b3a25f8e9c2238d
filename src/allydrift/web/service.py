"""What the web app serves: validated inputs, computed once and kept in memory.

The app computes nothing itself. It calls the library (countries, indicators, and the
cohesion index and drift detection where they are installed) through this module, which
validates input, remembers computed dyads in a bounded LRU cache and shapes results into
plain, JSON-ready records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from allydrift.analysis import dyad_table
from allydrift.analysis.peers import compare_with_peers
from allydrift.analysis.summary import key_findings
from allydrift.countries import State
from allydrift.errors import AllydriftError, CoverageError, InputError
from allydrift.web.cache import LRUCache
from allydrift.web.params import Span


@dataclass(frozen=True)
class DyadData:
    """The indicator panel of one ordered pair, with the sources it drew on."""

    a: State
    b: State
    panel: pd.DataFrame
    sources: tuple[str, ...]

    def span(self, years: Span) -> pd.DataFrame:
        """The rows within ``years`` (all rows if ``None``)."""
        if years is None:
            return self.panel
        rows = self.panel[self.panel["year"].between(years[0], years[1])]
        if rows.empty:
            first, last = int(self.panel["year"].min()), int(self.panel["year"].max())
            msg = (
                f"no data for {self.a.name}–{self.b.name} in {years[0]}–{years[1]}; "
                f"the indicators cover {first}–{last} for this pair. Choose years in that span."
            )
            raise CoverageError(msg)
        return rows

    def sources_in(self, rows: pd.DataFrame) -> tuple[str, ...]:
        """The sources behind the series that have a value in ``rows``: cite exactly these."""
        return sources_with_data(rows, set())


def sources_with_data(panel: pd.DataFrame, tracked: set[str]) -> tuple[str, ...]:
    """Sources whose indicators have at least one value in ``panel``, plus those loaded."""
    from allydrift.indicators import registered

    reg = registered()
    used = set(tracked)
    for col in panel.columns:
        name = col if col in reg else col[:-2]
        if name in reg and panel[col].notna().any():
            used.update(reg[name].sources)
    return tuple(sorted(used))


class Service:
    """Cached access to everything the app shows.

    Parameters
    ----------
    maxsize
        How many computed dyads to keep in memory.
    """

    def __init__(self, maxsize: int = 256) -> None:
        self.dyads = LRUCache(maxsize)
        self.responses = LRUCache(4 * maxsize)
        self._tables = LRUCache(16)
        self._peers = LRUCache(maxsize)

    def dyad(self, a: State, b: State) -> DyadData:
        """The indicator panel of ``a``–``b`` (computed once, then from memory)."""
        return self.dyads.get(("dyad", a.ccode, b.ccode), lambda: self._compute_dyad(a, b))

    @staticmethod
    def _compute_dyad(a: State, b: State) -> DyadData:
        table = dyad_table(a, b)
        panel = table.panel.drop(columns=["state_a", "state_b"]).reset_index(drop=True)
        if panel.empty:
            msg = f"no indicator has data for {a.name}–{b.name}"
            raise CoverageError(msg)
        return DyadData(a, b, panel, sources_with_data(panel, set(table.sources)))

    def summary(self, a: State, b: State, rows: pd.DataFrame, analysis: Any = None) -> str:
        """The key-findings paragraph of the report, for the rows shown."""
        last = int(rows["year"].max())
        try:
            peers = self._peers.get((a.ccode, b.ccode, last), lambda: _peers(a, b, last))
        except AllydriftError:
            peers = None
        return key_findings(a, b, rows, analysis, peers)

    def states(self) -> pd.DataFrame:
        """Every state with its codes and years, sorted by name."""
        return self._tables.get("states", _states_table)

    def catalogue(self) -> pd.DataFrame:
        """The indicator catalogue."""
        from allydrift.indicators import catalogue

        return self._tables.get("catalogue", catalogue)

    def sources(self) -> pd.DataFrame:
        """Every data source with version, coverage, licence and citation keys."""
        return self._tables.get("sources", _sources_table)

    def compare(self, dyads: list[tuple[State, State]], column: str, years: Span) -> pd.DataFrame:
        """Long rows (``dyad``, ``year``, ``value``) of one indicator column for several dyads."""
        frames = []
        for a, b in dyads:
            data = self.dyad(a, b)
            if column not in data.panel.columns:
                choices = ", ".join(c for c in data.panel.columns if c != "year")
                msg = (
                    f"'{column}' is not a column of the {a.name}–{b.name} panel; "
                    f"choose one of {choices}"
                )
                raise InputError(msg)
            rows = data.panel[["year", column]].dropna()
            if years is not None:
                rows = rows[rows["year"].between(years[0], years[1])]
            frames.append(rows.rename(columns={column: "value"}).assign(dyad=dyad_id(a, b)))
        return pd.concat(frames, ignore_index=True)[["dyad", "year", "value"]]


def dyad_id(a: State, b: State) -> str:
    """``USA-JPN``: the dyad as written in URLs."""
    return f"{a.iso3 or a.abb}-{b.iso3 or b.abb}"


def _peers(a: State, b: State, last: int) -> Any:
    return compare_with_peers(a, b, last)


def _states_table() -> pd.DataFrame:
    from allydrift.countries import states

    table = states().drop(columns=["names"]).sort_values("name", ignore_index=True)
    return table[table["ccode"].notna()].reset_index(drop=True)


def _sources_table() -> pd.DataFrame:
    from allydrift import sources

    table = sources.versions()
    table["citations"] = [list(sources.get(sid).citations) for sid in table["id"]]
    return table
