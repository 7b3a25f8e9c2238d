"""Correlates of War National Material Capabilities (NMC v7.0), state-years 1816–2022.

Table ``state_years``: ``ccode``, ``year``, ``milex`` (thousands; British pounds 1816–1913,
current USD from 1914), ``milper`` (thousands), ``irst``, ``pec``, ``tpop``, ``upop``
(thousands), ``cinc`` (share of world capabilities, 0–1). -9 codes are read as missing.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from allydrift.sources.base import Column, Source, TableSpec
from allydrift.sources.rdata import as_int, read_r

SOURCE = Source(
    id="cow_nmc",
    title="National Material Capabilities (Correlates of War)",
    version="7.0 (peacesciencer 1.2.9)",
    licence="free with citation (COW); GPL-2 (peacesciencer)",
    origin="https://correlatesofwar.org/data-sets/national-material-capabilities/",
    coverage=(1816, 2022),
    description="Military spending and personnel, industry, energy and population per state-year.",
    bibtex="""@incollection{singer1972nmc, author={Singer, J. David and Bremer, Stuart and Stuckey, John}, title={Capability Distribution, Uncertainty, and Major Power War, 1820--1965}, booktitle={Peace, War, and Numbers}, editor={Russett, Bruce}, publisher={Sage}, pages={19--48}, year={1972}}
@article{singer1987nmc, author={Singer, J. David}, title={Reconstructing the Correlates of War Dataset on Material Capabilities of States, 1816--1985}, journal={International Interactions}, volume={14}, number={2}, pages={115--132}, year={1987}}
@article{miller2022peacesciencer, author={Miller, Steven V.}, title={peacesciencer: An {R} Package for Quantitative Peace Science Research}, journal={Conflict Management and Peace Science}, volume={39}, number={6}, pages={755--779}, year={2022}, doi={10.1177/07388942221077926}}""",
    tables={
        "state_years": (
            Column("ccode", "Int64", "COW code"),
            Column("year", "int", "year"),
            Column(
                "milex", "float", "military expenditure, thousands (GBP to 1913, current USD after)"
            ),
            Column("milper", "float", "military personnel, thousands"),
            Column("tpop", "float", "total population, thousands"),
            Column("cinc", "float", "Composite Index of National Capability, 0–1"),
        )
    },
)


def _parse(paths: list[Path]) -> pd.DataFrame:
    df = as_int(read_r(paths[0]), ["ccode"])
    df["year"] = df["year"].astype(int)
    values = ["milex", "milper", "irst", "pec", "tpop", "upop", "cinc"]
    df[values] = df[values].astype(float).replace(-9.0, np.nan)
    return df


_TABLES = {
    "state_years": TableSpec(("fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data/cow_nmc.rda",), _parse)
}


def load(table: str = "state_years") -> pd.DataFrame:
    """Load the NMC state-years."""
    return SOURCE.load_spec(_TABLES, table)
