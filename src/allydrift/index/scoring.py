"""Scores from the measurement model: the ``Cohesion`` of one dyad, wide tables of
many, and rankings.

Every score is ``100 Φ(z)`` of the standardised posterior mean ``z`` (see
``model.to_index``); the band is ``100 Φ(z ± k·sd)`` for the central ``level`` interval.
A year whose score rests on fewer than ``MIN_OBSERVED`` indicators (including every
year after the last observation) is flagged ``projection``: its band comes from the
random walk alone and widens year by year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

from allydrift.countries import State
from allydrift.countries.resolver import require_ccode
from allydrift.index import model as mm
from allydrift.index import weights as wmod
from allydrift.indicators.registry import Years

OVERALL = mm.OVERALL


def _z(level: float) -> float:
    return float(special.ndtri(0.5 + level / 2.0))


def series_table(post: mm.Posterior, fit: str, level: float = 0.9) -> pd.DataFrame:
    """Keys with ``score``, ``lower``, ``upper``, ``latent``, ``sd``, ``n_indicators``,
    ``projection`` of one latent."""
    k = _z(level)
    mean, sd = post.mean[fit], post.sd[fit]
    out = post.keys.copy()
    out["score"] = mm.to_index(mean)
    out["lower"] = mm.to_index(mean - k * sd)
    out["upper"] = mm.to_index(mean + k * sd)
    out["latent"] = mean
    out["sd"] = sd
    out["n_indicators"] = post.n[fit]
    out["projection"] = post.n[fit] < mm.MIN_OBSERVED
    return out


def wide(post: mm.Posterior, m: mm.Model, level: float = 0.9) -> pd.DataFrame:
    """One row per dyad-year: overall score, band, coverage, and one column per latent."""
    out = series_table(post, OVERALL, level)
    out["linked"] = out["score"]
    out["n_dimensions"] = sum((post.n[d] > 0).astype(int) for d in m.dims)
    for d in m.dims:
        out[d] = mm.to_index(post.mean[d])
    return out


def model_weights(m: mm.Model) -> wmod.Weights:
    """Each latent's share of the overall's information (loading² / noise) and each
    indicator's share of its latent's."""
    ov = m.overall.items
    names = list(m.dims)
    info = ov.b**2 / ov.s2
    dims = {names[c]: float(v / info.sum()) for c, v in zip(m.overall.cols, info, strict=True)}
    inds: dict[str, float] = {}
    for lat in m.dims.values():
        w = lat.items.b**2 / lat.items.s2
        for c, v in zip(lat.cols, w / w.sum(), strict=True):
            inds[m.names[c]] = float(v)
    return wmod.Weights("model", dims, inds)


def _dimension_rows(post: mm.Posterior, m: mm.Model, rows: np.ndarray, level: float):
    frames = []
    for d in m.dims:
        t = series_table(post, d, level).iloc[rows]
        frames.append(
            pd.DataFrame(
                {
                    "year": t["year"].to_numpy(),
                    "dimension": d,
                    "score": t["score"].to_numpy(),
                    "lower": t["lower"].to_numpy(),
                    "upper": t["upper"].to_numpy(),
                    "linked": t["score"].to_numpy(),
                    "n_indicators": t["n_indicators"].to_numpy(),
                    "projection": t["projection"].to_numpy(),
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["year", "dimension"], kind="stable", ignore_index=True)


def _step_points(post: mm.Posterior, fit: str, rows: np.ndarray) -> np.ndarray:
    """Per indicator and year: its part of the year's change of ``fit``, in index points
    (the latent change times the slope of the 0–100 map at the midpoint)."""
    c = post.contrib[fit][rows]
    z = post.mean[fit][rows]
    dc = np.vstack([np.zeros((1, c.shape[1])), np.diff(c, axis=0)])
    mid = np.r_[z[0], (z[1:] + z[:-1]) / 2.0]
    return dc * (100.0 * np.exp(-(mid**2) / 2.0) / np.sqrt(2 * np.pi))[:, None]


def _indicator_rows(post: mm.Posterior, m: mm.Model, rows: np.ndarray) -> pd.DataFrame:
    w = model_weights(m)
    group = {m.names[c]: d for d, lat in m.dims.items() for c in lat.cols}
    over = _step_points(post, OVERALL, rows)
    frames = []
    years = post.keys["year"].to_numpy()[rows]
    for k, ind in enumerate(m.indicators):
        d = group[ind.name]
        dimc = _step_points(post, d, rows)[:, k]
        obs = ~np.isnan(post.y[rows, k])
        share = w.dimension(d) * w.indicator(ind.name)
        frames.append(
            pd.DataFrame(
                {
                    "year": years,
                    "indicator": ind.name,
                    "dimension": d,
                    "direction": ind.direction,
                    "value": post.values[rows, k],
                    "score": 100.0 * special.ndtr(post.y[rows, k]),
                    "weight": np.where(obs, share, 0.0),
                    "contribution": over[:, k],
                    "dim_contribution": dimc,
                    "observed": obs,
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["year", "dimension", "indicator"], ignore_index=True)


def goalposts_table(m: mm.Model) -> pd.DataFrame:
    """The model's items per indicator (indexed by indicator), the range of its
    reference values (``lo``/``hi``) and the latent it loads on."""
    items = m.item_table()
    items = items[items["fit"] != OVERALL].set_index("indicator")
    by = {i.name: i for i in m.indicators}
    out = pd.DataFrame(
        {
            "dimension": [by[n].dimension for n in items.index],
            "latent": items["fit"],
            "direction": [by[n].direction for n in items.index],
            "unit": [by[n].unit for n in items.index],
            "lo": [float(m.knots[m.names.index(n)][0][0]) for n in items.index],
            "hi": [float(m.knots[m.names.index(n)][0][-1]) for n in items.index],
            "intercept": items["intercept"],
            "loading": items["loading"],
            "noise": items["noise"],
            "rule": "normal scores over the reference population",
        },
        index=items.index,
    )
    out.index.name = "indicator"
    return out


def not_used(m: mm.Model) -> pd.DataFrame:
    """Registered indicators the model leaves out, with the reason."""
    from allydrift.index.panel import not_scored, scored

    rows = []
    for ind in scored():
        if ind.name in m.names:
            continue
        if mm.is_raw_share(ind.name):
            reason = (
                "raw UN vote share: moves with each state's overall voting "
                "(the model uses kappa, pi and ideal-point distance)"
            )
        else:
            reason = "unavailable in this cache"
        rows.append({"indicator": ind.name, "dimension": ind.dimension, "reason": reason})
    return pd.concat([not_scored(), pd.DataFrame(rows)], ignore_index=True)


def cohesion_model(sa: State, sb: State, years: Years, level: float = 0.9):
    """The ``Cohesion`` of (sa, sb) from the fitted model."""
    from allydrift.errors import CoverageError
    from allydrift.index.core import Cohesion

    m = mm.model()
    c1, c2 = require_ccode(sa), require_ccode(sb)
    pair = (min(c1, c2), max(c1, c2))
    post = mm.score_pairs([pair], m, contributions=True)
    table = wide(post, m, level)
    rows = np.arange(len(table))
    if years is not None:
        rows = rows[table["year"].between(*years).to_numpy()]
    if not len(rows):
        span = f"{years[0]}–{years[1]}" if years is not None else "any year"
        msg = f"{sa}–{sb} has no scored year in {span}"
        raise CoverageError(msg)
    names = [sa.iso3 or sa.abb, sb.iso3 or sb.abb]
    scores = table.iloc[rows].drop(columns=["ccode1", "ccode2", *m.dims]).reset_index(drop=True)
    scores["weight_share"] = np.nan
    scores["composition_change"] = False
    scores.insert(0, "state_b", names[1])
    scores.insert(0, "state_a", names[0])
    method = {
        "model": "dynamic factor model (random walk latent, normal-score indicators)",
        "reference": "allied or rival pairs",
        "level": level,
        "dimensions": list(m.dims),
        "indicators": m.names,
        "min_observed": mm.MIN_OBSERVED,
        "end_year": m.end_year,
    }
    return Cohesion(
        sa,
        sb,
        scores,
        _dimension_rows(post, m, rows, level),
        _indicator_rows(post, m, rows).query("observed").drop(columns="observed"),
        goalposts_table(m),
        model_weights(m),
        not_used(m),
        method,
    )


def table_model(pairs, years: Years = None, level: float = 0.9) -> pd.DataFrame:
    """The wide model table of ``pairs`` (all reference pairs if ``None``)."""
    m = mm.model()
    if pairs is None:
        pairs = [(int(a), int(b)) for a, b in mm.reference_pairs().itertuples(index=False)]
    pairs = [(min(a, b), max(a, b)) for a, b in pairs]
    out = wide(mm.score_pairs(pairs, m), m, level).drop(columns="latent")
    out = out.rename(columns={"sd": "latent_se"})
    if years is not None:
        out = out[out["year"].between(*years)]
    return out.reset_index(drop=True)


def adequate_year(table: pd.DataFrame) -> int:
    """The latest year in which the median dyad's score rests on at least half as many
    indicators as in the best-covered year (and at least ``MIN_OBSERVED``)."""
    med = table.groupby("year")["n_indicators"].median()
    ok = med[(med >= max(mm.MIN_OBSERVED, 0.5 * med.max()))]
    if ok.empty:
        from allydrift.errors import CoverageError

        msg = "no year has adequate indicator coverage for a ranking"
        raise CoverageError(msg)
    return int(ok.index.max())
