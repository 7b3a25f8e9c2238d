"""The cohesion measurement model: fitted once over the reference population, cached,
and used to score any dyad.

- **Reference population** (``reference_pairs``): every pair that had an ATOP defence
  pledge in some year, or was a strategic rival pair (Thompson, Sakuwa & Suhas or
  Thompson & Dreyer) in some year — the pairs whose alignment is at stake, from
  the closest allies to the bitterest rivals, in all their years.
- **Indicators** (``model_indicators``): every scored indicator except the raw UN vote
  shares (``un_agreement*``, ``un_sscore``). Raw agreement moves whenever one state
  changes its voting towards everyone; the model uses the chance-corrected kappa and pi
  (which net out each state's yearly vote distribution) and the ideal-point distance.
- **Transform**: each indicator's pooled reference values become normal scores
  (``Φ⁻¹`` of the mid-rank), oriented so higher = closer. Units do not matter (any
  positive rescaling has the same ranks); values of other dyads are interpolated.
- **Fits**: one latent per dimension (that dimension's indicators) and one overall (all
  indicators), each by ``dlm.fit``. Items are cached as Parquet, keyed by the source
  files, the indicators' code and this code.
"""

from __future__ import annotations

import hashlib
import inspect
import time
import warnings
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
from scipy import special

from allydrift import store
from allydrift.errors import AllydriftError, CoverageError
from allydrift.index import dlm
from allydrift.index.panel import Panel, build_panel, dyadic_rows, scored
from allydrift.index.reference import allied_pairs, code_digest, source_files
from allydrift.indicators import DIMENSIONS, Indicator, get
from allydrift.indicators.registry import Pairs

MODEL_VERSION = "2"
RAW_SHARES = ("un_agreement", "un_sscore")  # and every un_agreement_* subset
RIVALRY_LISTS = ("rivalry_tss", "rivalry_td")
TRANSFORM_POINTS = 2001
MIN_OBSERVED = 3  # fewer observed indicators than this: the year is a projection
OVERALL = "overall"
HOSTILITY = ("rivalry_tss", "rivalry_td", "mids_between", "wars_opposite")
GROUPS = (
    *DIMENSIONS[: DIMENSIONS.index("threat") + 1],
    "hostility",
    *DIMENSIONS[DIMENSIONS.index("threat") + 1 :],
)


def group_of(ind: Indicator) -> str:
    """The latent an indicator loads on: its dimension, except that hostility between
    the partners (their rivalry, disputes and wars against each other) gets its own
    latent, apart from the shared threats of the ``threat`` dimension."""
    return "hostility" if ind.name in HOSTILITY else ind.dimension


def is_raw_share(name: str) -> bool:
    """True for the raw UN vote shares the model leaves out (see module docstring)."""
    return name in RAW_SHARES or name.startswith("un_agreement_")


@cache
def model_indicators() -> tuple[Indicator, ...]:
    """The indicators the model uses whose data are available (others with a warning)."""
    out = []
    for ind in scored():
        if is_raw_share(ind.name):
            continue
        try:
            source_files(ind, "allied")
            dyadic_rows(ind, [(2, 740)], (2000, 2001))
        except AllydriftError as exc:
            warnings.warn(f"index model: leaving out '{ind.name}': {exc}", stacklevel=2)
            continue
        out.append(ind)
    return tuple(out)


@cache
def reference_pairs() -> pd.DataFrame:
    """Pairs (``ccode1 < ccode2``) ever allied by a defence pledge or ever rivals."""
    frames = [allied_pairs()]
    for name in RIVALRY_LISTS:
        rows = get(name).compute(None, None)
        frames.append(rows.loc[rows["value"] == 1, ["ccode1", "ccode2"]])
    out = pd.concat(frames).astype("int32").drop_duplicates()
    return out.sort_values(["ccode1", "ccode2"], ignore_index=True)


def reference_panel() -> Panel:
    """The raw panel of the reference population (the one input of the fit)."""
    pairs = [(int(a), int(b)) for a, b in reference_pairs().itertuples(index=False)]
    return build_panel(list(model_indicators()), pairs, None)


# --- transform ------------------------------------------------------------------


