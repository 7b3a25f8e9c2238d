"""Validation against history, shipped with the project.

Three tests, each on a public, cited file in this package: dated episodes of
alignment history (hit rates for the index, each dimension and raw UN agreement), known
groups (treaty allies above the others, adversaries at the bottom) and sharp ruptures
(a change point nearby). See docs/validation.md. These files annotate: no model, index
or drift code reads them.
"""

from __future__ import annotations

from allydrift.validate.episodes import Episode, load, select, split_of
from allydrift.validate.metrics import auc, hit_rates, is_hit, near_break, percentile, shift
from allydrift.validate.run import TESTS, Validation, run, summary

__all__ = [
    "TESTS",
    "Episode",
    "Validation",
    "auc",
    "hit_rates",
    "is_hit",
    "load",
    "near_break",
    "percentile",
    "run",
    "select",
    "shift",
    "split_of",
    "summary",
]
