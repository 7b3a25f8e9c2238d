"""The Alliance Cohesion Index: a 0–100 score per dyad-year, overall and per dimension.

The method (see docs/index.md): indicators that are dyadic and have a direction are put
on 0–100 with goalposts fixed over a reference population (all treaty-allied dyads by
default), flipped where lower means closer, averaged within each dimension and then
across dimensions with equal, user or PCA weights, never filling in missing data. A
bootstrap over indicators, weights and measurement error gives a band for every score.

``cohesion(a, b)`` scores one dyad with every step inspectable; ``index_table()`` many
dyads at once; ``rank()`` compares a state's partners; ``sensitivity()`` shows how
ranks move under other weightings.
"""

from __future__ import annotations

from allydrift.index.core import (
    Cohesion,
    Scored,
    cohesion,
    index_table,
    pair_states,
    pca_weights,
    resolve_weights,
    score_panel,
)
from allydrift.index.panel import not_scored, scored
from allydrift.index.rank import rank, rank_pairs
from allydrift.index.reference import REFERENCES, allied_pairs, goalposts
from allydrift.index.sensitivity import Sensitivity, sensitivity
from allydrift.index.weights import Weights, equal, from_file, from_mapping

__all__ = [
    "REFERENCES",
    "Cohesion",
    "Scored",
    "Sensitivity",
    "Weights",
    "allied_pairs",
    "cohesion",
    "equal",
    "from_file",
    "from_mapping",
    "goalposts",
    "index_table",
    "not_scored",
    "pair_states",
    "pca_weights",
    "rank",
    "rank_pairs",
    "resolve_weights",
    "score_panel",
    "scored",
    "sensitivity",
]
