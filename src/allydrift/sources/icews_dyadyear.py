"""ICEWS event counts by directed dyad-year and quad class, 2002–2014 (netify's ``icews``).

Table ``dyad_years`` (default): 298,376 directed dyad-years, every ordered pair of 152
countries in each year 2002–2014 (a pair without events is a row of zeros) —

- ``country1``, ``country2``: ICEWS names of the source (``i``) and target (``j``);
- ``iso3_1``, ``iso3_2``: their ISO3 codes; ``ccode1``, ``ccode2``: COW codes (from ISO3);
- ``year``;
- ``verb_coop``, ``matl_coop``, ``verb_conf``, ``matl_conf``: number of events from
  ``ccode1`` to ``ccode2`` in each CAMEO quad class (verbal / material cooperation,
  verbal / material conflict).

The netify package's covariates (polity2, GDP, population, region) are left out: other
sources provide them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allydrift.sources.base import Column, Source, TableSpec
from allydrift.sources.rdata import read_r

QUADS = {
    "verbCoop": "verb_coop",
    "matlCoop": "matl_coop",
    "verbConf": "verb_conf",
    "matlConf": "matl_conf",
}

SOURCE = Source(
    id="icews_dyadyear",
    title="ICEWS directed dyad-year event counts (netify)",
    version="netify 1.5.3 data(icews)",
    licence="GPL-3 (netify); ICEWS Dataverse terms",
    origin="https://doi.org/10.7910/DVN/28075",
    coverage=(2002, 2014),
    description="How often each state's government and media-reported actors cooperated "
    "with or opposed each other state, by year.",
    citations=("boschee2015icews", "minhas_netify"),
    tables={
        "dyad_years": (
            Column("country1", "str", "ICEWS name of the source state"),
            Column("country2", "str", "ICEWS name of the target state"),
            Column("iso3_1", "str", "ISO3 code of the source"),
            Column("iso3_2", "str", "ISO3 code of the target"),
            Column("ccode1", "Int64", "COW code of the source"),
            Column("ccode2", "Int64", "COW code of the target"),
            Column("year", "int", "year"),
            *(
                Column(q, "int", f"events source→target, {q.replace('_', ' ')}")
                for q in QUADS.values()
            ),
        )
    },
)


def _dyad_years(paths: list[Path]) -> pd.DataFrame:
    from allydrift.countries import ccodes_from_iso3

    raw = read_r(paths[0])
    out = pd.DataFrame(
        {
            "country1": raw["i"].astype(str),
            "country2": raw["j"].astype(str),
            "iso3_1": raw["i_iso3c"].astype(str),
            "iso3_2": raw["j_iso3c"].astype(str),
            "ccode1": ccodes_from_iso3(raw["i_iso3c"]).array,
            "ccode2": ccodes_from_iso3(raw["j_iso3c"]).array,
            "year": raw["year"].astype(int),
        }
    )
    for name, col in QUADS.items():
        out[col] = raw[name].astype("int64")
    return out


_TABLES = {"dyad_years": TableSpec(("data/icews.rda",), _dyad_years)}


def load(table: str = "dyad_years") -> pd.DataFrame:
    """Load the directed dyad-year event counts."""
    return SOURCE.load_spec(_TABLES, table)
