"""The one-paragraph key findings, written from the numbers.

Each sentence is built from one table and left out when that table is missing (for
example before the cohesion index is installed): current score and band, trend, the
last change point and what drove it, the strongest and weakest dimensions, and the
comparison with the senior partner's other allies. Every sentence speaks of one "as of"
year (``as_of_year``: the latest year whose score is not a projection); the latest year
of the series is mentioned with what it rests on.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from allydrift.countries import State
from allydrift.countries.resolver import require_ccode

DIMENSION_NAMES = {
    "world_view": "world view",
    "values": "values",
    "history": "history",
    "burden_sharing": "burden sharing",
    "presence": "presence",
    "threat": "shared threat",
    "hostility": "hostility between them",
    "ties": "ties",
}


def _has(df: Any, *columns: str) -> bool:
    return isinstance(df, pd.DataFrame) and not df.empty and set(columns) <= set(df.columns)


def as_of_year(scores: Any) -> int | None:
    """The year the findings speak of: the latest scored year that is not a projection
    (with the averaged index: the latest year resting on at least three quarters of the
    best-covered year's indicators)."""
    if not _has(scores, "year", "score"):
        return None
    valid = scores.dropna(subset=["score"])
    if "projection" in valid:
        valid = valid[~valid["projection"].astype(bool)]
    elif "n_indicators" in valid:
        valid = valid[valid["n_indicators"] >= 0.75 * valid["n_indicators"].max()]
    return int(valid["year"].max()) if not valid.empty else None


def score_sentence(scores: pd.DataFrame, pair: str, as_of: int | None = None) -> str | None:
    """Latest well-covered index score with its uncertainty band.

    The latest years often rest on a few indicators (most sources lag); the sentence uses
    the latest year whose score rests on at least three quarters of the indicators of the
    best-covered year, and says how many.
    """
    if not _has(scores, "year", "score"):
        return None
    valid = scores.dropna(subset=["score"])
    if valid.empty:
        return None
    year = as_of if as_of is not None else as_of_year(valid)
    if year is None or not (valid["year"] == year).any():
        return None
    last = valid[valid["year"] == year].iloc[-1]
    text = (
        f"In {int(last['year'])} the Alliance Cohesion Index of {pair} stood at "
        f"{last['score']:.0f} out of 100"
    )
    extra = []
    if {"lower", "upper"} <= set(valid.columns) and pd.notna(last.get("lower")):
        extra.append(f"90 % band {last['lower']:.0f}–{last['upper']:.0f}")
    if "n_indicators" in valid:
        extra.append(f"{int(last['n_indicators'])} indicators")
    text += f" ({'; '.join(extra)})." if extra else "."
    final = valid.iloc[-1]
    if int(final["year"]) > int(last["year"]) and "n_indicators" in valid:
        n = int(final["n_indicators"])
        text += (
            f" {int(final['year'])} rests on {n} indicator{'s' if n != 1 else ''} and is "
            f"shown as a projection ({final['score']:.0f}"
        )
        if pd.notna(final.get("lower")):
            text += f", band {final['lower']:.0f}–{final['upper']:.0f}"
        text += ")."
    return text


def trend_sentence(trends: pd.DataFrame, scores: Any = None, as_of: int | None = None):
    """The recent trend of the overall index, with its interval (over the ten years to
    ``as_of`` when the scores are given)."""
    if _has(scores, "year", "score") and as_of is not None:
        from allydrift.drift.trend import MIN_POINTS, trend

        part = scores[scores["year"].between(as_of - 9, as_of)].dropna(subset=["score"])
        if len(part) >= MIN_POINTS:
            trends = pd.DataFrame(
                [
                    {
                        "series": "overall",
                        "span": "recent",
                        **trend(part.set_index("year")["score"], None).to_dict(),
                    }
                ]
            )
    if not _has(trends, "series", "span", "slope", "lower", "upper", "start", "end"):
        return None
    rows = trends[(trends["series"] == "overall")]
    rows = rows[rows["span"] == "recent"] if (rows["span"] == "recent").any() else rows
    if rows.empty:
        return None
    t = rows.iloc[0]
    span = f"{int(t['start'])}–{int(t['end'])}"
    if t["lower"] <= 0 <= t["upper"]:
        return (
            f"Over {span} it shows no clear trend ({t['slope']:+.1f} points per decade, "
            f"interval {t['lower']:+.1f} to {t['upper']:+.1f})."
        )
    word = "rising" if t["slope"] > 0 else "falling"
    return (
        f"Over {span} it has been {word} by {abs(t['slope']):.1f} points per decade "
        f"(interval {t['lower']:+.1f} to {t['upper']:+.1f})."
    )


def changepoint_sentence(changepoints: pd.DataFrame, attribution: pd.DataFrame) -> str | None:
    """The last change point of the overall index and the dimension that drove it."""
    if not _has(changepoints, "series", "year", "before", "after"):
        return None
    overall = changepoints[changepoints["series"] == "overall"]
    if overall.empty:
        return "No change point was detected in the overall index."
    cp = overall.sort_values("year").iloc[-1]
    year = int(cp["year"])
    shift = float(cp["after"] - cp["before"])
    word = "fell" if shift < 0 else "rose"
    text = (
        f"The last change point came in {year}, when the index {word} by {abs(shift):.0f} "
        f"points between the segments before and after"
    )
    if {"year_lower", "year_upper"} <= set(cp.index) and pd.notna(cp.get("year_lower")):
        if int(cp["year_lower"]) != int(cp["year_upper"]):
            text += f" (break year {int(cp['year_lower'])}–{int(cp['year_upper'])}"
        else:
            text += " (break year certain to within a year"
        if pd.notna(cp.get("p_shift")):
            text += f", probability of a real shift {cp['p_shift']:.0%}"
        text += ")"
    driver = _driver(attribution, year)
    return text + (f", driven mostly by {driver}." if driver else ".")


def _driver(attribution: pd.DataFrame, year: int) -> str | None:
    if not _has(attribution, "series", "year", "contribution"):
        return None
    rows = attribution[(attribution["series"] == "overall") & (attribution["year"] == year)]
    if "level" in rows:
        rows = rows[rows["level"] == "dimension"]
    if rows.empty:
        return None
    top = rows.loc[rows["contribution"].abs().idxmax()]
    name = top.get("dimension") or top.get("component")
    name = DIMENSION_NAMES.get(str(name), str(name))
    return f"{name} ({top['contribution']:+.1f} points)"


def dimension_sentence(dimensions: pd.DataFrame, as_of: int | None = None) -> str | None:
    """The strongest and weakest dimensions in ``as_of`` (default: the latest year with
    most dimensions scored)."""
    if not _has(dimensions, "year", "dimension", "score"):
        return None
    valid = dimensions.dropna(subset=["score"])
    if "n_indicators" in valid:
        valid = valid[valid["n_indicators"] > 0]
    counts = valid.groupby("year")["dimension"].nunique()
    if counts.empty or counts.max() < 2:
        return None
    year = int(counts[counts == counts.max()].index.max())
    if as_of is not None and counts.get(as_of, 0) >= 2:
        year = as_of
    latest = valid[valid["year"] == year].sort_values("score")
    weak, strong = latest.iloc[0], latest.iloc[-1]
    return (
        f"In {year} the strongest dimension was "
        f"{DIMENSION_NAMES.get(strong['dimension'], strong['dimension'])} "
        f"({strong['score']:.0f}) and the weakest "
        f"{DIMENSION_NAMES.get(weak['dimension'], weak['dimension'])} ({weak['score']:.0f})."
    )


def agreement_sentence(a: State, b: State, last_year: int) -> str | None:
    """UN agreement over the last five years against the five before, vote-weighted."""
    from allydrift.analysis.peers import WINDOW, pooled_agreement
    from allydrift.indicators import get

    coverage = get("un_agreement").coverage
    last = min(last_year, coverage[1]) if coverage else last_year
    recent = pooled_agreement(a, [require_ccode(b)], (last - WINDOW + 1, last))
    before = pooled_agreement(a, [require_ccode(b)], (last - 2 * WINDOW + 1, last - WINDOW))
    if recent.empty or before.empty:
        return None
    now, then = float(recent["agree"].iloc[0]), float(before["agree"].iloc[0])
    word = "up from" if now > then + 0.005 else "down from"
    if abs(now - then) <= 0.005:
        word = "about the same as"
    return (
        f"In the UN General Assembly, {a.name} and {b.name} voted alike "
        f"{now * 100:.0f} % of the time in {last - WINDOW + 1}–{last} (abstentions count "
        f"half; {int(recent['n_votes'].iloc[0])} common votes), {word} {then * 100:.0f} % in "
        f"{last - 2 * WINDOW + 1}–{last - WINDOW}."
    )


def key_findings(
    a: State,
    b: State,
    panel: pd.DataFrame,
    analysis: Any = None,
    peers: Any = None,
) -> str:
    """The key findings as one paragraph, from whatever tables are available."""
    pair = f"{a.name}–{b.name}"
    sentences: list[str | None] = []
    as_of = None
    if analysis is not None:
        index = getattr(analysis, "index", None)
        scores = getattr(index, "scores", None)
        as_of = as_of_year(scores)
        sentences += [
            score_sentence(scores, pair, as_of),
            trend_sentence(getattr(analysis, "trends", None), scores, as_of),
            changepoint_sentence(
                getattr(analysis, "changepoints", None), getattr(analysis, "attribution", None)
            ),
            dimension_sentence(getattr(index, "dimensions", None), as_of),
        ]
    if "un_agreement" in panel and panel["un_agreement"].notna().any():
        last = as_of if as_of is not None else int(panel["year"].max())
        sentences.append(agreement_sentence(a, b, last))
    if peers is not None:
        sentences.append(peers.sentence(a, b))
    return " ".join(s for s in sentences if s)
