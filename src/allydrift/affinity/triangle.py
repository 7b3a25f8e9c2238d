"""The abandonment triangle: is the senior partner closer to the rival than to the junior?

For senior S, junior J and rival R, ``gap = affinity(S, R) − affinity(S, J)`` per year.
A positive gap means S votes more like R than like J — the junior partner's fear of being
abandoned (or of a deal over its head). For ``ideal_distance``, where lower means closer,
``gap = distance(S, J) − distance(S, R)``, so positive still means "S closer to R".
"""

from __future__ import annotations

import pandas as pd

from allydrift.affinity.idealpoints import ideal_distance_table, require_ideal
from allydrift.affinity.measures import MEASURES, check_measures
from allydrift.affinity.tables import affinity_rows, column, label, state_of
from allydrift.affinity.votes import check_subsets, span_text
from allydrift.countries import State
from allydrift.countries.resolver import require_ccode
from allydrift.errors import CoverageError, InputError
from allydrift.vocabulary import Years

TRIANGLE_MEASURES = (*MEASURES, "ideal_distance")
SIDES = ("senior_junior", "senior_rival", "junior_rival")


def _values(pairs: list[tuple[int, int]], measure: str, subset: str, years: Years) -> pd.DataFrame:
    """Rows ``ccode1 < ccode2``, ``year``, ``value`` of ``measure`` for ``pairs``."""
    if measure == "ideal_distance":
        if subset != "all":
            msg = (
                f"subset '{subset}' applies to the vote measures only; ideal_distance uses "
                "the published ideal points from all votes. Drop the subset."
            )
            raise InputError(msg)
        table = ideal_distance_table(pairs, years)
        require_ideal(table, years, "all", "these states")
        return table.rename(columns={"ideal_distance": "value"})
    rows = affinity_rows(pairs, years, [measure], [subset])
    return rows.rename(columns={column(measure, subset): "value"})


def abandonment_triangle(
    senior: str | int | State,
    junior: str | int | State,
    rival: str | int | State,
    measure: str = "agreement",
    years: Years = None,
    subset: str = "all",
) -> pd.DataFrame:
    """Per-year affinity of the three sides of a senior–junior–rival triangle.

    Parameters
    ----------
    senior, junior, rival : name, ISO3 or COW code
        E.g. ``"USA", "JPN", "CHN"``.
    measure : str
        ``agreement`` (default), ``sscore``, ``kappa``, ``pi`` or ``ideal_distance``.
    years : (first, last), optional
        Inclusive span of years.
    subset : str
        Vote subset for the vote measures: ``all``, ``important`` or an issue code.

    Returns
    -------
    DataFrame
        ``year``, ``senior``, ``junior``, ``rival`` (ISO3), ``senior_junior``,
        ``senior_rival``, ``junior_rival`` and ``gap`` (positive: the senior is closer to
        the rival than to the junior). Years in which no side has a value are dropped.
    """
    states = [state_of(x) for x in (senior, junior, rival)]
    codes = [require_ccode(s) for s in states]
    if len(set(codes)) < 3:
        named = ", ".join(map(str, states))
        msg = f"a triangle needs three different states; got {named}"
        raise InputError(msg)
    if measure not in TRIANGLE_MEASURES:
        (measure,) = check_measures([measure])
    check_subsets([subset])
    s, j, r = codes
    sides = dict(zip(SIDES, [(s, j), (s, r), (j, r)], strict=True))
    values = _values(list(sides.values()), measure, subset, years)
    out = pd.DataFrame({"year": pd.Series(dtype="int32")})
    for name, (a, b) in sides.items():
        lo, hi = min(a, b), max(a, b)
        side = values[(values["ccode1"] == lo) & (values["ccode2"] == hi)]
        side = side[["year", "value"]].rename(columns={"value": name})
        out = out.merge(side, on="year", how="outer")
    if out.empty:
        raise CoverageError(
            f"no {measure} values for any side of {', '.join(map(str, states))}"
            + (f" in {span_text(years)}" if years else "")
            + ". Check that the states were UN members then."
        )
    sign = -1.0 if measure == "ideal_distance" else 1.0
    out["gap"] = sign * (out["senior_rival"] - out["senior_junior"])
    for pos, (role, state) in enumerate(zip(("senior", "junior", "rival"), states, strict=True)):
        out.insert(1 + pos, role, label(state))
    return out.sort_values("year", ignore_index=True)
