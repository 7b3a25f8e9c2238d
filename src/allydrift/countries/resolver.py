"""Resolve any common identifier — name, ISO2, ISO3, COW or G-W code — to a state.

The resolver is aware of history: ``resolve("Germany", year=1970)`` is West Germany
(COW 260), ``resolve("Germany")`` today's Germany (COW 255); "Russia" and "USSR" are both
COW 365, as in the state lists. Unknown input raises ``UnknownStateError`` with the
closest suggestions.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import cast

import numpy as np
import pandas as pd

from allydrift.countries.aliases import ALIASES
from allydrift.errors import InputError, UnknownStateError


@dataclass(frozen=True)
class State:
    """A state in the COW (and, where it exists, the G-W) system."""

    ccode: int | None
    gwcode: int | None
    iso3: str | None
    iso2: str | None
    name: str
    abb: str
    start_year: int
    end_year: int

    def __str__(self) -> str:
        codes = ", ".join(
            x for x in (self.iso3, f"COW {self.ccode}" if self.ccode is not None else None) if x
        )
        return f"{self.name} ({codes})"

    @property
    def current_since(self) -> int:
        """First year of the state's latest unbroken spell in the system (Japan: 1952)."""
        years = sorted(_alive_years(self.ccode, self.gwcode))
        start = years[-1]
        for year in reversed(years):
            if year != start - 1 and year != start:
                break
            start = year
        return start

    def alive(self, year: int) -> bool:
        """True if the state is in the system in ``year`` (see ``years``)."""
        return year in _alive_years(self.ccode, self.gwcode)


def require_ccode(state: State) -> int:
    """The COW code of ``state``; ``InputError`` if it has none."""
    if state.ccode is None:
        msg = f"{state} has no COW code"
        raise InputError(msg)
    return state.ccode


