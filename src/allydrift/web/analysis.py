"""Index, drift and rank: shown only when ``allydrift.index`` / ``allydrift.drift`` exist.

Until those modules are installed, the app hides these features: no endpoints are
registered and the dashboard shows the indicators alone.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from fastapi import APIRouter

from allydrift.countries import State
from allydrift.web.params import Span


def router() -> APIRouter:
    """The analysis endpoints available in this installation."""
    return APIRouter(prefix="/api/v1", tags=["analysis"])


def dyad_extras(
    svc: Any, a: State, b: State, span: tuple[int, int], labels: tuple[str, str]
) -> dict[str, Any]:
    """Index chart, events and findings for the dyad page (empty when not installed)."""
    return {}


def compare_measures() -> list[tuple[str, str]]:
    """Extra measures for the compare page (the index, when installed)."""
    return []


def compare_rows(
    svc: Any, pairs: list[tuple[State, State]], column: str, years: Span
) -> pd.DataFrame | None:
    """Long rows of an analysis measure for several dyads, or ``None`` for indicators."""
    return None
