"""Dynamic ordinal ideal points: recovery, identification, selection, errors, real data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from allydrift import ideal
from allydrift.errors import AllydriftError, InputError
from allydrift.ideal.bridge import repeated_resolutions
from allydrift.ideal.uncertainty import tridiagonal_inverse_diagonal


@pytest.fixture(scope="module")
def sim() -> ideal.Simulated:
    return ideal.simulate(n_states=50, n_years=15, n_rollcalls=40, seed=7)


@pytest.fixture(scope="module")
def fitted(sim) -> ideal.IdealFit:
    return ideal.fit(votes=sim.votes, roll_calls=sim.roll_calls)


def truth_corr(res: ideal.IdealFit, truth: pd.DataFrame) -> ideal.Accuracy:
    return ideal.correlations(res.points, truth, min_states=5)


# ---- recovery and identification on data simulated from the model ----


def test_recovers_the_simulated_positions(sim, fitted):
    acc = truth_corr(fitted, sim.truth)
    assert acc.pooled >= 0.95
    assert acc.within_year >= 0.95
    assert fitted.converged
    assert fitted.iterations < 100


@pytest.mark.parametrize("seed", [1, 2])
def test_recovery_holds_for_other_seeds_and_no_abstentions(seed):
    s = ideal.simulate(n_states=40, n_years=10, n_rollcalls=50, abstain=0.0, seed=seed)
    res = ideal.fit(votes=s.votes, roll_calls=s.roll_calls, uncertainty="none")
    assert truth_corr(res, s.truth).pooled >= 0.95


def test_scale_and_sign_are_identified(fitted):
    pts = fitted.points
    assert abs(pts["ideal"].mean()) < 1e-6
    assert pts["ideal"].std(ddof=0) == pytest.approx(1.0, abs=1e-6)
    assert fitted.anchor == 2
    assert pts.loc[pts["ccode"] == 2, "ideal"].mean() > 0


def test_reversed_votes_give_the_same_positions(sim, fitted):
    flipped = sim.votes.assign(vote_code=4 - sim.votes["vote_code"])
    res = ideal.fit(votes=flipped, roll_calls=sim.roll_calls, uncertainty="none")
    assert res.points.loc[res.points["ccode"] == 2, "ideal"].mean() > 0
    r = np.corrcoef(res.points["ideal"], fitted.points["ideal"])[0, 1]
    assert r > 0.999


def test_another_anchor_state_goes_to_the_right(sim):
    left = sim.truth.groupby("ccode")["ideal"].mean().idxmin()
    res = ideal.fit(votes=sim.votes, roll_calls=sim.roll_calls, anchor=int(left))
    assert res.anchor == left
    assert res.points.loc[res.points["ccode"] == left, "ideal"].mean() > 0


def test_intervals_bracket_the_estimate_and_shrink_with_votes(fitted):
    pts = fitted.points
    assert (pts["sd"] > 0).all()
    assert np.isfinite(pts["sd"]).all()
    assert ((pts["lo"] < pts["ideal"]) & (pts["ideal"] < pts["hi"])).all()
    few = pts["n_votes"] <= pts["n_votes"].quantile(0.1)
    many = pts["n_votes"] >= pts["n_votes"].quantile(0.9)
    assert pts.loc[few, "sd"].median() > pts.loc[many, "sd"].median()


def test_bootstrap_is_seeded():
    s = ideal.simulate(n_states=20, n_years=4, n_rollcalls=30, seed=3)
    kw = dict(votes=s.votes, roll_calls=s.roll_calls, uncertainty="bootstrap", n_boot=3)
    a, b = ideal.fit(seed=11, **kw), ideal.fit(seed=11, **kw)
    assert np.allclose(a.points["sd"], b.points["sd"])
    assert (a.points["sd"] > 0).all()


def test_simulate_is_seeded():
    a, b = ideal.simulate(seed=5), ideal.simulate(seed=5)
    pd.testing.assert_frame_equal(a.votes, b.votes)
    assert not a.votes.equals(ideal.simulate(seed=6).votes)


def _perturbed(p, field: str, index: tuple, eps: float):
    from allydrift.ideal import engine

    q = engine.Params(p.theta.copy(), p.beta.copy(), p.cuts.copy())
    getattr(q, field)[index] += eps
    return q


def test_gradients_match_finite_differences():
    from allydrift.ideal import data, engine

    s = ideal.simulate(n_states=12, n_years=3, n_rollcalls=15, seed=4)
    sel, rc = data.select_votes(s.votes, s.roll_calls)
    rcd = data.build(sel, rc)
    lay = engine.layout(rcd, np.array([0]), engine.Priors(), threads=2)
    rng = np.random.default_rng(0)
    p = engine.initial(rcd, np.array([0]))
    p.beta = rng.normal(0, 1, len(p.beta))
    grad, curvature = engine.information(lay, p)
    parts = [engine._item_parts(c, p, lay.n_items) for c in lay.chunks]
    item_grad = sum(g for g, _ in parts)

    def loglik(q):
        return engine.log_likelihood(lay, q)

    def numeric(field: str, index: tuple, eps: float = 1e-6) -> float:
        up, down = _perturbed(p, field, index, eps), _perturbed(p, field, index, -eps)
        return (loglik(up) - loglik(down)) / (2 * eps)

    for k in rng.choice(len(p.theta), 4, replace=False):
        assert numeric("theta", (k,)) == pytest.approx(grad[k], rel=1e-4, abs=1e-6)
        h = 1e-4
        second = loglik(_perturbed(p, "theta", (k,), h)) - 2 * loglik(p)
        second += loglik(_perturbed(p, "theta", (k,), -h))
        assert -second / h**2 == pytest.approx(curvature[k], rel=1e-3, abs=1e-4)
    three = np.flatnonzero(rcd.ncat == 3)[:3]
    for j in three:
        assert numeric("beta", (j,)) == pytest.approx(item_grad[j, 0], rel=1e-4, abs=1e-6)
        assert numeric("cuts", (j, 0)) == pytest.approx(item_grad[j, 1], rel=1e-4, abs=1e-6)
        assert numeric("cuts", (j, 1)) == pytest.approx(item_grad[j, 2], rel=1e-4, abs=1e-6)


def test_tridiagonal_inverse_matches_dense():
    points = pd.DataFrame({"ccode": [1, 1, 1, 2, 2], "period": [1, 2, 4, 1, 2]})
    diag = np.array([3.0, 4.0, 2.5, 2.0, 5.0])
    off = np.array([-1.0, -0.5, 0.0, -1.5])
    dense = np.diag(diag) + np.diag(off, 1) + np.diag(off, -1)
    expected = np.diag(np.linalg.inv(dense))
    assert np.allclose(tridiagonal_inverse_diagonal(points, diag, off), expected)


# ---- selection, filtering and bridging ----


def test_uncontested_roll_calls_and_thin_states_are_dropped(sim):
    votes = sim.votes.copy()
    unanimous = votes["rcid"] == 1
    votes.loc[unanimous, "vote_code"] = 1
    lonely = pd.DataFrame({"rcid": [2, 3], "year": [1990, 1990], "ccode": [999, 999]})
    votes = pd.concat([votes, lonely.assign(vote_code=[1, 3])], ignore_index=True)
    res = ideal.fit(votes=votes, roll_calls=sim.roll_calls, min_votes=5, uncertainty="none")
    assert res.counts["dropped_items"] >= 1
    assert 999 not in set(res.points["ccode"])
    assert 1 not in set(res.items["item"])


def test_years_and_states_select(sim):
    res = ideal.fit(
        votes=sim.votes, roll_calls=sim.roll_calls, years=(1992, 1996), states=[2, 1001, 1002]
    )
    assert res.points["year"].between(1992, 1996).all()
    assert set(res.points["ccode"]) <= {2, 1001, 1002}


def test_importance_and_issue_select(sim):
    issues = pd.DataFrame({"rcid": sim.roll_calls["rcid"][::2], "issue_code": "nu"})
    res = ideal.fit(votes=sim.votes, roll_calls=sim.roll_calls, issues=issues, issue="nuclear")
    assert res.counts["roll_calls"] <= len(issues)
    imp = ideal.fit(votes=sim.votes, roll_calls=sim.roll_calls, important=True)
    assert imp.counts["roll_calls"] <= int(sim.roll_calls["important"].sum())


def test_repeated_resolutions_are_linked_in_consecutive_sessions_only():
    rc = pd.DataFrame(
        {
            "rcid": [1, 2, 3, 4, 5, 6, 7],
            "session": [40, 41, 42, 42, 44, 41, 41],
            "descr": [
                "Prevention of an arms race in outer space",
                "Prevention of an arms race in outer space",
                "PREVENTION OF AN ARMS RACE IN OUTER SPACE.",
                "Situation of human rights in some country",
                "Situation of human rights in some country",
                "Paragraph vote on an ambiguous long title",
                "Paragraph vote on an ambiguous long title",
            ],
        }
    )
    item = repeated_resolutions(rc)
    assert item[1] == item[2] == item[3] == 1
    assert item[4] == 4
    assert item[5] == 5
    assert item[6] == 6
    assert item[7] == 7


# ---- bad input gives clear errors ----


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(years=(2030, 2040)), "no contested votes"),
        (dict(states=[2]), "at least two states"),
        (dict(issue="gardening"), "unknown issue"),
        (dict(period="decade"), "period must be"),
        (dict(uncertainty="vibes"), "uncertainty must be"),
        (dict(level=1.5), "level must be"),
        (dict(years=(2000, 1990)), "first <= last"),
        (dict(issue="nu"), "needs the issues table"),
    ],
)
def test_bad_subsets_raise_input_errors(sim, kwargs, message):
    with pytest.raises(InputError, match=message):
        ideal.fit(votes=sim.votes, roll_calls=sim.roll_calls, **kwargs)


def test_votes_need_their_roll_calls(sim):
    with pytest.raises(InputError, match="without roll_calls"):
        ideal.fit(votes=sim.votes)


def test_prior_variances_must_be_positive():
    with pytest.raises(InputError, match="omega2 must be a positive"):
        ideal.Priors(omega2=0)


def test_no_contested_votes_is_explained(sim):
    votes = sim.votes.assign(vote_code=1)
    with pytest.raises(InputError, match="no contested votes"):
        ideal.fit(votes=votes, roll_calls=sim.roll_calls)


def test_cli_writes_a_table_by_extension(sim, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from allydrift.cli import app
    from allydrift.ideal import fitting as fit_module

    monkeypatch.setattr(fit_module, "_load_tables", lambda: (sim.votes, sim.roll_calls, None))
    out = tmp_path / "ideal.csv"
    res = CliRunner().invoke(app, ["ideal", "--years", "1990-1995", "-o", str(out)])
    assert res.exit_code == 0, res.output
    table = pd.read_csv(out)
    assert {"ccode", "iso3", "year", "ideal", "sd", "lo", "hi"} <= set(table.columns)
    assert table["year"].between(1990, 1995).all()
    res = CliRunner().invoke(app, ["ideal", "--years", "2040-2050"])
    assert isinstance(res.exception, AllydriftError)


# ---- real data ----


@pytest.mark.data
def test_full_fit_matches_published_bsv_estimates():
    res = ideal.fit(uncertainty="none")
    acc = ideal.against_bsv(res.points)
    assert res.converged
    assert acc.pooled >= 0.96
    assert acc.within_year >= 0.99
    pts = res.points.pivot(index="year", columns="iso3", values="ideal")
    since = pts.loc[1957:]
    assert (since["USA"] > since["JPN"]).all()
    assert (pts.loc[1961:, "CUB"] < 0).all()
