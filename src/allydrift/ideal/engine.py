"""Numerical core of the dynamic ordinal ideal-point model.

Model (ordered probit): the vote of state-period ``s`` on item ``j`` falls in category ``k``
of the categories the item received (yes < abstain < no) when the latent
``z = beta_j * theta_s + e`` (``e ~ N(0, 1)``) lies between the item's cutpoints
``c_{j,k-1}`` and ``c_{j,k}``. Priors: every ``theta`` is ``N(0, tau2)`` and the positions of
one state follow a random walk, ``theta_t - theta_{t-1} ~ N(0, omega2 * gap)``;
``beta_j ~ N(0, beta_var)``; cutpoints ``N(0, cut_var)``.

Estimation is the posterior mode by alternating Newton steps: all items at once given
``theta`` (a batch of 3 x 3 systems; the ordered-probit likelihood is concave in an item's
parameters), then all positions at once given the items (one tridiagonal solve, the random
walk couples consecutive periods of a state), then the identification step (see
``standardise``). The map is accelerated with SQUAREM (Varadhan & Roland 2008) and stops
when successive position vectors correlate above ``1 - tol``, emIRT's criterion. Work on
the votes is vectorised and split over threads.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from scipy import special
from scipy.linalg import solve_banded

from allydrift.errors import InputError
from allydrift.ideal.data import RollCallData

INV_SQRT_2PI = 0.3989422804014327
T_MIN, T_MAX = -35.0, 8.5  # one-sided bounds: beyond T_MAX a vote carries no information
A_MAX = 35.0
MIN_GAP = 1e-2  # smallest distance kept between the two cutpoints of a 3-category item
ALPHA_MAX = 20.0  # largest SQUAREM step length


@dataclass(frozen=True)
class Priors:
    """Prior variances (positions are on the standardised scale)."""

    omega2: float = 0.05
    tau2: float = 1.0
    beta_var: float = 1.0
    cut_var: float = 25.0

    def __post_init__(self) -> None:
        for name in ("omega2", "tau2", "beta_var", "cut_var"):
            value = getattr(self, name)
            if not (np.isfinite(value) and value > 0):
                msg = f"prior variance {name} must be a positive number; got {value}"
                raise InputError(msg)


@dataclass
class Params:
    """Positions per state-period, discrimination and two cutpoints per item."""

    theta: np.ndarray
    beta: np.ndarray
    cuts: np.ndarray

    def pack(self) -> np.ndarray:
        return np.concatenate([self.theta, self.beta, self.cuts.ravel()])

    @classmethod
    def unpack(cls, x: np.ndarray, n_points: int, n_items: int) -> Params:
        s, j = n_points, n_items
        return cls(x[:s].copy(), x[s : s + j].copy(), x[s + j :].reshape(j, 2).copy())


@dataclass
class Block:
    """Votes of one kind, sorted by ``key`` (item slot or state-period) for segment sums.

    One-sided votes (the lowest or highest category an item received) have likelihood
    ``Phi(t)`` with ``t = sign * (cuts[slot] - beta * theta)``; two-sided votes (the middle
    category) ``Phi(c1 - mu) - Phi(c0 - mu)``.
    """

    point: np.ndarray
    item: np.ndarray
    sign: np.ndarray
    slot: np.ndarray
    starts: np.ndarray
    ids: np.ndarray

    def total(self, weights: np.ndarray, size: int) -> np.ndarray:
        """Sum ``weights`` within each key (``np.add.reduceat`` over sorted segments)."""
        out = np.zeros(size)
        if len(weights):
            out[self.ids] = np.add.reduceat(weights, self.starts)
        return out


@dataclass
class Chunk:
    """One thread's share of the votes: blocks sorted for the item and the position step."""

    one_by_item: Block
    two_by_item: Block
    one_by_point: Block
    two_by_point: Block


