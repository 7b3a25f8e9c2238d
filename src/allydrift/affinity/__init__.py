"""UN voting affinity: how alike two states vote in the General Assembly.

Measures (see :mod:`allydrift.affinity.measures`): agreement, the Signorino–Ritter S-score,
Cohen's kappa and Scott's pi, on all roll calls, on "important" votes and per issue, with
the number of common votes; the published Bailey–Strezhnev–Voeten ideal points and their
distance; and the senior–junior–rival abandonment triangle.

>>> from allydrift.affinity import dyad_affinity, abandonment_triangle, un_affinity_table
>>> dyad_affinity("USA", "JPN", measure="kappa", subset="nu", years=(1990, 2020))
>>> abandonment_triangle("USA", "JPN", "CHN", years=(1990, 2023))
>>> un_affinity_table()  # every measure for every dyad-year
"""

from allydrift.affinity.idealpoints import ideal_distance_table, ideal_points
from allydrift.affinity.measures import MEASURES, affinity_matrices, affinity_pairs
from allydrift.affinity.tables import affinity_rows, column, dyad_affinity, un_affinity_table
from allydrift.affinity.triangle import TRIANGLE_MEASURES, abandonment_triangle
from allydrift.affinity.votes import COVERAGE, IMPORTANT_COVERAGE, SUBSETS, load_roll_calls

__all__ = [
    "COVERAGE",
    "IMPORTANT_COVERAGE",
    "MEASURES",
    "SUBSETS",
    "TRIANGLE_MEASURES",
    "abandonment_triangle",
    "affinity_matrices",
    "affinity_pairs",
    "affinity_rows",
    "column",
    "dyad_affinity",
    "ideal_distance_table",
    "ideal_points",
    "load_roll_calls",
    "un_affinity_table",
]
