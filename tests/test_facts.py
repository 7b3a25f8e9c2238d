"""Facts a domain expert knows, checked on the real data (see ../shared/docs/FACTS.md)."""

from __future__ import annotations

import pytest

from allydrift.indicators import compute
from allydrift.indicators.panel import dyad_panel
from allydrift.indicators.worldview import un_agreement_table
from allydrift.sources import atop, troopdata

pytestmark = pytest.mark.data


def test_us_japan_defence_pledge_in_force_from_1951_in_atop():
    # The 1951 Security Treaty; ATOP dates the pledge from 1951 (the issue said 1952).
    raw = atop.load()
    usj = raw[(raw.ccode1 == 2) & (raw.ccode2 == 740) & (raw.atop_defense == 1)]
    assert usj.year.min() == 1951
    assert set(range(1951, 2019)) <= set(usj.year)
    pact = compute("pact_defense", pairs=[(740, 2)])
    assert pact.loc[pact.value == 1, "year"].min() == 1951
    assert (pact.loc[pact.year < 1951, "value"] == 0).all()


def test_consultation_rows_are_not_read_as_an_alliance():
    raw = atop.load()
    early = raw[(raw.ccode1 == 2) & (raw.ccode2 == 740) & (raw.year < 1940)]
    assert (early.atop_consul == 1).any()
    assert (early.atop_defense == 0).all()


def test_us_troops_in_japan_fall_through_the_okinawa_reversion_years():
    t = troopdata.load("troops")
    jp = t[t.ccode == 740].set_index("year").troops_ad
    assert jp[1955] == 190_294
    assert 80_000 <= jp[1970] <= 86_000
    assert jp[1970] > jp[1971] > jp[1972] > jp[1973] > jp[1976]
    assert jp[1976] < 50_000
    since = jp.loc[1977:2024]
    assert 40_000 <= since.median() <= 60_000
    assert since.max() < jp[1970]


def test_us_japan_agree_less_than_us_uk_since_1970():
    agree = un_agreement_table(pairs=[(2, 740), (2, 200)], years=(1970, 2023))
    means = agree.groupby("ccode2").agree.mean()
    assert means[200] > means[740] + 0.05


def test_us_japan_agreement_by_decade_matches_published_checks():
    agree = un_agreement_table(pairs=[(2, 740)])
    by_decade = agree.groupby(agree.year // 10 * 10).agree.mean()
    for decade, expected in {1950: 0.86, 1960: 0.84, 1970: 0.73, 1980: 0.60, 1990: 0.57}.items():
        assert by_decade[decade] == pytest.approx(expected, abs=0.02)
    assert by_decade[1980] < by_decade[1950]


def test_states_agree_with_themselves_and_agreement_is_bounded():
    agree = un_agreement_table(years=(1990, 1991))
    assert agree.agree.between(0, 1).all()
    assert (agree.ccode1 < agree.ccode2).all()


def test_japan_spends_about_one_percent_of_gdp_the_us_several_times_more():
    panel = dyad_panel("USA", "JPN", years=(1960, 2020), names=["milex_gdp"])
    assert panel.milex_gdp_2.between(0.7, 1.1).all()
    assert (panel.milex_gdp_1 > 2.5 * panel.milex_gdp_2).all()