@dataclass
class Layout:
    """Everything the iterations need that does not change between them."""

    n_points: int
    n_items: int
    ncat: np.ndarray
    chunks: list[Chunk]
    prior_diag: np.ndarray
    prior_off: np.ndarray
    anchor: np.ndarray
    priors: Priors
    threads: int

    def map(self, fn, *args) -> list:
        """``fn(chunk, *args)`` for every chunk, in threads when there are several."""
        if self.threads <= 1 or len(self.chunks) == 1:
            return [fn(c, *args) for c in self.chunks]
        return list(_pool(self.threads).map(lambda c: fn(c, *args), self.chunks))


@functools.cache
def _pool(threads: int) -> ThreadPoolExecutor:
    """A pool kept for the life of the process (numpy releases the GIL in its loops)."""
    return ThreadPoolExecutor(threads, thread_name_prefix="allydrift-ideal")


def default_threads() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def blas_single_thread():
    """Context that keeps BLAS/LAPACK on one thread (the small dense algebra here only
    loses from BLAS threads, badly so on a busy machine); a no-op without threadpoolctl."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - optional
        return contextlib.nullcontext()
    return threadpool_limits(1)


def _order(key: np.ndarray) -> np.ndarray:
    """Stable sort order; small keys go through numpy's radix sort (16-bit integers)."""
    if len(key) and key.max() < np.iinfo(np.int16).max:
        return np.argsort(key.astype(np.int16), kind="stable")
    return np.argsort(key, kind="stable")


