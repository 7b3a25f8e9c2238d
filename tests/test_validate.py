"""Validation against history: the shipped files, the scoring rules and the CLI."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allydrift import validate
from allydrift.errors import InputError
from allydrift.validate import groups as gmod
from allydrift.validate import metrics
from allydrift.validate.run import by_split, episode_results
from allydrift.validate.series import dimension_columns, from_table

SRC = Path(__file__).resolve().parents[1] / "src" / "allydrift"


# --- the episode file ------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> list[validate.Episode]:
    return validate.load()


def test_episode_file_meets_the_counts(shipped):
    dyads = {e.pair for e in shipped}
    without_us = [e for e in shipped if 2 not in e.pair]
    assert len(shipped) >= 60
    assert len(dyads) >= 18
    assert len(without_us) >= 10
    assert sum(e.rupture for e in shipped) >= 15


def test_every_episode_is_complete(shipped):
    for e in shipped:
        assert e.direction in ("closer", "apart"), e.id
        assert len(e.citation) > 20
        assert re.search(r"\d{4}|Office of the Historian", e.citation)
        assert e.description
        assert e.a.ccode
        assert e.b.ccode
        assert e.a.ccode != e.b.ccode
        assert 1946 <= e.start <= e.end <= 2024, e.id
        assert re.fullmatch(r"[a-z0-9-]+", e.id)


def test_both_directions_and_splits_are_represented(shipped):
    for split in ("dev", "test"):
        part = validate.select(shipped, split)
        assert 0.4 <= len(part) / len(shipped) <= 0.6
        assert {e.direction for e in part} == {"closer", "apart"}
        assert any(e.rupture for e in part)


def test_splits_follow_the_frozen_hash(shipped):
    # sha256 parity of the id, recomputed here independently of split_of
    import hashlib

    for e in shipped:
        parity = hashlib.sha256(e.id.encode()).digest()[0] % 2
        assert e.split == ("dev", "test")[parity] == validate.split_of(e.id)


@given(st.text(min_size=1, max_size=40))
def test_split_is_deterministic(text):
    assert validate.split_of(text) == validate.split_of(text) in ("dev", "test")


def test_split_of_known_ids_is_stable():
    # frozen values: changing the hash rule would move episodes between splits
    assert [validate.split_of(i) for i in ("a", "b", "usa-jpn-1971-nixon-shocks")] == [
        "dev" if __import__("hashlib").sha256(i.encode()).digest()[0] % 2 == 0 else "test"
        for i in ("a", "b", "usa-jpn-1971-nixon-shocks")
    ]
    assert validate.split_of("usa-jpn-1971-nixon-shocks") == "test"


def _write(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "episodes.toml"
    p.write_text(body, encoding="utf-8")
    return p


def _entry(**over: object) -> str:
    e = {
        "id": "x-1",
        "a": "USA",
        "b": "JPN",
        "start": 1971,
        "end": 1971,
        "direction": "apart",
        "description": "d",
        "citation": "c (2000)",
    }
    e.update(over)
    e.setdefault("split", validate.split_of(str(e["id"])))
    lines = [f"{k} = {v!r}" if isinstance(v, int) else f'{k} = "{v}"' for k, v in e.items()]
    return "[[episode]]\n" + "\n".join(lines) + "\n"


def test_a_good_file_parses(tmp_path):
    eps = validate.load(_write(tmp_path, _entry()))
    assert [(e.pair, e.sign, e.split) for e in eps] == [((2, 740), -1, validate.split_of("x-1"))]


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"b": "Atlantis"}, "Atlantis"),
        ({"direction": "sideways"}, "closer"),
        ({"start": 1930, "end": 1930}, "outside"),
        ({"start": 1980, "end": 1970}, "after end"),
        ({"split": "dev" if validate.split_of("x-1") == "test" else "test"}, "frozen"),
        ({"b": "USA"}, "two different"),
    ],
)
def test_bad_entries_get_one_line_errors(tmp_path, over, message):
    with pytest.raises(InputError, match=message) as exc:
        validate.load(_write(tmp_path, _entry(**over)))
    assert "\n" not in str(exc.value)
    assert "x-1" in str(exc.value)


def test_missing_fields_and_duplicate_ids_are_errors(tmp_path):
    body = _entry().replace('citation = "c (2000)"\n', "")
    with pytest.raises(InputError, match="missing citation"):
        validate.load(_write(tmp_path, body))
    with pytest.raises(InputError, match="used twice"):
        validate.load(_write(tmp_path, _entry() + _entry()))
    with pytest.raises(InputError, match="does not exist"):
        validate.load(tmp_path / "nope.toml")
    with pytest.raises(InputError, match="split must be"):
        validate.select([], "train")


def test_groups_file_parses_with_citations():
    groups = gmod.load()
    anchors = {g.anchor.ccode for g in groups}
    assert {2, 365, 710} <= anchors
    assert len(anchors) >= 4
    for g in groups:
        assert len(g.citation) > 20
        assert g.adversaries
        for year in g.years:
            assert g.anchor.ccode not in g.adversaries_in(year)
    usa = next(g for g in groups if g.anchor.ccode == 2)
    assert 620 in usa.adversaries_in(1985)
    assert 620 not in usa.adversaries_in(2015)


def test_files_hold_no_ally_lists():
    """Allies come from ATOP at run time: the groups file names only adversaries."""
    data = tomllib.loads((SRC / "validate" / "groups.toml").read_text(encoding="utf-8"))
    assert all(set(g) == {"anchor", "years", "adversaries", "citation"} for g in data["group"])


# --- the scoring rules -----------------------------------------------------------------


def _series(values: dict[int, float]) -> pd.Series:
    return pd.Series(values, dtype=float)


def test_shift_leaves_the_episode_years_out():
    s = _series({y: (10.0 if y < 1980 else 20.0) for y in range(1970, 1990)})
    s[1980] = s[1981] = 1000.0  # the episode's own years must not count
    before, after, delta = metrics.shift(s, 1980, 1981, k=3)
    assert (before, after, delta) == (10.0, 20.0, 10.0)


def test_shift_needs_enough_years_on_each_side():
    s = _series({1978: 1.0, 1981: 2.0, 1982: 3.0})
    assert np.isnan(metrics.shift(s, 1980, 1980)[2])
    assert metrics.shift(s, 1980, 1980, min_years=1)[2] == 1.5
    with pytest.raises(InputError):
        metrics.shift(s, 1980, 1980, k=2, min_years=3)


@settings(max_examples=60, deadline=None)
@given(
    level=st.floats(0, 60),
    step=st.floats(1, 40),
    seed=st.integers(0, 10_000),
    year=st.integers(1955, 2015),
)
def test_a_series_that_rises_after_a_closer_episode_is_a_hit(level, step, seed, year):
    rng = np.random.default_rng(seed)
    years = np.arange(1946, 2025)
    noise = rng.uniform(-0.2, 0.2, len(years)) * step
    s = pd.Series(level + step * (years > year) + noise, index=years)
    delta = metrics.shift(s, year, year)[2]
    assert metrics.is_hit(delta, "closer") == 1.0
    assert metrics.is_hit(delta, "apart") == 0.0
    assert metrics.is_hit(metrics.shift(-s, year, year)[2], "apart") == 1.0


def test_a_flat_series_is_a_miss_either_way():
    s = pd.Series(50.0, index=range(1946, 2025))
    d = metrics.shift(s, 1970, 1970)[2]
    assert metrics.is_hit(d, "closer") == metrics.is_hit(d, "apart") == 0.0
    assert np.isnan(metrics.is_hit(np.nan, "closer"))
    with pytest.raises(InputError):
        metrics.is_hit(1.0, "up")


def _synthetic_series(pairs_years: list[tuple[tuple[int, int], int, int]]) -> pd.DataFrame:
    """index follows each episode's direction; un_agreement goes the other way."""
    rows = []
    for (a, b), year, sign in pairs_years:
        for y in range(1946, 2025):
            v = 50 + 20 * sign * (y > year)
            rows.append((a, b, y, "index", float(v)))
            rows.append((a, b, y, "un_agreement", float(100 - v)))
    return pd.DataFrame(rows, columns=["ccode1", "ccode2", "year", "measure", "value"])


