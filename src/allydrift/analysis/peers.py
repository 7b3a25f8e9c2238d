"""How a dyad compares with its peers: the senior partner's other treaty allies.

The peers of the pair (A, B) are every state with an ATOP defence pledge with A in the
latest year ATOP covers. They are compared on UN vote agreement pooled over the last
``window`` years (weighted by the number of common votes, so a year with a handful of
roll calls does not dominate).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from allydrift.countries import State
from allydrift.countries.resolver import require_ccode

WINDOW = 5


@dataclass(frozen=True)
class PeerComparison:
    """Where the pair stands among the senior partner's allies on one measure."""

    measure: str
    years: tuple[int, int]
    value: float
    rank: int
    n_peers: int
    median: float
    n_votes: int
    table: pd.DataFrame

    def sentence(self, a: State, b: State) -> str:
        """One plain sentence for the key findings."""
        above = "above" if self.value > self.median else "below"
        if abs(self.value - self.median) < 0.005:
            above = "level with"
        return (
            f"Among the {self.n_peers} states with a defence pact with {a.name} "
            f"(ATOP), {b.name} ranks {self.rank} of {self.n_peers} on UN vote agreement "
            f"over {self.years[0]}–{self.years[1]} ({self.value:.2f}, {above} the median "
            f"of {self.median:.2f}; {self.n_votes} common votes)."
        )


def defence_partners(a: State) -> list[int]:
    """COW codes of the states with an ATOP defence pledge with ``a`` in ATOP's last year."""
    from allydrift.sources import atop

    raw = atop.load()[["ccode1", "ccode2", "year", "atop_defense"]]
    last = int(raw["year"].max())
    rows = raw[(raw["year"] == last) & (raw["atop_defense"] == 1)]
    rows = rows[(rows["ccode1"] == a.ccode) | (rows["ccode2"] == a.ccode)]
    other = rows["ccode2"].where(rows["ccode1"] == a.ccode, rows["ccode1"])
    return sorted({int(c) for c in other} - {a.ccode})


def pooled_agreement(a: State, partners: list[int], years: tuple[int, int]) -> pd.DataFrame:
    """UN agreement of ``a`` with each partner, pooled over ``years`` (vote-weighted)."""
    from allydrift.indicators.worldview import un_agreement_table

    table = un_agreement_table(pairs=[(require_ccode(a), p) for p in partners], years=years)
    if table.empty:
        return pd.DataFrame(columns=["ccode", "agree", "n_votes"])
    table["ccode"] = table["ccode2"].where(table["ccode1"] == a.ccode, table["ccode1"])
    table["weighted"] = table["agree"] * table["n_votes"]
    pooled = table.groupby("ccode", as_index=False)[["weighted", "n_votes"]].sum()
    pooled["agree"] = pooled["weighted"] / pooled["n_votes"]
    return pooled[["ccode", "agree", "n_votes"]].sort_values("agree", ascending=False)


def compare_with_peers(a: State, b: State, last_year: int) -> PeerComparison | None:
    """Where (a, b) stands among ``a``'s defence partners, or ``None`` if it cannot say."""
    from allydrift.indicators import get

    partners = defence_partners(a)
    if b.ccode not in partners or len(partners) < 3:
        return None
    coverage = get("un_agreement").coverage
    last_year = min(last_year, coverage[1]) if coverage else last_year
    years = (last_year - WINDOW + 1, last_year)
    pooled = pooled_agreement(a, partners, years).reset_index(drop=True)
    if b.ccode not in set(pooled["ccode"]):
        return None
    pooled["rank"] = pooled["agree"].rank(ascending=False, method="min").astype(int)
    row = pooled[pooled["ccode"] == b.ccode].iloc[0]
    return PeerComparison(
        measure="un_agreement",
        years=years,
        value=float(row["agree"]),
        rank=int(row["rank"]),
        n_peers=len(pooled),
        median=float(pooled["agree"].median()),
        n_votes=int(row["n_votes"]),
        table=pooled,
    )
