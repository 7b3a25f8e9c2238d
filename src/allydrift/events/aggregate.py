"""Dyad-period aggregates of events: counts by QuadClass, Goldstein, coverage shares.

Definitions (events whose two actors are different states; ``period`` is the first day of
the day, month or year):

- ``n_events`` and ``verbal_coop``, ``material_coop``, ``verbal_conflict``,
  ``material_conflict``: counts by QuadClass 1–4.
- ``goldstein_sum`` and ``goldstein_mean`` (= sum / ``n_events``).
- ``coop_share`` = (verbal + material cooperation) / ``n_events``.
- ``total1``, ``total2``: every event of the period with that state as either actor (any
  counterpart, states or not; a domestic event counts once) — how much news the state
  makes. ``share1`` = ``n_events`` / ``total1`` and ``share2`` = ``n_events`` / ``total2``
  normalise the dyad's count by each partner's media coverage.

Directed dyads keep actor 1 → actor 2; undirected ones put the smaller COW code first.
Goldstein sums are added as integer tenths (every CAMEO Goldstein score has one decimal)
so that every engine returns bit-identical sums and means whatever its summation order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from allydrift.errors import InputError
from allydrift.events.schema import QUAD_CLASSES

FREQS = ("day", "month", "year")


def _ibis() -> Any:
    import ibis

    return ibis


def _period(t: Any, freq: str) -> Any:
    ibis = _ibis()
    if freq == "day":
        return t.date
    if freq == "month":
        return ibis.date(t.date.year(), t.date.month(), 1)
    if freq == "year":
        return ibis.date(t.date.year(), 1, 1)
    msg = f"--freq must be one of {', '.join(FREQS)}; got '{freq}'"
    raise InputError(msg)


def _states_filter(t: Any, states: Sequence[int] | None, within: bool) -> Any:
    if not states:
        return t
    one, two = t.ccode1.isin(list(states)), t.ccode2.isin(list(states))
    return t.filter((one & two) if within else (one | two))


def partner_totals(events: Any, freq: str, states: Sequence[int] | None = None) -> Any:
    """Events per state and period with the state as either actor (``ccode``, ``period``)."""
    t = events.mutate(period=_period(events, freq))
    one = t.filter(t.ccode1.notnull()).select(ccode=t.ccode1, period=t.period)
    two = t.filter(t.ccode2.notnull() & (t.ccode1.isnull() | (t.ccode1 != t.ccode2)))
    both = one.union(two.select(ccode=two.ccode2, period=two.period), distinct=False)
    if states:
        both = both.filter(both.ccode.isin(list(states)))
    return both.group_by("ccode", "period").agg(total=both.count())


def dyad_period(
    events: Any,
    freq: str = "month",
    directed: bool = False,
    states: Sequence[int] | None = None,
    within: bool = False,
) -> Any:
    """The dyad-period table as an Ibis expression (see the module docstring).

    ``states`` (COW codes) keeps the dyads with at least one of them, or with both
    states among them if ``within`` (e.g. one pair).
    """
    ibis = _ibis()
    t = _states_filter(events, states, within)
    t = t.filter(t.ccode1.notnull() & t.ccode2.notnull() & (t.ccode1 != t.ccode2))
    a, b = (
        (t.ccode1, t.ccode2)
        if directed
        else (
            ibis.least(t.ccode1, t.ccode2),
            ibis.greatest(t.ccode1, t.ccode2),
        )
    )
    t = t.mutate(a=a, b=b, period=_period(t, freq), g10=(t.goldstein * 10).round().cast("int64"))
    counts = {name: (t.quad_class == q).cast("int64").sum() for q, name in QUAD_CLASSES.items()}
    agg = t.group_by(ccode1=t.a, ccode2=t.b, period=t.period).agg(
        n_events=t.count(), g10=t.g10.sum(), **counts
    )
    ten = ibis.literal(10.0, type="float64")
    n = agg.n_events.cast("float64")
    agg = agg.mutate(
        goldstein_sum=agg.g10.cast("float64") / ten,
        coop_share=(agg.verbal_coop + agg.material_coop).cast("float64") / n,
    )
    agg = agg.mutate(goldstein_mean=agg.goldstein_sum / n).drop("g10")
    totals = partner_totals(events, freq, states if within else None)
    t1 = totals.rename(ccode_t1="ccode", period_t1="period", total1="total")
    t2 = totals.rename(ccode_t2="ccode", period_t2="period", total2="total")
    out = agg.left_join(t1, (agg.ccode1 == t1.ccode_t1) & (agg.period == t1.period_t1))
    out = out.left_join(t2, (out.ccode2 == t2.ccode_t2) & (out.period == t2.period_t2))
    out = out.mutate(
        share1=out.n_events.cast("float64") / out.total1.cast("float64"),
        share2=out.n_events.cast("float64") / out.total2.cast("float64"),
    )
    cols = [
        "ccode1",
        "ccode2",
        "period",
        "n_events",
        *QUAD_CLASSES.values(),
        "goldstein_sum",
        "goldstein_mean",
        "coop_share",
        "total1",
        "total2",
        "share1",
        "share2",
    ]
    return out.select(*cols).order_by("ccode1", "ccode2", "period")
