"""Countries: one resolver from names and codes to states, aware of history."""

from allydrift.countries.resolver import State, normalise, resolve, resolve_codes
from allydrift.countries.states import state_years, states

__all__ = ["State", "normalise", "resolve", "resolve_codes", "state_years", "states"]
