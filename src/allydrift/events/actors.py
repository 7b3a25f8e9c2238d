"""Map event actors' country codes and names to COW state codes.

GDELT gives a CAMEO country code (``Actor1CountryCode``), nearly always an ISO 3166
alpha-3 code; ICEWS gives a country name (``Source Country``). Both become COW codes
through the project's resolver (``allydrift.countries``), year-aware where one code has
named different states (``DEU`` is West Germany, COW 260, before October 1990).

The result is two small tables joined to the events inside the engine: ``default``
(``key``, ``ccode``) for every key, and ``by_year`` (``key``, ``year``, ``ccode``) for
the years in which a key names another state than its default. Regional and
non-state codes (``EUR``, ``AFR``, ``PSE``, ``HKG`` …) map to no state.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import pandas as pd

from allydrift.errors import UnknownStateError

# CAMEO country codes that differ from the ISO3 code the state list uses.
CAMEO_TO_ISO3 = {
    "ROM": "ROU",  # Romania (the pre-2002 ISO code)
    "TMP": "TLS",  # East Timor
    "ZAR": "COD",  # Zaire / DR Congo
    "KSV": "XKX",  # Kosovo
    "SCG": "SRB",  # Serbia and Montenegro
    "YUG": "SRB",  # Yugoslavia (COW 345)
    "USR": "RUS",  # Soviet Union (COW 365)
}

DEFAULT_SCHEMA = {"key": "string", "ccode": "int32"}
BY_YEAR_SCHEMA = {"key": "string", "year": "int32", "ccode": "int32"}


def _state_years() -> range:
    from allydrift.countries import state_years

    years = state_years()["year"]
    return range(int(years.min()), int(years.max()) + 1)


@cache
def cameo_maps() -> tuple[pd.DataFrame, pd.DataFrame]:
    """``default`` and ``by_year`` maps for every CAMEO country code of a state."""
    from allydrift.countries import resolve, states
    from allydrift.countries.resolver import require_ccode

    table = states().dropna(subset=["iso3", "ccode"])
    keys = {iso3: iso3 for iso3 in table["iso3"]} | CAMEO_TO_ISO3
    default, by_year = [], []
    for key, iso3 in sorted(keys.items()):
        candidates = table[table["iso3"] == iso3]
        if candidates.empty:
            continue
        first = (
            require_ccode(resolve(iso3)) if len(candidates) > 1 else int(candidates.ccode.iloc[0])
        )
        default.append((key, first))
        if len(candidates) > 1:
            by_year.extend(_year_rows(key, iso3, first, set(candidates["ccode"].astype(int))))
    return _frames(default, by_year)


def _year_rows(key: str, name: str, default: int, allowed: set[int] | None) -> list[tuple]:
    from allydrift.countries import resolve

    rows = []
    for year in _state_years():
        code = resolve(name, year).ccode
        if code is not None and code != default and (allowed is None or code in allowed):
            rows.append((key, year, int(code)))
    return rows


def name_maps(names: Iterable[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``default`` and ``by_year`` maps for country names (ICEWS), via ``resolve``."""
    from allydrift.countries import resolve

    default, by_year = [], []
    for name in sorted({n for n in names if isinstance(n, str) and n}):
        try:
            state = resolve(name)
        except UnknownStateError:
            continue
        if state.ccode is None:
            continue
        default.append((name, int(state.ccode)))
        by_year.extend(_year_rows(name, name, int(state.ccode), None))
    return _frames(default, by_year)


def _frames(default: list[tuple], by_year: list[tuple]) -> tuple[pd.DataFrame, pd.DataFrame]:
    d = pd.DataFrame(default, columns=list(DEFAULT_SCHEMA)).astype({"ccode": "int32"})
    y = pd.DataFrame(by_year, columns=list(BY_YEAR_SCHEMA)).astype(
        {"year": "int32", "ccode": "int32"}
    )
    return d, y
