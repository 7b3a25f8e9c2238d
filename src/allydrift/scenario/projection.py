"""Projections of a dyad's latent cohesion beyond the model's last year.

The measurement model's transition is a random walk with Student-t steps (``dlm``:
scale ``q``, ``NU`` degrees of freedom). From the filtered state at the last year,
``N(m, P)``, the state ``h`` years later has mean ``m`` and variance ``P + h v`` with
``v = q NU / (NU − 2)``, the variance of one Student-t step; the band is the normal one
with that variance (a sum of several t steps is close to normal; for one step it is a
little wider than the t quantile). The point forecast stays where the filter left it and
the variance grows linearly, so a band can only widen.

A scenario adds assumed indicator values for future years. They enter each dimension's
latent as observations through its measurement equation (a Kalman update with the
fitted intercepts, loadings and noise), year by year, filtered forward (never smoothed
back: a scenario says nothing about the past). The overall latent observes the
dimensions: in a scenario year, dimension ``k`` is observed at its baseline expectation
plus the scenario's shift of that dimension, so a scenario that shifts nothing
reproduces the baseline and each dimension's shift reaches the overall through its
(positive) loading.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import special

from allydrift.errors import InputError
from allydrift.index import dlm
from allydrift.index import model as mm

OVERALL = mm.OVERALL
MAX_YEAR = 2100
NU = float(getattr(dlm, "NU", np.inf))  # Gaussian steps when the model has no NU
STEP = NU / (NU - 2.0) if np.isfinite(NU) else 1.0


def step_variance(q: float) -> float:
    """Variance of one year's step of the latent with innovation scale ``q``."""
    return q * STEP


def _k(level: float) -> float:
    if not 0.0 < level < 1.0:
        msg = f"the band level must be between 0 and 1; got {level}"
        raise InputError(msg)
    return float(special.ndtri(0.5 + level / 2.0))


@dataclass(frozen=True)
class Start:
    """Filtered state of every latent of one dyad at ``year`` (raw latent units)."""

    pair: tuple[int, int]
    year: int
    mean: dict[str, float]
    var: dict[str, float]
    values: dict[str, float] = field(default_factory=dict)  # last observed raw values


def start_of(post: mm.Posterior, m: mm.Model, pair: tuple[int, int]) -> Start:
    """The state of ``pair`` at the last year of its posterior span (the model's last
    year while both states exist); there smoothing and filtering agree."""
    a, b = min(pair), max(pair)
    keys = post.keys
    rows = np.flatnonzero((keys["ccode1"].to_numpy() == a) & (keys["ccode2"].to_numpy() == b))
    if not len(rows):
        msg = f"the posterior has no rows for the pair {a}–{b}; score it first"
        raise InputError(msg)
    last = rows[np.argmax(keys["year"].to_numpy()[rows])]
    mean, var = {}, {}
    for name, lat in (*m.dims.items(), (OVERALL, m.overall)):
        mean[name] = float(post.mean[name][last] * lat.scale + lat.loc)
        var[name] = float((post.sd[name][last] * lat.scale) ** 2)
    values = {}
    for k, ind in enumerate(m.names):
        col = post.values[rows, k]
        ok = np.flatnonzero(np.isfinite(col))
        if len(ok):
            values[ind] = float(col[ok[-1]])
    return Start((a, b), int(keys["year"].to_numpy()[last]), mean, var, values)


@dataclass(frozen=True)
class Path:
    """Projected latents year by year: ``mean`` and ``var`` per latent (raw units)."""

    years: np.ndarray
    mean: dict[str, np.ndarray]
    var: dict[str, np.ndarray]


def _filter(m0: float, p0: float, q: float, s1: np.ndarray, s2: np.ndarray):
    """Random-walk Kalman filter forward from ``N(m0, p0)`` with per-year information."""
    n = len(s1)
    mean, var = np.empty(n), np.empty(n)
    m, p = m0, p0
    for t in range(n):
        pp = p + q
        p = 1.0 / (1.0 / pp + s1[t])
        m = p * (m / pp + s2[t])
        mean[t], var[t] = m, p
    return mean, var


