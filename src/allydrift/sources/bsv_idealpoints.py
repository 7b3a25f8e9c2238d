"""Bailey–Strezhnev–Voeten UN General Assembly ideal points (published estimates).

Table ``all`` (default; also ``important``, ``human_rights``, ``middle_east``, ``nuclear``,
``no_nukes`` from the April 2020 release, and ``all_2024`` from the June 2024 release):
``ccode`` (COW), ``iso3``, ``name``, ``session``, ``year`` (= 1945 + session), ``nvotes``,
``ideal`` (posterior mean), ``q05``/``q50``/``q95`` (posterior quantiles), ``subset``.
Do not mix releases in one series: they are separate MCMC runs.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allydrift.sources.base import Column, Source, TableSpec

_REPO = "a6dce7ec687f73a738593319a57b91333b7a3cab/Output/"
_SUBSETS = {
    "all": "All",
    "important": "Important",
    "human_rights": "HumanRights",
    "middle_east": "MiddleEast",
    "nuclear": "Nuclear",
    "no_nukes": "NoNukes",
}

SOURCE = Source(
    id="bsv_idealpoints",
    title="UNGA ideal points (Bailey, Strezhnev & Voeten)",
    version="April 2020 (sessions 1–74); June 2024 (sessions 1–78)",
    licence="MIT (repository); ideal-point data CC0 (Dataverse)",
    origin="https://hdl.handle.net/1902.1/12379",
    coverage=(1946, 2023),
    description="Dynamic ideal points of each UN member from General Assembly votes.",
    citations=("bailey2017jcr",),
    tables={
        "all": (
            Column("ccode", "Int64", "COW state code"),
            Column("iso3", "str", "ISO 3166-1 alpha-3 code as given by the producers"),
            Column("session", "int", "UNGA session"),
            Column("year", "int", "1945 + session"),
            Column("nvotes", "int", "votes the state cast in the session"),
            Column("ideal", "float", "ideal point (posterior mean); higher = closer to the US"),
            Column("q05", "float", "5% posterior quantile"),
            Column("q95", "float", "95% posterior quantile"),
        )
    },
)


def _parse(paths: list[Path], subset: str, suffix: str = "") -> pd.DataFrame:
    path = paths[0]
    encoding = "utf-8" if "Jun2024" in path.name else "cp1252"
    raw = pd.read_csv(path, encoding=encoding)
    raw.columns = [c.replace(suffix, "") if suffix else c for c in raw.columns]
    df = pd.DataFrame(
        {
            "ccode": raw["ccode"].astype("Int64"),
            "iso3": raw["iso3c"].astype("str"),
            "name": raw["Countryname"].astype("str"),
            "session": raw["session"].astype(int),
            "year": raw["session"].astype(int) + 1945,
            "nvotes": raw["NVotes"].astype(int),
            "ideal": raw["IdealPoint"].astype(float),
            "q05": raw["Q5%"].astype(float),
            "q50": raw["Q50%"].astype(float),
            "q95": raw["Q95%"].astype(float),
        }
    )
    df["subset"] = subset
    return df


def _columns_suffix(subset: str) -> str:
    return (
        {"all": "", "all_2024": "All"}[subset]
        if subset in {"all", "all_2024"}
        else (_SUBSETS[subset])
    )


def _spec(subset: str) -> TableSpec:
    if subset == "all_2024":
        file = "98ab7b673cf2c6415f6e86ba2e63eee0b51f07ae/data/IdealpointestimatesAll_Jun2024.csv"
    else:
        file = f"{_REPO}Idealpointestimates{_SUBSETS[subset]}_Apr2020.csv"
    return TableSpec((file,), lambda p: _parse(p, subset, _columns_suffix(subset)))


_TABLES = {name: _spec(name) for name in [*_SUBSETS, "all_2024"]}


def load(table: str = "all") -> pd.DataFrame:
    """Load one release/subset of ideal points (see the module docstring)."""
    return SOURCE.load_spec(_TABLES, table)
