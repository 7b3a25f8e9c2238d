"""Fit dynamic ordinal ideal points to UN General Assembly roll calls."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.stats import norm

from allydrift.errors import AllydriftError, InputError
from allydrift.ideal import engine, uncertainty
from allydrift.ideal.data import RollCallData, build, describe, select_votes, years_span
from allydrift.ideal.engine import Priors

CITATIONS = ("bailey2017jcr", "imai2016fast", "varadhan2008squarem")
FALLBACK_ANCHORS = (2, 200, 220, 20, 666)  # USA, UK, France, Canada, Israel
UNCERTAINTY = ("laplace", "bootstrap", "none")


@dataclass
class IdealFit:
    """Result of ``fit``.

    Attributes
    ----------
    points
        One row per state-period: ``ccode``, ``iso3``, ``year`` (session year ``1945 +
        session``, or calendar year with ``period="year"``), ``ideal`` (posterior mode;
        mean 0 and sd 1 over all rows, the anchor state positive), ``sd``, ``lo``, ``hi``
        (interval at ``level``) and ``n_votes`` (contested votes used).
    items
        One row per item: ``item`` (first ``rcid`` of a bridged chain), ``n_rollcalls``,
        ``beta`` (discrimination; positive: states on the right vote no more often) and the
        cutpoints ``cut1`` (yes | abstain) and ``cut2`` (abstain | no; NA when the item
        received only two categories).
    """

    points: pd.DataFrame
    items: pd.DataFrame
    iterations: int
    converged: bool
    seconds: float
    anchor: int | None
    priors: Priors
    uncertainty: str
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    def __repr__(self) -> str:
        c = self.counts
        return (
            f"IdealFit({c.get('states', 0)} states, {c.get('state_periods', 0)} state-years, "
            f"{c.get('roll_calls', 0)} roll calls, {self.iterations} iterations, "
            f"converged={self.converged}, {self.seconds:.2f} s)"
        )


def _load_tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    from allydrift.sources import unvotes

    return unvotes.load("votes"), unvotes.load("roll_calls"), unvotes.load("issues")


def _anchor_ccode(anchor: str | int | None, points: pd.DataFrame) -> int | None:
    present = set(points["ccode"].tolist())
    if anchor is not None:
        code = int(anchor) if isinstance(anchor, (int, np.integer)) else _resolve(anchor)
        if code in present:
            return code
    for code in FALLBACK_ANCHORS:
        if code in present:
            return code
    counts = points.groupby("ccode").size()
    return int(counts.idxmax()) if len(counts) else None


def _resolve(name: str) -> int:
    from allydrift.countries import resolve

    state = resolve(name)
    if state.ccode is None:
        msg = f"{state} has no COW code; give the anchor as a COW code"
        raise InputError(msg)
    return int(state.ccode)


def _iso3(ccodes: pd.Series) -> pd.Series:
    try:
        from allydrift.countries import states

        table = states()
        lookup = dict(zip(table["ccode"].dropna().astype(int), table["iso3"], strict=False))
    except AllydriftError:
        lookup = {}
    return ccodes.map(lookup).astype("string")


def _points_table(
    data: RollCallData, theta: np.ndarray, sd: np.ndarray, lo: np.ndarray, hi: np.ndarray
) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "ccode": data.points["ccode"].astype("int64").to_numpy(),
            "year": data.points["period"].astype("int64").to_numpy(),
            "ideal": theta,
            "sd": sd,
            "lo": lo,
            "hi": hi,
            "n_votes": np.bincount(data.point, minlength=len(data.points)),
        }
    )
    out.insert(1, "iso3", _iso3(out["ccode"]).to_numpy())
    return out


def _items_table(data: RollCallData, params: engine.Params) -> pd.DataFrame:
    cut2 = np.where(data.ncat == 3, params.cuts[:, 1], np.nan)
    return pd.DataFrame(
        {
            "item": data.items.astype("int64"),
            "n_rollcalls": data.n_rollcalls.astype("int64"),
            "beta": params.beta,
            "cut1": params.cuts[:, 0],
            "cut2": cut2,
        }
    )


def _intervals(
    how: str,
    lay: engine.Layout,
    data: RollCallData,
    params: engine.Params,
    level: float,
    n_boot: int,
    seed: int | None,
    tol: float,
    max_iter: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``sd``, ``lo`` and ``hi`` of each position (NaN with ``how="none"``)."""
    theta = params.theta
    if how == "none":
        nan = np.full_like(theta, np.nan)
        return nan, nan, nan
    if how == "laplace":
        sd = uncertainty.laplace_sd(lay, data, params)
        z = norm.ppf(0.5 + level / 2)
        return sd, theta - z * sd, theta + z * sd
    draws = uncertainty.bootstrap(data, lay, params, n_boot, seed, tol, max_iter)
    q = 100 * np.array([0.5 - level / 2, 0.5 + level / 2])
    lo, hi = np.percentile(draws, q, axis=0)
    return draws.std(axis=0, ddof=1), lo, hi