def test_hit_rates_on_seeded_synthetic_episodes(shipped):
    eps = shipped[:20]
    series = _synthetic_series([(e.pair, e.end, e.sign) for e in eps])
    res = episode_results(eps, series)
    rates = by_split(res, metrics.hit_rates, ["measure"]).set_index(["measure", "split"])
    assert rates.loc[("index", "all"), "rate"] == 1.0
    assert rates.loc[("un_agreement", "all"), "rate"] == 0.0
    assert rates.loc[("index", "all"), "measured"] == 20
    n = rates.xs("index")["episodes"]
    assert n["dev"] + n["test"] == n["all"] == 20


def test_unmeasurable_episodes_are_counted_apart():
    res = pd.DataFrame({"measure": ["m"] * 4, "hit": [1.0, 0.0, np.nan, 1.0]})
    row = metrics.hit_rates(res).iloc[0]
    assert (row["episodes"], row["measured"], row["hits"]) == (4, 3, 2)
    assert row["rate"] == pytest.approx(2 / 3)
    assert row["lower"] < row["rate"] < row["upper"]


def test_auc_on_synthetic_groups():
    rng = np.random.default_rng(7)
    assert metrics.auc(np.array([3.0, 4.0]), np.array([1.0, 2.0])) == 1.0
    assert metrics.auc(np.array([1.0]), np.array([2.0, 3.0])) == 0.0
    assert metrics.auc(np.array([2.0]), np.array([2.0])) == 0.5
    assert np.isnan(metrics.auc(np.array([]), np.array([1.0])))
    pos, neg = rng.normal(1, 1, 400), rng.normal(0, 1, 400)
    # AUC of two unit normals one apart is Φ(1/√2) ≈ 0.760
    assert metrics.auc(pos, neg) == pytest.approx(0.760, abs=0.04)


