"""What a table was built from: source ids, citation keys and column labels in ``attrs``.

Every ``create_*``/``add_*`` verb stamps its result: ``df.attrs["allydrift_sources"]``
(source ids, sorted), ``"allydrift_citations"`` (extra BibTeX keys, e.g. for methods),
``"allydrift_verbs"`` (the verbs applied, in order) and ``"allydrift_labels"`` (one
sentence per added column). ``cite(df)`` and the labelled exports read them back.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import pandas as pd

SOURCES, CITATIONS, VERBS, LABELS = (
    "allydrift_sources",
    "allydrift_citations",
    "allydrift_verbs",
    "allydrift_labels",
)
KEY_LABELS = {
    "ccode": "Correlates of War state code",
    "gwcode": "Gleditsch–Ward state code",
    "ccode1": "Correlates of War code of state 1",
    "ccode2": "Correlates of War code of state 2",
    "gwcode1": "Gleditsch–Ward code of state 1",
    "gwcode2": "Gleditsch–Ward code of state 2",
    "year": "calendar year",
}

F = TypeVar("F", bound=Callable[..., pd.DataFrame])


def _label_for(col: str, labels: Mapping[str, str]) -> str | None:
    if col in labels:
        return labels[col]
    stem, side = col[:-1], col[-1:]
    if side in ("1", "2") and stem in labels:
        return f"{labels[stem]} (state {side})"
    return None


def stamp(
    out: pd.DataFrame,
    before: pd.DataFrame,
    sources: Iterable[str],
    verb: str,
    labels: Mapping[str, str] | None = None,
    citations: Iterable[str] = (),
) -> pd.DataFrame:
    """Record on ``out`` what ``before`` was built from plus this verb's sources and labels."""
    attrs = before.attrs
    own = out.attrs.get(LABELS, {}) if out is not before else {}
    out.attrs = dict(out.attrs)
    out.attrs[SOURCES] = sorted({*attrs.get(SOURCES, ()), *sources})
    out.attrs[CITATIONS] = sorted({*attrs.get(CITATIONS, ()), *citations})
    out.attrs[VERBS] = [*attrs.get(VERBS, ()), verb]
    known = {**attrs.get(LABELS, {}), **own}
    for col in out.columns.difference(before.columns):
        label = _label_for(str(col), labels or {})
        if label is not None:
            known[str(col)] = label
    out.attrs[LABELS] = known
    return out


def records(
    *source_ids: str, labels: Mapping[str, str] | None = None, citations: Iterable[str] = ()
) -> Callable[[F], F]:
    """Decorate a verb ``f(df, ...) -> df`` so that its result carries its provenance.

    The sources are ``source_ids`` plus every source loaded while the verb ran.
    """
    cites = tuple(citations)

    def deco(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(df: pd.DataFrame, *args: Any, **kwargs: Any) -> pd.DataFrame:
            from allydrift.sources import track_sources

            with track_sources() as used:
                out = fn(df, *args, **kwargs)
            return stamp(out, df, {*source_ids, *used}, fn.__name__, labels, cites)

        return wrapper  # type: ignore[return-value]

    return deco


def sources_of(df: pd.DataFrame) -> list[str]:
    """The source ids a table was built from."""
    return list(df.attrs.get(SOURCES, []))


def labels_of(df: pd.DataFrame) -> dict[str, str]:
    """A label for every column that has one: the verbs' labels, then key and source
    column descriptions."""
    from allydrift.sources import get

    described: dict[str, str] = {}
    for sid in sources_of(df):
        for cols in get(sid).tables.values():
            for c in cols:
                described.setdefault(c.name, c.description)
    own = df.attrs.get(LABELS, {})
    out = {}
    for col in map(str, df.columns):
        label = own.get(col) or KEY_LABELS.get(col) or _label_for(col, described)
        if label:
            out[col] = label
    return out


def cite_table(df: pd.DataFrame) -> str:
    """BibTeX of exactly the sources and methods recorded on ``df``."""
    from allydrift.errors import InputError
    from allydrift.sources import get
    from allydrift.sources.base import bibliography

    ids = sources_of(df)
    if not ids:
        msg = (
            "this table carries no record of its sources (df.attrs['allydrift_sources']); "
            "build it with create_dyad_years() and the add_* verbs, or pass source ids"
        )
        raise InputError(msg)
    bib = bibliography()
    keys = dict.fromkeys(
        [*(k for sid in ids for k in get(sid).citations), *df.attrs.get(CITATIONS, [])]
    )
    return "\n\n".join(bib[key] for key in keys) + "\n"
