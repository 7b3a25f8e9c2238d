"""Known groups: an anchor's treaty allies should rank above its other partners, and
its adversaries at the bottom.

Allies are read from the data (ATOP defence pledges, indicator ``pact_defense``) in the
ranking year; adversaries come from the shipped ``groups.toml``, each with a citation.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from allydrift.countries import State, state_years
from allydrift.errors import InputError
from allydrift.validate import metrics
from allydrift.validate.episodes import YEARS, resolve_state
from allydrift.validate.series import Progress, measures, names, without_pacts

ALLIED_BY = "pact_defense"


@dataclass(frozen=True)
class Adversary:
    state: State
    first: int
    last: int

    def active(self, year: int) -> bool:
        return self.first <= year <= self.last


@dataclass(frozen=True)
class Group:
    anchor: State
    years: tuple[int, ...]
    adversaries: tuple[Adversary, ...]
    citation: str

    def adversaries_in(self, year: int) -> list[int]:
        return [int(a.state.ccode or 0) for a in self.adversaries if a.active(year)]


def default_path() -> Path:
    return Path(str(resources.files("allydrift.validate").joinpath("groups.toml")))


def _parse(entry: dict, n: int) -> Group:
    where = f"group {n} ({entry.get('anchor', 'no anchor')})"
    for key in ("anchor", "years", "adversaries", "citation"):
        if key not in entry:
            msg = f"{where}: missing '{key}'; every group needs it"
            raise InputError(msg)
    if not isinstance(entry["citation"], str) or not entry["citation"].strip():
        msg = f"{where}: 'citation' must be non-empty text"
        raise InputError(msg)
    years = entry["years"]
    if not isinstance(years, list) or not years or not all(isinstance(y, int) for y in years):
        msg = f"{where}: 'years' must be a list of years; got {years!r}"
        raise InputError(msg)
    if any(not YEARS[0] <= y <= YEARS[1] for y in years):
        msg = f"{where}: years must lie in {YEARS[0]}–{YEARS[1]}; got {years}"
        raise InputError(msg)
    anchor = resolve_state(entry["anchor"], where)
    advs = []
    for adv in entry["adversaries"]:
        if not isinstance(adv, dict) or "state" not in adv:
            msg = f"{where}: each adversary is {{ state = ... }}; got {adv!r}"
            raise InputError(msg)
        first, last = int(adv.get("from", YEARS[0])), int(adv.get("to", YEARS[1]))
        if first > last:
            msg = f"{where}: adversary {adv['state']} has from {first} > to {last}"
            raise InputError(msg)
        advs.append(Adversary(resolve_state(adv["state"], where), first, last))
    return Group(anchor, tuple(years), tuple(advs), entry["citation"].strip())


def load(path: str | Path | None = None) -> list[Group]:
    """Read and check a known-groups file (the shipped one by default)."""
    p = Path(path) if path is not None else default_path()
    if not p.is_file():
        msg = f"known-groups file {p} does not exist; give a .toml file of [[group]]s"
        raise InputError(msg)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        msg = f"known-groups file {p} is not valid TOML: {exc}"
        raise InputError(msg) from None
    entries = data.get("group")
    if not isinstance(entries, list) or not entries:
        msg = f"known-groups file {p} has no [[group]] tables"
        raise InputError(msg)
    return [_parse(e, n) for n, e in enumerate(entries, 1)]


def partners(anchor: int, year: int) -> list[int]:
    """COW members of the state system in ``year``, other than ``anchor``."""
    sy = state_years()
    sy = sy[(sy["system"] == "cow") & (sy["year"] == year)].dropna(subset=["ccode"])
    return sorted({int(c) for c in sy["ccode"]} - {anchor})


def allies(anchor: int, others: list[int], year: int) -> set[int]:
    """Partners with an ATOP defence pledge to ``anchor`` in ``year``."""
    from allydrift.indicators import get

    pairs = [(min(anchor, c), max(anchor, c)) for c in others]
    rows = get(ALLIED_BY).compute(pairs, (year, year))
    rows = rows[rows["value"] == 1]
    return {int(b if a == anchor else a) for a, b in rows[["ccode1", "ccode2"]].to_numpy()}


def score(
    scores: pd.DataFrame, anchor: int, year: int, ally: set[int], enemies: list[int]
) -> dict[str, object]:
    """AUC and adversary percentiles for one measure's partner scores (``partner``,
    ``value``)."""
    v = scores.set_index("partner")["value"]
    is_ally = v.index.isin(list(ally))
    pct = [metrics.percentile(float(v[c]), v.drop(c).to_numpy()) for c in enemies if c in v]
    pct_a = np.asarray(pct, dtype=float)
    return {
        "partners": len(v),
        "allies": int(is_ally.sum()),
        "auc": metrics.auc(v[is_ally].to_numpy(), v[~is_ally].to_numpy()),
        "adversaries": len(pct),
        "adversary_median_pct": float(np.median(pct_a)) if len(pct) else np.nan,
        "adversary_max_pct": float(pct_a.max()) if len(pct) else np.nan,
        "adversaries_bottom": float((pct_a <= metrics.BOTTOM).mean()) if len(pct) else np.nan,
    }


def evaluate(
    groups: list[Group],
    *,
    column: str = "score",
    engine: str = "table",
    progress: Progress | None = None,
) -> pd.DataFrame:
    """One row per anchor, year and measure."""
    rows = []
    total, done = sum(len(g.years) for g in groups), 0
    for g in groups:
        anchor = int(g.anchor.ccode or 0)
        for year in g.years:
            done += 1
            if progress:
                progress(f"known groups {done}/{total}: {g.anchor.iso3 or g.anchor.abb} {year}")
            others = partners(anchor, year)
            ally = allies(anchor, others, year)
            enemies = [c for c in g.adversaries_in(year) if c in others]
            pairs = [(min(anchor, c), max(anchor, c)) for c in others]
            m = measures(pairs, (year, year), column=column, engine=engine)
            m = pd.concat([m, without_pacts(pairs, (year, year), column)], ignore_index=True)
            m = m[m["year"] == year]
            m = m.assign(partner=np.where(m["ccode1"] == anchor, m["ccode2"], m["ccode1"]))
            for name in names(m):
                part = m[m["measure"] == name][["partner", "value"]]
                rows.append(
                    {
                        "anchor": g.anchor.iso3 or g.anchor.abb,
                        "year": year,
                        "measure": name,
                        **score(part, anchor, year, ally, enemies),
                    }
                )
    return pd.DataFrame(rows)


def summarise(results: pd.DataFrame) -> pd.DataFrame:
    """Per measure: mean AUC over anchor-years with allies, and the pooled share of
    adversaries in the bottom ``metrics.BOTTOM`` percent."""
    rows = []
    for measure, part in results.groupby("measure", sort=False):
        n_adv = part["adversaries"].sum()
        bottom = (part["adversaries"] * part["adversaries_bottom"].fillna(0)).sum()
        rows.append(
            {
                "measure": measure,
                "rankings": int(part["auc"].notna().sum()),
                "mean_auc": float(part["auc"].mean()),
                "min_auc": float(part["auc"].min()),
                "adversaries": int(n_adv),
                "adversaries_bottom": float(bottom / n_adv) if n_adv else np.nan,
            }
        )
    return pd.DataFrame(rows)
