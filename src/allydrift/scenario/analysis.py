"""One call per question, from state names to results (used by the CLI and the brief)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from allydrift.countries import resolve
from allydrift.errors import InputError
from allydrift.index import model as mm
from allydrift.scenario import abandonment as ab
from allydrift.scenario import projection as pj
from allydrift.scenario.scenario_file import Scenario, load_scenario, scores_for

DEFAULT_TO = 2030


def codes(*states: str) -> tuple[int, ...]:
    """COW codes of ``states`` (names, ISO3 or codes)."""
    out = []
    for s in states:
        code = resolve(s).ccode
        if code is None:
            msg = f"{s} has no COW code; the cohesion model scores COW states"
            raise InputError(msg)
        out.append(int(code))
    if len(set(out)) != len(out):
        msg = f"give different states; got {', '.join(states)}"
        raise InputError(msg)
    return tuple(out)


def _pair(a: int, b: int) -> tuple[int, int]:
    return (min(a, b), max(a, b))


@dataclass(frozen=True)
class Crossroads:
    """A projection (and scenario) of one pair, with what the scenario moves."""

    pair: tuple[int, int]
    projection: pj.Projection
    scenario: Scenario | None

    def movers(self) -> pd.DataFrame:
        """Latents at the last year, biggest scenario shift first (index points)."""
        cmp = self.projection.compare()
        return cmp.reindex(cmp["shift"].abs().sort_values(ascending=False).index)


def crossroads(
    a: str,
    b: str,
    to: int | None = None,
    scenario: str | None = None,
    level: float = 0.9,
) -> Crossroads:
    """Project the pair ``a``–``b`` to ``to`` under the baseline and, given a file,
    the scenario."""
    m = mm.model()
    pair = _pair(*codes(a, b))
    scen = load_scenario(scenario, m) if scenario else None
    if to is None:
        to = max(DEFAULT_TO, scen.last_year if scen else DEFAULT_TO)
    if scen and scen.last_year > to:
        msg = (
            f"{scen.file} sets values up to {scen.last_year}, beyond --to {to}; "
            f"pass --to {scen.last_year} or later"
        )
        raise InputError(msg)
    post = mm.score_pairs([pair], m)
    start = pj.start_of(post, m, pair)
    if scen and not [
        p for p in scen.paths if p.pair in (None, pair) and (p.state in (None, *pair))
    ]:
        msg = (
            f"{scen.file} sets no path for {a}–{b}; give a file whose 'pair' (or a path's "
            "'pair' or 'state') is this pair"
        )
        raise InputError(msg)
    y = ref = None
    if scen:
        years = np.arange(start.year + 1, to + 1)
        y, ref = scores_for(scen, start, m, years)
    return Crossroads(pair, pj.project(pair, to, m, post, y, level, ref), scen)


def abandonment(
    senior: str, junior: str, rival: str, to: int | None = None, scenario: str | None = None
) -> ab.Overtake:
    """Probability that senior–rival closeness overtakes senior–junior by ``to``."""
    m = mm.model()
    s, j, r = codes(senior, junior, rival)
    sj, sr = _pair(s, j), _pair(s, r)
    scen = load_scenario(scenario, m) if scenario else None
    to = to or max(DEFAULT_TO, scen.last_year if scen else DEFAULT_TO)
    post = mm.score_pairs([sj, sr], m)
    start_j, start_r = pj.start_of(post, m, sj), pj.start_of(post, m, sr)
    years = np.arange(start_j.year + 1, to + 1)
    yj = scores_for(scen, start_j, m, years) if scen else (None, None)
    yr = scores_for(scen, start_r, m, years) if scen else (None, None)
    return ab.overtake(start_j, start_r, m, to, yj, yr)