def normalise(text: str) -> str:
    """Lower-case, strip accents and punctuation, fold '&' into 'and', drop a leading 'the'."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    text = text.lower().replace("&", " and ").replace("st.", "st ")
    text = re.sub(r"[^a-z0-9 ]+", " ", text.replace("'", "").replace("’", ""))
    text = re.sub(r"\s+", " ", text).strip()
    return text[4:] if text.startswith("the ") else text


@cache
def _alive_years(ccode: int | None, gwcode: int | None) -> frozenset[int]:
    from allydrift.countries.states import state_years

    sy = state_years()
    if ccode is not None:
        years = sy.loc[(sy["system"] == "cow") & (sy["ccode"] == ccode), "year"]
    else:
        years = sy.loc[(sy["system"] == "gw") & (sy["gwcode"] == gwcode), "year"]
    return frozenset(int(y) for y in years)


@cache
def _index() -> tuple[dict[str, list[State]], dict[int, State], dict[int, State]]:
    from allydrift.countries.states import states

    table = states()
    by_key: dict[str, list[State]] = {}
    by_cow: dict[int, State] = {}
    by_gw: dict[int, State] = {}
    objs = []
    for row in table.itertuples(index=False):
        state = State(
            ccode=None if pd.isna(row.ccode) else int(row.ccode),
            gwcode=None if pd.isna(row.gwcode) else int(row.gwcode),
            iso3=row.iso3 if isinstance(row.iso3, str) and row.iso3 else None,
            iso2=row.iso2 if isinstance(row.iso2, str) and row.iso2 else None,
            name=row.name,
            abb=row.abb,
            start_year=int(row.start_year),
            end_year=int(row.end_year),
        )
        objs.append((state, row.names))
        if state.ccode is not None:
            by_cow[state.ccode] = state
        if state.gwcode is not None:
            by_gw.setdefault(state.gwcode, state)
    # Priority when a key is ambiguous: ISO codes, then names, then COW abbreviations
    # ("AUS" is Australia, not Austria, whose COW abbreviation it also is).
    for state, _ in objs:
        for code in (state.iso3, state.iso2):
            if code:
                _add(by_key, normalise(code), state)
    for state, names in objs:
        for name in names:
            if name != state.abb:
                _add(by_key, normalise(name), state)
    for state, _ in objs:
        _add(by_key, normalise(state.abb), state)

    for key, codes in ALIASES.items():
        for ccode in codes:
            if ccode in by_cow:
                _add(by_key, key, by_cow[ccode])
    return by_key, by_cow, by_gw


def _add(index: dict[str, list[State]], key: str, state: State) -> None:
    bucket = index.setdefault(key, [])
    if state not in bucket:
        bucket.append(state)


def _pick(candidates: list[State], year: int | None) -> State:
    if year is not None:
        alive = [s for s in candidates if s.alive(year)]
        if alive:
            return alive[0]
    return max(candidates, key=lambda s: (s.end_year, -candidates.index(s)))


def _suggest(text: str) -> str:
    by_key, _, _ = _index()
    keys = difflib.get_close_matches(normalise(text), list(by_key), n=3, cutoff=0.6)
    seen: list[str] = []
    for key in keys:
        label = str(_pick(by_key[key], None))
        if label not in seen:
            seen.append(label)
    return f" — did you mean {' or '.join(seen)}?" if seen else ""


def resolve(identifier: str | int, year: int | None = None, system: str = "cow") -> State:
    """The state that ``identifier`` names (in ``year``, if given).

    Numbers are COW codes (or G-W codes with ``system="gw"``); strings may be a name,
    an ISO2/ISO3 code, a COW abbreviation or a code written as digits.
    """
    if not isinstance(identifier, (int, np.integer)):
        _check_name(str(identifier))
    by_key, by_cow, by_gw = _index()
    text = str(identifier).strip()
    if isinstance(identifier, (int, np.integer)) or (text.isascii() and text.isdigit()):
        code = int(identifier)
        table = by_gw if system == "gw" else by_cow
        if code in table:
            return table[code]
        msg = (
            f"{code} is not a {system.upper()} state code I know. Use `allydrift states` "
            "to list codes, or give a name or ISO3 code."
        )
        raise UnknownStateError(msg)
    key = normalise(str(identifier))
    if key in by_key:
        return _pick(by_key[key], year)
    msg = f"'{identifier}' is not a state I know{_suggest(str(identifier))}"
    raise UnknownStateError(msg)


MAX_NAME = 100


def _check_name(text: str) -> None:
    """Refuse a state name that is empty or longer than ``MAX_NAME`` without echoing it."""
    if len(text) > MAX_NAME:
        msg = (
            f"a state name is at most {MAX_NAME} characters; got {len(text):,}. "
            "Give a name, ISO3 or COW code (see `allydrift states`)"
        )
        raise UnknownStateError(msg)
    if not text.strip():
        msg = (
            "expected a state (name, ISO3 or COW code); got an empty name. "
            "See `allydrift states` for the list"
        )
        raise UnknownStateError(msg)


def resolve_codes(
    names: Iterable[str], years: Iterable[int] | None = None, column: str = "ccode"
) -> pd.Series:
    """Vectorised ``resolve``: a COW code (or ``column``) per name, NA where unknown."""
    names = pd.Series(list(names), dtype="object")
    yrs = (
        pd.Series(list(years), dtype="Int64")
        if years is not None
        else pd.Series([pd.NA] * len(cast("pd.Series", names)), dtype="Int64")
    )
    pairs = pd.DataFrame({"name": names, "year": yrs})
    unique = pairs.drop_duplicates()
    codes = []
    for name, year in unique.itertuples(index=False):
        try:
            state = resolve(name, None if pd.isna(year) else int(year))
            codes.append(getattr(state, column))
        except UnknownStateError:
            codes.append(None)
    unique = unique.assign(code=codes)
    merged = pairs.merge(unique, on=["name", "year"], how="left")
    dtype = "Int64" if column in {"ccode", "gwcode"} else "object"
    return merged["code"].astype(dtype).set_axis(range(len(merged)))


def ccodes_from_iso3(codes: Iterable[str]) -> pd.Series:
    """COW code per ISO3 code, NA where no COW state holds it.

    Unlike ``resolve``, a code is never read as a COW abbreviation ("AUS" is Australia,
    not Austria; "MNG" Mongolia, not Montenegro). A code held by two states (DEU: Germany
    and the German Federal Republic) goes to the one that lasts longest.
    """
    from allydrift.countries.states import states

    table = states().dropna(subset=["ccode", "iso3"]).sort_values("end_year")
    lookup = dict(zip(table["iso3"], table["ccode"].astype(int), strict=True))
    series = pd.Series(list(codes), dtype="object")
    return series.str.strip().str.upper().map(lookup).astype("Int64")


def resolve_pair(a: str | int | State, b: str | int | State) -> tuple[State, State]:
    """Two different states that both have a COW code (dyads are COW dyads)."""
    sa = a if isinstance(a, State) else resolve(a)
    sb = b if isinstance(b, State) else resolve(b)
    if sa.ccode is None or sb.ccode is None:
        msg = f"both states need a COW code for a dyad; got {sa}, {sb}"
        raise InputError(msg)
    if sa.ccode == sb.ccode:
        msg = f"a dyad needs two different states; got {sa} twice"
        raise InputError(msg)
    return sa, sb
