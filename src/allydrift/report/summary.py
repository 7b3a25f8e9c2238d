"""Moved to ``allydrift.analysis.summary`` (the analysis core); kept for old imports."""

from allydrift.analysis.summary import (
    DIMENSION_NAMES,
    agreement_sentence,
    as_of_year,
    changepoint_sentence,
    dimension_sentence,
    key_findings,
    score_sentence,
    trend_sentence,
)

__all__ = [
    "DIMENSION_NAMES",
    "agreement_sentence",
    "as_of_year",
    "changepoint_sentence",
    "dimension_sentence",
    "key_findings",
    "score_sentence",
    "trend_sentence",
]
