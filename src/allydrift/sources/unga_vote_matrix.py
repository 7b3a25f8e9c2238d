"""UN General Assembly votes as a roll-call × country matrix, 1946–June 2024 (Pigeon-Effect).

A cleaned copy of the Voeten data that also holds session 78 (September 2023 – June 2024),
which the ``unvotes`` release lacks. allydrift uses it only to extend ``unvotes`` past its
last roll call (see :mod:`allydrift.affinity.votes`).

Tables
------
``votes`` (default): one row per state and roll call where the state voted — ``rcid``,
``date``, ``year``, ``iso3`` (as in the data), ``ccode`` (COW, from the ISO3 code and the
year) and ``vote_code`` (1 yes, 2 abstain, 3 no). Absences (8) and non-members (9) are not
rows.
``roll_calls``: ``rcid``, ``date``, ``year`` and the issue flags ``me``, ``nu``, ``di``,
``hr``, ``co``, ``ec`` (bool).

Quirks: rcids 411, 427, 449 and 495 each occur twice (1954–57 and again in 2023), so a
roll call is keyed by (``rcid``, ``date``). The producers dropped states absorbed by
successors (no East Germany, Yugoslavia or USSR columns: RUS carries the USSR, DEU starts
in 1973) and TWN holds the China seat until 1971.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from allydrift.sources.base import Column, Source, TableSpec

_FILE = "4a2353a59cf42de98878b23840fc27b075218d77/docs/static/ungaVoting_003.csv"
ISSUE_FLAGS = ("me", "nu", "di", "hr", "co", "ec")

SOURCE = Source(
    id="unga_vote_matrix",
    title="UNGA votes, roll-call × country matrix (Pigeon-Effect)",
    version="ungaVoting_003 (sessions 1–78, to 2024-06-04)",
    licence="none stated; derived from the CC0 Voeten data",
    origin="https://github.com/Pigeon-Effect/Mapping-UNGA-Voting-Alliances",
    coverage=(1946, 2024),
    description="Voeten's UNGA votes, cleaned by Pigeon-Effect, with session 78 (2023–24).",
    citations=("pigeoneffect2024unga", "voeten2009unga"),
    tables={
        "votes": (
            Column("rcid", "int", "roll-call id (unique only together with date)"),
            Column("date", "datetime", "date of the vote"),
            Column("year", "int", "calendar year of the vote"),
            Column("iso3", "str", "ISO3 code of the voting state, as in the data"),
            Column("ccode", "Int64", "COW code of the voting state"),
            Column("vote_code", "int8", "1 yes, 2 abstain, 3 no"),
        ),
        "roll_calls": (
            Column("rcid", "int", "roll-call id (unique only together with date)"),
            Column("date", "datetime", "date of the vote"),
            Column("year", "int", "calendar year"),
            *(Column(flag, "bool", f"issue flag '{flag}'") for flag in ISSUE_FLAGS),
        ),
    },
)


def _read(path: Path) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """The raw matrix, its dates and their calendar years."""
    raw = pd.read_csv(path)
    date = pd.to_datetime(raw["date"])
    return raw, date, date.dt.year.astype(int)


def _roll_calls(paths: list[Path]) -> pd.DataFrame:
    raw, date, year = _read(paths[0])
    flags = {flag: raw[flag].astype(bool) for flag in ISSUE_FLAGS}
    return pd.DataFrame({"rcid": raw["rcid"], "date": date, "year": year, **flags})


def iso3_to_ccode(iso3: pd.Series, years: pd.Series) -> pd.Series:
    """COW codes for ISO3 codes in given years (the state alive that year, else the latest).

    ISO3 codes are matched against the states table only, never against COW abbreviations
    (ISO3 AUS is Australia, COW AUS is Austria).
    """
    from allydrift.countries import states

    table = states()[["iso3", "ccode", "start_year", "end_year"]].dropna(subset=["iso3", "ccode"])
    keys = pd.DataFrame({"iso3": iso3.to_numpy(), "year": years.to_numpy()})
    unique = keys.drop_duplicates()
    cand = unique.merge(table, on="iso3", how="left")
    alive = cand["year"].between(cand["start_year"], cand["end_year"])
    cand = cand.assign(_alive=alive).sort_values(["_alive", "end_year"], ascending=False)
    best = cand.drop_duplicates(["iso3", "year"])[["iso3", "year", "ccode"]]
    merged = keys.merge(best, on=["iso3", "year"], how="left")
    return merged["ccode"].astype("Int64").set_axis(iso3.index)


def _votes(paths: list[Path]) -> pd.DataFrame:
    raw, date, year = _read(paths[0])
    countries = [c for c in raw.columns if c not in {"rcid", "date", *ISSUE_FLAGS}]
    cells = raw[countries].to_numpy()
    row, col = np.nonzero(np.isin(cells, (1, 2, 3)))
    out = pd.DataFrame(
        {
            "rcid": raw["rcid"].to_numpy()[row],
            "date": date.to_numpy()[row],
            "year": year.to_numpy()[row],
            "iso3": np.asarray(countries, dtype=object)[col],
            "vote_code": cells[row, col].astype("int8"),
        }
    )
    out.insert(4, "ccode", iso3_to_ccode(out["iso3"], out["year"]))
    return out


_TABLES = {
    "votes": TableSpec((_FILE,), _votes),
    "roll_calls": TableSpec((_FILE,), _roll_calls),
}


def load(table: str = "votes") -> pd.DataFrame:
    """Load ``votes`` (default) or ``roll_calls``."""
    return SOURCE.load_spec(_TABLES, table)
