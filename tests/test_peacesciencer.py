"""The peacesciencer layer on real data: parity with its data and documented facts, and
the laws every verb keeps (row count, directed symmetry, missing outside coverage)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import allydrift as ad
from allydrift.errors import InputError
from allydrift.sources import get, state_system

pytestmark = pytest.mark.data

USA, CAN, JPN, RUS = 2, 20, 740, 365


@pytest.fixture(scope="module")
def directed() -> pd.DataFrame:
    return ad.create_dyad_years("cow", directed=True, years=(1985, 2025))


@pytest.fixture(scope="module")
def undirected() -> pd.DataFrame:
    return ad.create_dyad_years("cow", directed=False, years=(1985, 2025))


@pytest.fixture(scope="module")
def gw_directed() -> pd.DataFrame:
    return ad.create_dyad_years("gw", directed=True, years=(1985, 2025))


def pair(df: pd.DataFrame, a: int, b: int, col: str) -> pd.Series:
    k1, k2 = df.columns[:2]
    return df[(df[k1] == a) & (df[k2] == b)].set_index("year")[col]


# --- false dyads and row counts -------------------------------------------------------


def test_cow_directed_dyad_years_match_peacesciencer_row_for_row():
    assert len(ad.create_dyad_years("cow")) == 2_252_760
    assert len(ad.create_dyad_years("cow", directed=False)) == 1_126_380
    assert len(ad.create_dyad_years("cow", keep_false_dyads=True)) == 2_252_820


@pytest.mark.parametrize(
    ("system", "table"), [("cow", "false_cow_dyads"), ("gw", "false_gw_dyads")]
)
def test_false_dyads_from_membership_dates_equal_peacesciencer_lists(system, table):
    from allydrift.dyads import false_dyads

    ours = false_dyads(system)
    theirs = state_system.load(table).sort_values(list(ours.columns), ignore_index=True)
    pd.testing.assert_frame_equal(ours, theirs.astype("int32"))
    dy = ad.create_dyad_years(system, years=(1945, 1945))
    k1, k2 = dy.columns[:2]
    assert not ((dy[k1] == 255) & (dy[k2] == 210)).any() if system == "cow" else True


# --- parity with documented values ----------------------------------------------------


def test_canada_us_contiguity_is_land_and_missing_after_the_data(directed):
    out = ad.add_contiguity(directed)
    us_can = pair(out, USA, CAN, "conttype")
    assert (us_can.loc[1985:2016] == 1).all()
    assert us_can.loc[2017:].isna().all()  # peacesciencer #19 imputes 0 here
    assert (pair(out, USA, JPN, "conttype").loc[:2016] == 0).all()
    assert (pair(out, JPN, RUS, "conttype").loc[1992:2016] == 2).all()


def test_us_japan_capital_distance_is_about_10_900_km(directed, gw_directed):
    cow = pair(ad.add_capital_distance(directed), USA, JPN, "capdist")
    gw = pair(ad.add_capital_distance(gw_directed), USA, JPN, "capdist")
    assert cow.loc[1990] == pytest.approx(10_900, abs=60)
    assert gw.loc[1990] == pytest.approx(cow.loc[1990])
    assert pair(ad.add_capital_distance(directed), USA, CAN, "capdist").loc[2000] == (
        pytest.approx(734, abs=10)
    )


def test_japan_had_eight_archigos_leaders_in_2000_2009():
    from allydrift.verbs_states import leader_years

    ly = leader_years()
    japan = ly[(ly.gwcode == JPN) & ly.year.between(2000, 2009)]
    assert japan.leadid.nunique() == 8  # Obuchi, Aoki, Mori, Koizumi, Abe, Fukuda, Aso, Hatoyama
    sy = ad.add_archigos(ad.create_state_years("gw", (1995, 2020)))
    jp = sy[sy.gwcode == JPN].set_index("year")
    assert jp.loc[2000, "archigos_leaders"] == 3
    assert jp.loc[2005, "archigos_change"] == 0
    assert jp.loc[2006, "archigos_change"] == 1
    assert jp.loc[2005, "archigos_tenure"] == 5  # Koizumi from April 2001
    assert jp.loc[2016:].archigos_leaders.isna().all()


def test_atop_rows_and_symmetry_and_missing_after_2018():
    from allydrift.sources import atop

    raw = atop.load()
    assert len(raw) == 273_296
    dy = ad.add_atop_alliance(ad.create_dyad_years("cow", years=(1946, 2025)))
    us_jp = pair(dy, USA, JPN, "atop_defense")
    jp_us = pair(dy, JPN, USA, "atop_defense")
    assert (us_jp.loc[1952:2018] == 1).all()
    assert (jp_us.loc[1952:2018] == 0).all()  # ATOP's own directed coding (peacesciencer #13)
    assert (pair(dy, JPN, USA, "atop_consul").loc[1960:2018] == 1).all()
    either = ad.add_atop_alliance(dy[["ccode1", "ccode2", "year"]], either=True)
    assert (pair(either, JPN, USA, "atop_defense").loc[1952:2018] == 1).all()
    und = ad.add_atop_alliance(ad.create_dyad_years("cow", directed=False, years=(1990, 1990)))
    assert pair(und, USA, JPN, "atop_defense").loc[1990] == 1
    assert dy[dy.year > 2018].atop_defense.isna().all()  # peacesciencer #9 had zeros
    inside = raw[raw.year >= 1946].merge(dy[["ccode1", "ccode2", "year"]])
    any_flag = dy[["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]]
    assert int((any_flag.fillna(0).sum(axis=1) > 0).sum()) == int(
        (inside[any_flag.columns].sum(axis=1) > 0).sum()
    )


def test_major_powers_and_no_cowmaj_after_2016(directed):
    out = ad.add_cow_majors(directed)
    assert (pair(out, USA, JPN, "cowmaj1").loc[:2016] == 1).all()
    assert (pair(out, USA, JPN, "cowmaj2").loc[1985:1990] == 0).all()
    assert (pair(out, USA, JPN, "cowmaj2").loc[1992:2016] == 1).all()
    assert out[out.year > 2016][["cowmaj1", "cowmaj2"]].isna().all().all()  # peacesciencer #17


def test_leader_dyad_years_agree_with_peacesciencer():
    from allydrift.sources import leaders

    ours = ad.create_leader_dyad_years("gw")
    theirs = leaders.load("gw_leader_dyad_years")
    key = ["obsid1", "obsid2", "year"]
    both = ours[key].merge(theirs[key].astype({"year": "int32"}))
    assert len(both) / len(theirs) > 0.999
    assert abs(len(ours) - len(theirs)) / len(theirs) < 0.002
    flipped = ours.rename(columns={"obsid1": "obsid2", "obsid2": "obsid1"})[key]
    assert len(ours[key].merge(flipped)) == len(ours)


def test_ucdp_us_in_armed_conflict_2001_2010_and_missing_before_1946():
    sy = ad.add_ucdp_acd(ad.create_state_years("cow", (1940, 2025)))
    us = sy[sy.ccode == USA].set_index("year")
    assert (us.loc[2001:2010, "ucdpongoing"] == 1).all()
    assert us.loc[:1945, "ucdpongoing"].isna().all()
    assert us.loc[2025, "ucdpongoing"] is pd.NA


def test_filter_prd_keeps_contiguous_or_major_power_pairs(undirected):
    prd = ad.filter_prd(undirected[undirected.year <= 2016])
    relevant = prd.conttype.between(1, 5) | (prd.cowmaj1 == 1) | (prd.cowmaj2 == 1)
    assert relevant.all()
    assert (prd.prd == 1).all()
    kept = set(map(tuple, prd[["ccode1", "ccode2"]].drop_duplicates().to_numpy()))
    assert (USA, JPN) in kept
    assert (CAN, USA) not in kept
    assert (USA, CAN) in kept
    assert (145, 712) not in kept  # Bolivia–Mongolia: neither contiguous nor a major power


def test_rivalries_end_with_their_lists_and_austria_inherits_1919_20():
    dy = ad.add_rivalries(ad.create_dyad_years("cow", directed=False, years=(1915, 1925)))
    aus_yug = pair(dy, 305, 345, "rivalry_td")
    assert (aus_yug.loc[1919:1920] == 1).all()
    assert (aus_yug.loc[1921:] == 0).all()
    late = ad.add_rivalries(ad.create_dyad_years("cow", directed=False, years=(2019, 2025)))
    assert late[late.year > 2020].rivalry_tss.isna().all()  # peacesciencer codes 1 here
    assert late[late.year > 2010].rivalry_td.isna().all()
    assert (pair(late, 710, 740, "rivalry_tss").loc[2019:2020] == 1).all()


# --- laws on real data ----------------------------------------------------------------

DYADIC = {
    "add_contiguity": ("conttype", "state_system", state_system.CONTIGUITY_COVERAGE),
    "add_capital_distance": ("capdist", "state_system", (1816, 2024)),
    "add_minimum_distance": ("mindist", "geography", None),
    "add_igos": ("dyadigos", "cow_igo", None),
}
MONADIC = {
    "add_cow_majors": ("cowmaj", state_system.MAJORS_COVERAGE),
    "add_ucdp_acd": ("ucdpongoing", None),
    "add_archigos": ("archigos_leaders", None),
    "add_creg_fractionalization": ("ethfrac", None),
}


def _span(source: str | None, given: tuple[int, int] | None) -> tuple[int, int]:
    return given if given is not None else get(source).coverage  # type: ignore[arg-type]


@pytest.mark.parametrize("name", [*DYADIC, *MONADIC])
@pytest.mark.parametrize("table", ["directed", "undirected"])
def test_every_verb_keeps_rows_and_leaves_years_outside_coverage_missing(name, table, request):
    dyads = request.getfixturevalue(table)
    out = getattr(ad, name)(dyads)
    assert len(out) == len(dyads)
    pd.testing.assert_frame_equal(out[["ccode1", "ccode2", "year"]], dyads)
    if name in DYADIC:
        col, sid, span = DYADIC[name]
        cols = [col]
        first, last = _span(sid, span)
    else:
        col, span = MONADIC[name]
        cols = [f"{col}1", f"{col}2"]
        sid = {"add_ucdp_acd": "ucdp", "add_archigos": "leaders"}.get(name, "ethnic_religion")
        first, last = _span(sid, span)
    outside = (out.year < first) | (out.year > last)
    assert out.loc[outside, cols].isna().all().all()
    assert out.loc[~outside, cols].notna().any().all()
    assert name in out.attrs["allydrift_verbs"]


@pytest.mark.parametrize("name", list(DYADIC))
def test_dyadic_values_are_the_same_in_both_directions(name, directed):
    col = DYADIC[name][0]
    out = getattr(ad, name)(directed)[["ccode1", "ccode2", "year", col]]
    flipped = out.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1", col: "back"})
    merged = out.merge(flipped, on=["ccode1", "ccode2", "year"])
    assert len(merged) == len(out)
    a, b = merged[col].astype("Float64"), merged["back"].astype("Float64")
    assert ((a == b) | (a.isna() & b.isna())).all()


@pytest.mark.parametrize(
    "name", ["add_capital_distance", "add_minimum_distance", "add_ucdp_acd", "add_archigos"]
)
def test_gleditsch_ward_tables_work_too(name, gw_directed):
    out = getattr(ad, name)(gw_directed)
    assert len(out) == len(gw_directed)
    assert list(out.columns[:3]) == ["gwcode1", "gwcode2", "year"]


def test_cow_only_verbs_refuse_gw_tables(gw_directed):
    with pytest.raises(InputError, match="COW codes"):
        ad.add_contiguity(gw_directed)


def test_state_years_take_monadic_verbs_without_suffixes():
    sy = ad.create_state_years("cow", (1990, 2000))
    out = ad.add_igos(ad.add_cow_majors(ad.add_nmc(sy)))
    assert len(out) == len(sy)
    assert {"cinc", "cowmaj", "sum_igo_full"} <= set(out.columns)
    assert out.set_index(["ccode", "year"]).loc[(USA, 1995), "cowmaj"] == 1


def test_state_year_spells_count_years_since_a_conflict_onset():
    sy = ad.add_spells(ad.add_ucdp_acd(ad.create_state_years("gw", (1946, 2024))), "ucdponset")
    assert len(sy) == len(ad.create_state_years("gw", (1946, 2024)))
    us = sy[sy.gwcode == USA].set_index("year")
    assert us.loc[1946, "ucdpspell"] == 0
    onsets = us.index[us.ucdponset == 1]
    after = [y + 1 for y in onsets if y + 1 in us.index]
    assert (us.loc[after, "ucdpspell"] == 0).all()


# --- citations and exports --------------------------------------------------------------


def test_cite_gives_exactly_the_sources_of_the_verbs_used(directed):
    out = ad.add_contiguity(ad.add_atop_alliance(directed))
    bib = ad.cite(out)
    assert "leeds2002atop" in bib
    assert "stinnett2002contiguity" in bib
    assert "gibler2016gml" not in bib
    assert "goemans2009archigos" not in bib
    spelled = ad.add_spells(ad.add_gml_mids(directed), "gmlmidonset")
    assert "carter2010time" in ad.cite(spelled)
    assert "gibler2016gml" in ad.cite(spelled)
    with pytest.raises(InputError, match="no record"):
        ad.cite(pd.DataFrame({"ccode1": [2], "ccode2": [20], "year": [2000]}))


def test_exports_keep_labels(tmp_path, directed):
    out = ad.add_contiguity(directed[directed.year == 2000])
    dta = ad.write_panel(out, tmp_path / "p.dta")
    labels = pd.io.stata.StataReader(dta).variable_labels()
    assert labels["conttype"].startswith("COW direct contiguity")
    assert labels["ccode1"] == "Correlates of War code of state 1"
    import pyarrow.parquet as pq

    pq_path = ad.write_panel(out, tmp_path / "p.parquet")
    schema = pq.read_schema(pq_path)
    assert schema.field("conttype").metadata[b"description"].startswith(b"COW direct")
    assert b"stinnett2002contiguity" in schema.metadata[b"allydrift_bibtex"]
    back = pd.read_parquet(pq_path)
    assert len(back) == len(out)
    with pytest.raises(InputError, match="must end in"):
        ad.write_panel(out, tmp_path / "p.xlsx")


def test_panel_spec_builds_the_chain_and_refuses_unknown_verbs():
    from allydrift.panel_spec import build_panel

    df = build_panel("dyad-year", "cow", "atop,contiguity,spells:gmlmid", years=(2000, 2005))
    assert {"atop_defense", "conttype", "gmlmidonset", "gmlmidspell"} <= set(df.columns)
    assert len(df) == len(ad.create_dyad_years("cow", years=(2000, 2005)))
    with pytest.raises(InputError, match="did you mean contiguity"):
        build_panel("dyad-year", "cow", "contiguty")
    with pytest.raises(InputError, match="per-state event"):
        build_panel("dyad-year", "cow", "spells:ucdp", years=(2000, 2001))
    states = build_panel("state-year", "gw", "ucdp,spells:ucdp", years=(1990, 2000))
    assert "ucdpspell" in states.columns


def test_spells_on_real_mids_restart_after_each_onset(directed):
    out = ad.add_spells(ad.add_gml_mids(directed), "gmlmidonset")
    s = pair(out, USA, JPN, "gmlmidspell")
    assert s.loc[1985] == 0
    assert (np.diff(s.loc[1985:2010].to_numpy()) == 1).all()
    assert s.loc[2011:].isna().all()  # GML MIDs end in 2010: no spell after


# --- the command line -------------------------------------------------------------------


def _cli(*args: str):
    import os
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "allydrift", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=300,
    )


def test_cli_panel_writes_a_labelled_file_and_its_citations(tmp_path):
    out = tmp_path / "panel.dta"
    res = _cli(
        "panel", "--years", "2000-2002", "--add", "atop,contiguity,spells:gmlmid", "-o", str(out)
    )
    assert res.returncode == 0, res.stderr
    labels = pd.io.stata.StataReader(out).variable_labels()
    assert labels["gmlmidspell"].startswith("years since the last gmlmidonset")
    bib = out.with_suffix(".bib").read_text()
    assert "leeds2002atop" in bib
    assert "carter2010time" in bib
    assert "goemans2009archigos" not in bib


def test_cli_panel_refuses_unknown_verbs_and_bad_paths_before_any_work(tmp_path):
    res = _cli("panel", "--add", "atop,contiguty", "-o", str(tmp_path / "p.dta"))
    assert res.returncode == 1
    assert "did you mean contiguity" in res.stderr
    assert "Traceback" not in res.stderr
    res = _cli("panel", "--add", "atop", "-o", str(tmp_path / "missing" / "p.dta"))
    assert res.returncode == 1
    assert "does not exist" in res.stderr
    res = _cli("panel", "--add", "atop", "-o", str(tmp_path / "p.xlsx"))
    assert res.returncode == 1
    assert "must end in" in res.stderr


# --- Hypothesis on the real data --------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

REAL_VERBS = [
    "add_contiguity",
    "add_capital_distance",
    "add_minimum_distance",
    "add_cow_majors",
    "add_igos",
    "add_ucdp_acd",
    "add_archigos",
    "add_creg_fractionalization",
    "add_atop_alliance",
]


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    first=st.integers(1816, 2025),
    length=st.integers(0, 6),
    directed_=st.booleans(),
    verb=st.sampled_from(REAL_VERBS),
)
def test_real_random_spans_keep_rows_and_symmetry(first, length, directed_, verb):
    span = (first, min(first + length, 2025))
    dyads = ad.create_dyad_years("cow", directed=directed_, years=span)
    out = getattr(ad, verb)(dyads)
    assert len(out) == len(dyads)
    pd.testing.assert_frame_equal(out[["ccode1", "ccode2", "year"]], dyads)
    if not directed_ or verb == "add_atop_alliance":
        return
    new = [c for c in out.columns if c not in dyads.columns]
    flipped = out.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
    for col in new:
        mirror = col[:-1] + {"1": "2", "2": "1"}[col[-1]] if col[-1] in "12" else col
        flipped = flipped.rename(columns={col: f"__{mirror}"})
    merged = out.merge(flipped, on=["ccode1", "ccode2", "year"])
    for col in new:
        a, b = merged[col].astype("Float64"), merged[f"__{col}"].astype("Float64")
        assert ((a == b) | (a.isna() & b.isna())).all(), col
