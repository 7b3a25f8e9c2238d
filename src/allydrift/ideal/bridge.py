"""Bridge roll calls across sessions: resolutions voted again with the same description.

Bailey, Strezhnev & Voeten (2017) keep ideal points comparable over time by giving
resolutions that come back in a later session with the same text one set of item
parameters. Their list of matched resolutions is not part of the public data, so this
module rebuilds one from the roll-call descriptions: a roll call is linked to the roll
call of the *previous* session whose normalised description (``descr``) is identical,
provided the description is specific (at least ``min_chars`` characters) and unique within
each of the two sessions (a title shared by several paragraph or amendment votes of one
session is ambiguous and is not linked). Links chain: a resolution repeated every year
from session 40 to 60 becomes one item.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MIN_CHARS = 20


def normalise_text(text: pd.Series) -> pd.Series:
    """Upper-case, keep letters and digits, collapse spaces."""
    out = text.fillna("").astype(str).str.upper()
    out = out.str.replace(r"[^A-Z0-9]+", " ", regex=True)
    return out.str.strip()


def repeated_resolutions(roll_calls: pd.DataFrame, min_chars: int = MIN_CHARS) -> pd.Series:
    """Item id for each roll call: the ``rcid`` of the first roll call in its chain.

    Parameters
    ----------
    roll_calls
        Columns ``rcid``, ``session`` and ``descr``.
    min_chars
        Shorter descriptions are too generic to link.

    Returns
    -------
    pandas.Series
        Indexed by ``rcid``; equal to the index for roll calls that are not linked.
    """
    rc = roll_calls[["rcid", "session"]].copy()
    rc["key"] = normalise_text(roll_calls["descr"]).to_numpy()
    item = dict(zip(rc["rcid"].tolist(), rc["rcid"].tolist(), strict=True))
    rc = rc[rc["key"].str.len() >= min_chars]
    unique = rc[~rc.duplicated(["key", "session"], keep=False)].sort_values(["key", "session"])
    prev = unique.groupby("key")[["session", "rcid"]].shift(1)
    linked = (unique["session"] - prev["session"]) == 1
    later = unique.loc[linked, "rcid"].to_numpy()
    earlier = prev.loc[linked, "rcid"].astype(np.int64).to_numpy()
    order = np.argsort(unique.loc[linked, "session"].to_numpy(), kind="stable")
    for new, old in zip(later[order].tolist(), earlier[order].tolist(), strict=True):
        item[new] = item[old]
    return pd.Series(item, name="item")
