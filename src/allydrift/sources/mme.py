"""Multinational Military Exercises (MME v7), 1980–2010, as exercise-participant-years.

Table ``participants`` (default): one row per exercise, participating state and year the
exercise was under way (an exercise that runs from December into January is a row in
both years) —

- ``mme_id``: exercise id (``mme100`` …). Three ids (mme3457, mme3458, mme3460) each
  name two different exercises that began in different years (mme3460: U.S. Marines in
  Ukraine, 1995, and a Chinese–Japanese–Korean drill off Shanghai, 2005), so an exercise
  is identified by (``mme_id``, ``start_year``): 3,707 exercises;
- ``exercise``, ``series``: exercise name and series name (series often missing);
- ``year``: a year the exercise was under way; ``start_year``, ``end_year``;
- ``country``: the participant as named in the data; ``gwcode``: its Gleditsch–Ward code
  (missing for microstates the G-W list leaves out, e.g. Antigua & Barbuda, Tonga);
- ``ccode``: COW code, from the G-W code through the CoW↔G-W crosswalk of that year
  (unified Germany is G-W 260 but COW 255), or from the name where G-W has none;
- ``cpx``, ``air``, ``land``, ``sea``, ``amphibious``, ``cyber`` (domains), ``warfighting``,
  ``peacekeeping``, ``humanitarian`` (purposes): 0/1;
- ``participant_count``: number of participants the producers counted.

Rows of unknown participants (country ``-9``) and of non-states (NATO, Hong Kong,
"Baltic States", dependent territories) are dropped; a state listed twice in one
exercise-year is kept once.

The data have 13,818 rows; 13,584 remain.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allydrift.sources.base import Column, Source, TableSpec

_RAW = "3946bcf89a6d72de8abace812dc557f1f249f5f7/data-raw/"
EXERCISE = ["mme_id", "start_year"]  # what identifies an exercise
FLAGS = (
    "cpx",
    "air",
    "land",
    "sea",
    "amphibious",
    "cyber",
    "warfighting",
    "peacekeeping",
    "humanitarian",
)

SOURCE = Source(
    id="mme",
    title="Multinational Military Exercises (MME)",
    version="7 (troopdata data-raw/mme-v7-long.csv)",
    licence="Harvard Dataverse terms; troopdata GPL (>= 3)",
    origin="https://doi.org/10.7910/DVN/KHFODX",
    coverage=(1980, 2010),
    description="Which states exercised their armed forces together, exercise by exercise.",
    citations=("dorazio2021mme",),
    tables={
        "participants": (
            Column("mme_id", "str", "exercise id (with start_year: 3 ids name two exercises)"),
            Column("exercise", "str", "exercise name"),
            Column("series", "str", "exercise series (often missing)"),
            Column("year", "int", "a year the exercise was under way"),
            Column("start_year", "int", "year the exercise began"),
            Column("end_year", "int", "year the exercise ended"),
            Column("country", "str", "participant as named in the data"),
            Column("gwcode", "Int64", "Gleditsch–Ward code (missing for G-W microstates)"),
            Column("ccode", "Int64", "COW code of the participant"),
            *(Column(flag, "int8", f"1 if the exercise is {flag}") for flag in FLAGS),
            Column("participant_count", "int", "number of participants"),
        )
    },
)


def gw_to_cow(gwcodes: pd.Series, years: pd.Series) -> pd.Series:
    """COW code for each (G-W code, year), from the CoW↔G-W crosswalk; NA if none."""
    from allydrift.countries import state_years

    sy = state_years()
    cross = sy.loc[sy["system"] == "gw", ["gwcode", "year", "ccode"]].dropna()
    cross = cross.drop_duplicates(["gwcode", "year"]).astype("int64")
    left = pd.DataFrame({"gwcode": gwcodes.astype("Int64"), "year": years.astype("int64")})
    merged = left.merge(cross, on=["gwcode", "year"], how="left")
    return merged["ccode"].astype("Int64").set_axis(gwcodes.index)


def _participants(paths: list[Path]) -> pd.DataFrame:
    from allydrift.countries import resolve_codes

    raw = pd.read_csv(paths[0], na_values=["NA", "-9"], keep_default_na=True)
    raw = raw.rename(
        columns={
            "MMEID": "mme_id",
            "Ex_Name": "exercise",
            "Series_Name": "series",
            "s.year": "start_year",
            "e.year": "end_year",
            **{flag.capitalize(): flag for flag in FLAGS},
            "CPX": "cpx",
        }
    )
    raw = raw.dropna(subset=["country"])
    raw["gwcode"] = raw["gwcode"].astype("Int64")
    ccode = gw_to_cow(raw["gwcode"], raw["year"])
    by_name = resolve_codes(raw["country"], raw["year"]).set_axis(raw.index)
    raw["ccode"] = ccode.fillna(by_name)
    out = raw.dropna(subset=["ccode"]).drop_duplicates([*EXERCISE, "ccode", "year"])
    for col in ("year", "start_year", "end_year", "participant_count"):
        out[col] = out[col].astype(int)
    for flag in FLAGS:
        out[flag] = out[flag].fillna(0).astype("int8")
    cols = [c.name for c in SOURCE.tables["participants"]]
    return out[cols].reset_index(drop=True)


_TABLES = {
    "participants": TableSpec((_RAW + "mme-v7-long.csv",), _participants, version="2"),
}


def load(table: str = "participants") -> pd.DataFrame:
    """Load the exercise-participant-years (``participants``)."""
    return SOURCE.load_spec(_TABLES, table)
