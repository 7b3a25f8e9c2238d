"""Affinity tables: every measure for every dyad-year, and one dyad's series."""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from allydrift.affinity.measures import MEASURES, check_measures, pair_arrays
from allydrift.affinity.votes import (
    COVERAGE,
    SUBSETS,
    check_subsets,
    input_files,
    load_roll_calls,
    needs_supplement,
    require_votes,
    span_text,
    subset_text,
)
from allydrift.countries import State, resolve
from allydrift.countries.resolver import require_ccode
from allydrift.errors import CoverageError, InputError
from allydrift.sources import record_use
from allydrift.vocabulary import Pairs, Years, filter_pairs

KEYS = ["ccode1", "ccode2", "year"]
TABLE_VERSION = "1"  # bump when the cached all-pairs tables change


def column(measure: str, subset: str = "all") -> str:
    """Column name of ``measure`` (or ``"n_votes"``) on ``subset``: ``kappa``, ``agreement_nu``."""
    return measure if subset == "all" else f"{measure}_{subset}"


def _suffix(subset: str) -> str:
    return "" if subset == "all" else f"_{subset}"


def _compute(
    pairs: Pairs, years: Years, supplement: bool, subsets: Sequence[str] = tuple(SUBSETS)
) -> pd.DataFrame:
    """Every measure on ``subsets`` for ``pairs`` (all if ``None``) and ``years``.

    One pass per year: the year's votes become a states × roll calls tensor, and each
    subset is one matrix product (see :mod:`allydrift.affinity.measures`).
    """
    states = {c for pair in pairs for c in pair} if pairs is not None else None
    data = load_roll_calls(years, states, supplement)
    masks = {_suffix(s): data.mask_arrays(s) for s in subsets}
    votes = data.votes
    if votes.empty:
        return _empty(subsets)
    yrs = votes["year"].to_numpy()
    bounds = np.r_[0, np.flatnonzero(np.diff(yrs)) + 1, len(yrs)]
    parts: list[dict[str, np.ndarray]] = []
    with _one_blas_thread():
        for start, stop in itertools.pairwise(bounds):
            cols = pair_arrays(votes.iloc[start:stop], masks, tuple(MEASURES))
            cols["year"] = np.full(len(cols["ccode1"]), yrs[start], dtype=np.int32)
            parts.append(cols)
    names = _empty(subsets).columns
    out = pd.DataFrame({name: np.concatenate([p[name] for p in parts]) for name in names})
    out = out.astype({"ccode1": np.int32, "ccode2": np.int32})
    return filter_pairs(out, pairs, undirected=True).reset_index(drop=True)


