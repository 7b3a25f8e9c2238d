"""The numerical core of the cohesion measurement model: a dynamic factor model.

Each dyad ``d`` has one latent cohesion ``x[d, t]`` per year of its span, following a
Gaussian random walk, ``x[t] = x[t-1] + N(0, q)``, started at ``N(0, 1)`` in its first
year. Indicator ``j`` (already on a normal-score scale, oriented so higher = closer) is
observed as ``y[j] = a[j] + b[j] * x + N(0, s2[j])``, independently given ``x``. A
missing indicator contributes nothing to the likelihood: it is skipped, never imputed.

Because the state is one number per dyad-year and the noise is independent across
indicators, every year's observations enter the Kalman filter as two numbers
(precision ``sum b²/s2`` and information ``sum b (y − a)/s2``); the filter and the
Rauch–Tung–Striebel smoother then run over all dyads at once, one vectorised step per
year. The steps are Student-t (``NU`` degrees of freedom, as a scale mixture of normals), so
the latent can jump at a rupture instead of smearing it over years. Estimation is EM
(Shumway & Stoffer 1982): smoothed moments give the items by least squares, ``q`` and the
step weights by the expected squared steps; after each E-step the
latent is standardised over the observed dyad-years (mean 0, variance 1), which fixes
the scale. Loadings are kept at or above ``MIN_LOADING`` (indicators are oriented
beforehand), so the posterior mean is a non-negative combination of the indicators:
a dyad whose indicators all improve cannot lose score.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from allydrift.errors import InputError

MIN_LOADING = 0.02
MIN_NOISE_SHARE = 0.3  # no indicator is more than 70 % signal (prior: none is perfect)
Q_RANGE = (1e-4, 0.5)
P0 = 1.0
NU = 4.0  # degrees of freedom of the Student-t steps of the random walk
ROBUST_ITER = 8


@dataclass(frozen=True)
class Items:
    """Intercept, loading and noise variance per indicator, and the innovation variance."""

    a: np.ndarray
    b: np.ndarray
    s2: np.ndarray
    q: float


@dataclass(frozen=True)
class Grid:
    """Where the rows of a long panel sit: dyad ``d`` and year index ``t`` per row, and
    each dyad's span ``start``..``end`` (inclusive year indices)."""

    d: np.ndarray
    t: np.ndarray
    start: np.ndarray
    end: np.ndarray
    n_years: int


def make_grid(dyad: np.ndarray, t: np.ndarray, end: np.ndarray | None = None) -> Grid:
    """A grid from row dyad ids (0..N-1) and year indices; each span runs from the
    dyad's first row to ``end`` (default: its last row)."""
    n = int(dyad.max()) + 1 if len(dyad) else 0
    start = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(start, dyad, t)
    last = np.full(n, -1)
    np.maximum.at(last, dyad, t)
    stop = last if end is None else np.maximum(last, end)
    return Grid(dyad, t, start, stop, int(stop.max()) + 1 if n else 0)


def information(y: np.ndarray, items: Items, data: Data | None = None):
    """Per row: observation precision ``sum b²/s2`` and information ``sum b(y−a)/s2``
    over the observed indicators."""
    d = data or Data.of(y)
    w = items.b / items.s2
    return d.o @ (items.b * w), d.yz @ w - d.o @ (items.a * w)


@dataclass(frozen=True)
class Data:
    """Indicator matrix prepared once for EM: 0/1 observed mask ``o`` (float), values with
    missing set to 0 ``yz``, and per-column sums."""

    o: np.ndarray
    yz: np.ndarray
    n: np.ndarray
    sy: np.ndarray
    syy: np.ndarray
    floor: np.ndarray

    @classmethod
    def of(cls, y: np.ndarray) -> Data:
        obs = ~np.isnan(y)
        o = obs.astype(float)
        yz = np.where(obs, y, 0.0)
        n = o.sum(axis=0)
        sy = yz.sum(axis=0)
        syy = (yz**2).sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            var = np.where(n > 0, syy / np.maximum(n, 1) - (sy / np.maximum(n, 1)) ** 2, 0.0)
        return cls(o, yz, n, sy, syy, MIN_NOISE_SHARE * np.maximum(var, 1e-6))