def run(
    start: Start,
    m: mm.Model,
    to: int,
    y: np.ndarray | None = None,
    ref: np.ndarray | None = None,
) -> tuple[Path, Path]:
    """Baseline and scenario paths from ``start`` to year ``to``.

    ``y`` (years × model indicators, oriented normal scores, NaN = not set) holds the
    scenario's assumed values; ``None`` means no scenario (both paths are the baseline).
    With ``ref`` (same shape: the scores the indicators start from), an indicator is
    observed at its baseline expectation ``a + b x`` plus its assumed change ``y − ref``
    (*change* mode); without, at ``y`` itself (*level* mode).
    """
    if not start.year < to <= MAX_YEAR:
        msg = (
            f"the projection must end after {start.year} (the last year with a posterior) "
            f"and by {MAX_YEAR}; got --to {to}"
        )
        raise InputError(msg)
    years = np.arange(start.year + 1, to + 1)
    n = len(years)
    if y is None:
        y = np.full((n, len(m.names)), np.nan)
    if y.shape != (n, len(m.names)):
        msg = f"scenario values must be {n} years × {len(m.names)} indicators"
        raise InputError(msg)
    base_m, base_v, scen_m, scen_v = {}, {}, {}, {}
    shifts = []
    for name, lat in m.dims.items():
        q = step_variance(lat.items.q)
        base_m[name] = np.full(n, start.mean[name])
        base_v[name] = start.var[name] + q * np.arange(1, n + 1)
        sub = y[:, lat.cols]
        if ref is not None:
            expect = lat.items.a + lat.items.b * start.mean[name]
            sub = expect + sub - ref[:, lat.cols]
        s1, s2 = dlm.information(sub, lat.items)
        scen_m[name], scen_v[name] = _filter(start.mean[name], start.var[name], q, s1, s2)
        seen = ~np.isnan(sub).all(axis=1)
        shifts.append(np.where(seen, (scen_m[name] - base_m[name]) / lat.scale, np.nan))
    ov = m.overall
    q = step_variance(ov.items.q)
    base_m[OVERALL] = np.full(n, start.mean[OVERALL])
    base_v[OVERALL] = start.var[OVERALL] + q * np.arange(1, n + 1)
    shift = np.column_stack([shifts[j] for j in ov.cols])
    y2 = ov.items.a + ov.items.b * start.mean[OVERALL] + shift
    s1, s2 = dlm.information(y2, ov.items)
    scen_m[OVERALL], scen_v[OVERALL] = _filter(start.mean[OVERALL], start.var[OVERALL], q, s1, s2)
    return Path(years, base_m, base_v), Path(years, scen_m, scen_v)


def table(path: Path, m: mm.Model, level: float = 0.9) -> pd.DataFrame:
    """Long table: ``year``, ``latent``, standardised ``z`` and ``sd``, and the 0–100
    ``score`` with its ``lower``/``upper`` band."""
    k = _k(level)
    frames = []
    lats = {**m.dims, OVERALL: m.overall}
    for name in [OVERALL, *m.dims]:
        lat = lats[name]
        z = (path.mean[name] - lat.loc) / lat.scale
        sd = np.sqrt(path.var[name]) / lat.scale
        frames.append(
            pd.DataFrame(
                {
                    "year": path.years,
                    "latent": name,
                    "z": z,
                    "sd": sd,
                    "score": mm.to_index(z),
                    "lower": mm.to_index(z - k * sd),
                    "upper": mm.to_index(z + k * sd),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def expected_values(start: Start, m: mm.Model, path: Path) -> np.ndarray:
    """Each indicator's expected normal score on ``path`` (``a + b x``), years × indicators."""
    out = np.full((len(path.years), len(m.names)), np.nan)
    for name, lat in m.dims.items():
        out[:, lat.cols] = lat.items.a + np.outer(path.mean[name], lat.items.b)
    return out


def to_raw(y: np.ndarray, m: mm.Model) -> np.ndarray:
    """Invert the normal-score transform (oriented scores → raw indicator values)."""
    out = np.full(y.shape, np.nan)
    for k, (u, z) in enumerate(m.knots):
        col = y[:, k] * m.sign[k]
        ok = np.isfinite(col)
        out[ok, k] = np.interp(col[ok], z, u)
    return out


def to_scores(values: np.ndarray, m: mm.Model) -> np.ndarray:
    """Raw indicator values (years × model indicators) → oriented normal scores."""
    return mm.apply_transform(values, m.knots, m.sign)


@dataclass(frozen=True)
class Projection:
    """Baseline (and scenario) projection of one pair, with its start."""

    start: Start
    baseline: pd.DataFrame
    scenario: pd.DataFrame | None
    level: float

    def compare(self) -> pd.DataFrame:
        """Per latent at the last year: baseline and scenario score, band, and shift."""
        if self.scenario is None:
            msg = "this projection has no scenario to compare"
            raise InputError(msg)
        last = self.baseline["year"].max()
        b = self.baseline[self.baseline["year"] == last].set_index("latent")
        s = self.scenario[self.scenario["year"] == last].set_index("latent")
        out = pd.DataFrame(
            {
                "baseline": b["score"],
                "baseline_lower": b["lower"],
                "baseline_upper": b["upper"],
                "scenario": s["score"],
                "scenario_lower": s["lower"],
                "scenario_upper": s["upper"],
            }
        )
        out["shift"] = out["scenario"] - out["baseline"]
        out.insert(0, "year", int(last))
        return out.reset_index()


def project(
    pair: tuple[int, int],
    to: int,
    m: mm.Model | None = None,
    post: mm.Posterior | None = None,
    y: np.ndarray | None = None,
    level: float = 0.9,
    ref: np.ndarray | None = None,
) -> Projection:
    """Project ``pair`` to ``to`` (with scenario scores ``y`` and ``ref``, see ``run``)."""
    m = m or mm.model()
    post = post or mm.score_pairs([pair], m)
    start = start_of(post, m, pair)
    base, scen = run(start, m, to, y, ref)
    return Projection(
        start, table(base, m, level), None if y is None else table(scen, m, level), level
    )