@given(
    st.lists(st.floats(-100, 100), min_size=1, max_size=30),
    st.lists(st.floats(-100, 100), min_size=1, max_size=30),
)
def test_auc_laws(pos, neg):
    p, n = np.array(pos), np.array(neg)
    a = metrics.auc(p, n)
    assert 0.0 <= a <= 1.0
    assert metrics.auc(n, p) == pytest.approx(1 - a)
    assert metrics.auc(p + 1000, n) == 1.0


def test_percentile():
    pop = np.arange(100, dtype=float)
    assert metrics.percentile(-1.0, pop) == 0.0
    assert metrics.percentile(1000.0, pop) == 100.0
    assert metrics.percentile(10.0, pop) == 10.5
    assert np.isnan(metrics.percentile(np.nan, pop))


def test_group_score_on_synthetic_partners():
    scores = pd.DataFrame({"partner": range(1, 101), "value": np.arange(1, 101, dtype=float)})
    out = gmod.score(scores, 0, 2000, ally={98, 99, 100}, enemies=[1, 2, 30])
    assert out["auc"] == 1.0
    assert out["allies"] == 3
    assert out["adversaries"] == 3
    assert out["adversaries_bottom"] == pytest.approx(2 / 3)


def test_near_break():
    assert metrics.near_break([1962], 1959, 1961)
    assert metrics.near_break([1957], 1959, 1961)
    assert not metrics.near_break([1956, 1964], 1959, 1961)
    assert not metrics.near_break([], 1959, 1961)


def test_dimensions_are_read_from_an_index_table():
    t = pd.DataFrame(
        {
            "ccode1": [2, 2],
            "ccode2": [740, 740],
            "year": [2000, 2001],
            "score": [60.0, 70.0],
            "linked": [60.0, 71.0],
            "n_indicators": [10, 11],
            "composition_change": [False, True],
            "ties": [50.0, np.nan],
            "threat": [20.0, 30.0],
        }
    )
    assert dimension_columns(t) == ["ties", "threat"]
    long = from_table(t)
    assert set(long["measure"]) == {"index", "dim:ties", "dim:threat"}
    assert len(long) == 5
    with pytest.raises(InputError, match="no 'latent' column"):
        from_table(t, "latent")