def _block(point, item, sign, slot, key) -> Block:
    order = _order(key)
    key = key[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else key
    return Block(
        point=point[order],
        item=item[order],
        sign=sign[order],
        slot=slot[order],
        starts=starts.astype(np.intp),
        ids=key[starts].astype(np.intp),
    )


def _chunks(data: RollCallData, threads: int) -> list[Chunk]:
    bounds = np.linspace(0, data.n_votes, max(threads, 1) + 1).astype(np.int64)
    out = []
    for lo, hi in itertools.pairwise(bounds):
        point, item, cat = data.point[lo:hi], data.item[lo:hi], data.cat[lo:hi]
        top = data.ncat[item] - 1
        low = cat == 0
        one = low | (cat == top)
        two = ~one
        slot = (2 * item + np.where(low, 0, top - 1)).astype(np.int32)
        sign = np.where(low, 1, -1).astype(np.int8)
        args1 = (point[one], item[one], sign[one], slot[one])
        args2 = (point[two], item[two], sign[two], slot[two])
        out.append(
            Chunk(
                one_by_item=_block(*args1, key=args1[3]),
                two_by_item=_block(*args2, key=args2[1]),
                one_by_point=_block(*args1, key=args1[0]),
                two_by_point=_block(*args2, key=args2[0]),
            )
        )
    return out


def random_walk_bands(points, priors: Priors) -> tuple[np.ndarray, np.ndarray]:
    """Prior precision of the positions: diagonal and first off-diagonal (tridiagonal)."""
    ccode = points["ccode"].to_numpy()
    period = points["period"].to_numpy()
    same = ccode[1:] == ccode[:-1]
    gap = np.where(same, np.maximum(period[1:] - period[:-1], 1), 1)
    kappa = np.where(same, 1.0 / (priors.omega2 * gap), 0.0)
    diag = np.full(len(points), 1.0 / priors.tau2)
    diag[:-1] += kappa
    diag[1:] += kappa
    return diag, -kappa


def layout(
    data: RollCallData, anchor: np.ndarray, priors: Priors, threads: int | None = None
) -> Layout:
    """Prepare the iteration for ``data``; ``anchor`` are the rows placed on the right."""
    threads = default_threads() if threads is None else max(1, int(threads))
    diag, off = random_walk_bands(data.points, priors)
    return Layout(
        n_points=len(data.points),
        n_items=len(data.items),
        ncat=data.ncat.astype(np.int64),
        chunks=_chunks(data, threads),
        prior_diag=diag,
        prior_off=off,
        anchor=np.asarray(anchor, dtype=np.intp),
        priors=priors,
        threads=threads,
    )


def _one_sided(c: Block, p: Params):
    """Position, inverse Mills ratio ``r = phi(t) / Phi(t)`` and ``h = r (t + r)``."""
    x = p.theta[c.point]
    t = p.beta[c.item] * x
    np.subtract(p.cuts.ravel()[c.slot], t, out=t)
    t *= c.sign
    np.clip(t, T_MIN, T_MAX, out=t)
    r = t * t
    r *= -0.5
    np.exp(r, out=r)
    r *= INV_SQRT_2PI
    r /= special.ndtr(t)
    t += r
    t *= r
    return x, r, t


def _two_sided(c: Block, p: Params):
    x = p.theta[c.point]
    mu = p.beta[c.item] * x
    a = np.clip(p.cuts[c.item, 0] - mu, -A_MAX, A_MAX)
    b = np.clip(p.cuts[c.item, 1] - mu, -A_MAX, A_MAX)
    sign = np.where((a + b) > 0, -1.0, 1.0)  # work in the nearer tail for precision
    d = sign * (special.ndtr(sign * b) - special.ndtr(sign * a))
    np.maximum(d, 1e-300, out=d)
    pa = np.exp(-0.5 * a * a) * INV_SQRT_2PI / d
    pb = np.exp(-0.5 * b * b) * INV_SQRT_2PI / d
    return x, a, b, pa, pb


def _item_parts(c: Chunk, p: Params, n_items: int) -> tuple[np.ndarray, np.ndarray]:
    """Gradient (J, 3) and Hessian (J, 3, 3) of the log likelihood in (beta, c0, c1)."""
    g = np.zeros((n_items, 3))
    hess = np.zeros((n_items, 3, 3))
    blk, n2 = c.one_by_item, 2 * n_items
    x, r, h = _one_sided(blk, p)
    hx = h * x
    sr = blk.sign * r

    def slots(w: np.ndarray) -> np.ndarray:
        return blk.total(w, n2).reshape(n_items, 2)

    g[:, 0] = -slots(sr * x).sum(axis=1)
    hess[:, 0, 0] = -slots(hx * x).sum(axis=1)
    g[:, 1:] = slots(sr)
    hc, hbc = slots(h), slots(hx)
    hess[:, 1, 1], hess[:, 2, 2] = -hc[:, 0], -hc[:, 1]
    hess[:, 0, 1], hess[:, 0, 2] = hbc[:, 0], hbc[:, 1]
    blk = c.two_by_item
    if len(blk.item):
        x, a, b, pa, pb = _two_sided(blk, p)
        gmu = pa - pb
        h_uu = -b * pb - pb * pb
        h_ll = a * pa - pa * pa
        h_ul = pa * pb
        h_mm = a * pa - b * pb - gmu * gmu
        g[:, 0] += blk.total(gmu * x, n_items)
        g[:, 1] -= blk.total(pa, n_items)
        g[:, 2] += blk.total(pb, n_items)
        hess[:, 0, 0] += blk.total(h_mm * x * x, n_items)
        hess[:, 1, 1] += blk.total(h_ll, n_items)
        hess[:, 2, 2] += blk.total(h_uu, n_items)
        hess[:, 1, 2] += blk.total(h_ul, n_items)
        hess[:, 0, 1] -= blk.total((h_ll + h_ul) * x, n_items)
        hess[:, 0, 2] -= blk.total((h_uu + h_ul) * x, n_items)
    return g, hess


def item_step(lay: Layout, p: Params, max_step: float = 2.0) -> Params:
    """One Newton step for every item's (beta, cutpoints) given the positions."""
    parts = lay.map(_item_parts, p, lay.n_items)
    g = sum(x[0] for x in parts)
    hess = sum(x[1] for x in parts)
    hess[:, 1, 0], hess[:, 2, 0], hess[:, 2, 1] = hess[:, 0, 1], hess[:, 0, 2], hess[:, 1, 2]
    pr = lay.priors
    g[:, 0] -= p.beta / pr.beta_var
    hess[:, 0, 0] -= 1.0 / pr.beta_var
    g[:, 1:] -= p.cuts / pr.cut_var
    hess[:, 1, 1] -= 1.0 / pr.cut_var
    hess[:, 2, 2] -= 1.0 / pr.cut_var
    two = lay.ncat == 2
    hess[two, 2, :] = 0.0
    hess[two, :, 2] = 0.0
    hess[two, 2, 2] = -1.0
    g[two, 2] = 0.0
    step = -np.linalg.solve(hess, g[..., None])[..., 0]
    np.clip(step, -max_step, max_step, out=step)
    cuts = order_cuts(p.cuts + step[:, 1:], lay.ncat)
    return Params(p.theta, p.beta + step[:, 0], cuts)


def order_cuts(cuts: np.ndarray, ncat: np.ndarray) -> np.ndarray:
    """Keep the two cutpoints of 3-category items apart; park the unused one of 2-category."""
    bad = (ncat == 3) & (cuts[:, 1] < cuts[:, 0] + MIN_GAP)
    mid = 0.5 * (cuts[bad, 0] + cuts[bad, 1])
    cuts[bad, 0], cuts[bad, 1] = mid - MIN_GAP / 2, mid + MIN_GAP / 2
    two = ncat == 2
    cuts[two, 1] = cuts[two, 0] + 1.0
    return cuts


def _theta_parts(c: Chunk, p: Params, n_points: int) -> tuple[np.ndarray, np.ndarray]:
    """Gradient and curvature of the log likelihood in each position."""
    blk = c.one_by_point
    _, r, h = _one_sided(blk, p)
    b = p.beta[blk.item]
    g = blk.total(-blk.sign * r * b, n_points)
    w = blk.total(h * b * b, n_points)
    blk = c.two_by_point
    if len(blk.item):
        _, a, bb, pa, pb = _two_sided(blk, p)
        b = p.beta[blk.item]
        gmu = pa - pb
        curv = gmu * gmu - a * pa + bb * pb
        g += blk.total(gmu * b, n_points)
        w += blk.total(curv * b * b, n_points)
    return g, w


def information(lay: Layout, p: Params) -> tuple[np.ndarray, np.ndarray]:
    """Log-likelihood gradient and Fisher-type curvature for every position."""
    parts = lay.map(_theta_parts, p, lay.n_points)
    return sum(x[0] for x in parts), sum(x[1] for x in parts)


def _loglik_chunk(c: Chunk, p: Params) -> float:
    blk = c.one_by_point
    t = blk.sign * (p.cuts.ravel()[blk.slot] - p.beta[blk.item] * p.theta[blk.point])
    total = float(special.log_ndtr(np.clip(t, T_MIN, None)).sum())
    blk = c.two_by_point
    if len(blk.item):
        mu = p.beta[blk.item] * p.theta[blk.point]
        a, b = p.cuts[blk.item, 0] - mu, p.cuts[blk.item, 1] - mu
        sign = np.where((a + b) > 0, -1.0, 1.0)
        d = sign * (special.ndtr(sign * b) - special.ndtr(sign * a))
        total += float(np.log(np.maximum(d, 1e-300)).sum())
    return total


def log_likelihood(lay: Layout, p: Params) -> float:
    """Log likelihood of all votes at ``p`` (for diagnostics and tests)."""
    return sum(lay.map(_loglik_chunk, p))


def theta_step(lay: Layout, p: Params) -> Params:
    """One Newton step for all positions given the items (tridiagonal system)."""
    g, w = information(lay, p)
    th, off = p.theta, lay.prior_off
    prior_grad = lay.prior_diag * th
    prior_grad[:-1] += off * th[1:]
    prior_grad[1:] += off * th[:-1]
    bands = np.zeros((3, lay.n_points))
    bands[0, 1:] = off
    bands[1] = w + lay.prior_diag
    bands[2, :-1] = off
    step = solve_banded((1, 1), bands, g - prior_grad, check_finite=False)
    return Params(th + step, p.beta, p.cuts)


def standardise(p: Params, anchor: np.ndarray) -> Params:
    """Identification: positions have mean 0 and sd 1 over all state-periods, and the
    anchor rows (the United States by default) have a positive mean. The items are
    transformed so that ``beta * theta - cut`` is unchanged."""
    m, s = p.theta.mean(), p.theta.std()
    if not np.isfinite(s) or s == 0:
        s = 1.0
    sign = -1.0 if len(anchor) and p.theta[anchor].mean() < m else 1.0
    cuts = p.cuts - (p.beta * m)[:, None]
    return Params(sign * (p.theta - m) / s, sign * p.beta * s, cuts)


def step(lay: Layout, p: Params) -> Params:
    """The fixed-point map: items, then positions, then identification."""
    p = item_step(lay, p)
    p = theta_step(lay, p)
    return standardise(p, lay.anchor)


def _crit(a: np.ndarray, b: np.ndarray) -> float:
    sa, sb = a.std(), b.std()
    if sa == 0 or sb == 0:
        return 0.0 if np.array_equal(a, b) else 1.0
    return float(1.0 - np.mean((a - a.mean()) * (b - b.mean())) / (sa * sb))


@dataclass
class Result:
    params: Params
    iterations: int
    converged: bool


def run(lay: Layout, p: Params, tol: float = 1e-6, max_iter: int = 500) -> Result:
    """Iterate ``step`` to the posterior mode with SQUAREM extrapolation.

    ``iterations`` counts evaluations of the map (each one a full pass over the votes for
    the items and one for the positions).
    """
    s, j = lay.n_points, lay.n_items
    x0 = step(lay, p).pack()
    n = 1
    while n < max_iter:
        x1 = step(lay, Params.unpack(x0, s, j)).pack()
        n += 1
        if _crit(x1[:s], x0[:s]) < tol:
            return Result(Params.unpack(x1, s, j), n, True)
        x2 = step(lay, Params.unpack(x1, s, j)).pack()
        n += 1
        r, v = x1 - x0, x2 - 2 * x1 + x0
        alpha = -np.sqrt((r @ r) / max(float(v @ v), 1e-300))
        alpha = min(max(alpha, -ALPHA_MAX), -1.0)
        jump = Params.unpack(x0 - 2 * alpha * r + alpha * alpha * v, s, j)
        jump.cuts = order_cuts(jump.cuts, lay.ncat)
        xn = step(lay, standardise(jump, lay.anchor)).pack()
        n += 1
        if not np.all(np.isfinite(xn)):
            xn = x2
        done = _crit(xn[:s], x0[:s]) < tol
        x0 = xn
        if done:
            return Result(Params.unpack(x0, s, j), n, True)
    return Result(Params.unpack(x0, s, j), n, False)


def initial(data: RollCallData, anchor: np.ndarray) -> Params:
    """Starting values: each state's score on the first principal component of its votes
    (pooled over all periods), cutpoints from each item's vote shares, ``beta = 0``."""
    from scipy.stats import norm

    states, state_of = np.unique(data.points["ccode"].to_numpy(), return_inverse=True)
    row = state_of[data.point]
    n_items = len(data.items)
    value = 1.0 - data.cat.astype(float)
    count = np.bincount(data.item, minlength=n_items)
    mean = np.bincount(data.item, value, n_items) / np.maximum(count, 1)
    z = np.zeros((len(states), n_items))
    z[row, data.item] = value - mean[data.item]
    _, vecs = np.linalg.eigh(z @ z.T)
    votes_per_state = np.bincount(row, minlength=len(states))
    theta = (vecs[:, -1] / np.maximum(votes_per_state, 1))[state_of]
    shares = np.bincount(3 * data.item + data.cat, minlength=3 * n_items).reshape(n_items, 3)
    cum = np.cumsum(shares / np.maximum(count, 1)[:, None], axis=1)
    cuts = norm.ppf(np.clip(cum[:, :2], 0.01, 0.99))
    cuts = order_cuts(np.maximum(cuts, cuts[:, :1]), data.ncat.astype(np.int64))
    return standardise(Params(theta, np.zeros(n_items), cuts), anchor)
