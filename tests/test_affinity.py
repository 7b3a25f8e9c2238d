"""UN voting affinity: laws on synthetic votes, a hand-computed example, facts on real data."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from allydrift import verbs
from allydrift.affinity import (
    MEASURES,
    SUBSETS,
    abandonment_triangle,
    affinity_matrices,
    affinity_pairs,
    dyad_affinity,
    ideal_distance_table,
    ideal_points,
    load_roll_calls,
    un_affinity_table,
)
from allydrift.dyads import create_dyad_years
from allydrift.errors import CoverageError, InputError
from allydrift.indicators import compute, registered

USA, UK, CUBA, JAPAN, CHINA = 2, 200, 40, 740, 710
VALUE = {1: 1.0, 2: 0.5, 3: 0.0}


def synthetic_votes(seed: int = 7, n_states: int = 25, n_rc: int = 120) -> pd.DataFrame:
    """Seeded votes: blocs that lean yes or no, abstentions, and absences (missing rows)."""
    rng = np.random.default_rng(seed)
    lean = rng.uniform(0.1, 0.9, size=n_states)
    rows = []
    for rc in range(n_rc):
        for s in range(n_states):
            if rng.random() < 0.15:
                continue  # absent
            u = rng.random()
            code = 2 if u < 0.15 else (1 if rng.random() < lean[s] else 3)
            rows.append((rc + 1, 100 + s, code))
    return pd.DataFrame(rows, columns=["rc", "ccode", "vote_code"])


def reference(a: list[int], b: list[int]) -> dict[str, float]:
    """Plain-Python measures of two aligned vote lists (common votes only)."""
    va, vb = [VALUE[x] for x in a], [VALUE[x] for x in b]
    n = len(va)
    d_obs = sum(abs(x - y) for x, y in zip(va, vb, strict=True)) / n
    cats = (1.0, 0.5, 0.0)
    pa = [va.count(c) / n for c in cats]
    pb = [vb.count(c) / n for c in cats]
    pooled = [(x + y) / 2 for x, y in zip(pa, pb, strict=True)]

    def expected(p, q):
        return sum(p[k] * q[m] * abs(cats[k] - cats[m]) for k in range(3) for m in range(3))

    def corrected(d_exp):
        return 1 - d_obs / d_exp if d_exp > 0 else float("nan")

    return {
        "agreement": 1 - d_obs,
        "sscore": 1 - 2 * d_obs,
        "kappa": corrected(expected(pa, pb)),
        "pi": corrected(expected(pooled, pooled)),
        "n_votes": n,
    }


# --- a tiny example computed by hand -------------------------------------------------------

# 3 states x 4 roll calls (1 yes, 2 abstain, 3 no; C is absent on roll call 4).
HAND = pd.DataFrame(
    [
        (1, 2, 1), (1, 20, 1), (1, 200, 3),
        (2, 2, 1), (2, 20, 2), (2, 200, 3),
        (3, 2, 3), (3, 20, 3), (3, 200, 1),
        (4, 2, 2), (4, 20, 1),
    ],
    columns=["rc", "ccode", "vote_code"],
)  # fmt: skip


def test_hand_computed_example():
    got = affinity_pairs(HAND).set_index(["ccode1", "ccode2"])
    # A–B: 4 common votes, distances 0, ½, 0, ½ → D = ¼; both vote (yes ½, abst ¼, no ¼),
    # so D_e = ½(⅛+⅛) + (⅛+⅛) + ½(1/16+1/16) = 7/16 and κ = π = 1 − (¼)/(7/16) = 3/7.
    ab = got.loc[(2, 20)]
    assert ab.n_votes == 4
    assert ab.agreement == pytest.approx(0.75)
    assert ab.sscore == pytest.approx(0.5)
    assert ab.kappa == pytest.approx(3 / 7)
    assert ab.pi == pytest.approx(3 / 7)
    # A–C: 3 common votes, all opposite → D = 1; A (⅔ yes, ⅓ no), C (⅓ yes, ⅔ no):
    # D_e = ⅔·⅔ + ⅓·⅓ = 5/9 → κ = 1 − 9/5 = −0.8; pooled (½, 0, ½) → D_e = ½ → π = −1.
    ac = got.loc[(2, 200)]
    assert ac.n_votes == 3
    assert ac.agreement == pytest.approx(0.0)
    assert ac.sscore == pytest.approx(-1.0)
    assert ac.kappa == pytest.approx(-0.8)
    assert ac.pi == pytest.approx(-1.0)
    # B–C: distances 1, ½, 1 → D = 5/6; B (⅓, ⅓, ⅓), C (⅓, 0, ⅔): D_e = 2/9 + 1/6 + 1/9 = ½
    # → κ = −2/3; pooled (⅓, 1/6, ½): D_e = 2(1/36 + 1/6 + 1/24) = 17/36 → π = −13/17.
    bc = got.loc[(20, 200)]
    assert bc.n_votes == 3
    assert bc.agreement == pytest.approx(1 / 6)
    assert bc.sscore == pytest.approx(-2 / 3)
    assert bc.kappa == pytest.approx(-2 / 3)
    assert bc.pi == pytest.approx(-13 / 17)


# --- laws on seeded synthetic votes --------------------------------------------------------


@pytest.fixture(scope="module")
def synth() -> pd.DataFrame:
    return synthetic_votes()


def test_a_state_agrees_with_itself(synth):
    _, m = affinity_matrices(synth)
    diag = {name: np.diag(values) for name, values in m.items()}
    assert np.allclose(diag["agreement"], 1.0)
    assert np.allclose(diag["sscore"], 1.0)
    for name in ("kappa", "pi"):
        defined = ~np.isnan(diag[name])
        assert defined.all()  # every synthetic state casts more than one kind of vote
        assert np.allclose(diag[name][defined], 1.0)


def test_chance_corrected_self_agreement_is_undefined_without_variation():
    votes = pd.DataFrame({"rc": [1, 2, 1, 2], "ccode": [2, 2, 20, 20], "vote_code": [1, 1, 1, 3]})
    _, m = affinity_matrices(votes)
    assert m["agreement"][0, 0] == 1.0
    assert np.isnan(m["kappa"][0, 0])
    assert np.isnan(m["pi"][0, 0])
    assert m["kappa"][1, 1] == pytest.approx(1.0)


def test_undirected_measures_are_symmetric(synth):
    _, m = affinity_matrices(synth)
    for name, values in m.items():
        assert np.allclose(values, values.T, equal_nan=True), name


def test_bounds(synth):
    got = affinity_pairs(synth)
    assert got.agreement.between(0, 1).all()
    assert got.sscore.between(-1, 1).all()
    assert (got.kappa.dropna() <= 1 + 1e-12).all()
    assert (got.pi.dropna() <= 1 + 1e-12).all()
    assert np.allclose(got.sscore, 2 * got.agreement - 1)
    assert (got.ccode1 < got.ccode2).all()


def test_matrix_products_match_a_plain_loop(synth):
    got = affinity_pairs(synth).set_index(["ccode1", "ccode2"])
    by_state = {s: g.set_index("rc").vote_code for s, g in synth.groupby("ccode")}
    for a, b in itertools.islice(itertools.combinations(sorted(by_state), 2), 40):
        common = by_state[a].index.intersection(by_state[b].index)
        ref = reference(list(by_state[a][common]), list(by_state[b][common]))
        row = got.loc[(a, b)]
        for name, value in ref.items():
            assert row[name] == pytest.approx(value, nan_ok=True), (a, b, name)


def test_subset_masks_restrict_the_roll_calls(synth):
    first_half = pd.Series(np.arange(1, 121) <= 60, index=np.arange(1, 121))
    got = affinity_pairs(synth, {"": first_half}).set_index(["ccode1", "ccode2"])
    direct = affinity_pairs(synth[synth.rc <= 60]).set_index(["ccode1", "ccode2"])
    pd.testing.assert_frame_equal(got, direct)


def test_bad_inputs_give_clear_errors(synth):
    with pytest.raises(InputError, match="vote_code must be 1"):
        affinity_pairs(synth.assign(vote_code=8))
    with pytest.raises(InputError, match="unknown measure 'tau'"):
        affinity_pairs(synth, measures=["tau"])
    with pytest.raises(InputError, match="no votes"):
        affinity_matrices(synth.iloc[:0])


def test_indicators_are_registered_with_their_metadata():
    reg = registered()
    names = ["un_agreement", "un_sscore", "un_kappa", "un_pi", "un_agreement_important"]
    names += [f"un_agreement_{code}" for code in ("me", "nu", "di", "hr", "co", "ec")]
    for name in names:
        ind = reg[name]
        assert (ind.dimension, ind.kind, ind.direction) == ("world_view", "undirected", 1)
        assert "unvotes" in ind.sources
        assert ind.coverage is not None
    assert (reg["ideal_distance"].kind, reg["ideal_distance"].direction) == ("undirected", -1)
    assert reg["ideal_point"].kind == "monadic"


# --- real data -----------------------------------------------------------------------------


@pytest.mark.data
def test_bad_subsets_and_years_give_clear_errors():
    with pytest.raises(InputError, match="unknown vote subset 'zz'"):
        un_affinity_table(pairs=[(USA, JAPAN)], subsets=["zz"])
    with pytest.raises(CoverageError, match="no roll call in 1964"):
        dyad_affinity("USA", "JPN", years=(1964, 1964))
    with pytest.raises(CoverageError, match="1946–2024"):
        un_affinity_table(years=(1900, 1910))
    with pytest.raises(CoverageError, match="important-vote flags exist for 1983–2017"):
        dyad_affinity("USA", "GBR", subset="important", years=(1950, 1960))
    with pytest.raises(CoverageError, match="never voted on the same roll call"):
        dyad_affinity("USA", "JPN", years=(1950, 1955))  # Japan joined in December 1956
    with pytest.raises(InputError, match="must run forward"):
        dyad_affinity("USA", "JPN", years=(2000, 1990))
    with pytest.raises(InputError, match="three different states"):
        abandonment_triangle("USA", "JPN", "Japan")


@pytest.fixture(scope="module")
def agree():
    pairs = [(USA, JAPAN), (USA, UK), (USA, CUBA)]
    return un_affinity_table(pairs=pairs, measures=["agreement"], subsets=["all"])


@pytest.mark.data
def test_us_japan_decade_means_match_checked_facts(agree):
    uj = agree[(agree.ccode1 == USA) & (agree.ccode2 == JAPAN)]
    means = uj.groupby(uj.year // 10 * 10).agreement.mean()
    facts = {1950: 0.86, 1960: 0.84, 1970: 0.73, 1980: 0.60, 1990: 0.57, 2000: 0.49, 2010: 0.57}
    for decade, expected in facts.items():
        assert means[decade] == pytest.approx(expected, abs=0.02), decade
    assert means[1980] < means[1950]
    assert uj.year.min() == 1957  # Japan votes from 1957


@pytest.mark.data
def test_us_uk_above_us_japan_and_us_cuba(agree):
    mean = agree[agree.year >= 1970].groupby("ccode2").agreement.mean()
    assert mean[UK] > mean[JAPAN] > mean[CUBA]
    since_1960 = agree[agree.year > 1960].groupby("ccode2").agreement.mean()
    assert since_1960[UK] > since_1960[CUBA] + 0.3


@pytest.mark.data
def test_real_table_laws_and_all_measures():
    wide = un_affinity_table(years=(1985, 1986))
    assert {"agreement", "sscore", "kappa", "pi", "n_votes", "kappa_nu", "n_votes_nu"} <= set(
        wide.columns
    )
    assert not wide.duplicated(["ccode1", "ccode2", "year"]).any()
    assert (wide.ccode1 < wide.ccode2).all()
    assert wide.agreement.between(0, 1).all()
    assert wide.sscore.between(-1, 1).all()
    for subset in SUBSETS:
        suffix = "" if subset == "all" else f"_{subset}"
        no_votes = wide[f"n_votes{suffix}"] == 0
        assert wide.loc[no_votes, f"agreement{suffix}"].isna().all()
        assert (wide[f"n_votes{suffix}"] <= wide.n_votes).all()


@pytest.mark.data
def test_indicator_rows_equal_the_dyad_series():
    series = dyad_affinity("JPN", "USA", "kappa", "nu", years=(1990, 2000)).set_index("year")
    rows = compute("un_agreement_nu", pairs=[(JAPAN, USA)], years=(1990, 2000))
    assert set(rows.year) == set(series.index)
    kappa = compute("un_kappa", pairs=[(USA, JAPAN)], years=(1990, 2000)).set_index("year")
    direct = dyad_affinity("USA", "JPN", "kappa", years=(1990, 2000)).set_index("year")
    assert np.allclose(kappa.value, direct.kappa)


@pytest.mark.data
def test_session_78_supplement_extends_2023_and_2024_without_touching_old_rcids():
    with_78 = load_roll_calls(years=(1954, 2024))
    without = load_roll_calls(years=(1954, 2024), supplement=False)
    years_with = with_78.roll_calls.groupby("year").size()
    years_without = without.roll_calls.groupby("year").size()
    assert years_with[2023] > years_without[2023]
    assert 2024 in years_with.index
    assert 2024 not in years_without.index
    # rcids 411, 427, 449, 495 recur in 2023: the 1950s roll calls keep their votes
    old = with_78.roll_calls[with_78.roll_calls.rcid.isin([411, 427, 449, 495])]
    assert sorted(old.year) == [1954, 1955, 1955, 1957, 2023, 2023, 2023, 2023]
    a = dyad_affinity("USA", "GBR", years=(1954, 1957)).n_votes
    b = dyad_affinity("USA", "GBR", years=(1954, 1957), supplement=False).n_votes
    assert list(a) == list(b)


@pytest.mark.data
def test_broken_colonialism_flags_are_left_out_after_session_73():
    from allydrift.sources import unvotes

    issues = unvotes.load("issues").merge(unvotes.load("roll_calls")[["rcid", "session"]])
    late = issues[issues.session >= 74]
    co, di = set(late[late.issue_code == "co"].rcid), set(late[late.issue_code == "di"].rcid)
    assert co
    assert co <= di
    with pytest.raises(CoverageError, match="'co' roll call"):
        dyad_affinity("USA", "JPN", subset="co", years=(2020, 2023))


@pytest.mark.data
def test_triangle_is_built_from_the_three_dyads():
    tri = abandonment_triangle("USA", "JPN", "CHN", years=(1990, 2020)).set_index("year")
    assert list(tri.index) == list(range(1990, 2021))
    assert (set(tri.senior), set(tri.junior), set(tri.rival)) == ({"USA"}, {"JPN"}, {"CHN"})
    sj = dyad_affinity("USA", "JPN", years=(1990, 2020)).set_index("year").agreement
    sr = dyad_affinity("CHN", "USA", years=(1990, 2020)).set_index("year").agreement
    assert np.allclose(tri.senior_junior, sj)
    assert np.allclose(tri.senior_rival, sr)
    assert np.allclose(tri.gap, sr - sj)
    assert (tri.gap < 0).all()  # the US votes more like Japan than like China every year
    dist = abandonment_triangle("USA", "JPN", "CHN", "ideal_distance", years=(2000, 2019))
    assert np.allclose(dist.gap, dist.senior_junior - dist.senior_rival)  # lower = closer


@pytest.mark.data
def test_ideal_points_and_their_distance():
    points = ideal_points(years=(2000, 2019)).set_index(["ccode", "year"]).ideal
    dist = ideal_distance_table(pairs=[(JAPAN, USA), (USA, CHINA)], years=(2000, 2019))
    usj = dist[dist.ccode2 == JAPAN].set_index("year")
    assert np.allclose(usj.ideal_distance, (points.loc[USA] - points.loc[JAPAN]).abs()[usj.index])
    usc = dist[dist.ccode2 == CHINA].set_index("year")
    assert (usj.ideal_distance < usc.ideal_distance).all()
    assert set(compute("ideal_point", pairs=[(USA, JAPAN)], years=(2019, 2019)).ccode) == {
        USA,
        JAPAN,
    }
    assert compute("ideal_distance", pairs=[(USA, JAPAN)], years=(2020, 2023)).empty


@pytest.mark.data
@pytest.mark.parametrize("directed", [True, False])
def test_verbs_never_change_the_row_count(directed):
    dyads = create_dyad_years(directed=directed, years=(2017, 2019))
    out = verbs.add_un_affinity(dyads, measures=["agreement", "kappa"], subset=["all", "nu"])
    assert len(out) == len(dyads)
    assert {"un_agreement", "un_kappa", "un_n_votes", "un_agreement_nu", "un_n_votes_nu"} <= set(
        out.columns
    )
    ab = out[(out.ccode1 == USA) & (out.ccode2 == JAPAN)].set_index("year").un_agreement
    assert ab.notna().all()
    if directed:
        ba = out[(out.ccode1 == JAPAN) & (out.ccode2 == USA)].set_index("year").un_agreement
        assert np.allclose(ab, ba)
    ideal = verbs.add_ideal_points(dyads)
    assert len(ideal) == len(dyads)
    assert {"ideal1", "ideal2", "ideal_distance"} <= set(ideal.columns)


@pytest.mark.data
def test_verb_outside_coverage_leaves_missing_values():
    dyads = pd.DataFrame({"ccode1": [2, 740], "ccode2": [740, 2], "year": [1900, 1900]})
    out = verbs.add_un_affinity(dyads, measures=list(MEASURES))
    assert len(out) == 2
    assert out.un_agreement.isna().all()


@pytest.mark.data
def test_cli_affinity_and_triangle():
    from typer.testing import CliRunner

    from allydrift.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["affinity", "USA", "JPN", "--years", "1985-1990", "--format", "csv"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.strip().splitlines()
    assert lines[0] == "year,state_a,state_b,agreement,n_votes"
    assert len(lines) == 7
    args = ["triangle", "USA", "JPN", "CHN", "--years", "2000-2001", "--format", "csv"]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0].endswith("senior_junior,senior_rival,junior_rival,gap")
    res = runner.invoke(app, ["affinity", "USA", "JPN", "--issue", "xx"])
    assert isinstance(res.exception, InputError)
    assert "--issue must be one of" in str(res.exception)
    res = runner.invoke(app, ["affinity", "USA", "JPN", "--issue", "nu", "--important"])
    assert isinstance(res.exception, InputError)