def _one_blas_thread() -> contextlib.AbstractContextManager:
    """Run BLAS single-threaded: the per-year products are small, and threads only add
    overhead (10× slower on a busy 2-core machine). A no-op without threadpoolctl."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _empty(subsets: Sequence[str] = tuple(SUBSETS)) -> pd.DataFrame:
    cols = {k: pd.Series(dtype=np.int32) for k in KEYS}
    for subset in subsets:
        for measure in MEASURES:
            cols[column(measure, subset)] = pd.Series(dtype=float)
        cols[column("n_votes", subset)] = pd.Series(dtype=np.int32)
    return pd.DataFrame(cols)


def _subset_table(subset: str, supplement: bool, build_with: tuple[str, ...]) -> pd.DataFrame:
    """All pairs and years for one subset, cached as Parquet beside the source tables.

    Rows are every dyad-year with a common vote on any roll call, in the same order for
    every subset, so subsets combine column by column. A missing table is built in one
    pass together with the other subsets of ``build_with``.
    """
    from allydrift.store import table

    cols = KEYS + [column(m, subset) for m in MEASURES] + [column("n_votes", subset)]
    name = f"derived.un_affinity.{subset}" + (".s78" if supplement else "")
    return table(
        name,
        input_files(supplement),
        lambda _: _computed(supplement, build_with)[cols],
        version=TABLE_VERSION,
    )


@lru_cache(maxsize=1)
def _computed(supplement: bool, subsets: tuple[str, ...]) -> pd.DataFrame:
    """All pairs on ``subsets`` (plus ``all``, which fixes the rows), while tables are built."""
    return _compute(None, None, supplement, ["all", *(s for s in subsets if s != "all")])


def _all_pairs(years: Years, supplement: bool, subsets: Sequence[str]) -> pd.DataFrame:
    """The cached all-pairs tables of ``subsets``, side by side, within ``years``."""
    try:
        tables = [_subset_table(s, supplement, tuple(subsets)) for s in subsets]
    finally:
        _computed.cache_clear()
    keys = tables[0][KEYS]
    for other in tables[1:]:
        if not all(np.array_equal(keys[k].to_numpy(), other[k].to_numpy()) for k in KEYS):
            msg = "cached affinity tables are out of step; clear derived tables"
            raise RuntimeError(msg)
    full = pd.concat([keys, *(t.drop(columns=KEYS) for t in tables)], axis=1)
    if years is not None:
        full = full[full["year"].between(years[0], years[1])]
    return full


def affinity_rows(
    pairs: Pairs = None,
    years: Years = None,
    measures: Sequence[str] = tuple(MEASURES),
    subsets: Sequence[str] = tuple(SUBSETS),
    supplement: bool = True,
) -> pd.DataFrame:
    """Like ``un_affinity_table`` but quiet: no rows (never an error) for uncovered years.

    Results for all pairs are computed once per vote subset and cached as Parquet (like
    the source tables), so indicators and verbs that share them read them back.
    """
    measures = check_measures(measures)
    check_subsets(list(subsets))
    years = (int(years[0]), int(years[1])) if years is not None else None
    if years is not None and years[0] > years[1]:
        msg = f"a year span must run forward; got {years[0]}–{years[1]}"
        raise InputError(msg)
    if pairs is None:
        record_use("unvotes")
        if needs_supplement(years, supplement):
            record_use("unga_vote_matrix")
        full = _all_pairs(years, needs_supplement(years, supplement), list(subsets))
    else:
        full = _compute(list(pairs), years, supplement, list(subsets))
    counts = [column("n_votes", s) for s in subsets]
    wanted = [c for s in subsets for c in (*[column(m, s) for m in measures], column("n_votes", s))]
    keep = (full[counts] > 0).any(axis=1)
    return full.loc[keep, KEYS + wanted].reset_index(drop=True)


def un_affinity_table(
    pairs: Pairs = None,
    years: Years = None,
    measures: Sequence[str] | None = None,
    subsets: Sequence[str] | None = None,
    supplement: bool = True,
) -> pd.DataFrame:
    """The wide table of UN voting affinity for every dyad-year (for researchers).

    Parameters
    ----------
    pairs : list of (ccode, ccode), optional
        Restrict to these pairs (order does not matter). All pairs if ``None``.
    years : (first, last), optional
        Inclusive span of calendar years.
    measures : sequence of str, optional
        ``agreement``, ``sscore``, ``kappa``, ``pi`` (default: all four).
    subsets : sequence of str, optional
        ``all``, ``important`` or an issue code ``me``, ``nu``, ``di``, ``hr``, ``co``,
        ``ec`` (default: all eight).
    supplement : bool
        Add the session-78 roll calls (Sept 2023 – June 2024) from ``unga_vote_matrix``.

    Returns
    -------
    DataFrame
        ``ccode1 < ccode2``, ``year``, then per subset each measure and the number of
        common votes: ``agreement``, …, ``n_votes`` for all votes, ``agreement_nu``, …,
        ``n_votes_nu`` for issue ``nu``. A pair-year appears if the two voted together on
        at least one roll call of a selected subset; a measure without common votes in its
        subset is missing.
    """
    measures = check_measures(list(measures or MEASURES))
    subsets = list(subsets or SUBSETS)
    check_subsets(subsets)
    _require_any(years, subsets, supplement)
    return affinity_rows(pairs, years, measures, subsets, supplement)


def _require_any(years: Years, subsets: Sequence[str], supplement: bool) -> None:
    """Raise ``CoverageError`` if none of ``subsets`` has a roll call in ``years``."""
    if years is None:
        return
    data = load_roll_calls(years, supplement=supplement, votes=False)
    if not any(data.mask(s).any() for s in subsets):
        require_votes(data, subsets[0], years)


def state_of(x: str | int | State) -> State:
    """Resolve a name, ISO3 or COW code to a state with a COW code."""
    state = x if isinstance(x, State) else resolve(x)
    if state.ccode is None:
        msg = f"{state} has no COW code, which the UN vote data use"
        raise InputError(msg)
    return state


def label(state: State) -> str:
    """Short label of a state for tables: ISO3, else the COW abbreviation."""
    return state.iso3 or state.abb


def dyad_affinity(
    a: str | int | State,
    b: str | int | State,
    measure: str = "agreement",
    subset: str = "all",
    years: Years = None,
    supplement: bool = True,
) -> pd.DataFrame:
    """One pair's affinity by year: ``year``, ``state_a``, ``state_b``, the measure column
    (``column(measure, subset)``) and its ``n_votes`` column.

    Raises ``CoverageError`` if the subset has no roll call in ``years`` or the two never
    voted on the same roll call there.
    """
    sa, sb = state_of(a), state_of(b)
    if sa.ccode == sb.ccode:
        msg = f"a dyad needs two different states; got {sa} twice"
        raise InputError(msg)
    (measure,) = check_measures([measure])
    check_subsets([subset])
    _require_any(years, [subset], supplement)
    rows = affinity_rows(
        [(require_ccode(sa), require_ccode(sb))], years, [measure], [subset], supplement
    )
    if rows.empty:
        span = span_text(years or COVERAGE)
        msg = (
            f"{sa} and {sb} never voted on the same {subset_text(subset)} in {span}. "
            "Check that both were UN members then, or choose other years."
        )
        raise CoverageError(msg)
    out = rows.drop(columns=["ccode1", "ccode2"])
    out.insert(1, "state_a", label(sa))
    out.insert(2, "state_b", label(sb))
    return out