def normal_scores(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Knots ``(u, z)`` mapping values to normal scores ``Φ⁻¹((midrank − ½)/n)``,
    thinned to at most ``TRANSFORM_POINTS`` knots (ends kept)."""
    v = np.sort(values[np.isfinite(values)])
    u, first, counts = np.unique(v, return_index=True, return_counts=True)
    mid = first + (counts - 1) / 2.0 + 0.5
    z = special.ndtri(mid / len(v))
    if len(u) > TRANSFORM_POINTS:
        keep = np.unique(np.linspace(0, len(u) - 1, TRANSFORM_POINTS).round().astype(int))
        u, z = u[keep], z[keep]
    return u, z


def apply_transform(values: np.ndarray, knots: list[tuple[np.ndarray, np.ndarray]], sign):
    """Oriented normal scores of ``values`` (rows × indicators); NaN stays NaN."""
    out = np.full(values.shape, np.nan)
    for k, (u, z) in enumerate(knots):
        col = values[:, k]
        ok = np.isfinite(col)
        out[ok, k] = sign[k] * np.interp(col[ok], u, z)
    return out


# --- the fitted model -------------------------------------------------------------


@dataclass(frozen=True)
class Latent:
    """One fitted latent: the columns it observes, its items, and the ``loc``/``scale``
    that standardise it over the reference population."""

    cols: list[int]
    items: dlm.Items
    loc: float
    scale: float


@dataclass(frozen=True)
class Model:
    """Fitted latents: one per dimension (over its indicators) and ``overall`` (over the
    standardised dimension latents), plus the normal-score transform of each indicator."""

    indicators: tuple[Indicator, ...]
    knots: list[tuple[np.ndarray, np.ndarray]]
    dims: dict[str, Latent]
    overall: Latent  # cols index into list(dims)
    end_year: int
    seconds: float
    table: pd.DataFrame

    @property
    def names(self) -> list[str]:
        return [i.name for i in self.indicators]

    @property
    def sign(self) -> np.ndarray:
        return np.array([float(np.sign(i.direction)) for i in self.indicators])

    def item_table(self) -> pd.DataFrame:
        """One row per latent and observed series: intercept, loading, noise, ``q``."""
        return self.table.copy()


def _version(inds: tuple[Indicator, ...]) -> str:
    digest = hashlib.sha256(f"{MODEL_VERSION}|".encode())
    for ind in inds:
        digest.update(code_digest(ind, "allied").encode())
    for name in RIVALRY_LISTS:
        digest.update(code_digest(get(name), "allied").encode())
    for mod in (dlm, inspect.getmodule(_version)):
        digest.update(inspect.getsource(mod).encode())  # type: ignore[arg-type]
    return digest.hexdigest()[:16]


def _inputs(inds: tuple[Indicator, ...]) -> list[store.FileEntry]:
    seen: dict[str, store.FileEntry] = {}
    for ind in (*inds, *(get(n) for n in RIVALRY_LISTS)):
        for entry in source_files(ind, "allied"):
            seen.setdefault(entry.sha256, entry)
    return list(seen.values())


def _row(fit: str, series: str, it: dlm.Items, k: int, f: dlm.Fit) -> dict[str, object]:
    return {
        "fit": fit,
        "indicator": series,
        "intercept": float(it.a[k]),
        "loading": float(it.b[k]),
        "noise": float(it.s2[k]),
        "q": it.q,
        "loc": f.loc,
        "scale": f.scale,
        "iterations": f.iterations,
    }


def fit_panel(panel: Panel, max_iter: int = 60) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fit every latent on ``panel``; returns (items table, transform table)."""
    t0 = time.perf_counter()
    knots = [normal_scores(panel.values[:, k]) for k in range(panel.values.shape[1])]
    sign = np.array([float(np.sign(i.direction)) for i in panel.indicators])
    y = apply_transform(panel.values, knots, sign)
    keep = ~np.isnan(y).all(axis=1)
    y, keys = y[keep], panel.keys[keep].reset_index(drop=True)
    grid = _grid(keys)
    rows = []
    dim_y = []
    for dim in GROUPS:
        cols = [k for k, i in enumerate(panel.indicators) if group_of(i) == dim]
        if not cols:
            continue
        sub = y[:, cols]
        has = ~np.isnan(sub).all(axis=1)
        f = dlm.fit(sub[has], _grid(keys[has]), max_iter=max_iter)
        rows += [_row(dim, panel.indicators[c].name, f.items, k, f) for k, c in enumerate(cols)]
        s1, s2 = dlm.information(sub, f.items)
        ms, _, _, _ = dlm.robust_smooth(grid, s1, s2, f.items.q)
        z = (ms[grid.d, grid.t] - f.loc) / f.scale
        dim_y.append((dim, np.where(has, z, np.nan)))
    y2 = np.column_stack([z for _, z in dim_y])
    f = dlm.fit(y2, grid, max_iter=max_iter)
    rows += [_row(OVERALL, dim, f.items, k, f) for k, (dim, _) in enumerate(dim_y)]
    items = pd.DataFrame(rows)
    items["seconds"] = time.perf_counter() - t0
    items["end_year"] = int(panel.keys["year"].max())
    tr = [
        pd.DataFrame({"indicator": ind.name, "u": u, "z": z})
        for ind, (u, z) in zip(panel.indicators, knots, strict=True)
    ]
    return items, pd.concat(tr, ignore_index=True)


def _grid(keys: pd.DataFrame, end: np.ndarray | None = None, y0: int = 1800) -> dlm.Grid:
    dyad = keys.groupby(["ccode1", "ccode2"], sort=False).ngroup().to_numpy()
    return dlm.make_grid(dyad, keys["year"].to_numpy() - y0, end)


@cache
def _fitted() -> tuple[pd.DataFrame, pd.DataFrame]:
    return fit_panel(reference_panel())


def _latent(part: pd.DataFrame, cols: list[int]) -> Latent:
    it = dlm.Items(
        part["intercept"].to_numpy(float),
        part["loading"].to_numpy(float),
        part["noise"].to_numpy(float),
        float(part["q"].iloc[0]),
    )
    return Latent(cols, it, float(part["loc"].iloc[0]), float(part["scale"].iloc[0]))


def from_tables(inds: tuple[Indicator, ...], items: pd.DataFrame, trans: pd.DataFrame) -> Model:
    """A ``Model`` from its items and transform tables."""
    by_name = {i.name: k for k, i in enumerate(inds)}
    knots = []
    for ind in inds:
        part = trans[trans["indicator"] == ind.name]
        knots.append((part["u"].to_numpy(float), part["z"].to_numpy(float)))
    dims = {
        str(name): _latent(part, [by_name[n] for n in part["indicator"]])
        for name, part in items[items["fit"] != OVERALL].groupby("fit", sort=False)
    }
    top = items[items["fit"] == OVERALL]
    order = list(dims)
    overall = _latent(top, [order.index(d) for d in top["indicator"]])
    return Model(
        inds,
        knots,
        dims,
        overall,
        int(items["end_year"].iloc[0]),
        float(items["seconds"].iloc[0]),
        items,
    )


@cache
def model() -> Model:
    """The fitted model (from the cache; fitted on first use)."""
    inds = model_indicators()
    version = _version(inds)
    inputs = _inputs(inds)
    items = store.table("index.model.items", inputs, lambda _p: _fitted()[0], version=version)
    trans = store.table("index.model.transform", inputs, lambda _p: _fitted()[1], version=version)
    return from_tables(inds, items, trans)


# --- scoring --------------------------------------------------------------------


@dataclass(frozen=True)
class Posterior:
    """Standardised latent per dyad-year for every fit (``overall`` and each dimension):
    ``keys`` (ccode1, ccode2, year over each dyad's whole span), per fit ``mean``, ``sd``
    and ``n`` (indicators observed); ``values`` raw and ``y`` oriented normal scores of
    the model's indicators (NaN where missing); with contributions, ``contrib`` per fit:
    each indicator's additive part of the mean (rows × indicators; the rest is a
    constant baseline)."""

    keys: pd.DataFrame
    mean: dict[str, np.ndarray]
    sd: dict[str, np.ndarray]
    n: dict[str, np.ndarray]
    values: np.ndarray
    y: np.ndarray
    contrib: dict[str, np.ndarray]


def _last_alive(keys: pd.DataFrame, end_year: int) -> np.ndarray:
    """Per dyad: the last year up to ``end_year`` in which both states exist (COW)."""
    from allydrift.countries import state_years

    sy = state_years()
    sy = sy[sy["system"] == "cow"].dropna(subset=["ccode"])
    last = sy.groupby("ccode")["year"].max().clip(upper=end_year)
    pairs = keys.drop_duplicates(["ccode1", "ccode2"])
    a = pairs["ccode1"].map(last).fillna(0).to_numpy()
    b = pairs["ccode2"].map(last).fillna(0).to_numpy()
    return np.minimum(a, b).astype(int)


def posterior(
    panel: Panel, m: Model | None = None, contributions: bool = False, last: int | None = None
) -> Posterior:
    """Score the dyads of ``panel`` with the fitted items: every latent smoothed over
    each dyad's span, extended (projected) to the model's last year while both states
    exist (or to ``last`` for every dyad)."""
    m = m or model()
    cols = [panel.names.index(n) if n in panel.names else -1 for n in m.names]
    values = np.full((len(panel.keys), len(m.names)), np.nan)
    for k, c in enumerate(cols):
        if c >= 0:
            values[:, k] = panel.values[:, c]
    y = apply_transform(values, m.knots, m.sign)
    keep = ~np.isnan(y).all(axis=1)
    keys = panel.keys[keep].reset_index(drop=True)
    values, y = values[keep], y[keep]
    if keys.empty:
        msg = (
            "no indicator of the cohesion model has data for these dyads and years. "
            "Run `allydrift indicators` to see each indicator's coverage."
        )
        raise CoverageError(msg)
    y0 = 1800
    n_pairs = len(keys.drop_duplicates(["ccode1", "ccode2"]))
    ends = _last_alive(keys, m.end_year) if last is None else np.full(n_pairs, last)
    grid = _grid(keys, ends - y0, y0)
    pairs = keys.drop_duplicates(["ccode1", "ccode2"])[["ccode1", "ccode2"]].to_numpy()
    lens = grid.end - grid.start + 1
    ft = np.concatenate([np.arange(s, e + 1) for s, e in zip(grid.start, grid.end, strict=True)])
    fd = np.repeat(np.arange(len(pairs)), lens)
    full = pd.DataFrame(
        {
            "ccode1": np.repeat(pairs[:, 0], lens).astype(np.int32),
            "ccode2": np.repeat(pairs[:, 1], lens).astype(np.int32),
            "year": (ft + y0).astype(np.int32),
        }
    )
    starts = np.r_[0, np.cumsum(lens)[:-1]]
    at = starts[grid.d] + grid.t - grid.start[grid.d]
    yy = np.full((len(full), y.shape[1]), np.nan)
    yy[at] = y
    vv = np.full_like(yy, np.nan)
    vv[at] = values
    means, sds, ns, contrib = {}, {}, {}, {}
    k_all = len(m.names)
    dim_z = []
    over_parts = np.zeros((len(keys), k_all + 1))  # indicator parts + baseline
    ov = m.overall
    for j, (name, lat) in enumerate(m.dims.items()):
        sub = y[:, lat.cols]
        obs = ~np.isnan(sub)
        s1, s2 = dlm.information(sub, lat.items)
        ms, ps, _, steps = dlm.robust_smooth(grid, s1, s2, lat.items.q)
        means[name] = (ms[fd, ft] - lat.loc) / lat.scale
        sds[name] = np.sqrt(ps[fd, ft]) / lat.scale
        n = np.zeros(len(full), dtype=int)
        n[at] = obs.sum(axis=1)
        ns[name] = n
        has = obs.any(axis=1)
        dim_z.append(np.where(has, (ms[grid.d, grid.t] - lat.loc) / lat.scale, np.nan))
        if contributions:
            parts = np.where(obs, sub - lat.items.a, 0.0) * (lat.items.b / lat.items.s2)
            mc, _, _ = dlm.smooth(grid, s1, parts, np.array(steps))
            c_rows = mc[grid.d, grid.t] / lat.scale  # indicator parts of dim z, data rows
            c_full = np.zeros((len(full), k_all))
            c_full[:, lat.cols] = mc[fd, ft] / lat.scale
            contrib[name] = c_full
            if j in ov.cols:
                k = ov.cols.index(j)
                w = ov.items.b[k] / ov.items.s2[k]
                over_parts[:, lat.cols] += np.where(has[:, None], w * c_rows, 0.0)
                base = -lat.loc / lat.scale - ov.items.a[k]
                over_parts[:, -1] += np.where(has, w * base, 0.0)
    y2 = np.column_stack([dim_z[j] for j in ov.cols])
    s1, s2 = dlm.information(y2, ov.items)
    ms, ps, _, steps = dlm.robust_smooth(grid, s1, s2, ov.items.q)
    means[OVERALL] = (ms[fd, ft] - ov.loc) / ov.scale
    sds[OVERALL] = np.sqrt(ps[fd, ft]) / ov.scale
    ns[OVERALL] = np.sum([ns[d] for d in m.dims], axis=0)
    if contributions:
        mc, _, _ = dlm.smooth(grid, s1, over_parts, np.array(steps))
        contrib[OVERALL] = mc[fd, ft][:, :k_all] / ov.scale
    return Posterior(full, means, sds, ns, vv, yy, contrib)


def to_index(latent: np.ndarray) -> np.ndarray:
    """The 0–100 scale: ``100 Φ(latent)`` (the latent is standardised over the reference
    population), so 50 is the typical reference dyad-year and nothing leaves [0, 100]."""
    return 100.0 * special.ndtr(latent)


def score_pairs(pairs: Pairs, m: Model | None = None, contributions: bool = False) -> Posterior:
    """Posterior of ``pairs`` (any dyads, in the reference population or not)."""
    m = m or model()
    panel = build_panel(list(m.indicators), pairs, None)
    return posterior(panel, m, contributions)
