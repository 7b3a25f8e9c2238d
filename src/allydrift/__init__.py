"""allydrift: is this alliance drifting apart or growing closer — and since when?

The public API, one import away: ``import allydrift as ad``.
"""

from __future__ import annotations

__version__ = "0.1.0"

from allydrift.countries import resolve, resolve_codes, states
from allydrift.dyads import create_dyad_years, create_state_years
from allydrift.export import write_panel
from allydrift.indicators import catalogue, compute
from allydrift.sources import cite, track_sources, versions
from allydrift.store import fetch, import_mirror
from allydrift.units import create_leader_dyad_years, filter_prd
from allydrift.verbs import (
    add_archigos,
    add_atop_alliance,
    add_capital_distance,
    add_contiguity,
    add_cow_majors,
    add_cow_war_inter,
    add_creg_fractionalization,
    add_democracy,
    add_ethnic_religion,
    add_gdp_pop,
    add_gml_mids,
    add_ideal_points,
    add_igos,
    add_minimum_distance,
    add_nk_missile_tests,
    add_nmc,
    add_rivalries,
    add_sipri_milex,
    add_spells,
    add_terrthreat,
    add_ucdp_acd,
    add_un_affinity,
    add_un_agreement,
    add_us_bases,
    add_us_construction,
    add_us_troops,
)
from allydrift.wide import add_indicators, dyad_panel

__all__ = [
    "add_archigos",
    "add_atop_alliance",
    "add_capital_distance",
    "add_contiguity",
    "add_cow_majors",
    "add_cow_war_inter",
    "add_creg_fractionalization",
    "add_democracy",
    "add_ethnic_religion",
    "add_gdp_pop",
    "add_gml_mids",
    "add_ideal_points",
    "add_igos",
    "add_indicators",
    "add_minimum_distance",
    "add_nk_missile_tests",
    "add_nmc",
    "add_rivalries",
    "add_sipri_milex",
    "add_spells",
    "add_terrthreat",
    "add_ucdp_acd",
    "add_un_affinity",
    "add_un_agreement",
    "add_us_bases",
    "add_us_construction",
    "add_us_troops",
    "build_report",
    "catalogue",
    "cite",
    "compute",
    "create_dyad_years",
    "create_leader_dyad_years",
    "create_state_years",
    "dyad_panel",
    "fetch",
    "filter_prd",
    "import_mirror",
    "resolve",
    "resolve_codes",
    "states",
    "track_sources",
    "versions",
    "write_panel",
]


def __getattr__(name: str) -> object:
    """Import the report module (Altair, Jinja) only when it is used."""
    if name == "build_report":
        from allydrift.report import build_report

        return build_report
    msg = f"module 'allydrift' has no attribute '{name}'"
    raise AttributeError(msg)
