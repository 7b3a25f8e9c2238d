"""Sharp ruptures: does the drift analysis find a change point near each one?

For every episode marked ``rupture = true``, ``allydrift.drift.analyse`` runs on the
dyad (index from ``allydrift.index.cohesion``, no bootstrap) and its change points of the
overall series are compared with the rupture's years (± ``metrics.TOLERANCE``). The
same detector (``allydrift.drift.changepoints``) on raw UN agreement is the baseline.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from allydrift.validate import metrics
from allydrift.validate.episodes import Episode
from allydrift.validate.series import BASELINE, OVERALL, Progress, baseline


def _breaks(frame: pd.DataFrame, series: str) -> list[int]:
    part = frame[frame["series"] == series] if "series" in frame.columns else frame
    return sorted(int(y) for y in part["year"])


def evaluate(
    episodes: list[Episode], *, tolerance: int = metrics.TOLERANCE, progress: Progress | None = None
) -> pd.DataFrame:
    """One row per rupture and measure: the change points found and whether one is near."""
    from allydrift.drift import analyse
    from allydrift.drift.changepoints import changepoints
    from allydrift.index import cohesion

    rows = []
    for e in episodes:
        if not e.rupture:
            continue
        if progress:
            progress(f"drift {e.id}")
        c = cohesion(e.a, e.b, draws=0)
        d = analyse(e.a, e.b, index=c, draws=0)
        years = d.index.scores["year"]
        span = int(years.max() - years.min() + 1) if len(years) else 0
        found = {OVERALL: (_breaks(d.changepoints, "overall"), span)}
        un = baseline([e.pair])
        # on 0–100 like the index, so the detector's noise floor means the same
        s = 100 * un.set_index("year")["value"].sort_index()
        found[BASELINE] = (_breaks(changepoints(s), "") if len(s) >= 6 else [], len(s))
        for measure, (breaks, n_years) in found.items():
            near = [y for y in breaks if e.start - tolerance <= y <= e.end + tolerance]
            rows.append(
                {
                    "id": e.id,
                    "split": e.split,
                    "measure": measure,
                    "start": e.start,
                    "end": e.end,
                    "detected": metrics.near_break(breaks, e.start, e.end, tolerance),
                    "nearest": near[0] if near else np.nan,
                    "changepoints": len(breaks),
                    "years": n_years,
                }
            )
    return pd.DataFrame(rows)


def shares(results: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Share of ruptures with a change point nearby, and change points per decade."""
    g = results.groupby(by, sort=False)
    out = g.agg(
        ruptures=("detected", "size"),
        detected=("detected", "sum"),
        changepoints=("changepoints", "sum"),
        years=("years", "sum"),
    ).reset_index()
    out["share"] = out["detected"] / out["ruptures"]
    out["per_decade"] = 10 * out["changepoints"] / out["years"].clip(lower=1)
    return out.drop(columns=["changepoints", "years"])
