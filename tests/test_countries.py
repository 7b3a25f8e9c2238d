"""The resolver: every state round-trips, history is respected, typos get suggestions."""

from __future__ import annotations

import pytest

from allydrift.countries import normalise, resolve, resolve_codes, states
from allydrift.errors import UnknownStateError

pytestmark = pytest.mark.data


def test_every_cow_state_round_trips_by_code_name_and_year():
    table = states().dropna(subset=["ccode"])
    assert len(table) > 200
    for row in table.itertuples():
        assert resolve(int(row.ccode)).ccode == row.ccode
        by_name = resolve(row.name, year=row.end_year)
        assert by_name.ccode == row.ccode, (row.name, by_name)


def test_every_gw_state_round_trips_by_gw_code():
    table = states().dropna(subset=["gwcode"])
    for row in table.itertuples():
        assert resolve(int(row.gwcode), system="gw").gwcode == row.gwcode


def test_current_iso3_codes_resolve_to_their_state():
    table = states().dropna(subset=["iso3"])
    current = table[table.end_year >= 2016]
    assert len(current) > 180
    for row in current.itertuples():
        assert resolve(row.iso3).iso3 == row.iso3
        if isinstance(row.iso2, str):
            assert resolve(row.iso2).iso3 == row.iso3


@pytest.mark.parametrize(
    ("name", "year", "ccode"),
    [
        ("Germany", None, 255),
        ("Germany", 1970, 260),
        ("West Germany", None, 260),
        ("East Germany", 1980, 265),
        ("USSR", None, 365),
        ("Soviet Union", 1960, 365),
        ("Russian Federation", None, 365),
        ("South Vietnam", None, 817),
        ("Viet Nam", None, 816),
        ("Republic of China", None, 713),
        ("People's Republic of China", None, 710),
        ("Korea, South", None, 732),
        ("DPRK", None, 731),
        ("Türkiye", None, 640),
        ("Côte d’Ivoire", None, 437),
        ("United States", None, 2),
        ("JP", None, 740),
        ("JPN", None, 740),
        ("AUS", None, 900),
        ("Austria", None, 305),
        ("MNG", None, 712),
        (740, None, 740),
    ],
)
def test_names_variants_and_history(name, year, ccode):
    assert resolve(name, year=year).ccode == ccode


def test_iso_codes_win_over_cow_abbreviations():
    # COW abbreviates Switzerland SWZ; ISO gives SWZ to Eswatini.
    assert resolve("SWZ").ccode == 572
    assert resolve("Switzerland").ccode == 225


def test_unknown_state_suggests_the_closest():

    with pytest.raises(UnknownStateError) as err:
        resolve("Japn")
    assert "did you mean Japan (JPN, COW 740)" in str(err.value)


def test_unknown_code_explains_what_to_do():
    with pytest.raises(UnknownStateError, match="allydrift states"):
        resolve(9999)


def test_vectorised_resolution_marks_unknown_names_missing():
    codes = resolve_codes(["Japan", "Atlantis", "Germany"], [2000, 2000, 1970])
    assert codes.tolist()[0] == 740
    assert codes.isna().tolist() == [False, True, False]
    assert codes.tolist()[2] == 260


def test_japan_is_a_state_again_from_1952():
    assert resolve("Japan").current_since == 1952


def test_normalise_folds_accents_case_and_punctuation():
    assert normalise("  Côte d'Ivoire ") == normalise("cote divoire")
    assert normalise("St. Kitts & Nevis") == "st kitts and nevis"
