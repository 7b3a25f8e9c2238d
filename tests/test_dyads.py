"""Dyad-years and the add_* verbs: row counts never change; directed tables are symmetric."""

from __future__ import annotations

import pandas as pd
import pytest

from allydrift import verbs
from allydrift.countries import state_years
from allydrift.dyads import create_dyad_years
from allydrift.errors import CoverageError, InputError
from allydrift.indicators.panel import add_indicators

pytestmark = pytest.mark.data

SPAN = (1946, 2023)


@pytest.fixture(scope="module")
def directed() -> pd.DataFrame:
    return create_dyad_years("cow", directed=True, years=SPAN)


@pytest.fixture(scope="module")
def undirected() -> pd.DataFrame:
    return create_dyad_years("cow", directed=False, years=SPAN)


@pytest.mark.parametrize("system", ["cow", "gw"])
def test_counts_are_n_times_n_minus_one_per_year(system):
    dy = create_dyad_years(system, directed=True, years=(1990, 1995), keep_false_dyads=True)
    sy = state_years()
    code = "ccode" if system == "cow" else "gwcode"
    sy = sy[(sy.system == system) & sy.year.between(1990, 1995)].dropna(subset=[code])
    n = sy.drop_duplicates([code, "year"]).groupby("year").size()
    assert dy.groupby("year").size().to_dict() == (n * (n - 1)).to_dict()


def test_directed_is_symmetric_and_has_no_self_pairs(directed, undirected):
    assert not (directed.ccode1 == directed.ccode2).any()
    flipped = directed.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
    merged = directed.merge(flipped, on=["ccode1", "ccode2", "year"], how="outer", indicator=True)
    assert (merged["_merge"] == "both").all()
    assert len(undirected) * 2 == len(directed)
    assert (undirected.ccode1 < undirected.ccode2).all()
    assert not directed.duplicated().any()


def test_us_japan_absent_while_japan_was_occupied():
    dy = create_dyad_years(directed=False, years=(1946, 1953))
    years = set(dy[(dy.ccode1 == 2) & (dy.ccode2 == 740)].year)
    assert years == {1952, 1953}


def test_years_outside_the_state_system_are_refused():
    with pytest.raises(CoverageError, match="covers 1816"):
        create_dyad_years(years=(1700, 1710))
    with pytest.raises(InputError):
        create_dyad_years(system="xyz")


VERBS = [
    verbs.add_atop_alliance,
    verbs.add_nmc,
    verbs.add_sipri_milex,
    verbs.add_un_agreement,
    verbs.add_us_troops,
    lambda d: add_indicators(d, ["pact_defense", "milex_gdp", "un_agreement"]),
]


@pytest.mark.parametrize("verb", VERBS)
@pytest.mark.parametrize("table", ["directed", "undirected"])
def test_every_verb_keeps_the_row_count(verb, table, request):
    dyads = request.getfixturevalue(table)
    out = verb(dyads)
    assert len(out) == len(dyads)
    pd.testing.assert_frame_equal(out[["ccode1", "ccode2", "year"]], dyads)


def test_undirected_merge_gives_both_directions_the_same_value(directed):
    out = verbs.add_un_agreement(directed)
    ab = out[(out.ccode1 == 2) & (out.ccode2 == 740)].set_index("year").un_agree
    ba = out[(out.ccode1 == 740) & (out.ccode2 == 2)].set_index("year").un_agree
    pd.testing.assert_series_equal(ab, ba)


def test_duplicate_keys_on_the_right_are_refused(directed):
    right = pd.DataFrame({"ccode": [2, 2], "year": [2000, 2000], "x": [1.0, 2.0]})
    with pytest.raises(InputError, match="duplicate"):
        verbs.merge_monadic(directed, right, ["x"])