def smooth(
    grid: Grid, s1: np.ndarray, s2: np.ndarray, q: float | np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Kalman filter and RTS smoother over every dyad at once.

    ``s1``/``s2`` are per row, or 2-D (rows × k) to smooth k information vectors that
    share the precision ``s1`` (the smoother is linear in ``s2``). ``q`` is the
    innovation variance: one number, or a grid array (dyads × years) for the step into
    each year. Returns grid arrays
    (dyads × years [× k]) of smoothed mean, variance and lag-one covariance
    ``cov(x[t], x[t-1])``; NaN outside each dyad's span.
    """
    n, T = len(grid.start), grid.n_years
    extra = s2.shape[1:] if s2.ndim == 2 else ()
    S1 = np.zeros((n, T))
    S1[grid.d, grid.t] = s1
    S2 = np.zeros((n, T, *extra))
    S2[grid.d, grid.t] = s2
    mp = np.zeros((n, T, *extra))
    pp = np.zeros((n, T))
    mf = np.zeros((n, T, *extra))
    pf = np.zeros((n, T))
    for t in range(T):
        on = (grid.start <= t) & (grid.end >= t)
        first = grid.start == t
        if t > 0:
            qt = q if np.ndim(q) == 0 else q[:, t]  # type: ignore[index]
            pp[:, t] = np.where(first, P0, pf[:, t - 1] + qt)
            cont = first[:, None] if extra else first
            mp[:, t] = np.where(cont, 0.0, mf[:, t - 1])
        else:
            pp[:, t] = P0
        prec = 1.0 / pp[:, t] + S1[:, t]
        pf[:, t] = np.where(on, 1.0 / prec, 0.0)
        g = pf[:, t][:, None] if extra else pf[:, t]
        pinv = (1.0 / pp[:, t])[:, None] if extra else 1.0 / pp[:, t]
        mf[:, t] = g * (mp[:, t] * pinv + S2[:, t])
    ms = mf.copy()
    ps = pf.copy()
    lag = np.zeros((n, T))
    for t in range(T - 2, -1, -1):
        on = (grid.start <= t) & (grid.end >= t + 1)
        j = np.where(on, pf[:, t] / np.where(pp[:, t + 1] > 0, pp[:, t + 1], 1.0), 0.0)
        jj = j[:, None] if extra else j
        ms[:, t] = np.where(
            (on[:, None] if extra else on), mf[:, t] + jj * (ms[:, t + 1] - mp[:, t + 1]), ms[:, t]
        )
        ps[:, t] = np.where(on, pf[:, t] + j**2 * (ps[:, t + 1] - pp[:, t + 1]), ps[:, t])
        lag[:, t + 1] = np.where(on, j * ps[:, t + 1], 0.0)
    years = np.arange(T)
    outside = (years[None, :] < grid.start[:, None]) | (years[None, :] > grid.end[:, None])
    ps[outside] = np.nan
    lag[outside] = np.nan
    ms[outside] = np.nan
    return ms, ps, lag


def innovations(ms: np.ndarray, ps: np.ndarray, lag: np.ndarray) -> np.ndarray:
    """Expected squared step into each year, ``E[(x[t] − x[t−1])²]`` (grid; NaN at each
    dyad's first year and outside its span)."""
    d2 = np.full(ms.shape, np.nan)
    d2[:, 1:] = (ms[:, 1:] - ms[:, :-1]) ** 2 + ps[:, 1:] + ps[:, :-1] - 2 * lag[:, 1:]
    return d2


def step_variances(d2: np.ndarray, q: float, nu: float = NU) -> np.ndarray:
    """Per-step innovation variances of the Student-t random walk (``nu`` degrees of
    freedom) as a scale mixture of normals: ``q / w`` with the EM weight
    ``w = (nu + 1) / (nu + d2 / q)``. A large expected step (a rupture) gets a large
    variance, so the smoother lets the latent jump instead of smearing the change."""
    w = (nu + 1.0) / (nu + np.nan_to_num(d2, nan=q) / q)
    return q / w


def robust_smooth(
    grid: Grid, s1: np.ndarray, s2: np.ndarray, q: float, iterations: int = ROBUST_ITER
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``smooth`` with Student-t steps: ``iterations`` reweightings of the step variances
    for fixed items. Returns mean, variance, lag-one covariance and the step variances."""
    steps: float | np.ndarray = q
    ms, ps, lag = smooth(grid, s1, s2, steps)
    for _ in range(iterations):
        steps = step_variances(innovations(ms, ps, lag), q)
        ms, ps, lag = smooth(grid, s1, s2, steps)
    return ms, ps, lag, np.broadcast_to(steps, ms.shape)


def _m_step(d: Data, m: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, ...]:
    """Items by least squares on the smoothed moments (``m``, ``p`` per row); each noise
    variance is kept at or above ``MIN_NOISE_SHARE`` of the indicator's variance, so
    near-duplicate indicators cannot capture the latent."""
    n = d.n
    sm = m @ d.o
    sp = p @ d.o
    smm2 = (m**2) @ d.o
    smm = smm2 + sp
    sym = m @ d.yz
    den = n * smm - sm**2
    b = np.where(den > 0, (n * sym - sm * d.sy) / np.where(den > 0, den, 1.0), MIN_LOADING)
    b = np.maximum(b, MIN_LOADING)
    a = (d.sy - b * sm) / n
    sse = d.syy - 2 * a * d.sy - 2 * b * sym + n * a**2 + 2 * a * b * sm + b**2 * smm2
    s2 = (np.maximum(sse, 0.0) + b**2 * sp) / n
    return a, b, np.maximum(s2, d.floor)


@dataclass(frozen=True)
class Fit:
    """A fitted model: items, smoothed mean and variance per row, the iterations, and
    ``loc``/``scale`` that standardise the smoothed latent over the fitted rows."""

    items: Items
    mean: np.ndarray
    var: np.ndarray
    iterations: int
    loc: float
    scale: float


def fit(y: np.ndarray, grid: Grid, max_iter: int = 100, tol: float = 1e-3) -> Fit:
    """EM estimate of the items and ``q`` from ``y`` (rows × indicators, NaN missing)."""
    if y.ndim != 2 or y.shape[0] != len(grid.d):
        msg = f"y must have one row per grid row; got {y.shape} for {len(grid.d)}"
        raise InputError(msg)
    obs = ~np.isnan(y)
    if (obs.sum(axis=0) < 3).any():
        msg = "every indicator of the model needs at least 3 observed rows"
        raise InputError(msg)
    # start: the latent is the row mean of the oriented normal scores
    with np.errstate(invalid="ignore"):
        m0 = np.nanmean(np.where(obs.any(axis=1)[:, None], y, 0.0), axis=1)
    m0 = (m0 - m0.mean()) / (m0.std() or 1.0)
    data = Data.of(y)
    a, b, s2 = _m_step(data, m0, np.full(len(m0), 0.5))
    items = Items(a, b, s2, 0.05)
    done = 0
    steps: float | np.ndarray = items.q
    for step in range(1, max_iter + 1):
        done = step
        s1, s2i = information(y, items, data)
        ms, ps, lag = smooth(grid, s1, s2i, steps)
        m, p = ms[grid.d, grid.t], ps[grid.d, grid.t]
        # standardise the latent over the observed rows
        mu = m.mean()
        sd = float(np.sqrt(max((m**2 + p).mean() - mu**2, 1e-12)))
        m, p = (m - mu) / sd, p / sd**2
        d2 = innovations(ms, ps, lag)
        w = items.q / np.broadcast_to(steps, d2.shape)
        ok = ~np.isnan(d2)
        q = float((w[ok] * d2[ok]).mean()) / sd**2 if ok.any() else Q_RANGE[0]
        a, b, s2 = _m_step(data, m, p)
        new = Items(a, b, s2, float(np.clip(q, *Q_RANGE)))
        steps = step_variances(d2 / sd**2, new.q)
        change = max(
            np.abs(new.b - items.b).max(),
            np.abs(new.a - items.a).max(),
            abs(new.q - items.q) / items.q,
        )
        items = new
        if change < tol:
            break
    s1, s2i = information(y, items, data)
    ms, ps, _, _ = robust_smooth(grid, s1, s2i, items.q)
    m, p = ms[grid.d, grid.t], ps[grid.d, grid.t]
    mu = float(m.mean())
    sd = float(np.sqrt(max((m**2 + p).mean() - mu**2, 1e-12)))
    return Fit(items, m, p, done, mu, sd)
