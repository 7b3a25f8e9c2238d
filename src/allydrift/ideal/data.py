"""Select UN roll calls for an ideal-point fit and lay them out as arrays.

The selection (issue, importance, years, states) is applied first; then roll calls that are
not contested (every vote in one category) are dropped, and state-periods with fewer than
``min_votes`` contested votes, repeatedly until both rules hold. The period of a vote is
its session year, ``1945 + session`` (as in the published Bailey–Strezhnev–Voeten series),
or with ``period="year"`` the calendar year of the vote.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from allydrift.errors import InputError
from allydrift.ideal.bridge import repeated_resolutions

ISSUE_ALIASES = {
    "me": "me",
    "middle_east": "me",
    "middle east": "me",
    "palestine": "me",
    "nu": "nu",
    "nuclear": "nu",
    "di": "di",
    "disarmament": "di",
    "arms": "di",
    "arms_control": "di",
    "hr": "hr",
    "human_rights": "hr",
    "human rights": "hr",
    "co": "co",
    "colonialism": "co",
    "ec": "ec",
    "economic": "ec",
    "development": "ec",
}
PARTS_FROM = 1990
PERIODS = ("session", "year")


def issue_codes(issue: str | Iterable[str] | None) -> list[str] | None:
    """Issue codes (me, nu, di, hr, co, ec) for names or codes such as ``"nuclear"``."""
    if issue is None:
        return None
    names = [issue] if isinstance(issue, str) else list(issue)
    codes = []
    for name in names:
        code = ISSUE_ALIASES.get(str(name).strip().lower().replace("-", "_"))
        if code is None:
            known = ", ".join(sorted(k for k in ISSUE_ALIASES if "_" not in k and " " not in k))
            msg = f"unknown issue '{name}': use one of {known}"
            raise InputError(msg)
        codes.append(code)
    return sorted(set(codes))


def state_codes(states: Iterable[str | int] | None) -> list[int] | None:
    """COW codes for names or ISO3 codes (``UnknownStateError`` if unknown); numbers are
    taken as COW codes as they are."""
    if states is None:
        return None
    from allydrift.countries import resolve

    names = [states] if isinstance(states, str) else list(states)
    codes = []
    for x in names:
        numeric = isinstance(x, (int, np.integer)) or str(x).strip().isdigit()
        code = int(x) if numeric else resolve(x).ccode
        if code is not None:
            codes.append(int(code))
    return sorted(set(codes))


def select_votes(
    votes: pd.DataFrame,
    roll_calls: pd.DataFrame,
    issues: pd.DataFrame | None = None,
    *,
    issue: str | Iterable[str] | None = None,
    important: bool | None = None,
    years: tuple[int, int] | None = None,
    states: Iterable[str | int] | None = None,
    period: str = "session",
    parts: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Votes (``rcid``, ``ccode``, ``period``, ``vote_code``) and their roll calls.

    ``important=True`` keeps roll calls the US State Department listed as important (the
    list is missing for sessions 75–77, so those drop out); ``False`` keeps the others.
    ``parts=False`` drops separate votes on paragraphs and amendments from 1990 on, as
    Bailey, Strezhnev & Voeten do.
    """
    if period not in PERIODS:
        msg = f"period must be 'session' or 'year'; got '{period}'"
        raise InputError(msg)
    rc = roll_calls.copy()
    rc["period"] = rc["session"] + 1945 if period == "session" else rc["year"]
    codes = issue_codes(issue)
    if codes is not None:
        if issues is None:
            msg = "selecting by issue needs the issues table (rcid, issue_code)"
            raise InputError(msg)
        rc = rc[rc["rcid"].isin(issues.loc[issues["issue_code"].isin(codes), "rcid"])]
    if important is not None:
        rc = rc[rc["important"].fillna(-1).astype(int) == int(bool(important))]
    if not parts and {"para", "amend"} <= set(rc.columns):
        part = (rc["para"].fillna(0) == 1) | (rc["amend"].fillna(0) == 1)
        rc = rc[~(part & (rc["year"] >= PARTS_FROM))]
    if years is not None:
        rc = rc[rc["period"].between(years[0], years[1])]
    sel = _attach_period(votes, rc)
    wanted = state_codes(states)
    if wanted is not None:
        sel = sel[sel["ccode"].isin(wanted)]
    return sel.reset_index(drop=True), rc.reset_index(drop=True)


def _attach_period(votes: pd.DataFrame, rc: pd.DataFrame) -> pd.DataFrame:
    """The votes on the roll calls in ``rc`` with their period (a lookup, not a merge)."""
    rcid = votes["rcid"].to_numpy(dtype=np.int64)
    size = int(max(rcid.max(initial=0), rc["rcid"].max() if len(rc) else 0)) + 1
    period_of = np.full(size, -1, dtype=np.int32)
    period_of[rc["rcid"].to_numpy(dtype=np.int64)] = rc["period"].to_numpy(dtype=np.int32)
    period = period_of[rcid]
    ccode = votes["ccode"].to_numpy(dtype=np.float32, na_value=np.nan)
    code = votes["vote_code"].to_numpy(dtype=np.int8)
    keep = (period >= 0) & np.isfinite(ccode) & (code >= 1) & (code <= 3)
    return pd.DataFrame(
        {
            "rcid": rcid[keep].astype(np.int32),
            "ccode": ccode[keep].astype(np.int32),
            "period": period[keep],
            "vote_code": code[keep],
        }
    )


