"""Wide views of the materialised panel: one dyad's years, or indicator columns on a
dyad-year table (the panel layer: above the indicators, the verbs and the panel store)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from allydrift import materialised
from allydrift.countries import State, resolve_pair
from allydrift.errors import CoverageError, InputError, MissingExtraError, OptionalDataError
from allydrift.indicators import get, registered
from allydrift.verbs import merge_dyadic, merge_monadic
from allydrift.vocabulary import Years


def dyad_panel(
    a: str | int | State,
    b: str | int | State,
    years: Years = None,
    names: Iterable[str] | None = None,
    skip_unavailable: bool | None = None,
) -> pd.DataFrame:
    """One row per year for the pair (a, b), one column per indicator.

    Monadic indicators appear twice, as ``<name>_1`` (state a) and ``<name>_2`` (state b).
    With ``skip_unavailable`` (the default when ``names`` is not given), indicators that
    need an optional extra or a derived data set not computed yet (speech embeddings) are
    left out and listed, with the reason, in ``panel.attrs["unavailable"]``.


    Years that no selected source covers are dropped; a source that does not cover a year
    leaves its column missing, never zero. Rows are read from the materialised panel
    (``allydrift.materialised``), which is built first where it is missing.
    """
    sa, sb = resolve_pair(a, b)
    if skip_unavailable is None:
        skip_unavailable = names is None

    inds = [get(n) for n in names] if names is not None else list(registered().values())
    if years is not None and years[0] > years[1]:
        msg = f"a year span must run forward; got {years[0]}–{years[1]}"
        raise InputError(msg)
    columns: list[pd.Series] = []
    if sa.ccode is None or sb.ccode is None:  # resolve_pair guarantees both
        msg = f"both states need a COW code; got {sa}, {sb}"
        raise InputError(msg)
    pair = [(sa.ccode, sb.ccode)]
    unavailable: dict[str, str] = {}
    materialised.ensure(inds)
    for ind in inds:
        try:
            rows = materialised.read(ind, pair, years)
        except (MissingExtraError, OptionalDataError) as exc:
            if not skip_unavailable:
                raise
            unavailable[ind.name] = str(exc)
            continue
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
        msg = (
            f"no data for {sa} and {sb} in {years[0]}–{years[1]}: the indicators together "
            f"cover {covers}. Choose years within that span (`allydrift indicators` lists "
            "each indicator's coverage)."
        )
        raise CoverageError(msg)

    wide.index.name = "year"
    wide = wide.reset_index()
    wide.insert(0, "state_b", sb.iso3 or sb.abb)
    wide.attrs["unavailable"] = unavailable
    wide.insert(0, "state_a", sa.iso3 or sa.abb)
    return wide


def add_indicators(dyads: pd.DataFrame, names: Iterable[str]) -> pd.DataFrame:
    """Attach indicator columns to a COW dyad-year table without changing its row count."""
    out = dyads
    for name in names:
        ind = get(name)
        rows = materialised.read(ind)
        rows = rows.rename(columns={"value": name})
        if ind.kind == "monadic":
            out = merge_monadic(out, rows, [name])
        else:
            out = merge_dyadic(out, rows, [name], undirected=ind.kind == "undirected")

    return out
