"""The series that are validated, read through the public index API only.

``measures(pairs)`` returns one long table (``ccode1``, ``ccode2``, ``year``, ``measure``,
``value``): the overall index (``index``), each dimension (``dim:<name>``) and raw UN
vote agreement (``un_agreement``, the baseline). The index comes from
``allydrift.index.index_table`` (one call for all pairs) or, with
``engine="cohesion"``, from ``allydrift.index.cohesion`` pair by pair.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from allydrift.errors import InputError

OVERALL = "index"
NO_PACTS = "index_without_pacts"
BASELINE = "un_agreement"
ENGINES = ("table", "cohesion")
COLUMNS = ("score", "linked")
# Columns of index_table that are not a dimension score.
META = {
    "ccode1",
    "ccode2",
    "year",
    "score",
    "linked",
    "lower",
    "upper",
    "n_indicators",
    "n_dimensions",
    "weight_share",
    "composition_change",
}

Progress = Callable[[str], None]


def ordered(pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Unique pairs, smaller COW code first, sorted."""
    return sorted({(min(a, b), max(a, b)) for a, b in pairs})


def _long(frame: pd.DataFrame, column: str, measure: str) -> pd.DataFrame:
    out = frame[["ccode1", "ccode2", "year", column]].rename(columns={column: "value"})
    out = out.assign(measure=measure).dropna(subset=["value"])
    out["value"] = out["value"].astype(float)
    return out[["ccode1", "ccode2", "year", "measure", "value"]]


def dimension_columns(table: pd.DataFrame) -> list[str]:
    """The dimension columns of an index table: numeric, not in ``META``, not a band."""
    return [
        c
        for c in table.columns
        if c not in META
        and not str(c).endswith(("_lower", "_upper", "_n", "_se"))
        and pd.api.types.is_numeric_dtype(table[c])
        and not pd.api.types.is_bool_dtype(table[c])
    ]


def from_table(table: pd.DataFrame, column: str = "score") -> pd.DataFrame:
    """Long measures from an ``index_table``-shaped frame."""
    if column not in table.columns:
        msg = (
            f"the index table has no '{column}' column; it has {', '.join(map(str, table.columns))}"
        )
        raise InputError(msg)
    frames = [_long(table, column, OVERALL)]
    frames += [_long(table, d, f"dim:{d}") for d in dimension_columns(table)]
    return pd.concat(frames, ignore_index=True)


def index_measures(
    pairs: list[tuple[int, int]],
    years: tuple[int, int] | None = None,
    *,
    column: str = "score",
    engine: str = "table",
    progress: Progress | None = None,
) -> pd.DataFrame:
    """The overall index and its dimensions for ``pairs``, long."""
    if engine not in ENGINES:
        msg = f"engine must be one of {', '.join(ENGINES)}; got '{engine}'"
        raise InputError(msg)
    if column not in COLUMNS:
        msg = f"column must be one of {', '.join(COLUMNS)}; got '{column}'"
        raise InputError(msg)
    from allydrift import index

    if engine == "table":
        if progress:
            progress(f"index for {len(pairs)} dyads")
        return from_table(index.index_table(pairs, years), column)
    frames = []
    for a, b in pairs:
        if progress:
            progress(f"index {a}–{b}")
        frames.append(from_cohesion(index.cohesion(a, b, years, draws=0), column))
    return pd.concat(frames, ignore_index=True)


def from_cohesion(c: object, column: str = "score") -> pd.DataFrame:
    """Long measures from one ``Cohesion`` (its ``scores`` and ``dimensions`` tables)."""
    a, b = int(c.state_a.ccode), int(c.state_b.ccode)  # type: ignore[attr-defined]
    key = {"ccode1": min(a, b), "ccode2": max(a, b)}
    scores = c.scores.assign(**key)  # type: ignore[attr-defined]
    frames = [_long(scores, column, OVERALL)]
    dims = c.dimensions.assign(**key)  # type: ignore[attr-defined]
    for name, part in dims.groupby("dimension", sort=False):
        frames.append(_long(part, column, f"dim:{name}"))
    return pd.concat(frames, ignore_index=True)


def baseline(pairs: list[tuple[int, int]], years: tuple[int, int] | None = None) -> pd.DataFrame:
    """Raw UN General Assembly vote agreement for ``pairs``, long."""
    from allydrift.indicators import get

    rows = get(BASELINE).compute(pairs, years)
    lo = rows[["ccode1", "ccode2"]].min(axis=1)
    hi = rows[["ccode1", "ccode2"]].max(axis=1)
    rows = rows.assign(ccode1=lo, ccode2=hi)
    return _long(rows, "value", BASELINE)


def measures(
    pairs: Iterable[tuple[int, int]],
    years: tuple[int, int] | None = None,
    *,
    column: str = "score",
    engine: str = "table",
    progress: Progress | None = None,
) -> pd.DataFrame:
    """Every validated measure for ``pairs``: index, dimensions and the UN baseline."""
    ps = ordered(pairs)
    idx = index_measures(ps, years, column=column, engine=engine, progress=progress)
    return pd.concat([idx, baseline(ps, years)], ignore_index=True)


def without_pacts(
    pairs: list[tuple[int, int]], years: tuple[int, int] | None = None, column: str = "score"
) -> pd.DataFrame:
    """The overall index with the alliance-treaty indicators (``pact_*``) left out, long
    (measure ``index_without_pacts``), so that a known-group test whose groups are
    defined by treaties is not passed by construction. Empty if the index API cannot
    leave indicators out."""
    from allydrift import index
    from allydrift.index.core import usable

    try:
        kept, _ = usable(index.scored(), "allied", skip_unavailable=True)
        names_ = [i.name for i in kept if not i.name.startswith("pact_")]
        table = index.index_table(pairs, years, indicators=names_)
    except (TypeError, AttributeError, ImportError):
        return pd.DataFrame(columns=["ccode1", "ccode2", "year", "measure", "value"])
    return _long(table, column, NO_PACTS)


def names(frame: pd.DataFrame) -> list[str]:
    """Measure names in display order: index, dimensions, baseline."""
    found = list(dict.fromkeys(frame["measure"]))
    dims = [m for m in found if m.startswith("dim:")]
    return [m for m in (OVERALL, NO_PACTS, *dims, BASELINE) if m in found]