def dense_codes(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Like ``np.unique(keys, return_inverse=True)`` for small non-negative integers, O(n)."""
    if len(keys) == 0:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int64)
    present = np.bincount(keys) > 0
    code = np.cumsum(present) - 1
    return code[keys].astype(np.int32), np.flatnonzero(present)


def _point_keys(sel: pd.DataFrame) -> tuple[np.ndarray, int, int]:
    """Integer key per vote for its (ccode, period), ordered like the pair; ``first`` and
    ``span`` of the periods decode it."""
    period = sel["period"].to_numpy()
    first = int(period.min()) if len(period) else 0
    span = int(period.max()) - first + 1 if len(period) else 1
    return sel["ccode"].to_numpy() * span + (period - first), first, span


@dataclass
class RollCallData:
    """Contested votes as index arrays.

    ``points`` has one row per state-period (``ccode``, ``period``), sorted; ``items`` the
    item id per item (the first ``rcid`` of a bridged chain); per vote, ``point`` and
    ``item`` index those tables and ``cat`` is the rank of the vote among the categories
    the item received (0 = yes, or the most favourable category present); ``ncat`` is the
    number of categories each item received (2 or 3).
    """

    points: pd.DataFrame
    items: np.ndarray
    point: np.ndarray
    item: np.ndarray
    cat: np.ndarray
    ncat: np.ndarray
    rcids: np.ndarray
    n_rollcalls: np.ndarray
    dropped: dict[str, int] = field(default_factory=dict)

    @property
    def n_votes(self) -> int:
        return len(self.point)


def _contested(item: np.ndarray, code: np.ndarray, n_items: int) -> np.ndarray:
    present = np.zeros((n_items, 3), dtype=bool)
    present[item, code - 1] = True
    return present.sum(axis=1) >= 2


def _distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values of small non-negative integers (no sort, no hash)."""
    return np.flatnonzero(np.bincount(values)) if len(values) else values


def _filter(cols: dict[str, np.ndarray], min_votes: int) -> tuple[dict[str, np.ndarray], dict]:
    """Drop uncontested items and thin state-periods until both rules hold."""
    n0 = (len(_distinct(cols["item"])), len(_distinct(cols["key"])))
    while len(cols["item"]):
        item, items = dense_codes(cols["item"])
        keep = _contested(item, cols["code"], len(items))[item]
        point, _ = dense_codes(cols["key"])
        counts = np.bincount(point[keep], minlength=point.max() + 1)
        keep &= counts[point] >= min_votes
        if keep.all():
            break
        cols = {k: v[keep] for k, v in cols.items()}
    n1 = (len(_distinct(cols["item"])), len(_distinct(cols["key"])))
    return cols, {"items": n0[0] - n1[0], "points": n0[1] - n1[1]}


def _check(ccode: np.ndarray) -> None:
    if len(ccode) == 0:
        msg = (
            "no contested votes are left in this selection (every roll call was unanimous or "
            "no state cast enough votes): widen --years, drop --states or --issue, or lower "
            "--min-votes"
        )
        raise InputError(msg)
    n_states = len(_distinct(ccode))
    if n_states < 2:
        msg = (
            f"ideal points need at least two states; the selection has only {n_states} "
            "with enough contested votes: add states"
        )
        raise InputError(msg)


def build(
    sel: pd.DataFrame,
    roll_calls: pd.DataFrame,
    *,
    min_votes: int = 5,
    bridge: bool = True,
) -> RollCallData:
    """Filter the selected votes and index them (see the module docstring)."""
    rcid = sel["rcid"].to_numpy(dtype=np.int32)
    _check(sel["ccode"].to_numpy())
    rc = roll_calls[roll_calls["rcid"].isin(_distinct(rcid))]
    item_of = np.arange(int(max(rc["rcid"].max(), rcid.max())) + 1, dtype=np.int32)
    if bridge:
        linked = repeated_resolutions(rc)
        item_of[linked.index.to_numpy()] = linked.to_numpy()
    key, first, span = _point_keys(sel)
    cols = {
        "rcid": rcid,
        "item": item_of[rcid],
        "key": key,
        "code": sel["vote_code"].to_numpy(dtype=np.int8),
    }
    cols, dropped = _filter(cols, min_votes)
    point, keys = dense_codes(cols["key"])
    _check(keys // span)
    item, items = dense_codes(cols["item"])
    present = np.zeros((len(items), 3), dtype=bool)
    present[item, cols["code"] - 1] = True
    rank = np.cumsum(present, axis=1) - 1
    rcids = _distinct(cols["rcid"])
    return RollCallData(
        points=pd.DataFrame({"ccode": keys // span, "period": keys % span + first}),
        items=items,
        point=point.astype(np.int32),
        item=item.astype(np.int32),
        cat=rank[item, cols["code"] - 1].astype(np.int8),
        ncat=present.sum(axis=1).astype(np.int8),
        rcids=rcids,
        n_rollcalls=np.bincount(np.searchsorted(items, item_of[rcids]), minlength=len(items)),
        dropped=dropped,
    )


def describe(data: RollCallData) -> dict[str, int]:
    """Counts of what went into a fit."""
    return {
        "votes": data.n_votes,
        "roll_calls": len(data.rcids),
        "items": len(data.items),
        "states": int(data.points["ccode"].nunique()),
        "state_periods": len(data.points),
        "dropped_items": data.dropped.get("items", 0),
        "dropped_state_periods": data.dropped.get("points", 0),
    }


def years_span(years: Sequence[int] | int | None) -> tuple[int, int] | None:
    """Validate a ``(first, last)`` span."""
    if years is None:
        return None
    if isinstance(years, int):
        return (years, years)
    span = tuple(int(y) for y in years)
    if len(span) != 2 or span[0] > span[1]:
        msg = f"years must be (first, last) with first <= last; got {years!r}"
        raise InputError(msg)
    return span  # type: ignore[return-value]
