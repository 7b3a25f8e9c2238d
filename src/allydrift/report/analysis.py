"""The cohesion index and drift analysis for a report, when those modules are installed.

``drift_analysis`` returns ``None`` (and the report hides the index sections) when
``allydrift.drift`` is not installed or cannot score the pair; the report never fails
because an optional analysis is missing.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from allydrift.countries import State
from allydrift.errors import AllydriftError

DRAWS = 200


def available() -> bool:
    """True if the index and drift modules are installed."""
    try:
        return all(importlib.util.find_spec(m) for m in ("allydrift.index", "allydrift.drift"))
    except ModuleNotFoundError:
        return False


def drift_analysis(a: State, b: State, years: tuple[int, int] | None) -> Any | None:
    """``allydrift.drift.analyse(a, b, years)``, or ``None`` if unavailable for this pair."""
    if not available():
        return None
    from allydrift.drift import analyse

    try:
        return analyse(a, b, years, draws=DRAWS)
    except AllydriftError:
        return None