# --- events annotate, they never decide ------------------------------------------------


READS_VALIDATION = re.compile(
    r"allydrift\.validate|from allydrift import[^\n]*\bvalidate\b|"
    r"episodes\.toml|groups\.toml|\bvalidate\.(run|load)\b"
)


@pytest.mark.parametrize(
    "layer", ["index", "drift", "indicators", "ideal", "affinity", "sources", "store", "text"]
)
def test_model_code_never_reads_the_validation_files(layer):
    """Events annotate, they never decide: no layer that builds a score may import the
    validation package or open its files."""
    files = list((SRC / layer).rglob("*.py"))
    assert files
    for path in files:
        found = READS_VALIDATION.search(path.read_text(encoding="utf-8"))
        assert found is None, f"{path} reads the validation files ({found.group(0)!r})"


def test_the_guard_catches_a_reader():
    assert READS_VALIDATION.search("from allydrift.validate import load")
    assert READS_VALIDATION.search("p = files('allydrift') / 'validate' / 'episodes.toml'")
    assert not READS_VALIDATION.search("we validate the weights before use")


# --- on the real data ------------------------------------------------------------------


@pytest.mark.data
def test_validation_runs_on_the_real_index():
    v = validate.run("dev", tests=("episodes", "groups"))
    hr = v.hit_rates.set_index(["measure", "split"])
    assert {"index", "un_agreement"} <= set(v.hit_rates["measure"])
    assert set(v.hit_rates["split"]) == {"dev"}
    assert hr.loc[("index", "dev"), "episodes"] == len(validate.select(validate.load(), "dev"))
    assert ((hr["rate"] >= 0) & (hr["rate"] <= 1)).all()
    g = v.groups[v.groups["measure"] == "index"].set_index(["anchor", "year"])
    # treaty allies rank above the others in the US ranking of any year
    assert (g.xs("USA")["auc"] > 0.7).all()
    assert g.loc[("USA", 1985), "allies"] >= 40  # NATO, Rio Pact, ANZUS, Japan, Korea…


@pytest.mark.data
def test_cli_validate_prints_json(tmp_path):
    import json

    from typer.testing import CliRunner

    from allydrift.cli import app

    out = tmp_path / "v.json"
    res = CliRunner().invoke(
        app,
        ["validate", "--split", "dev", "--tests", "episodes", "--format", "json", "-o", str(out)],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text())
    assert {r["measure"] for r in data["hit_rates"]} >= {"index", "un_agreement"}
    assert data["method"]["k"] == 3


def test_cli_rejects_bad_options():
    from typer.testing import CliRunner

    from allydrift.cli import app

    res = CliRunner().invoke(app, ["validate", "--format", "xml"])
    assert res.exit_code != 0
    assert "table, json or csv" in str(res.exception or res.output)
    res = CliRunner().invoke(app, ["validate", "--tests", "vibes"])
    assert res.exit_code != 0
    assert "unknown test" in str(res.exception or res.output)


def test_paired_rates_use_only_episodes_the_baseline_sees():
    from allydrift.validate.run import paired

    res = pd.DataFrame(
        {
            "id": ["a", "b", "c"] * 2,
            "split": ["dev", "dev", "test"] * 2,
            "measure": ["index"] * 3 + ["un_agreement"] * 3,
            "hit": [1.0, 1.0, 0.0, np.nan, 0.0, 0.0],
        }
    )
    rates = paired(res, by_split(res, metrics.hit_rates, ["measure"]))
    row = rates.set_index(["measure", "split"]).loc[("index", "all")]
    assert (row["measured"], row["rate"]) == (3, pytest.approx(2 / 3))
    assert (row["paired_measured"], row["paired_rate"]) == (2, 0.5)


