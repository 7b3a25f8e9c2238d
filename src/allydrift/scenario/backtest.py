"""Backtest of the projections: filter on the data up to year ``T``, project
``T+1 … T+5``, score against what happened.

For each origin ``T`` every pair's panel is cut at ``T`` and scored with the fitted
items (``model.posterior``): with no data after ``T`` the latent at ``T`` is the
filtered one, and ``projection`` carries it forward (mean held, variance ``P + h v``),
so nothing after ``T`` enters the forecast. What happened is the smoothed latent on the
full data, in years with at least ``MIN_OBSERVED`` indicators observed. Scored: coverage of the
central band and the absolute error (index points), beside two no-change forecasts —
the score at ``T`` as it was known at ``T`` (the filter: the model's own point
forecast, since its transition is a random walk) and the score at ``T`` in hindsight
(the smoothed latent at ``T``, which uses later data: a benchmark no real-time
forecast can have). Beside them, a damped forecast (``DAMPING`` per year back towards
the pair's mean up to ``T``) tests whether the random walk is the right transition.

Caveat: the items and the normal-score transform are those of the full fit (data up
to the model's last year); only the latent path is kept out of the future.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

from allydrift.index import model as mm
from allydrift.index.panel import Panel, build_panel
from allydrift.scenario.projection import step_variance

ORIGINS = tuple(range(1980, 2016, 5))
HORIZON = 5
DAMPING = 0.9


def sample_pairs(n: int, seed: int = 0) -> list[tuple[int, int]]:
    """``n`` pairs drawn at random from the model's reference population."""
    ref = mm.reference_pairs()
    rng = np.random.default_rng(seed)
    rows = rng.choice(len(ref), size=min(n, len(ref)), replace=False)
    return [(int(a), int(b)) for a, b in ref.iloc[np.sort(rows)].itertuples(index=False)]


def _frame(post: mm.Posterior, fit: str) -> pd.DataFrame:
    out = post.keys.copy()
    out["mean"], out["sd"], out["n"] = post.mean[fit], post.sd[fit], post.n[fit]
    return out


def _ahead(at: pd.DataFrame, origin: int, horizon: int, v: float) -> pd.DataFrame:
    """The projection from the state at ``origin`` (standardised mean and sd per pair)
    for each year ahead: mean held, variance grown by ``v`` per year."""
    h = np.arange(1, horizon + 1)
    out = at.loc[at.index.repeat(horizon)].reset_index(drop=True)
    out["horizon"] = np.tile(h, len(at))
    out["year"] = origin + out["horizon"]
    out["sd"] = np.sqrt(out["sd"] ** 2 + out["horizon"] * v)
    return out


def run(
    pairs: list[tuple[int, int]],
    origins: tuple[int, ...] = ORIGINS,
    horizon: int = HORIZON,
    level: float = 0.9,
    m: mm.Model | None = None,
) -> pd.DataFrame:
    """One row per latent, pair, origin and horizon with the forecast, its band, the
    truth and both no-change forecasts (index points)."""
    m = m or mm.model()
    panel = build_panel(list(m.indicators), pairs, None)
    return run_panel(panel, mm.posterior(panel, m), origins, horizon, level, m)


def run_panel(
    panel: Panel,
    full: mm.Posterior,
    origins: tuple[int, ...] = ORIGINS,
    horizon: int = HORIZON,
    level: float = 0.9,
    m: mm.Model | None = None,
) -> pd.DataFrame:
    """``run`` on a given panel, scored against the posterior ``full`` (what happened)."""
    m = m or mm.model()
    k = float(special.ndtri(0.5 + level / 2.0))
    fits = [mm.OVERALL, *m.dims]
    lats = {**m.dims, mm.OVERALL: m.overall}
    truth = {f: _frame(full, f) for f in fits}
    frames = []
    for origin in origins:
        cut = panel.subset((panel.keys["year"] <= origin).to_numpy())
        if cut.keys.empty:
            continue
        post = mm.posterior(cut, m)
        for f in fits:
            fc = _frame(post, f)
            at = fc[fc["year"] == origin][["ccode1", "ccode2", "mean"]]
            known = at.rename(columns={"mean": "known"})
            hind = truth[f][truth[f]["year"] == origin][["ccode1", "ccode2", "mean"]]
            hind = hind.rename(columns={"mean": "hindsight"})
            past = fc[fc["year"] <= origin].groupby(["ccode1", "ccode2"], as_index=False)
            known = known.merge(past["mean"].mean().rename(columns={"mean": "past"}))
            state = fc[fc["year"] == origin][["ccode1", "ccode2", "mean", "sd"]]
            v = step_variance(lats[f].items.q) / lats[f].scale ** 2
            ahead = _ahead(state.reset_index(drop=True), origin, horizon, v)
            t = truth[f][truth[f]["n"] >= mm.MIN_OBSERVED][["ccode1", "ccode2", "year", "mean"]]
            df = ahead.merge(t.rename(columns={"mean": "true"}), on=["ccode1", "ccode2", "year"])
            df = df.merge(known, on=["ccode1", "ccode2"]).merge(hind, on=["ccode1", "ccode2"])
            df["latent"], df["origin"] = f, origin
            damp = DAMPING ** df["horizon"]
            df["damped"] = df["past"] + damp * (df["known"] - df["past"])
            df["lower"] = mm.to_index(df["mean"] - k * df["sd"])
            df["upper"] = mm.to_index(df["mean"] + k * df["sd"])
            for col in ("mean", "true", "known", "hindsight", "damped"):
                df[col] = mm.to_index(df[col].to_numpy())
            frames.append(df.drop(columns=["past"]))
    return pd.concat(frames, ignore_index=True)


def summary(rows: pd.DataFrame) -> pd.DataFrame:
    """Per horizon (and all together): n, coverage of the band, and mean absolute error
    of the projection and of the two no-change forecasts, overall latent and all."""
    rows = rows.assign(
        covered=(rows["true"] >= rows["lower"]) & (rows["true"] <= rows["upper"]),
        err=(rows["mean"] - rows["true"]).abs(),
        err_known=(rows["known"] - rows["true"]).abs(),
        err_hindsight=(rows["hindsight"] - rows["true"]).abs(),
        err_damped=(rows["damped"] - rows["true"]).abs(),
    )
    out = []
    for scope, part in (("overall", rows[rows["latent"] == mm.OVERALL]), ("all latents", rows)):
        for h, g in [*part.groupby("horizon"), ("1-5", part)]:
            out.append(
                {
                    "latent": scope,
                    "horizon": str(h),
                    "n": len(g),
                    "coverage": g["covered"].mean(),
                    "mae": g["err"].mean(),
                    "mae_no_change_known": g["err_known"].mean(),
                    "mae_no_change_hindsight": g["err_hindsight"].mean(),
                    "mae_damped": g["err_damped"].mean(),
                    "band_width": (g["upper"] - g["lower"]).mean(),
                }
            )
    return pd.DataFrame(out)
