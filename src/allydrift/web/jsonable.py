"""Plain, JSON-ready values from DataFrames, NumPy scalars and states."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd
from markupsafe import Markup

from allydrift.countries import State


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of ``df`` as dicts of plain Python values, missing values as ``None``."""
    out = df.astype(object).where(df.notna(), None)
    return [{k: plain(v) for k, v in row.items()} for row in out.to_dict(orient="records")]


def plain(value: Any) -> Any:
    """A JSON-serialisable Python value for a NumPy or pandas scalar."""
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, float) and np.isnan(value):
        return None
    return value


def state_record(state: State) -> dict[str, Any]:
    """The public fields of a state."""
    return {
        "ccode": state.ccode,
        "gwcode": state.gwcode,
        "iso3": state.iso3,
        "iso2": state.iso2,
        "name": state.name,
        "abb": state.abb,
        "start_year": state.start_year,
        "end_year": state.end_year,
    }


def state_label(state: State) -> str:
    """The short code used in URLs and file names (ISO3, else the COW abbreviation)."""
    return state.iso3 or state.abb


def spec_json(spec: dict[str, Any]) -> Markup:
    """A Vega-Lite spec as JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(spec, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)
