"""``add_*`` verbs: attach a source or indicator to a dyad-year table.

Every verb checks its keys, merges with a left join and never changes the row count —
if the right-hand side has duplicate keys it raises instead of multiplying rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from allydrift.dyads import dyad_keys
from allydrift.errors import InputError


def _key(a: np.ndarray, b: np.ndarray | None, year: np.ndarray) -> np.ndarray:
    """One int64 per (state, state, year) or (state, year): codes < 10,000, years < 10,000."""
    key = a.astype(np.int64) * 10_000
    if b is not None:
        key = (key + b.astype(np.int64)) * 10_000
    return key + year.astype(np.int64)


def _positions(left_key: np.ndarray, right_key: np.ndarray, what: str) -> np.ndarray:
    """Row of ``right`` for every left key (−1 where absent); refuses duplicate right keys."""
    index = pd.Index(right_key)
    if not index.is_unique:
        dup = int(index[index.duplicated()][0])
        raise InputError(
            f"{what} has duplicate keys (e.g. code {dup // 10_000}, year {dup % 10_000}); "
            "expected one row per key — aggregate it first"
        )
    return index.get_indexer(left_key)


def _take(values: pd.Series, pos: np.ndarray) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """``values`` at ``pos``, missing where ``pos`` is −1 (keeps nullable dtypes)."""
    if isinstance(values.dtype, pd.api.extensions.ExtensionDtype):
        return values.array.take(pos, allow_fill=True)
    arr = values.to_numpy()
    if arr.dtype.kind in "iub":
        arr = arr.astype(np.float64)
    out = arr.take(np.where(pos >= 0, pos, 0))
    if arr.dtype.kind in "fc":
        out[pos < 0] = np.nan
    else:
        out = np.where(pos >= 0, out, None)
    return out


def merge_dyadic(
    dyads: pd.DataFrame, right: pd.DataFrame, columns: Sequence[str], undirected: bool
) -> pd.DataFrame:
    """Left-join ``right`` (``ccode1``, ``ccode2``, ``year`` + ``columns``) onto ``dyads``.

    With ``undirected=True`` ``right`` holds ``ccode1 < ccode2`` and matches both A→B
    and B→A rows of a directed table. Integer columns become float (missing = NaN).
    """
    k1, k2 = dyad_keys(dyads)
    a, b = dyads[k1].to_numpy(), dyads[k2].to_numpy()
    if undirected:
        a, b = np.minimum(a, b), np.maximum(a, b)
    left_key = _key(a, b, dyads["year"].to_numpy())
    right_key = _key(
        right["ccode1"].to_numpy(), right["ccode2"].to_numpy(), right["year"].to_numpy()
    )
    pos = _positions(left_key, right_key, "the data to merge")
    out = dyads.copy()
    for col in columns:
        out[col] = _take(right[col], pos)
    return out


def merge_monadic(
    dyads: pd.DataFrame, right: pd.DataFrame, columns: Sequence[str], key: str = "ccode"
) -> pd.DataFrame:
    """Left-join a state-year table twice, as ``<column>1`` and ``<column>2``."""
    k1, k2 = dyad_keys(dyads)
    right = right.dropna(subset=[key])
    right_key = _key(right[key].to_numpy(), None, right["year"].to_numpy())
    year = dyads["year"].to_numpy()
    out = dyads.copy()
    for side, code_col in (("1", k1), ("2", k2)):
        left_key = _key(dyads[code_col].to_numpy(), None, year)
        pos = _positions(left_key, right_key, "the state-year data to merge")
        for col in columns:
            out[f"{col}{side}"] = _take(right[col], pos)
    return out


def add_atop_alliance(dyads: pd.DataFrame) -> pd.DataFrame:
    """ATOP pledges (``atop_defense`` … ``atop_consul``), directed as in ATOP.

    Pairs without an ATOP row get 0 within ATOP's coverage (1815–2018), missing after.
    """
    from allydrift.sources import atop

    raw = atop.load()
    out = merge_dyadic(dyads, raw, atop.FLAGS, undirected=False)
    outside = ~dyads["year"].between(1815, 2018).to_numpy()
    for flag in atop.FLAGS:
        values = np.nan_to_num(np.asarray(out[flag], dtype=np.float64), nan=0.0)
        values[outside] = np.nan
        out[flag] = pd.array(values, dtype="Float64").astype("Int8")
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
