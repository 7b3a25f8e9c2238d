"""Build a panel from a one-line spec: a unit, a state system and a chain of verbs.

``build_panel("dyad-year", "cow", "atop,nmc,contiguity,spells:gmlmid")`` is
``create_dyad_years("cow")`` followed by ``add_atop_alliance``, ``add_nmc``,
``add_contiguity`` and ``add_spells(event="gmlmidonset")`` (the event's verb, here
``add_gml_mids``, is added first if its column is missing). ``prd`` keeps the
politically relevant dyads.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from allydrift.errors import InputError, did_you_mean

UNITS = ("dyad-year", "state-year", "leader-dyad-year")


def verbs() -> dict[str, Callable[[pd.DataFrame], pd.DataFrame]]:
    """Spec name → verb."""
    from allydrift import units
    from allydrift import verbs as v

    return {
        "atop": v.add_atop_alliance,
        "nmc": v.add_nmc,
        "democracy": v.add_democracy,
        "gdp": v.add_gdp_pop,
        "gmlmid": v.add_gml_mids,
        "cowwar": v.add_cow_war_inter,
        "rivalries": v.add_rivalries,
        "terrthreat": v.add_terrthreat,
        "sipri": v.add_sipri_milex,
        "contiguity": v.add_contiguity,
        "capdist": v.add_capital_distance,
        "mindist": v.add_minimum_distance,
        "majors": v.add_cow_majors,
        "igos": v.add_igos,
        "ucdp": v.add_ucdp_acd,
        "archigos": v.add_archigos,
        "creg": v.add_creg_fractionalization,
        "prd": units.filter_prd,
    }


# the verb that creates each spell event, and the event column it makes
EVENTS = {
    "gmlmid": ("gmlmid", "gmlmidonset"),
    "cowinter": ("cowwar", "cowinteronset"),
    "cowwar": ("cowwar", "cowinteronset"),
    "ucdp": ("ucdp", "ucdponset"),
}


def parse(spec: str) -> list[tuple[str, str | None]]:
    """``"atop,spells:gmlmid"`` → ``[("atop", None), ("spells", "gmlmid")]``; unknown
    names raise with suggestions."""
    known = [*verbs(), "spells"]
    out: list[tuple[str, str | None]] = []
    for item in filter(None, (part.strip() for part in spec.split(","))):
        name, _, arg = item.partition(":")
        if name not in known:
            msg = (
                f"unknown verb '{name}' in --add{did_you_mean(name, known)} "
                f"Known: {', '.join(known)}."
            )
            raise InputError(msg)
        if name == "spells" and not arg:
            msg = "spells needs an event, e.g. spells:gmlmid or spells:<column>"
            raise InputError(msg)
        out.append((name, arg or None))
    return out


def build_panel(
    unit: str = "dyad-year",
    system: str = "cow",
    spec: str = "",
    years: tuple[int, int] | None = None,
    directed: bool = True,
) -> pd.DataFrame:
    """The base table of ``unit`` with every verb of ``spec`` applied in order."""
    from allydrift.dyads import create_dyad_years, create_state_years
    from allydrift.spells import add_spells
    from allydrift.units import create_leader_dyad_years

    if unit not in UNITS:
        msg = f"--unit must be one of {', '.join(UNITS)}; got '{unit}'"
        raise InputError(msg)
    steps = parse(spec)
    if unit == "dyad-year":
        df = create_dyad_years(system, directed=directed, years=years)
    elif unit == "state-year":
        df = create_state_years(system, years)
        df.attrs["allydrift_sources"] = ["state_system"]
    else:
        df = create_leader_dyad_years(system, directed=directed, years=years)
    table = verbs()
    for name, arg in steps:
        if name != "spells":
            df = table[name](df)
            continue
        verb, column = EVENTS.get(arg or "", (None, arg or ""))
        if verb is not None and column not in df.columns and f"{column}1" not in df.columns:
            df = table[verb](df)
        if column not in df.columns and f"{column}1" in df.columns:
            msg = (
                f"spells:{arg}: {column} is a per-state event; on dyads name one side, "
                f"e.g. spells:{column}1, or use --unit state-year"
            )
            raise InputError(msg)
        df = add_spells(df, event=column)
    return df
