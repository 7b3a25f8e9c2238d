"""Crossroads: projections of a dyad's cohesion, scenarios, and the abandonment question."""

from allydrift.scenario.projection import Projection, project
from allydrift.scenario.scenario_file import Scenario, load_scenario

__all__ = ["Projection", "Scenario", "load_scenario", "project"]
