"""Bridge roll calls across sessions: resolutions voted again in the next session.

Bailey, Strezhnev & Voeten (2017) keep ideal points comparable over time by giving a
resolution that comes back in a later session one set of item parameters. Their list of
matched resolutions is not part of the public data, so this module rebuilds one from the
roll-call descriptions: a roll call is linked to a roll call of the *previous* session
with the same normalised short title (``short``, at least 5 characters) or the same
normalised description (``descr``, at least 20 characters), provided that text is unique
within each of the two sessions (a title shared by several paragraph or amendment votes of
one session is ambiguous and is not linked). Links chain: a resolution repeated every year
from session 40 to 60 becomes one item, identified by its first ``rcid``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

KEYS = {"short": 5, "descr": 20}  # column: shortest text that is specific enough


def normalise_text(text: pd.Series) -> pd.Series:
    """Upper-case, keep letters and digits, collapse spaces."""
    out = text.fillna("").astype(str).str.upper()
    out = out.str.replace(r"[^A-Z0-9]+", " ", regex=True)
    return out.str.strip()


def _links(roll_calls: pd.DataFrame, column: str, min_chars: int) -> pd.DataFrame:
    """Pairs (``earlier``, ``later``) of roll calls in consecutive sessions sharing a text."""
    rc = pd.DataFrame(
        {
            "rcid": roll_calls["rcid"].to_numpy(),
            "session": roll_calls["session"].to_numpy(),
            "key": normalise_text(roll_calls[column]).to_numpy(),
        }
    )
    rc = rc[rc["key"].str.len() >= min_chars]
    unique = rc[~rc.duplicated(["key", "session"], keep=False)].sort_values(["key", "session"])
    prev = unique.groupby("key")[["session", "rcid"]].shift(1)
    linked = (unique["session"] - prev["session"]) == 1
    return pd.DataFrame(
        {
            "earlier": prev.loc[linked, "rcid"].astype(np.int64).to_numpy(),
            "later": unique.loc[linked, "rcid"].to_numpy(np.int64),
        }
    )


def repeated_resolutions(roll_calls: pd.DataFrame) -> pd.Series:
    """Item id for each roll call: the first ``rcid`` of its chain of repeated resolutions.

    Parameters
    ----------
    roll_calls
        Columns ``rcid``, ``session`` and any of ``short`` and ``descr``.

    Returns
    -------
    pandas.Series
        Indexed by ``rcid``; equal to the index for roll calls that are not linked.
    """
    rcids = roll_calls["rcid"].to_numpy(np.int64)
    pairs = [_links(roll_calls, col, n) for col, n in KEYS.items() if col in roll_calls]
    links = pd.concat(pairs, ignore_index=True) if pairs else pd.DataFrame()
    if links.empty:
        return pd.Series(rcids, index=rcids, name="item")
    pos = pd.Series(np.arange(len(rcids)), index=rcids)
    a, b = pos[links["earlier"]].to_numpy(), pos[links["later"]].to_numpy()
    graph = coo_matrix((np.ones(len(a)), (a, b)), shape=(len(rcids), len(rcids)))
    _, component = connected_components(graph, directed=False)
    first = pd.Series(rcids).groupby(component).transform("min").to_numpy()
    return pd.Series(first, index=rcids, name="item")
