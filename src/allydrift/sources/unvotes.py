"""United Nations General Assembly roll-call votes, 1946–2023 (unvotes package data).

Tables
------
``votes`` (default): one row per state and roll call where the state voted —
``rcid``, ``year``, ``country`` (as in the data), ``iso2``, ``ccode`` (COW, resolved by
name and year), ``vote`` (ordered: yes < abstain < no) and ``vote_code``
(1 yes, 2 abstain, 3 no, Voeten's coding). Absences and non-members are not rows.
``roll_calls``: ``rcid``, ``session``, ``date``, ``year``, ``important`` (Int8, NA where
unknown: every roll call of sessions 75–77), ``unres``, ``amend``, ``para``, ``short``, ``descr``.
``issues``: ``rcid``, ``issue_code`` (me, nu, di, hr, co, ec) and ``issue`` (label); several
rows per roll call.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allydrift.sources.base import Column, Source, TableSpec
from allydrift.sources.rdata import read_r

_DATA = "8e6080a6e2dda5d174caf9510bf624c32ea5a950/data/"
VOTE_CODES = {"yes": 1, "abstain": 2, "no": 3}
ISSUES = {
    "me": "Palestinian conflict (Middle East)",
    "nu": "Nuclear weapons and nuclear material",
    "di": "Arms control and disarmament",
    "hr": "Human rights",
    "co": "Colonialism",
    "ec": "Economic development",
}

SOURCE = Source(
    id="unvotes",
    title="UN General Assembly roll-call votes",
    version="unvotes (bensoltoff fork, sessions 1–77, to 2023)",
    licence="MIT (package); voting data CC0 (Dataverse)",
    origin="https://hdl.handle.net/1902.1/12379",
    coverage=(1946, 2023),
    description="Every recorded General Assembly vote of every member state.",
    citations=("voeten2009unga", "bailey2017jcr"),
    tables={
        "votes": (
            Column("rcid", "int", "roll-call id"),
            Column("year", "int", "calendar year of the vote"),
            Column("ccode", "Int64", "COW code of the voting state"),
            Column("vote", "category", "yes, abstain or no"),
            Column("vote_code", "int8", "1 yes, 2 abstain, 3 no"),
        ),
        "roll_calls": (
            Column("rcid", "int", "roll-call id"),
            Column("session", "int", "UNGA session"),
            Column("year", "int", "calendar year"),
            Column("important", "Int8", "1 if the US State Department listed it as important"),
        ),
        "issues": (
            Column("rcid", "int", "roll-call id"),
            Column("issue_code", "str", "me, nu, di, hr, co or ec"),
        ),
    },
)


def _roll_calls(paths: list[Path]) -> pd.DataFrame:
    df = read_r(paths[0])
    df["session"] = df["session"].astype(int)
    df["date"] = pd.to_datetime(df["date"])
    df["year"] = df["date"].dt.year.astype(int)
    df["important"] = pd.to_numeric(df.pop("importantvote"), errors="coerce").astype("Int8")
    return df[
        ["rcid", "session", "date", "year", "important", "unres", "amend", "para", "short", "descr"]
    ]


def _votes(paths: list[Path]) -> pd.DataFrame:
    from allydrift.countries import resolve_codes

    votes = read_r(paths[0])
    years = _roll_calls(paths[1:]).set_index("rcid")["year"]
    votes["year"] = votes["rcid"].map(years).astype(int)
    votes["ccode"] = resolve_codes(votes["country"], votes["year"]).array
    votes["vote"] = pd.Categorical(votes["vote"], categories=list(VOTE_CODES), ordered=True)
    votes["vote_code"] = votes["vote"].cat.codes.astype("int8") + 1
    votes = votes.rename(columns={"country_code": "iso2"})
    return votes[["rcid", "year", "country", "iso2", "ccode", "vote", "vote_code"]]


def _issues(paths: list[Path]) -> pd.DataFrame:
    df = read_r(paths[0]).rename(columns={"short_name": "issue_code"})
    df["issue"] = df["issue"].astype(str)
    return df[["rcid", "issue_code", "issue"]]


_TABLES = {
    "votes": TableSpec((_DATA + "un_votes.rda", _DATA + "un_roll_calls.rda"), _votes),
    "roll_calls": TableSpec((_DATA + "un_roll_calls.rda",), _roll_calls),
    "issues": TableSpec((_DATA + "un_roll_call_issues.rda",), _issues),
}


def load(table: str = "votes") -> pd.DataFrame:
    """Load ``votes`` (default), ``roll_calls`` or ``issues``."""
    return SOURCE.load_spec(_TABLES, table)
