"""The report's key-findings paragraph, peers, index charts and figure formats."""

from __future__ import annotations

import re
import subprocess
import sys
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from allydrift.countries import State
from allydrift.report import summary
from allydrift.report.charts import dimension_chart, index_chart, to_spec

USA = State(2, 2, "USA", "US", "United States of America", "USA", 1816, 2025)
JPN = State(740, 740, "JPN", "JP", "Japan", "JPN", 1860, 2025)


def synthetic_analysis(seed: int = 0, years: range = range(1960, 2021)) -> SimpleNamespace:
    """A seeded stand-in for ``allydrift.drift.analyse``'s result."""
    rng = np.random.default_rng(seed)
    yrs = np.array(list(years))
    score = np.clip(55 + np.cumsum(rng.normal(0, 1.5, len(yrs))), 0, 100)
    n_ind = np.full(len(yrs), 20)
    n_ind[-2:] = 4  # the latest years rest on few indicators
    scores = pd.DataFrame(
        {"year": yrs, "score": score, "lower": score - 5, "upper": score + 5, "n_indicators": n_ind}
    )
    dims = pd.concat(
        pd.DataFrame({"year": yrs, "dimension": d, "score": np.full(len(yrs), v, dtype=float)})
        for d, v in (("world_view", 30.0), ("ties", 80.0), ("threat", 55.0))
    )
    changepoints = pd.DataFrame(
        {
            "series": ["overall", "overall", "ties"],
            "year": [1971, 1995, 2001],
            "before": [60.0, 50.0, 70.0],
            "after": [50.0, 58.0, 75.0],
        }
    )
    attribution = pd.DataFrame(
        {
            "series": ["overall"] * 3,
            "year": [1995] * 3,
            "level": ["dimension", "dimension", "indicator"],
            "component": ["ties", "world_view", "pact_defense"],
            "dimension": ["ties", "world_view", "ties"],
            "contribution": [6.0, 2.0, 6.0],
        }
    )
    trends = pd.DataFrame(
        {
            "series": ["overall", "overall"],
            "span": ["full", "recent"],
            "start": [1960, 2011],
            "end": [2020, 2020],
            "slope": [1.0, -4.0],
            "lower": [0.5, -6.0],
            "upper": [1.5, -2.0],
            "level": [0.9, 0.9],
        }
    )
    events = pd.DataFrame({"year": [1971, 1995], "title": ["Nixon shock", "Nye Report"]})
    index = SimpleNamespace(scores=scores, dimensions=dims, method={})
    return SimpleNamespace(
        index=index,
        changepoints=changepoints,
        attribution=attribution,
        trends=trends,
        alerts=pd.DataFrame(),
        events=events,
        method={},
    )


def test_score_sentence_uses_the_latest_well_covered_year() -> None:
    a = synthetic_analysis()
    text = summary.score_sentence(a.index.scores, "US–Japan")
    row = a.index.scores[a.index.scores["year"] == 2018].iloc[0]
    assert "In 2018" in text
    assert f"{row['score']:.0f} out of 100" in text
    assert "20 indicators" in text
    assert "90 % band" in text


@pytest.mark.parametrize(
    ("slope", "lower", "upper", "word"),
    [(-4.0, -6.0, -2.0, "falling"), (3.0, 1.0, 5.0, "rising"), (1.0, -2.0, 4.0, "no clear trend")],
)
def test_trend_sentence_reads_the_interval(slope, lower, upper, word) -> None:
    trends = pd.DataFrame(
        {
            "series": ["overall"],
            "span": ["recent"],
            "start": [2011],
            "end": [2020],
            "slope": [slope],
            "lower": [lower],
            "upper": [upper],
            "level": [0.9],
        }
    )
    assert word in summary.trend_sentence(trends)


def test_changepoint_sentence_names_the_last_overall_change_and_its_driver() -> None:
    a = synthetic_analysis()
    text = summary.changepoint_sentence(a.changepoints, a.attribution)
    assert "1995" in text
    assert "rose by 8 points" in text
    assert "driven mostly by ties (+6.0 points)" in text
    none = a.changepoints[a.changepoints["series"] != "overall"]
    assert "No change point" in summary.changepoint_sentence(none, a.attribution)


def test_dimension_sentence_names_strongest_and_weakest() -> None:
    text = summary.dimension_sentence(synthetic_analysis().index.dimensions)
    assert "strongest dimension was ties (80)" in text
    assert "weakest world view (30)" in text


def test_key_findings_leave_out_what_is_missing() -> None:
    panel = pd.DataFrame({"year": [2000, 2001]})
    assert summary.key_findings(USA, JPN, panel) == ""
    text = summary.key_findings(USA, JPN, panel, synthetic_analysis())
    assert text.count(".") >= 4
    assert "Cohesion Index" in text
    assert "UN General" not in text


def test_index_charts_are_valid_vega_lite_that_renders() -> None:
    import vl_convert as vlc

    a = synthetic_analysis()
    spec = to_spec(index_chart(a.index.scores, a.changepoints.iloc[:2], a.events, "synthetic"))
    svg = vlc.vegalite_to_svg(spec)
    assert "change 1995" in svg
    assert "Year" in svg
    assert "index (0–100)" in svg
    titles = {"world_view": "World view", "ties": "Ties", "threat": "Threat"}
    svg = vlc.vegalite_to_svg(to_spec(dimension_chart(a.index.dimensions, titles)))
    for title in titles.values():
        assert title in svg


@pytest.mark.data
def test_peers_are_the_us_defence_partners_and_japan_is_one() -> None:
    from allydrift.report.peers import compare_with_peers, defence_partners

    partners = defence_partners(USA)
    assert 740 in partners
    assert 200 in partners
    assert 2 not in partners
    from allydrift.indicators import get

    last = get("un_agreement").coverage[1]
    peers = compare_with_peers(USA, JPN, 2030)
    assert peers.years == (last - 4, last)  # the pooled window ends with the UN data
    assert 1 <= peers.rank <= peers.n_peers == len(peers.table)
    assert 0 < peers.value < 1
    assert peers.n_votes > 100
    assert "ranks" in peers.sentence(USA, JPN)


@pytest.mark.data
def test_report_summary_and_figure_formats(tmp_path) -> None:
    import allydrift as ad

    rep = ad.build_report("USA", "JPN", years=(1990, 2020), indicators=("un_agreement",))
    assert "UN General Assembly" in rep.summary
    assert {"unvotes", "atop"} <= rep.sources_used  # the peers read ATOP: cite it
    html = rep.to_html()
    assert rep.summary.split(",")[0] in html
    cov = {c["column"]: c for c in rep.coverage()}
    assert cov["un_agreement"]["first_year"] == 1990
    for fmt, magic in (("svg", b"<svg"), ("pdf", b"%PDF")):
        out = rep.to_image(tmp_path / f"fig.{fmt}", scale=0.5)
        assert magic in out.read_bytes()[:200]
    res = subprocess.run(
        [sys.executable, "-m", "allydrift", "report", "USA", "JPN", "-f", "pdf", "-o", "x.png"],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 1
    assert re.search(r"writes a \.pdf file", res.stderr)
