"""``add_*`` verbs: attach a source or indicator to a dyad-year table.

Every verb checks its keys, merges with a left join and never changes the row count —
if the right-hand side has duplicate keys it raises instead of multiplying rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from allydrift.dyads import dyad_keys
from allydrift.errors import InputError


def _check_unique(right: pd.DataFrame, keys: list[str], what: str) -> None:
    dup = right.duplicated(keys)
    if dup.any():
        example = right.loc[dup, keys].iloc[0].to_dict()
        raise InputError(f"{what} has {int(dup.sum())} duplicate keys (e.g. {example})")


def merge_dyadic(
    dyads: pd.DataFrame, right: pd.DataFrame, columns: Sequence[str], undirected: bool
) -> pd.DataFrame:
    """Left-join ``right`` (``ccode1``, ``ccode2``, ``year`` + ``columns``) onto ``dyads``.

    With ``undirected=True`` ``right`` holds ``ccode1 < ccode2`` and matches both A→B
    and B→A rows of a directed table.
    """
    k1, k2 = dyad_keys(dyads)
    right = right[["ccode1", "ccode2", "year", *columns]]
    _check_unique(right, ["ccode1", "ccode2", "year"], "the data to merge")
    if undirected:
        lo = dyads[[k1, k2]].min(axis=1)
        hi = dyads[[k1, k2]].max(axis=1)
    else:
        lo, hi = dyads[k1], dyads[k2]
    left = pd.DataFrame(
        {"ccode1": lo.astype("int64"), "ccode2": hi.astype("int64"), "year": dyads["year"]}
    )
    right = right.astype({"ccode1": "int64", "ccode2": "int64", "year": dyads["year"].dtype})
    merged = left.merge(right, on=["ccode1", "ccode2", "year"], how="left")
    out = dyads.copy()
    for col in columns:
        out[col] = merged[col].to_numpy()
    return out


def merge_monadic(
    dyads: pd.DataFrame, right: pd.DataFrame, columns: Sequence[str], key: str = "ccode"
) -> pd.DataFrame:
    """Left-join a state-year table twice, as ``<column>1`` and ``<column>2``."""
    k1, k2 = dyad_keys(dyads)
    right = right[[key, "year", *columns]]
    _check_unique(right, [key, "year"], "the state-year data to merge")
    right = right.astype({key: "int64", "year": dyads["year"].dtype})
    out = dyads.copy()
    for side, code_col in (("1", k1), ("2", k2)):
        left = pd.DataFrame({key: dyads[code_col].astype("int64"), "year": dyads["year"]})
        merged = left.merge(right, on=[key, "year"], how="left")
        for col in columns:
            out[f"{col}{side}"] = merged[col].to_numpy()
    if len(out) != len(dyads):  # pragma: no cover - guarded by _check_unique
        raise InputError("a merge changed the number of rows")
    return out


def add_atop_alliance(dyads: pd.DataFrame) -> pd.DataFrame:
    """ATOP pledges (``atop_defense`` … ``atop_consul``), directed as in ATOP.

    Pairs without an ATOP row get 0 within ATOP's coverage (1815–2018), missing after.
    """
    from allydrift.sources import atop

    raw = atop.load()
    flags = atop.FLAGS
    out = merge_dyadic(dyads, raw, flags, undirected=False)
    covered = dyads["year"].between(1815, 2018)
    for flag in flags:
        out[flag] = out[flag].where(~covered, out[flag].fillna(0)).astype("Int8")
    return out


def add_nmc(dyads: pd.DataFrame, columns: Sequence[str] = ("milex", "milper", "tpop", "cinc")):
    """COW National Material Capabilities for both sides (``cinc1``, ``cinc2`` …)."""
    from allydrift.sources import cow_nmc

    return merge_monadic(dyads, cow_nmc.load(), list(columns))


def add_sipri_milex(dyads: pd.DataFrame) -> pd.DataFrame:
    """SIPRI military spending for both sides (``share_gdp1``, ``constant_usd_m1`` …)."""
    from allydrift.sources import sipri_milex

    cols = ["share_gdp", "constant_usd_m"]
    return merge_monadic(dyads, sipri_milex.load().dropna(subset=["ccode"]), cols)


def add_un_agreement(dyads: pd.DataFrame) -> pd.DataFrame:
    """UNGA vote agreement (``un_agree``) and common votes (``un_n_votes``), undirected."""
    from allydrift.indicators.worldview import un_agreement_table

    table = un_agreement_table().rename(columns={"agree": "un_agree", "n_votes": "un_n_votes"})
    return merge_dyadic(dyads, table, ["un_agree", "un_n_votes"], undirected=True)


def add_us_troops(dyads: pd.DataFrame) -> pd.DataFrame:
    """U.S. active-duty troops in the partner (``us_troops``), for dyads with the U.S."""
    from allydrift.indicators.presence import us_troops_table

    table = us_troops_table().rename(columns={"troops_ad": "us_troops"})
    return merge_dyadic(dyads, table, ["us_troops"], undirected=True)


def add_un_affinity(
    dyads: pd.DataFrame,
    measures: Sequence[str] = ("agreement",),
    subset: str | Sequence[str] = "all",
) -> pd.DataFrame:
    """UN voting affinity, undirected: ``un_<measure>[_<subset>]`` and ``un_n_votes[_<subset>]``.

    ``measures``: ``agreement``, ``sscore``, ``kappa``, ``pi``; ``subset``: ``all``,
    ``important`` or issue codes ``me``, ``nu``, ``di``, ``hr``, ``co``, ``ec`` (one or
    several). E.g. ``add_un_affinity(d, ["kappa"], "nu")`` adds ``un_kappa_nu`` and
    ``un_n_votes_nu``. Years without common votes stay missing.
    """
    from allydrift.affinity import affinity_rows, column

    subsets = [subset] if isinstance(subset, str) else list(subset)
    span = (int(dyads["year"].min()), int(dyads["year"].max())) if len(dyads) else None
    table = affinity_rows(None, span, list(measures), subsets)
    value_cols = [c for c in table.columns if c not in ("ccode1", "ccode2", "year")]
    table = table.rename(columns={c: f"un_{c}" for c in value_cols})
    out = merge_dyadic(dyads, table, [f"un_{c}" for c in value_cols], undirected=True)
    for s in subsets:
        count = f"un_{column('n_votes', s)}"
        out[count] = out[count].astype("Int32")
    return out


def add_ideal_points(dyads: pd.DataFrame, release: str = "all") -> pd.DataFrame:
    """Bailey–Strezhnev–Voeten ideal points of both sides (``ideal1``, ``ideal2``) and
    their distance ``ideal_distance`` (``release``: a ``bsv_idealpoints`` table)."""
    from allydrift.affinity import ideal_points

    points = ideal_points(release=release)
    out = merge_monadic(dyads, points, ["ideal"])
    out["ideal_distance"] = (out["ideal1"] - out["ideal2"]).abs()
    return out
