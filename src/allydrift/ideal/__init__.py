"""Dynamic ideal points from UN General Assembly roll calls.

A dynamic ordinal item-response model (yes < abstain < no as ordered categories, state
positions that follow a random walk from session to session) fitted by alternating Newton
steps with SQUAREM acceleration: the whole 1946–2023 record in about a second. See
docs/ideal.md for the model, identification, bridging and accuracy against the published
Bailey–Strezhnev–Voeten estimates.

>>> from allydrift import ideal
>>> res = ideal.fit(years=(1990, 2022))                    # doctest: +SKIP
>>> res.points.query("iso3 == 'JPN'").tail()               # doctest: +SKIP
"""

from allydrift.ideal.accuracy import Accuracy, against_bsv, correlations
from allydrift.ideal.engine import Priors
from allydrift.ideal.fitting import CITATIONS, IdealFit, fit
from allydrift.ideal.simulate import Simulated, simulate

__all__ = [
    "CITATIONS",
    "Accuracy",
    "IdealFit",
    "Priors",
    "Simulated",
    "against_bsv",
    "correlations",
    "fit",
    "simulate",
]