def _check_options(how: str, level: float, n_boot: int, min_votes: int) -> None:
    if how not in UNCERTAINTY:
        msg = f"uncertainty must be one of {', '.join(UNCERTAINTY)}; got '{how}'"
        raise InputError(msg)
    if not 0 < level < 1:
        msg = f"level must be between 0 and 1 (e.g. 0.95); got {level}"
        raise InputError(msg)
    if how == "bootstrap" and n_boot < 2:
        msg = f"a bootstrap needs n_boot >= 2; got {n_boot}"
        raise InputError(msg)
    if min_votes < 1:
        msg = f"min_votes must be at least 1; got {min_votes}"
        raise InputError(msg)


def fit(
    issue: str | Iterable[str] | None = None,
    important: bool | None = None,
    years: tuple[int, int] | int | None = None,
    states: Iterable[str | int] | None = None,
    *,
    period: str = "session",
    bridge: bool = True,
    parts: bool = False,
    min_votes: int = 5,
    anchor: str | int | None = 2,
    priors: Priors | None = None,
    uncertainty: str = "laplace",
    level: float = 0.95,
    n_boot: int = 20,
    seed: int | None = None,
    tol: float = 1e-6,
    max_iter: int = 500,
    threads: int | None = None,
    votes: pd.DataFrame | None = None,
    roll_calls: pd.DataFrame | None = None,
    issues: pd.DataFrame | None = None,
) -> IdealFit:
    """Dynamic ordinal ideal points of UN member states from General Assembly roll calls.

    Parameters
    ----------
    issue, important, years, states
        Select roll calls by issue (``"nuclear"``, ``"hr"`` …), importance (US State
        Department list), period span ``(first, last)`` and voting states (names, ISO3 or
        COW codes). Uncontested roll calls and state-periods with fewer than ``min_votes``
        contested votes are dropped.
    period
        ``"session"`` (year = 1945 + session, as Bailey–Strezhnev–Voeten) or ``"year"``.
    bridge
        Give resolutions repeated with the same description in consecutive sessions one
        set of item parameters (see ``allydrift.ideal.bridge``).
    parts
        Keep separate votes on paragraphs and amendments from 1990 on (dropped by default).
    anchor
        State placed on the positive side: a COW code (default 2, the United States) or a
        name; falls back to the UK, France, Canada, Israel, then the state with most
        votes, if absent.
    priors
        Prior variances (``Priors(omega2=0.05, tau2=1, beta_var=1, cut_var=25)``).
    uncertainty
        ``"laplace"`` (curvature at the mode, item parameters held fixed), ``"bootstrap"``
        (``n_boot`` parametric replicates, seeded by ``seed``) or ``"none"``.
    votes, roll_calls, issues
        Tables shaped like ``allydrift.sources.unvotes.load(...)``; all three are loaded
        from ``unvotes`` when ``votes`` is omitted.

    Returns
    -------
    IdealFit
    """
    _check_options(uncertainty, level, n_boot, min_votes)
    t0 = time.perf_counter()
    if votes is None:
        votes, roll_calls, issues = _load_tables()
    elif roll_calls is None:
        msg = "votes given without roll_calls: pass both tables (or neither)"
        raise InputError(msg)
    t1 = time.perf_counter()
    sel, rc = select_votes(
        votes,
        roll_calls,
        issues,
        issue=issue,
        important=important,
        years=years_span(years),
        states=states,
        period=period,
        parts=parts,
    )
    data = build(sel, rc, min_votes=min_votes, bridge=bridge)
    code = _anchor_ccode(anchor, data.points)
    anchor_rows = np.flatnonzero(data.points["ccode"].to_numpy() == code)
    priors = priors or Priors()
    lay = engine.layout(data, anchor_rows, priors, threads)
    t2 = time.perf_counter()
    with engine.blas_single_thread():
        result = engine.run(lay, engine.initial(data, anchor_rows), tol=tol, max_iter=max_iter)
        t3 = time.perf_counter()
        sd, lo, hi = _intervals(
            uncertainty, lay, data, result.params, level, n_boot, seed, tol, max_iter
        )
    t4 = time.perf_counter()
    return IdealFit(
        points=_points_table(data, result.params.theta, sd, lo, hi),
        items=_items_table(data, result.params),
        iterations=result.iterations,
        converged=result.converged,
        seconds=time.perf_counter() - t0,
        anchor=code,
        priors=priors,
        uncertainty=uncertainty,
        counts=describe(data),
        timings={"load": t1 - t0, "prepare": t2 - t1, "estimate": t3 - t2, "uncertainty": t4 - t3},
    )
