"""Countries: one resolver from names and codes to states, aware of history."""

from allydrift.countries.resolver import (
    State,
    ccodes_from_iso3,
    normalise,
    resolve,
    resolve_codes,
    resolve_pair,
)
from allydrift.countries.states import state_years, states

__all__ = [
    "State",
    "ccodes_from_iso3",
    "normalise",
    "resolve",
    "resolve_codes",
    "resolve_pair",
    "state_years",
    "states",
]
