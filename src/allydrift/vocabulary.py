"""The shared vocabulary: keys, pairs, years, dimensions and their labels, filters, spans.

The lowest module of the package (it imports only pandas and ``errors``): every layer
imports these names downward from here, so no lower layer reaches up for them.
"""

from __future__ import annotations

import pandas as pd

from allydrift.errors import InputError

KEYS = ["ccode1", "ccode2", "year"]
STATE_KEYS = ["ccode", "year"]

Pairs = list[tuple[int, int]] | None
Years = tuple[int, int] | None

DIMENSIONS = (
    "world_view",
    "values",
    "history",
    "burden_sharing",
    "presence",
    "threat",
    "ties",
)

# Short label and the question each dimension asks (from the debate, see DESIGN.md).
DIMENSION_LABELS = {
    "world_view": "World view",
    "values": "Values",
    "history": "History",
    "burden_sharing": "Burden sharing",
    "presence": "Presence",
    "threat": "Threat",
    "ties": "Ties",
}
# The cohesion model's latents: the dimensions, plus hostility between the pair (its own
# disputes, wars on opposite sides and rivalry; indicators of the threat dimension).
LATENT_LABELS = {**DIMENSION_LABELS, "hostility": "Hostility between them"}
DIMENSION_QUESTIONS = {
    "world_view": "do they see the world alike?",
    "values": "same political values, same view of force?",
    "history": "is the past a wedge?",
    "burden_sharing": "an equal partnership?",
    "presence": "is the foreign garrison a strain?",
    "threat": "do they fear the same enemies?",
    "ties": "are they working together?",
}

# The rivals whose mentions in speeches the threat dimension counts (key: ISO3).
THREAT_ACTORS = {"china": "CHN", "north_korea": "PRK", "russia": "RUS"}


def dimension_title(dimension: str) -> str:
    """``World view — do they see the world alike?`` (the name itself if unknown)."""
    if dimension not in DIMENSION_LABELS:
        return dimension
    return f"{DIMENSION_LABELS[dimension]} — {DIMENSION_QUESTIONS[dimension]}"


def dimension_label(dimension: str) -> str:
    """``World view`` (the name itself if unknown)."""
    return DIMENSION_LABELS.get(dimension, dimension)


def dimension_order(dimension: str) -> int:
    """Position of ``dimension`` in ``DIMENSIONS`` (unknown ones last)."""
    return DIMENSIONS.index(dimension) if dimension in DIMENSIONS else len(DIMENSIONS)


def check_span(years: Years) -> Years:
    """``years`` if it runs forward (or is ``None``), else an ``InputError``."""
    if years is not None and years[0] > years[1]:
        msg = f"a year span must run forward; got {years[0]}–{years[1]}"
        raise InputError(msg)
    return years


def clip_span(years: Years, coverage: tuple[int, int]) -> tuple[int, int] | None:
    """The part of ``years`` (all if ``None``) within ``coverage``, or ``None``."""
    first = coverage[0] if years is None else max(years[0], coverage[0])
    last = coverage[1] if years is None else min(years[1], coverage[1])
    return (first, last) if first <= last else None


def filter_pairs(df: pd.DataFrame, pairs: Pairs, undirected: bool) -> pd.DataFrame:
    """Keep the rows of ``df`` (``ccode1``, ``ccode2``) that are in ``pairs``."""
    if pairs is None:
        return df
    wanted = {(min(a, b), max(a, b)) if undirected else (a, b) for a, b in pairs}
    idx = pd.MultiIndex.from_arrays([df["ccode1"], df["ccode2"]])
    return df[idx.isin(list(wanted))]


def filter_states(df: pd.DataFrame, pairs: Pairs, column: str = "ccode") -> pd.DataFrame:
    """Keep the rows of a state-year table whose state occurs in ``pairs``."""
    if pairs is None:
        return df
    wanted = {c for pair in pairs for c in pair}
    return df[df[column].isin(wanted)]


def filter_years(df: pd.DataFrame, years: Years) -> pd.DataFrame:
    """Keep the rows within ``years`` (inclusive)."""
    if years is None:
        return df
    return df[(df["year"] >= years[0]) & (df["year"] <= years[1])]
