"""Simulated GDP, population and surplus domestic product (Fariss et al.; Anders et al.).

Tables
------
``cow`` (default): isard ``cw_gdppop``, COW state-years 1816–2019 — ``ccode``, ``year``,
``mrgdppc`` (real GDP per capita, Maddison-based, constant PPP dollars), ``pwtrgdp`` (real
GDP, millions of constant PPP dollars, Penn World Table-based), ``pwtpop`` (population,
millions), each with an ``sd_`` column (the standard deviation of the simulations).
Fariss et al. work in the Gleditsch–Ward list; isard maps them to COW codes.
``gw``: isard ``gw_gdppop``, the same keyed by ``gwcode``.
``sdp``: peacesciencer ``cow_sdp_gdp``, COW state-years 1800–2016 in **natural logs** —
``ccode``, ``year``, ``wbgdp2011est`` (GDP, 2011 USD), ``wbpopest`` (population),
``sdpest`` (surplus domestic product), ``wbgdppc2011est`` (GDP per capita). Every 2016
value is missing in this file.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allydrift.sources.base import Column, Source, TableSpec
from allydrift.sources.rdata import as_int, read_r

_ISARD = "46944ad97a5532cd8e3b33129463c8435a69846a/data/"
_PS = "6e427d057bc9cd0cb83fea07d3c324d385681ea0/R/peacesciencer/"
COVERAGE = (1816, 2019)

SOURCE = Source(
    id="gdp_pop",
    title="Simulated GDP, population and surplus domestic product",
    version="isard 0.2.0 (Fariss et al. 2022); peacesciencer extdata (Anders et al. 2020)",
    licence="isard GPL-2; producers' terms",
    origin="https://doi.org/10.1177/00220027211054432",
    coverage=COVERAGE,
    description="Latent estimates of each state's economy and population since 1816.",
    citations=("fariss2022gdp", "anders2020sdp", "miller2022peacesciencer"),
    tables={
        "cow": (
            Column("ccode", "Int64", "COW code"),
            Column("year", "int", "year"),
            Column("mrgdppc", "float", "real GDP per capita (constant PPP dollars)"),
            Column("pwtrgdp", "float", "real GDP, millions of constant PPP dollars"),
            Column("pwtpop", "float", "population, millions"),
        ),
        "gw": (
            Column("gwcode", "Int64", "Gleditsch–Ward code"),
            Column("year", "int", "year"),
            Column("pwtpop", "float", "population, millions"),
        ),
        "sdp": (
            Column("ccode", "Int64", "COW code"),
            Column("year", "int", "year"),
            Column("wbgdp2011est", "float", "log GDP (2011 USD)"),
            Column("wbpopest", "float", "log population"),
            Column("sdpest", "float", "log surplus domestic product"),
        ),
    },
)


def _parse(paths: list[Path], code: str) -> pd.DataFrame:
    df = as_int(read_r(paths[0]), [code])
    df["year"] = df["year"].astype(int)
    return df.reset_index(drop=True)


_TABLES = {
    "cow": TableSpec((_ISARD + "cw_gdppop.rda",), lambda p: _parse(p, "ccode")),
    "gw": TableSpec((_ISARD + "gw_gdppop.rda",), lambda p: _parse(p, "gwcode")),
    "sdp": TableSpec((_PS + "cow_sdp_gdp.rds",), lambda p: _parse(p, "ccode")),
}


def load(table: str = "cow") -> pd.DataFrame:
    """Load ``cow`` (default), ``gw`` or ``sdp``."""
    return SOURCE.load_spec(_TABLES, table)
