"""``run()``: every validation test on the shipped files, as tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from allydrift.errors import InputError
from allydrift.validate import groups as gmod
from allydrift.validate import metrics
from allydrift.validate import ruptures as rmod
from allydrift.validate.episodes import Episode, load, select
from allydrift.validate.series import BASELINE, OVERALL, Progress, measures, names

TESTS = ("episodes", "groups", "ruptures")


@dataclass(frozen=True)
class Validation:
    """``episodes``: one row per episode and measure (before, after, delta, hit);
    ``hit_rates``: per measure and split (dev, test, all); ``groups``: AUC and
    adversary percentiles per anchor, year and measure; ``group_summary``: mean AUC and
    pooled adversary share per measure; ``ruptures``: per rupture and measure;
    ``rupture_shares``: per measure and split; ``method``: the rules; ``subsets``: hit
    rates of the index and the baseline with and without the US."""

    episodes: pd.DataFrame
    hit_rates: pd.DataFrame
    groups: pd.DataFrame
    group_summary: pd.DataFrame
    ruptures: pd.DataFrame
    rupture_shares: pd.DataFrame
    method: dict[str, object] = field(default_factory=dict)
    subsets: pd.DataFrame = field(default_factory=pd.DataFrame)

    def tables(self) -> dict[str, pd.DataFrame]:
        return {
            "hit_rates": self.hit_rates,
            "subsets": self.subsets,
            "group_summary": self.group_summary,
            "groups": self.groups,
            "rupture_shares": self.rupture_shares,
            "episodes": self.episodes,
            "ruptures": self.ruptures,
        }


def episode_results(
    episodes: list[Episode],
    series: pd.DataFrame,
    k: int = metrics.K,
    min_years: int = metrics.MIN_YEARS,
) -> pd.DataFrame:
    """One row per episode and measure: before, after, delta and hit."""
    rows = []
    by_key = {key: part for key, part in series.groupby(["ccode1", "ccode2", "measure"])}
    for e in episodes:
        for m in names(series):
            part = by_key.get((*e.pair, m))
            s = part.set_index("year")["value"] if part is not None else pd.Series(dtype=float)
            before, after, delta = metrics.shift(s, e.start, e.end, k, min_years)
            rows.append(
                {
                    "id": e.id,
                    "split": e.split,
                    "us": 2 in e.pair,
                    "direction": e.direction,
                    "measure": m,
                    "before": before,
                    "after": after,
                    "delta": delta,
                    "hit": metrics.is_hit(delta, e.direction),
                }
            )
    return pd.DataFrame(rows)


def by_split(results: pd.DataFrame, rate: object, by: list[str]) -> pd.DataFrame:
    """``rate(frame, by + ['split'])`` per split, plus the pooled rows as split 'all'
    when the results hold more than one split."""
    per = rate(results, [*by, "split"])  # type: ignore[operator]
    frames = [per]
    if results["split"].nunique() > 1:
        frames.append(rate(results.assign(split="all"), [*by, "split"]))  # type: ignore[operator]
    out = pd.concat(frames, ignore_index=True)
    order = {"dev": 0, "test": 1, "all": 2}
    out["_o"] = out["split"].map(order)
    first = {m: i for i, m in enumerate(dict.fromkeys(results[by[0]]))}
    out["_m"] = out[by[0]].map(first)
    return (
        out.sort_values(["_m", "_o"], kind="stable")
        .drop(columns=["_m", "_o"])
        .reset_index(drop=True)
    )


def by_subset(results: pd.DataFrame) -> pd.DataFrame:
    """Hit rates of the index and the baseline on episodes with and without the US."""
    r = results[results["measure"].isin([OVERALL, BASELINE])]
    r = r.assign(subset=np.where(r["us"], "with the US", "without the US"))
    return by_split(r, metrics.hit_rates, ["measure", "subset"])


def paired(results: pd.DataFrame, rates: pd.DataFrame, base: str = BASELINE) -> pd.DataFrame:
    """Add ``paired_measured``/``paired_rate``: each measure's hit rate on the episodes
    that the baseline ``base`` can also measure (a like-for-like comparison)."""
    ok = results[results["measure"] == base].set_index("id")["hit"].notna()
    if ok.empty:
        return rates.assign(paired_measured=0, paired_rate=np.nan)
    both = results[results["id"].map(ok).fillna(False).astype(bool)]
    p = by_split(both, metrics.hit_rates, ["measure"])
    p = p.rename(columns={"measured": "paired_measured", "rate": "paired_rate"})
    keep = ["measure", "split", "paired_measured", "paired_rate"]
    out = rates.merge(p[keep], on=["measure", "split"], how="left")
    out["paired_measured"] = out["paired_measured"].fillna(0).astype(int)
    return out


def run(
    split: str = "all",
    *,
    tests: tuple[str, ...] | list[str] = TESTS,
    k: int = metrics.K,
    column: str = "score",
    engine: str = "table",
    episodes_file: str | Path | None = None,
    groups_file: str | Path | None = None,
    progress: Progress | None = None,
) -> Validation:
    """Run the validation tests (``tests``, a subset of ``TESTS``) on the episodes of
    ``split`` ("dev", "test" or "all"; hit rates are always shown per split within it).

    ``column``: the index column validated ("score" or the chain-linked "linked");
    ``engine``: read the index with ``index_table`` ("table") or ``cohesion``.
    """
    unknown = sorted(set(tests) - set(TESTS))
    if unknown:
        msg = f"unknown test(s) {', '.join(unknown)}; choose from {', '.join(TESTS)}"
        raise InputError(msg)
    eps = select(load(episodes_file), split)
    empty = pd.DataFrame()
    ep_rows, rates, subsets, grp, gsum, rup, shares = (empty,) * 7
    if "episodes" in tests:
        series = measures([e.pair for e in eps], column=column, engine=engine, progress=progress)
        ep_rows = episode_results(eps, series, k)
        rates = paired(ep_rows, by_split(ep_rows, metrics.hit_rates, ["measure"]))
        subsets = by_subset(ep_rows)
    if "groups" in tests:
        grp = gmod.evaluate(gmod.load(groups_file), column=column, engine=engine, progress=progress)
        gsum = gmod.summarise(grp)
    if "ruptures" in tests:
        rup = rmod.evaluate(eps, progress=progress)
        if not rup.empty:
            shares = by_split(rup, rmod.shares, ["measure"])
    method = {
        "split": split,
        "k": k,
        "min_years": metrics.MIN_YEARS,
        "column": column,
        "engine": engine,
        "tolerance": metrics.TOLERANCE,
        "bottom_pct": metrics.BOTTOM,
        "episodes": len(eps),
        "rule": f"mean over the {k} years after the episode minus the {k} years before it, "
        "episode years excluded; a hit has the historians' sign",
    }
    return Validation(ep_rows, rates, grp, gsum, rup, shares, method, subsets)


def summary(v: Validation) -> dict[str, float]:
    """Headline numbers: overall-index hit rate (all), its UN baseline, mean AUC and the
    rupture share of the overall index."""
    out: dict[str, float] = {}
    hr = v.hit_rates
    if not hr.empty:
        for m in ("index", "un_agreement"):
            row = hr[(hr["measure"] == m) & (hr["split"] == "all")]
            out[f"hit_rate_{m}"] = float(row["rate"].iloc[0]) if len(row) else np.nan
    if not v.group_summary.empty:
        g = v.group_summary.set_index("measure")
        out["auc_index"] = float(g.loc["index", "mean_auc"]) if "index" in g.index else np.nan
    if not v.rupture_shares.empty:
        r = v.rupture_shares
        row = r[(r["measure"] == "index") & (r["split"] == "all")]
        out["rupture_share_index"] = float(row["share"].iloc[0]) if len(row) else np.nan
    return out
