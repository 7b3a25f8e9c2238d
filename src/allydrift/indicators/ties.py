"""Ties: are the partners bound and working together?

Alliance pledges (ATOP), joint military exercises (MME) and contact between leaders:
trips of the U.S. President and Secretary of State to the partner and visits of the
partner's leaders to the United States. Trade, event data and public opinion are in
``ties_flows`` and ``opinion`` (same dimension). Every count is 0 for a pair of system
members without events in a year the source covers, and missing outside those years.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from allydrift.indicators._covered import KEYS, USA, undirected, zero_filled
from allydrift.indicators.registry import Pairs, Years, filter_states, indicator, long_rows
from allydrift.sources import atop, mme, state_travels, state_visits

ATOP_COVERAGE = atop.SOURCE.coverage
CONTACT_COVERAGE = (
    max(state_travels.SOURCE.coverage[0], state_visits.SOURCE.coverage[0]),
    min(state_travels.SOURCE.coverage[1], state_visits.SOURCE.coverage[1]),
)
ROLES = {"president": "us_president_trips", "secretary": "us_secstate_trips"}


def atop_undirected(flag: str, pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    """ATOP ``flag`` (0/1) for every pair of system members in ATOP's coverage.

    A pair of system members without an ATOP row in a covered year has no pledge (0);
    years after ATOP's coverage have no rows (missing, not 0). A pledge in either
    direction counts. ATOP rows of states not yet in the COW list (e.g. Japan in 1951,
    before it regained sovereignty) are kept.
    """
    raw = atop.load()[["ccode1", "ccode2", "year", flag]]
    pledged = undirected(raw).groupby(KEYS, as_index=False)[flag].max()
    out = zero_filled(pledged, [flag], ATOP_COVERAGE, pairs, years)
    return out.astype({flag: "int8"})


def _atop_indicator(flag: str, label: str) -> None:
    @indicator(
        flag.replace("atop_", "pact_"),
        dimension="ties",
        direction=1,
        unit="0/1",
        kind="undirected",
        sources=("atop", "state_system"),
        description=f"1 if the pair has an ATOP {label} pledge in force that year.",
        coverage=ATOP_COVERAGE,
    )
    def compute(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
        return long_rows(atop_undirected(flag, pairs, years), flag.replace("atop_", "pact_"), flag)


for _flag, _label in (
    ("atop_defense", "defence"),
    ("atop_offense", "offence"),
    ("atop_consul", "consultation"),
):
    _atop_indicator(_flag, _label)


def joint_exercise_counts(participants: pd.DataFrame) -> pd.DataFrame:
    """Exercises each pair took part in together, per year.

    ``participants`` has one row per exercise (``mme_id``, ``start_year``), ``year`` and
    ``ccode``; the result ``ccode1 < ccode2``, ``year``, ``joint_exercises`` (pairs with
    none are no rows).
    """
    rows = participants[[*mme.EXERCISE, "year", "ccode"]].drop_duplicates()
    both = rows.merge(rows, on=[*mme.EXERCISE, "year"], suffixes=("1", "2"))
    both = both[both["ccode1"] < both["ccode2"]]
    counts = both.groupby(["ccode1", "ccode2", "year"]).size()
    return counts.rename("joint_exercises").reset_index()


def joint_exercises_table(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    """``joint_exercises`` for every covered dyad-year (0 where none, 1980–2010)."""
    participants = filter_states(mme.load().dropna(subset=["ccode"]), pairs)
    counts = joint_exercise_counts(participants)
    return zero_filled(counts, ["joint_exercises"], mme.SOURCE.coverage, pairs, years)


@indicator(
    "joint_exercises",
    dimension="ties",
    direction=1,
    unit="exercises per year",
    kind="undirected",
    sources=("mme", "state_system"),
    description="Multinational military exercises both states took part in that year "
    "(an exercise running into a second year counts in both).",
    coverage=mme.SOURCE.coverage,
)
def joint_exercises(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    return long_rows(joint_exercises_table(pairs, years), "joint_exercises", "joint_exercises")


def us_dyad_counts(events: pd.DataFrame, column: str) -> pd.DataFrame:
    """Events (rows with ``ccode``, ``year``) as counts on the U.S.–partner dyad."""
    rows = events.dropna(subset=["ccode"])
    rows = rows[rows["ccode"] != USA]
    counts = rows.groupby(["ccode", "year"]).size().rename(column).reset_index()
    return counts.rename(columns={"ccode": "ccode2"}).assign(ccode1=USA)


def us_trips_table(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    """Trips of the President (``us_president_trips``) and Secretary of State
    (``us_secstate_trips``) to each partner, per year (deduplicated, by start year)."""
    trips = state_travels.load("trips")
    counts = [us_dyad_counts(trips[trips["role"] == role], col) for role, col in ROLES.items()]
    merged = counts[0].merge(counts[1], on=KEYS, how="outer")
    cols = list(ROLES.values())
    return zero_filled(merged, cols, state_travels.SOURCE.coverage, pairs, years, us_only=True)


def us_visits_table(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    """Visits of each partner's leaders to the United States (``leader_visits_to_us``)."""
    counts = us_dyad_counts(state_visits.load("visits"), "leader_visits_to_us")
    cover = state_visits.SOURCE.coverage
    return zero_filled(counts, ["leader_visits_to_us"], cover, pairs, years, us_only=True)


def leader_contacts_table(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    """Trips, visits and their sum ``leader_contacts`` where both sources cover the year."""
    trips = us_trips_table(pairs, years)
    visits = us_visits_table(pairs, years)
    both = trips.merge(visits, on=KEYS, how="inner")
    both["leader_contacts"] = both[[*ROLES.values(), "leader_visits_to_us"]].sum(axis=1)
    return both


_US_ONLY = " Exists only for dyads with the United States."


def _contact_indicator(
    name: str,
    table: Callable[[Pairs, Years], pd.DataFrame],
    coverage: tuple[int, int],
    sources: tuple[str, ...],
    description: str,
) -> None:
    @indicator(
        name,
        dimension="ties",
        direction=1,
        unit="count per year",
        kind="undirected",
        sources=sources,
        description=description + _US_ONLY,
        coverage=coverage,
    )
    def compute(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
        return long_rows(table(pairs, years), name, name)


_contact_indicator(
    "us_president_trips",
    us_trips_table,
    state_travels.SOURCE.coverage,
    ("state_travels", "state_system"),
    "Trips of the U.S. President to the partner (by year of arrival).",
)
_contact_indicator(
    "us_secstate_trips",
    us_trips_table,
    state_travels.SOURCE.coverage,
    ("state_travels", "state_system"),
    "Trips of the U.S. Secretary of State to the partner (by year of arrival).",
)
_contact_indicator(
    "leader_visits_to_us",
    us_visits_table,
    state_visits.SOURCE.coverage,
    ("state_visits", "state_system"),
    "Visits of the partner's head of state or government to the United States.",
)
_contact_indicator(
    "leader_contacts",
    leader_contacts_table,
    CONTACT_COVERAGE,
    ("state_travels", "state_visits", "state_system"),
    "Leader contact: presidential and Secretary of State trips to the partner plus "
    "visits of the partner's leaders to the United States.",
)
