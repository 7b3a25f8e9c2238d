"""Scenario files (TOML): assumed paths for chosen indicators of chosen states.

A file has a ``title``, an optional ``pair`` (the dyad it is about, two states) and
``[[path]]`` tables. Each path names an ``indicator`` of the cohesion model and either
``values`` (``{year = value}`` in the indicator's own unit) or ``change`` (``{year =
amount}`` added to the last observed value). A path may name its own ``pair``
(default: the file's) or, for a state input such as ``milex_gdp``, the ``state`` whose
value it sets; the dyadic indicators built from that input are recomputed from it and
the partner's last observed value. Between the last observed year and each given year
the value moves in a straight line; after the last given year it stays. ``source`` and
``rationale`` document the numbers. See docs/scenarios.md.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path as FilePath

import numpy as np
import pandas as pd

from allydrift.countries import resolve
from allydrift.errors import AllydriftError, InputError
from allydrift.index import model as mm
from allydrift.scenario.projection import MAX_YEAR, Start

# state inputs: which dyadic indicators they feed, and how (own value, partner's value)
DERIVED: dict[str, dict[str, Callable[[float, float], float]]] = {
    "milex_gdp": {
        "milex_gdp_parity": lambda a, b: min(a, b) / max(a, b) if max(a, b) > 0 else np.nan,
        "milex_gdp_gap": lambda a, b: abs(a - b),
    },
    "milex_usd": {
        "milex_junior_share": lambda a, b: min(a, b) / (a + b) if a + b > 0 else np.nan,
    },
}
KEYS = {"indicator", "values", "change", "pair", "state", "source", "rationale"}
TOP = {"title", "pair", "description", "mode", "path"}
MODES = ("change", "level")


@dataclass(frozen=True)
class PathSpec:
    """One assumed path: ``indicator`` for ``pair`` (or the input of ``state``)."""

    indicator: str
    pair: tuple[int, int] | None
    state: int | None
    anchors: dict[int, float]
    relative: bool
    source: str
    rationale: str


@dataclass(frozen=True)
class Scenario:
    """A parsed scenario file."""

    title: str
    description: str
    pair: tuple[int, int] | None
    paths: tuple[PathSpec, ...]
    file: str
    mode: str = "change"

    @property
    def last_year(self) -> int:
        return max(max(p.anchors) for p in self.paths)

    def pairs(self) -> set[tuple[int, int]]:
        """The dyads the paths touch."""
        return {p.pair for p in self.paths if p.pair is not None}


def _fail(where: str, what: str) -> InputError:
    return InputError(f"{where}: {what}")


def _pair(raw: object, where: str) -> tuple[int, int]:
    if not (isinstance(raw, list) and len(raw) == 2 and all(isinstance(x, str) for x in raw)):
        raise _fail(where, f'\'pair\' must be two states like ["USA", "JPN"]; found {raw!r}')
    try:
        a, b = (resolve(x).ccode for x in raw)
    except AllydriftError as exc:
        raise _fail(where, f"unknown state in pair: {exc}") from None
    if a is None or b is None or a == b:
        raise _fail(where, f"'pair' must name two different COW states; found {raw!r}")
    return (min(a, b), max(a, b))


def _anchors(raw: object, where: str, first: int) -> dict[int, float]:
    if not isinstance(raw, dict) or not raw:
        raise _fail(where, f"expected a table of years like {{ 2027 = 2.0 }}; found {raw!r}")
    out = {}
    for key, value in raw.items():
        if not str(key).isdigit():
            raise _fail(where, f"'{key}' is not a year; write years like 2027 = 2.0")
        year = int(key)
        if not first < year <= MAX_YEAR:
            raise _fail(
                where,
                f"year {year} is out of range: paths start after the model's last year "
                f"{first - 1} + 1 and end by {MAX_YEAR}; give a year in {first}–{MAX_YEAR}",
            )
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _fail(where, f"the value for {year} must be a number; found {value!r}")
        out[year] = float(value)
    return dict(sorted(out.items()))


def parse(doc: dict, m: mm.Model, file: str = "<scenario>") -> Scenario:
    """A ``Scenario`` from a parsed TOML document, validated against the model."""
    extra = set(doc) - TOP
    if extra:
        raise _fail(file, f"unknown top-level key(s) {sorted(extra)}; expected {sorted(TOP)}")
    pair = _pair(doc["pair"], file) if "pair" in doc else None
    mode = doc.get("mode", "change")
    if mode not in MODES:
        raise _fail(file, f"'mode' must be one of {', '.join(MODES)}; found {mode!r}")
    raw_paths = doc.get("path")
    if not isinstance(raw_paths, list) or not raw_paths:
        raise _fail(file, "no [[path]] tables: a scenario sets at least one indicator path")
    known = set(m.names)
    first = m.end_year + 1
    paths = []
    for n, p in enumerate(raw_paths, 1):
        where = f"{file}, path {n}"
        if not isinstance(p, dict):
            raise _fail(where, "each [[path]] must be a table")
        bad = set(p) - KEYS
        if bad:
            raise _fail(where, f"unknown key(s) {sorted(bad)}; expected {sorted(KEYS)}")
        name = p.get("indicator")
        if not isinstance(name, str):
            raise _fail(where, "missing 'indicator' (the name of an indicator of the model)")
        if name not in known and name not in DERIVED:
            raise _fail(
                where,
                f"unknown indicator '{name}': the cohesion model uses {', '.join(m.names)}; "
                f"state inputs: {', '.join(DERIVED)} (see `allydrift indicators`)",
            )
        if ("values" in p) == ("change" in p):
            raise _fail(where, "give exactly one of 'values' (levels) or 'change' (amounts)")
        anchors = _anchors(p.get("values", p.get("change")), where, first)
        ppair = _pair(p["pair"], where) if "pair" in p else pair
        state = None
        if name in DERIVED:
            if not isinstance(p.get("state"), str):
                raise _fail(where, f"'{name}' is a state input: say whose, e.g. state = \"JPN\"")
            try:
                state = resolve(p["state"]).ccode
            except AllydriftError as exc:
                raise _fail(where, f"unknown state: {exc}") from None
            if ppair is not None and state not in ppair:
                raise _fail(where, f"state {p['state']} is not one of the pair {ppair}")
        elif "state" in p:
            raise _fail(where, f"'{name}' is dyadic: give 'pair', not 'state'")
        if ppair is None and state is None:
            raise _fail(where, "no pair: give 'pair' in the path or at the top of the file")
        paths.append(
            PathSpec(
                name,
                ppair,
                state,
                anchors,
                "change" in p,
                str(p.get("source", "")),
                str(p.get("rationale", "")),
            )
        )
    return Scenario(
        str(doc.get("title", FilePath(file).stem)),
        str(doc.get("description", "")),
        pair,
        tuple(paths),
        file,
        mode,
    )


def load_scenario(path: str | FilePath, m: mm.Model | None = None) -> Scenario:
    """Read and validate a scenario file."""
    m = m or mm.model()
    p = FilePath(path)
    if not p.is_file():
        msg = f"scenario file {p} not found; give the path to a .toml file"
        raise InputError(msg)
    try:
        doc = tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        msg = f"{p}: not valid TOML ({exc}); fix the file and retry"
        raise InputError(msg) from None
    return parse(doc, m, str(p))


def _line(anchors: dict[int, float], start_year: int, start: float, years: np.ndarray):
    xs = np.array([start_year, *anchors])
    ys = np.array([start, *anchors.values()])
    return np.interp(years, xs, ys)


def state_inputs(pair: tuple[int, int], names: set[str], year: int) -> dict[tuple[str, int], float]:
    """Last observed value, up to ``year``, of each state input for both states."""
    from allydrift.indicators import get

    out = {}
    for name in names:
        rows = get(name).compute([pair], None)
        rows = rows[rows["year"] <= year].sort_values("year")
        for code in pair:
            own = rows[rows["ccode"] == code]
            if len(own):
                out[(name, code)] = float(own["value"].iloc[-1])
    return out


def scores_for(
    scenario: Scenario,
    start: Start,
    m: mm.Model,
    years: np.ndarray,
    inputs: dict[tuple[str, int], float] | None = None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """The scenario's assumed values for ``start.pair`` as oriented normal scores
    (years × model indicators, NaN where the scenario sets nothing), and in *change*
    mode the scores each set indicator starts from (its last observed value)."""
    pair = start.pair
    raw = np.full((len(years), len(m.names)), np.nan)
    ref = np.full_like(raw, np.nan)
    mine = [p for p in scenario.paths if p.pair in (None, pair)]
    mine = [p for p in mine if p.state is None or p.state in pair]
    # dyadic paths
    for p in mine:
        if p.indicator in DERIVED:
            continue
        if p.indicator not in start.values:
            msg = (
                f"{scenario.file}: '{p.indicator}' has never been observed for this pair, so "
                "there is no last value to start its path from; choose another indicator"
            )
            raise InputError(msg)
        k = m.names.index(p.indicator)
        base = start.values[p.indicator]
        anchors = {y: base + v for y, v in p.anchors.items()} if p.relative else p.anchors
        raw[:, k] = _line(anchors, start.year, base, years)
        ref[:, k] = base
    # state inputs, recomputed into the dyadic indicators they feed
    wanted = {p.indicator for p in mine if p.indicator in DERIVED}
    if wanted:
        inputs = inputs if inputs is not None else state_inputs(pair, wanted, start.year)
        for name in wanted:
            series = {}
            for code in pair:
                if (name, code) not in inputs:
                    msg = (
                        f"{scenario.file}: no observed '{name}' for state {code}, so the "
                        "path has no starting value; set a dyadic indicator instead"
                    )
                    raise InputError(msg)
                last = inputs[(name, code)]
                series[code] = np.full(len(years), last)
                for p in mine:
                    if p.indicator == name and p.state == code:
                        anchors = p.anchors
                        if p.relative:
                            anchors = {y: last + v for y, v in p.anchors.items()}
                        series[code] = _line(anchors, start.year, last, years)
            a, b = (series[c] for c in pair)
            last_a, last_b = (inputs[(name, c)] for c in pair)
            for target, f in DERIVED[name].items():
                if target in m.names:
                    k = m.names.index(target)
                    raw[:, k] = [f(x, z) for x, z in zip(a, b, strict=True)]
                    ref[:, k] = f(last_a, last_b)
    y = mm.apply_transform(raw, m.knots, m.sign)
    if scenario.mode == "level":
        return y, None
    return y, mm.apply_transform(ref, m.knots, m.sign)


def paths_table(scenario: Scenario) -> pd.DataFrame:
    """The scenario's paths, one row per given year (for display)."""
    rows = []
    for p in scenario.paths:
        for y, v in p.anchors.items():
            rows.append(
                {
                    "indicator": p.indicator,
                    "pair": "" if p.pair is None else f"{p.pair[0]}–{p.pair[1]}",
                    "state": "" if p.state is None else p.state,
                    "year": y,
                    "kind": "change" if p.relative else "value",
                    "value": v,
                }
            )
    return pd.DataFrame(rows)