def test_group_summary_pools_adversaries():
    res = pd.DataFrame(
        {
            "measure": ["index", "index"],
            "auc": [0.9, 0.7],
            "adversaries": [3, 1],
            "adversaries_bottom": [1 / 3, 1.0],
        }
    )
    row = gmod.summarise(res).iloc[0]
    assert row["mean_auc"] == pytest.approx(0.8)
    assert row["min_auc"] == 0.7
    assert row["adversaries"] == 4
    assert row["adversaries_bottom"] == 0.5


def test_hit_rate_chart_renders(tmp_path):
    from allydrift.validate.chart import hit_rate_chart, label, save_png

    res = pd.DataFrame(
        {"measure": ["index", "dim:ties", "un_agreement"] * 4, "hit": [1.0, 0.0, 1.0] * 4}
    ).assign(split=["dev"] * 6 + ["test"] * 6)
    rates = by_split(res, metrics.hit_rates, ["measure"])
    png = save_png(hit_rate_chart(rates), tmp_path / "h.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert label("dim:burden_sharing") == "burden sharing (dimension)"
    with pytest.raises(InputError, match="PNG"):
        save_png(hit_rate_chart(rates), tmp_path / "h.svg")


@pytest.mark.data
@pytest.mark.parametrize(
    "episode", ["usa-irn-1979-revolution", "usa-cub-1960-revolution", "egy-rus-1972-advisers"]
)
def test_un_agreement_falls_after_well_known_ruptures(shipped, episode):
    """Facts from the episode file that any historian knows, on raw UN votes."""
    from allydrift.validate.series import baseline

    e = next(x for x in shipped if x.id == episode)
    s = baseline([e.pair]).set_index("year")["value"]
    before, after, delta = metrics.shift(s, e.start, e.end)
    assert 0 <= after < before <= 1
    assert metrics.is_hit(delta, e.direction) == 1.0


def test_measures_from_a_cohesion_object():
    from types import SimpleNamespace

    from allydrift.validate.series import from_cohesion

    c = SimpleNamespace(
        state_a=SimpleNamespace(ccode=740),
        state_b=SimpleNamespace(ccode=2),
        scores=pd.DataFrame({"year": [2000, 2001], "score": [60.0, 70.0], "linked": [1.0, 2.0]}),
        dimensions=pd.DataFrame(
            {
                "year": [2000, 2001],
                "dimension": ["ties", "ties"],
                "score": [5.0, np.nan],
                "linked": [5.0, 6.0],
            }
        ),
    )
    long = from_cohesion(c)
    assert set(zip(long["ccode1"], long["ccode2"], strict=True)) == {(2, 740)}
    assert long.groupby("measure").size().to_dict() == {"dim:ties": 1, "index": 2}
    assert from_cohesion(c, "linked").query("measure == 'index'")["value"].tolist() == [1.0, 2.0]


def test_subsets_split_episodes_with_and_without_the_us(shipped):
    from allydrift.validate.run import by_subset

    series = _synthetic_series(
        [(e.pair, e.end, e.sign if 2 in e.pair else -e.sign) for e in shipped]
    )
    out = by_subset(episode_results(shipped, series))
    rows = out[out["split"] == "all"].set_index(["measure", "subset"])
    assert rows.loc[("index", "with the US"), "rate"] == 1.0
    assert rows.loc[("index", "without the US"), "rate"] == 0.0
    n_us = sum(2 in e.pair for e in shipped)
    assert rows.loc[("index", "with the US"), "episodes"] == n_us


def test_cli_lists_the_episodes_with_citations():
    import io

    from typer.testing import CliRunner

    from allydrift.cli import app

    res = CliRunner().invoke(app, ["validate", "--list", "--split", "dev", "--format", "csv"])
    assert res.exit_code == 0, res.output
    listing = pd.read_csv(io.StringIO(res.stdout))
    assert len(listing) == len(validate.select(validate.load(), "dev"))
    assert set(listing["split"]) == {"dev"}
    assert listing["citation"].str.len().min() > 20
