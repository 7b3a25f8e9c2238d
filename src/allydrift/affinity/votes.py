"""The UN roll calls behind the affinity measures: votes, roll-call flags and subsets.

Votes come from ``unvotes`` (sessions 1–77, to September 2023). Roll calls that only the
``unga_vote_matrix`` mirror holds — session 78, September 2023 to June 2024 — are appended
when the years asked for reach past ``unvotes`` (``supplement=True``). Every roll call gets
a key ``rc`` that is unique across both: the ``unvotes`` rcid, or ``SUPPLEMENT_OFFSET`` plus
the row of the supplement (its rcids 411, 427, 449 and 495 repeat 1950s rcids).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from allydrift.errors import CoverageError, InputError
from allydrift.sources import record_use, unga_vote_matrix, unvotes

ISSUES = dict(unvotes.ISSUES)
SUBSETS = {
    "all": "all roll calls",
    "important": "votes the US State Department listed as important",
    **ISSUES,
}
SUPPLEMENT_OFFSET = 1_000_000
COVERAGE = (unvotes.SOURCE.coverage[0], unga_vote_matrix.SOURCE.coverage[1])
IMPORTANT_COVERAGE = (1983, 2017)  # years with important == 1 in the unvotes release
# From session 74 (2019) on, both releases flag every disarmament roll call also as
# colonialism (co) and economic development (ec), and no other roll call: those flags are
# unusable there, so they count as unknown (not in the subset) after the last good session.
LAST_GOOD_SESSION = {"co": 73, "ec": 73}
ISSUE_COVERAGE = {code: COVERAGE for code in ISSUES} | {"co": (1946, 2018), "ec": (1946, 2018)}


@dataclass(frozen=True)
class RollCalls:
    """Votes (``rc``, ``year``, ``ccode``, ``vote_code``, sorted by year) and one row per
    roll call (``rc``, ``rcid``, ``date``, ``year``, ``important`` and the issue flags)."""

    votes: pd.DataFrame
    roll_calls: pd.DataFrame

    def mask(self, subset: str) -> pd.Series:
        """Boolean Series over ``roll_calls`` (indexed by ``rc``) selecting ``subset``."""
        check_subsets([subset])
        flags = self.roll_calls.set_index("rc")
        if subset == "all":
            return pd.Series(True, index=flags.index)
        return flags[subset].astype(bool)

    def mask_arrays(self, subset: str) -> tuple[np.ndarray, np.ndarray]:
        """``(keys, flags)``: the sorted roll-call keys and whether each is in ``subset``."""
        mask = self.mask(subset).sort_index()
        return mask.index.to_numpy(dtype=np.int64), mask.to_numpy(dtype=bool)


def check_subsets(subsets: list[str]) -> None:
    """Raise ``InputError`` for a subset name that does not exist."""
    bad = [s for s in subsets if s not in SUBSETS]
    if bad:
        known = ", ".join(f"{k} ({v})" for k, v in SUBSETS.items())
        msg = (
            f"unknown vote subset {', '.join(map(repr, bad))}; expected one of: {known}. "
            "Issue codes are the unvotes codes, e.g. 'nu' for nuclear weapons."
        )
        raise InputError(msg)


def _vote_frame(rc: pd.Series, year: pd.Series, ccode: pd.Series, code: pd.Series) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "rc": rc.astype(np.int64).to_numpy(),
            "year": year.astype(np.int32).to_numpy(),
            "ccode": ccode.astype(np.int32).to_numpy(),
            "vote_code": code.astype(np.int8).to_numpy(),
        }
    )


def _unvotes_roll_calls() -> pd.DataFrame:
    rc = unvotes.load("roll_calls")
    issues = unvotes.load("issues")
    flags = {}
    for code in ISSUES:
        flag = rc["rcid"].isin(issues.loc[issues["issue_code"] == code, "rcid"])
        flags[code] = flag & (rc["session"] <= LAST_GOOD_SESSION.get(code, rc["session"].max()))
    return pd.DataFrame(
        {
            "rc": rc["rcid"].astype(np.int64),
            "rcid": rc["rcid"].astype(np.int64),
            "date": rc["date"],
            "year": rc["year"].astype(np.int32),
            "important": rc["important"].fillna(0).astype(bool),
            **flags,
        }
    )


def _supplement_roll_calls(known: pd.DataFrame) -> pd.DataFrame:
    """The ``unga_vote_matrix`` roll calls whose (rcid, date) ``unvotes`` lacks, keyed anew."""
    rc = unga_vote_matrix.load("roll_calls")
    seen = pd.MultiIndex.from_frame(known[["rcid", "date"]].astype({"date": rc["date"].dtype}))
    new = rc[~pd.MultiIndex.from_frame(rc[["rcid", "date"]]).isin(seen)].reset_index(drop=True)
    return pd.DataFrame(
        {
            "rc": SUPPLEMENT_OFFSET + np.arange(len(new), dtype=np.int64),
            "rcid": new["rcid"].astype(np.int64),
            "date": new["date"],
            "year": new["year"].astype(np.int32),
            "important": False,
            **{code: new[code].astype(bool) & (code not in LAST_GOOD_SESSION) for code in ISSUES},
        }
    )


@cache
def _roll_calls(supplement: bool) -> pd.DataFrame:
    roll_calls = _unvotes_roll_calls()
    if supplement:
        roll_calls = pd.concat([roll_calls, _supplement_roll_calls(roll_calls)], ignore_index=True)
    return roll_calls.sort_values("rc", ignore_index=True)


@cache
def _votes(supplement: bool) -> pd.DataFrame:
    raw = unvotes.load("votes").dropna(subset=["ccode"])
    parts = [_vote_frame(raw["rcid"], raw["year"], raw["ccode"], raw["vote_code"])]
    if supplement:
        new = _roll_calls(True)
        new = new[new["rc"] >= SUPPLEMENT_OFFSET][["rcid", "date", "rc"]]
        extra = unga_vote_matrix.load("votes").dropna(subset=["ccode"])
        extra = extra.merge(new, on=["rcid", "date"], how="inner")
        parts.append(_vote_frame(extra["rc"], extra["year"], extra["ccode"], extra["vote_code"]))
    votes = pd.concat(parts, ignore_index=True)
    return votes.sort_values(["year", "rc"], kind="stable", ignore_index=True)


def input_files(supplement: bool) -> list:
    """The pinned files the assembled votes are built from (for caching derived tables)."""
    files = ["un_votes.rda", "un_roll_calls.rda", "un_roll_call_issues.rda"]
    entries = [unvotes.SOURCE.file(name) for name in files]
    if supplement:
        entries.append(unga_vote_matrix.SOURCE.file("ungaVoting_003.csv"))
    return entries


def needs_supplement(years: tuple[int, int] | None, supplement: bool) -> bool:
    """True if ``years`` reach past the last year ``unvotes`` covers."""
    return supplement and (years is None or years[1] >= unvotes.SOURCE.coverage[1])


def load_roll_calls(
    years: tuple[int, int] | None = None,
    states: set[int] | None = None,
    supplement: bool = True,
    votes: bool = True,
) -> RollCalls:
    """The votes of ``states`` (all if ``None``) in ``years`` (inclusive), with their flags.

    ``supplement`` appends the session-78 roll calls of ``unga_vote_matrix`` when the
    years reach 2023 or later; ``votes=False`` loads the roll calls only (votes empty).
    Raises ``InputError`` for a backward span.
    """
    if years is not None and years[0] > years[1]:
        msg = f"a year span must run forward; got {years[0]}–{years[1]}"
        raise InputError(msg)
    use_extra = needs_supplement(years, supplement)
    record_use(unvotes.SOURCE.id)
    if use_extra:
        record_use(unga_vote_matrix.SOURCE.id)
    roll_calls = _roll_calls(use_extra)
    table = _votes(use_extra) if votes else _votes_empty()
    if years is not None:
        lo, hi = np.searchsorted(table["year"].to_numpy(), [years[0], years[1] + 1])
        table = table.iloc[lo:hi]
        roll_calls = roll_calls[roll_calls["year"].between(years[0], years[1])]
    if states is not None:
        table = table[table["ccode"].isin(states)]
    return RollCalls(table, roll_calls)


def _votes_empty() -> pd.DataFrame:
    empty = pd.Series([], dtype=np.int64)
    return _vote_frame(empty, empty, empty, empty)


def span_text(years: tuple[int, int] | None) -> str:
    """``1990–2020``, ``1964`` or ``any year``."""
    if years is None:
        return "any year"
    return str(years[0]) if years[0] == years[1] else f"{years[0]}–{years[1]}"


def subset_text(subset: str) -> str:
    """``roll call`` or ``'nu' roll call (Nuclear weapons and nuclear material)``."""
    return "roll call" if subset == "all" else f"'{subset}' roll call ({SUBSETS[subset]})"


def require_votes(data: RollCalls, subset: str, years: tuple[int, int] | None) -> None:
    """Raise ``CoverageError`` if ``subset`` holds no roll call in ``years``."""
    if data.mask(subset).any():
        return
    span = span_text(years)
    hint = {
        "important": f"important-vote flags exist for {IMPORTANT_COVERAGE[0]}–"
        f"{IMPORTANT_COVERAGE[1]} only",
        "all": f"the UN votes cover {COVERAGE[0]}–{COVERAGE[1]}, with no recorded votes in "
        "1964 (session 19)",
    }.get(subset, f"the UN votes cover {COVERAGE[0]}–{COVERAGE[1]}")
    msg = (
        f"there is no {subset_text(subset)} in {span}; {hint}. "
        "Choose other years or another subset."
    )
    raise CoverageError(msg)
