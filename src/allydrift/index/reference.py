"""The reference population and the goalposts that put every indicator on 0–100.

Goalposts are fixed per indicator over the whole reference population, pooled across
all years, so a score means the same in 1960 and in 2020 and for every dyad:

- ``allied`` (default): every year of every pair that had an ATOP defence pledge
  (``pact_defense = 1``) in at least one year — the population of alliances whose
  cohesion the index is about, in good years and bad.
- ``all``: every dyad-year the indicator covers.

The lower and upper goalposts are the 2.5th and 97.5th percentiles of the pooled
values (robust to outliers; values beyond them score 0 or 100). If they coincide (a
binary indicator that is rarely 1), the minimum and maximum are used instead.

Goalposts are cached as Parquet, keyed by the hashes of the indicator's source files
and of the code that computes it, so they are computed once per data version.
"""

from __future__ import annotations

import hashlib
import inspect
import sys
import warnings
from functools import cache

import numpy as np
import pandas as pd

from allydrift import materialised, sources, store
from allydrift.errors import AllydriftError, InputError, OptionalDataError
from allydrift.index.panel import KEYS, dyadic_rows
from allydrift.indicators import Indicator, get

REFERENCES = ("allied", "all")
QUANTILES = (0.025, 0.975)
ALLIED_BY = "pact_defense"
GOALPOSTS_VERSION = "1"


def check_reference(reference: str) -> str:
    """Return ``reference`` if it names a reference population, else raise."""
    if reference not in REFERENCES:
        msg = f"reference must be one of {', '.join(REFERENCES)}; got '{reference}'"
        raise InputError(msg)
    return reference


@cache
def allied_pairs() -> pd.DataFrame:
    """Pairs (``ccode1 < ccode2``) with an ATOP defence pledge in at least one year."""
    rows = materialised.read(get(ALLIED_BY))
    pledged = rows.loc[rows["value"] == 1, ["ccode1", "ccode2"]]
    return pledged.drop_duplicates().sort_values(["ccode1", "ccode2"], ignore_index=True)


def reference_rows(ind: Indicator, reference: str) -> pd.DataFrame:
    """The undirected rows of ``ind`` in the reference population."""
    check_reference(reference)
    rows = dyadic_rows(ind)
    if reference == "all":
        return rows
    return rows.merge(allied_pairs(), on=["ccode1", "ccode2"], how="inner")


def _posts(values: np.ndarray) -> dict[str, object]:
    if len(values) == 0:
        return {"lo": np.nan, "hi": np.nan, "rule": "no reference data", "n_ref": 0}
    lo, hi = np.quantile(values, QUANTILES)
    rule = f"p{QUANTILES[0] * 100:g}–p{QUANTILES[1] * 100:g}"
    if hi <= lo:
        lo, hi, rule = float(values.min()), float(values.max()), "min–max"
    if hi <= lo:
        rule = "constant in the reference population: not scored"
    return {"lo": float(lo), "hi": float(hi), "rule": rule, "n_ref": len(values)}


def code_digest(ind: Indicator, reference: str) -> str:
    """A hash of the code that computes ``ind`` and its reference population."""
    mods = [sys.modules[ind.compute.__module__]]
    mods += [sources.module(s) for s in ind.sources]
    if reference == "allied":
        allied = get(ALLIED_BY)
        mods += [sys.modules[allied.compute.__module__]]
        mods += [sources.module(s) for s in allied.sources]
    digest = hashlib.sha256(f"{GOALPOSTS_VERSION}|{reference}|{ind.name}".encode())
    for mod in mods:
        digest.update(inspect.getsource(mod).encode())
    return digest.hexdigest()[:16]


def source_files(ind: Indicator, reference: str) -> list[store.FileEntry]:
    """The pinned files ``ind`` and its reference population are computed from."""
    ids = list(ind.sources) + (list(get(ALLIED_BY).sources) if reference == "allied" else [])
    for source_id in ids:
        sources.record_use(source_id)
    seen: dict[str, store.FileEntry] = {}
    for source_id in ids:
        for entry in sources.get(source_id).files:
            seen.setdefault(entry.sha256, entry)
    return list(seen.values())


def indicator_goalposts(ind: Indicator, reference: str = "allied") -> dict[str, object]:
    """Goalposts of one indicator: ``lo``, ``hi``, ``rule``, ``n_ref`` (cached)."""
    check_reference(reference)
    reason = materialised.unavailable(ind)
    if reason is not None:
        raise OptionalDataError(reason)

    def build(_paths: object) -> pd.DataFrame:
        values = reference_rows(ind, reference)["value"].to_numpy(dtype=float)
        return pd.DataFrame([_posts(values)])

    name = f"index.goalposts.{reference}.{ind.name}"
    version = code_digest(ind, reference)
    cached = store.table(name, source_files(ind, reference), build, version=version)
    return cached.iloc[0].to_dict()


def goalposts(
    inds: list[Indicator], reference: str = "allied", skip_unavailable: bool = False
) -> pd.DataFrame:
    """One row per indicator: dimension, direction, ``lo``, ``hi``, rule, ``n_ref``.

    With ``skip_unavailable``, an indicator whose data cannot be loaded (an optional
    extra not installed, a file not cached …) gets missing goalposts and a rule saying
    why, with a warning, instead of stopping the whole index.
    """
    stored = _stored_goalposts(inds, reference)
    rows = []
    for ind in inds:
        try:
            posts = stored.get(ind.name) or indicator_goalposts(ind, reference)
        except AllydriftError as exc:
            if not skip_unavailable:
                raise
            warnings.warn(f"index: leaving out '{ind.name}': {exc}", stacklevel=2)
            posts = {"lo": np.nan, "hi": np.nan, "rule": f"unavailable: {exc}", "n_ref": 0}
        rows.append(
            {
                "indicator": ind.name,
                "dimension": ind.dimension,
                "direction": ind.direction,
                "unit": ind.unit,
                **posts,
            }
        )
    return pd.DataFrame(rows).set_index("indicator")


def _stored_goalposts(inds: list[Indicator], reference: str) -> dict[str, dict[str, object]]:
    """Goalposts of the available ``inds`` from one cached table (one read, not one per
    indicator), keyed like the per-indicator tables by data and code version."""
    check_reference(reference)
    ready = [i for i in inds if materialised.unavailable(i) is None]
    if not ready:
        return {}

    def build(_paths: object) -> pd.DataFrame:
        rows = [{"indicator": i.name, **indicator_goalposts(i, reference)} for i in ready]
        return pd.DataFrame(rows)

    digest = hashlib.sha256(
        "|".join(f"{i.name}:{code_digest(i, reference)}" for i in ready).encode()
    )
    inputs = {e.sha256: e for i in ready for e in source_files(i, reference)}
    try:
        table = store.table(
            f"index.goalposts.{reference}.set",
            list(inputs.values()),
            build,
            version=digest.hexdigest()[:16],
        )
    except AllydriftError:
        return {}  # one cannot be computed: ``goalposts`` asks each and reports why
    return {str(r.pop("indicator")): r for r in table.to_dict(orient="records")}


def reference_matrix(inds: list[Indicator], reference: str = "allied") -> pd.DataFrame:
    """Raw values of ``inds`` for every reference dyad-year, one column per indicator."""
    frames = [reference_rows(ind, reference).assign(indicator=ind.name) for ind in inds]
    long = pd.concat(frames, ignore_index=True)
    wide = long.pivot_table(index=KEYS, columns="indicator", values="value", aggfunc="first")
    return wide.reindex(columns=[i.name for i in inds])
