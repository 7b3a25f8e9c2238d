"""Wide views of indicators: one dyad's years, or indicator columns on a dyad-year table."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from allydrift.countries import State, resolve
from allydrift.errors import CoverageError, InputError
from allydrift.indicators import get, registered
from allydrift.indicators.registry import Years


def _pair(a: str | int | State, b: str | int | State) -> tuple[State, State]:
    sa = a if isinstance(a, State) else resolve(a)
    sb = b if isinstance(b, State) else resolve(b)
    if sa.ccode is None or sb.ccode is None:
        raise InputError(f"both states need a COW code for the indicators; got {sa}, {sb}")
    if sa.ccode == sb.ccode:
        raise InputError(f"a dyad needs two different states; got {sa} twice")
    return sa, sb


def dyad_panel(
    a: str | int | State,
    b: str | int | State,
    years: Years = None,
    names: Iterable[str] | None = None,
) -> pd.DataFrame:
    """One row per year for the pair (a, b), one column per indicator.

    Monadic indicators appear twice, as ``<name>_1`` (state a) and ``<name>_2`` (state b).
    Years that no selected source covers are dropped; a source that does not cover a year
    leaves its column missing, never zero.
    """
    sa, sb = _pair(a, b)
    inds = [get(n) for n in names] if names is not None else list(registered().values())
    if years is not None and years[0] > years[1]:
        raise InputError(f"a year span must run forward; got {years[0]}–{years[1]}")
    columns: list[pd.Series] = []
    pair = [(sa.ccode, sb.ccode)]
    for ind in inds:
        rows = ind.compute(pair, years)
        if ind.kind == "monadic":
            for suffix, code in (("_1", sa.ccode), ("_2", sb.ccode)):
                part = rows[rows["ccode"] == code].set_index("year")["value"]
                columns.append(part.rename(ind.name + suffix))
        else:
            if ind.kind == "directed":
                rows = rows[(rows["ccode1"] == sa.ccode) & (rows["ccode2"] == sb.ccode)]
            columns.append(rows.set_index("year")["value"].rename(ind.name))
    wide = pd.concat(columns, axis=1).sort_index() if columns else pd.DataFrame()
    if years is not None and wide.empty:
        spans = [i.coverage for i in inds if i.coverage]
        covers = f"{min(s[0] for s in spans)}–{max(s[1] for s in spans)}" if spans else "no years"
        raise CoverageError(
            f"no data for {sa} and {sb} in {years[0]}–{years[1]}: the indicators together "
            f"cover {covers}. Choose years within that span (`allydrift indicators` lists "
            "each indicator's coverage)."
        )

    wide.index.name = "year"
    wide = wide.reset_index()
    wide.insert(0, "state_b", sb.iso3 or sb.abb)
    wide.insert(0, "state_a", sa.iso3 or sa.abb)
    return wide


def add_indicators(dyads: pd.DataFrame, names: Iterable[str]) -> pd.DataFrame:
    """Attach indicator columns to a COW dyad-year table without changing its row count."""
    from allydrift.verbs import merge_dyadic, merge_monadic

    out = dyads
    for name in names:
        ind = get(name)
        rows = ind.compute(None, None)
        if ind.kind == "monadic":
            wide = rows.pivot_table(index=["ccode", "year"], values="value").reset_index()
            out = merge_monadic(out, wide.rename(columns={"value": name}), [name])
        else:
            wide = rows.rename(columns={"value": name}).drop(columns="indicator")
            out = merge_dyadic(out, wide, [name], undirected=ind.kind == "undirected")
    return out
