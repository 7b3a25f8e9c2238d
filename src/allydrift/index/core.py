"""Compute the Alliance Cohesion Index for many dyad-years or for one dyad.

``index_table`` scores many dyads at once (one row per dyad-year, wide); ``cohesion``
scores one dyad and keeps every step inspectable: raw values, goalposts, indicator
scores, weights, dimension scores, the overall score, its band and the linked series.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from allydrift import store
from allydrift.countries import State
from allydrift.countries.resolver import require_ccode, resolve_pair
from allydrift.errors import CoverageError, InputError
from allydrift.index import weights as wmod
from allydrift.index.aggregate import Aggregate, Layout, Linked, aggregate, link, make_layout
from allydrift.index.panel import Panel, build_panel, normalise, not_scored, scored
from allydrift.index.reference import (
    check_reference,
    code_digest,
    goalposts,
    reference_matrix,
    source_files,
)
from allydrift.index.uncertainty import Bands, bands
from allydrift.indicators import Indicator
from allydrift.indicators.registry import Pairs, Years

WeightSpec = str | Path | wmod.Weights | None


@dataclass(frozen=True)
class Scored:
    """Every intermediate result of scoring a panel of dyad-years."""

    panel: Panel
    goalposts: pd.DataFrame
    layout: Layout
    weights: wmod.Weights
    reference: str
    scores: np.ndarray
    agg: Aggregate
    linked: Linked
    bands: Bands | None

    @property
    def keys(self) -> pd.DataFrame:
        return self.panel.keys

    def posts(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        g = self.goalposts.loc[list(self.layout.indicators)]
        return g["lo"].to_numpy(), g["hi"].to_numpy(), g["direction"].to_numpy()


def _check_years(years: Years) -> Years:
    if years is not None and years[0] > years[1]:
        msg = f"a year span must run forward; got {years[0]}–{years[1]}"
        raise InputError(msg)
    return years


def usable(
    inds: list[Indicator], reference: str, skip_unavailable: bool = False
) -> tuple[list[Indicator], pd.DataFrame]:
    """The indicators whose goalposts are usable, and the goalposts of all of them."""
    posts = goalposts(inds, reference, skip_unavailable)
    ok = (posts["hi"] > posts["lo"]).to_dict()
    kept = [i for i in inds if ok.get(i.name, False)]
    if not kept:
        msg = (
            f"no scored indicator varies in the '{reference}' reference population; "
            "try reference='all'"
        )
        raise CoverageError(msg)
    return kept, posts


def resolve_weights(spec: WeightSpec, inds: list[Indicator], reference: str) -> wmod.Weights:
    """``None``/``"equal"``, ``"pca"``, a weights file path, or a ``Weights``."""
    if spec is None or (isinstance(spec, str) and spec == "equal"):
        return wmod.equal()
    if isinstance(spec, wmod.Weights):
        return spec
    if isinstance(spec, str) and spec == "pca":
        return pca_weights(inds, reference)
    path = Path(spec)
    if path.suffix.lower() not in {".toml", ".yaml", ".yml"}:
        msg = f"weights must be 'equal', 'pca' or a .toml/.yaml file; got '{spec}'"
        raise InputError(msg)
    return wmod.from_file(path)


def pca_weights(inds: list[Indicator], reference: str = "allied") -> wmod.Weights:
    """First-principal-component weights over the reference population's scores
    (cached like the goalposts, by data and code version)."""
    kept, posts = usable(inds, reference)
    names = [i.name for i in kept]

    def build(_paths: object) -> pd.DataFrame:
        raw = reference_matrix(kept, reference).to_numpy(dtype=float)
        g = posts.loc[names]
        sc = normalise(raw, g["lo"].to_numpy(), g["hi"].to_numpy(), g["direction"].to_numpy())
        w = wmod.principal_component(sc, names, [i.dimension for i in kept])
        return pd.DataFrame({"indicator": names, "weight": [w.indicator(n) for n in names]})

    digest = hashlib.sha256("|".join(code_digest(i, reference) for i in kept).encode())
    inputs = {e.sha256: e for i in kept for e in source_files(i, reference)}
    table = store.table(
        f"index.pca.{reference}", list(inputs.values()), build, version=digest.hexdigest()[:16]
    )
    weight = dict(zip(table["indicator"], table["weight"], strict=True))
    dims: dict[str, float] = {}
    for ind in kept:
        dims[ind.dimension] = dims.get(ind.dimension, 0.0) + weight[ind.name]
    return wmod.Weights("pca", dims, weight)


def score_panel(
    pairs: Pairs = None,
    years: Years = None,
    *,
    weights: WeightSpec = None,
    reference: str = "allied",
    indicators: list[str] | None = None,
    draws: int = 0,
    level: float = 0.9,
    seed: int = 0,
) -> Scored:
    """Score every dyad-year of ``pairs`` (all if ``None``) in ``years``."""
    check_reference(reference)
    inds, posts = usable(scored(indicators), reference, skip_unavailable=indicators is None)
    w = resolve_weights(weights, inds, reference)
    panel = build_panel(inds, pairs, _check_years(years))
    if panel.keys.empty:
        msg = (
            "no scored indicator has data for these dyads and years. "
            "Run `allydrift indicators` to see each indicator's coverage."
        )
        raise CoverageError(msg)
    return score(panel, posts, w, reference=reference, draws=draws, level=level, seed=seed)


def score(
    panel: Panel,
    posts: pd.DataFrame,
    weights: wmod.Weights,
    *,
    reference: str = "allied",
    draws: int = 0,
    level: float = 0.9,
    seed: int = 0,
) -> Scored:
    """Score a ready panel with the goalposts ``posts`` (indexed by indicator, columns
    ``lo``, ``hi``, ``direction``): normalise, aggregate, chain-link and, with
    ``draws`` > 0, bootstrap the bands. Rows of ``panel.keys`` must be sorted by dyad
    and year."""
    lay = make_layout(list(panel.indicators), weights)
    g = posts.loc[list(lay.indicators)]
    post_arrays = (g["lo"].to_numpy(), g["hi"].to_numpy(), g["direction"].to_numpy())
    sc = normalise(panel.values, *post_arrays)
    agg = aggregate(sc, lay)
    dyad = panel.keys.groupby(["ccode1", "ccode2"], sort=False).ngroup().to_numpy()
    linked = link(dyad, sc, agg, lay)
    band = None
    if draws:
        band = bands(panel.values, panel.se, post_arrays, lay, draws, level, seed)
    return Scored(panel, posts, lay, weights, reference, sc, agg, linked, band)


def _composition_change(keys: pd.DataFrame, avail: np.ndarray) -> np.ndarray:
    same_dyad = (keys["ccode1"].diff() == 0) & (keys["ccode2"].diff() == 0)
    changed = np.r_[False, (avail[1:] != avail[:-1]).any(axis=1)]
    return same_dyad.to_numpy() & changed


def wide_table(s: Scored) -> pd.DataFrame:
    """One row per dyad-year: score, band, linked series, coverage and dimensions."""
    out = s.keys.copy()
    out["score"] = s.agg.overall
    if s.bands is not None:
        out["lower"] = s.bands.lower
        out["upper"] = s.bands.upper
    out["linked"] = s.linked.overall
    out["n_indicators"] = s.agg.n_indicators
    out["n_dimensions"] = s.agg.n_dimensions
    out["weight_share"] = s.agg.weight_share
    out["composition_change"] = _composition_change(s.keys, ~np.isnan(s.scores))
    for m, dim in enumerate(s.layout.dimensions):
        out[dim] = s.agg.dimensions[:, m]
    return out[~np.isnan(out["score"])].reset_index(drop=True)


def index_table(
    pairs: Pairs = None,
    years: Years = None,
    *,
    weights: WeightSpec = None,
    reference: str = "allied",
    indicators: list[str] | None = None,
    draws: int = 0,
    level: float = 0.9,
    seed: int = 0,
    method: str = "model",
) -> pd.DataFrame:
    """The index for many dyads: one row per dyad-year (``ccode1 < ccode2``).

    By default from the measurement model (``allydrift.index.model``): ``score``,
    ``lower``/``upper`` (posterior ``level`` band), ``latent``, ``sd``, ``n_indicators``,
    ``projection``, ``n_dimensions`` and one column per latent. With ``weights`` or
    ``indicators`` (or ``method="average"``), the earlier normalise-and-average index:
    ``score``, ``lower``/``upper`` (with ``draws`` > 0), ``linked``, ``n_indicators``,
    ``n_dimensions``, ``weight_share``, ``composition_change`` and one column per dimension.
    """
    if method == "model" and weights is None and indicators is None:
        from allydrift.index.scoring import table_model

        return table_model(pairs, _check_years(years), level)
    s = score_panel(
        pairs,
        years,
        weights=weights,
        reference=reference,
        indicators=indicators,
        draws=draws,
        level=level,
        seed=seed,
    )
    return wide_table(s)


@dataclass(frozen=True)
class Cohesion:
    """The index of one dyad, every step inspectable.

    ``scores``: one row per year (score, lower, upper, linked, coverage);
    ``dimensions``: one row per year and dimension; ``indicators``: one row per year and
    indicator (raw value, 0–100 score, effective weight in the overall score, and its
    contribution to that year's change of the linked overall and dimension series);
    ``goalposts``, ``weights``, ``not_scored`` and ``method`` describe how.
    """

    state_a: State
    state_b: State
    scores: pd.DataFrame
    dimensions: pd.DataFrame
    indicators: pd.DataFrame
    goalposts: pd.DataFrame
    weights: wmod.Weights
    not_scored: pd.DataFrame
    method: dict[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict of every table."""
        return {
            "state_a": self.state_a.iso3 or self.state_a.abb,
            "state_b": self.state_b.iso3 or self.state_b.abb,
            "scores": records(self.scores),
            "dimensions": records(self.dimensions),
            "indicators": records(self.indicators),
            "goalposts": records(self.goalposts.reset_index()),
            "weights": self.weights.to_dict(),
            "not_scored": records(self.not_scored),
            "method": self.method,
        }


def records(df: pd.DataFrame) -> list[dict[str, object]]:
    """Rows of ``df`` as JSON-ready dicts (missing values become ``None``)."""
    clean = df.astype(object).where(df.notna(), None)
    return [
        {k: (v.item() if isinstance(v, np.generic) else v) for k, v in row.items()}
        for row in clean.to_dict(orient="records")
    ]


pair_states = resolve_pair  # the index's name for the shared dyad resolver


def cohesion(
    a: str | int | State,
    b: str | int | State,
    years: Years = None,
    *,
    weights: WeightSpec = None,
    reference: str = "allied",
    indicators: list[str] | None = None,
    draws: int = 200,
    level: float = 0.9,
    seed: int = 0,
    method: str = "model",
) -> Cohesion:
    """The Alliance Cohesion Index of the dyad (a, b), year by year, with its band.

    By default from the measurement model (posterior band, ``projection`` flag,
    ``n_indicators`` per year); with ``weights`` or ``indicators`` (or
    ``method="average"``) the earlier normalise-and-average index with a bootstrap band.

    >>> c = cohesion("USA", "JPN", years=(1990, 2020))
    >>> c.scores[["year", "score", "lower", "upper"]]
    """
    if method not in ("model", "average"):
        msg = f"method must be 'model' or 'average'; got '{method}'"
        raise InputError(msg)
    sa, sb = pair_states(a, b)
    if method == "model" and weights is None and indicators is None:
        from allydrift.index.scoring import cohesion_model

        return cohesion_model(sa, sb, _check_years(years), level)
    s = score_panel(
        [(require_ccode(sa), require_ccode(sb))],
        years,
        weights=weights,
        reference=reference,
        indicators=indicators,
        draws=draws,
        level=level,
        seed=seed,
    )
    return cohesion_from(sa, sb, s, draws=draws, level=level, seed=seed)


def cohesion_from(
    sa: State, sb: State, s: Scored, draws: int = 0, level: float = 0.9, seed: int = 0
) -> Cohesion:
    """The ``Cohesion`` view of a ``Scored`` panel that holds one dyad."""
    table = wide_table(s)
    names = [sa.iso3 or sa.abb, sb.iso3 or sb.abb]
    scores = table.drop(columns=["ccode1", "ccode2", *s.layout.dimensions])
    scores.insert(0, "state_b", names[1])
    scores.insert(0, "state_a", names[0])
    method = {
        "reference": s.reference,
        "weights": s.weights.name,
        "draws": draws,
        "level": level,
        "seed": seed,
        "dimensions": list(s.layout.dimensions),
        "indicators": list(s.layout.indicators),
    }
    return Cohesion(
        sa,
        sb,
        scores,
        _dimension_rows(s),
        _indicator_rows(s),
        s.goalposts.loc[list(s.layout.indicators)],
        s.weights,
        excluded(s),
        method,
    )


def excluded(s: Scored) -> pd.DataFrame:
    """Registered indicators the index left out, with the reason: context series,
    monadic ones, and scorable ones without usable goalposts (constant or unavailable)."""
    left = s.goalposts.drop(index=list(s.layout.indicators))
    left = left.reindex(columns=["dimension", "rule"])
    rows = pd.DataFrame(
        {"indicator": left.index, "dimension": left["dimension"], "reason": left["rule"]}
    )
    return pd.concat([not_scored(), rows], ignore_index=True)


def _dimension_rows(s: Scored) -> pd.DataFrame:
    frames = []
    for m, dim in enumerate(s.layout.dimensions):
        frame = pd.DataFrame(
            {
                "year": s.keys["year"].to_numpy(),
                "dimension": dim,
                "score": s.agg.dimensions[:, m],
                "lower": s.bands.dim_lower[:, m] if s.bands is not None else np.nan,
                "upper": s.bands.dim_upper[:, m] if s.bands is not None else np.nan,
                "linked": s.linked.dimensions[:, m],
                "n_indicators": s.agg.dim_count[:, m],
            }
        )
        frames.append(frame[frame["score"].notna()])
    return pd.concat(frames, ignore_index=True).sort_values(["year", "dimension"], kind="stable")


def _indicator_rows(s: Scored) -> pd.DataFrame:
    from allydrift.index.aggregate import overall_weights

    avail = ~np.isnan(s.scores)
    weight = overall_weights(avail, s.layout)
    frames = []
    for k, ind in enumerate(s.panel.indicators):
        frame = pd.DataFrame(
            {
                "year": s.keys["year"].to_numpy(),
                "indicator": ind.name,
                "dimension": ind.dimension,
                "direction": ind.direction,
                "value": s.panel.values[:, k],
                "score": s.scores[:, k],
                "weight": weight[:, k],
                "contribution": s.linked.contributions[:, k],
                "dim_contribution": s.linked.dim_contributions[:, k],
            }
        )
        frames.append(frame[avail[:, k]])
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["year", "dimension", "indicator"], ignore_index=True)
