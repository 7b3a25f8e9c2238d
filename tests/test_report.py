"""The report: self-contained, cites exactly the sources it used, shows each series."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

import allydrift as ad
from allydrift.errors import CoverageError, UnknownStateError

pytestmark = pytest.mark.data

FIRST = ("un_agreement", "us_troops", "milex_gdp", "pact_defense")


@pytest.fixture(scope="module")
def report():
    return ad.build_report("USA", "JPN", years=(1952, 2023), indicators=FIRST, analysis=False)


def test_report_covers_1952_to_the_latest_year(report):
    assert report.span == (1952, 2023)
    assert {"un_agreement", "us_troops", "milex_gdp_1", "milex_gdp_2", "pact_defense"} <= set(
        report.panel.columns
    )


def test_html_is_self_contained_with_one_chart_per_series(report, tmp_path):
    html = report.to_html(tmp_path / "us-japan.html")
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=\"http", html)
    specs = json.loads(re.search(r"const specs = (\{.*?\});\n", html, re.S).group(1))
    assert len(specs) == len(FIRST)
    assert "vegaEmbed" in html


def test_citations_are_exactly_the_sources_used(report):
    # 2023 reaches session 78, whose roll calls come from unga_vote_matrix (docs/affinity.md)
    used = {"unvotes", "unga_vote_matrix", "troopdata", "sipri_milex", "atop", "state_system"}
    assert report.sources_used == used
    bib = report.citations()
    for key in ("voeten2009unga", "allen2022troops", "sipri2024milex", "leeds2002atop"):
        assert key in bib
    assert "singer1972nmc" not in bib  # NMC is not used by these series


def test_findings_state_the_numbers(report):
    text = " ".join(report.findings)
    assert "in force 1952–2018" in text
    assert "UN agreement was" in text


def test_markdown_brief_and_figure(report, tmp_path):
    md = report.to_markdown(tmp_path / "brief.md")
    assert md.startswith("# The United States of America–Japan alliance")
    assert "```bibtex" in md
    png = report.to_image(tmp_path / "fig.png", scale=0.5)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bad_input_is_explained():
    with pytest.raises(UnknownStateError, match="did you mean"):
        ad.build_report("USA", "Japn")
    with pytest.raises(CoverageError, match="cover 1815"):
        ad.build_report("USA", "JPN", years=(1700, 1710))


def test_with_the_index_every_scored_source_is_cited():
    full = ad.build_report("USA", "JPN", years=(1990, 2018), indicators=FIRST)
    # The index scores indicators from many data sets: the report must cite them all.
    assert {"mids", "rivalries", "democracy"} <= full.sources_used
    bib = full.citations()
    assert "leeds2002atop" in bib


def test_a_computed_report_is_reused_until_its_inputs_change(report, tmp_path, monkeypatch):
    from allydrift import config
    from allydrift.report import memo

    args = (2, 740, (1952, 2023), FIRST, False)
    before = memo.key(*args)
    assert memo.key(*args) == before
    again = ad.build_report("USA", "JPN", years=(1952, 2023), indicators=FIRST, analysis=False)
    pd.testing.assert_frame_equal(again.panel, report.panel)
    assert memo.load(before) is not None
    marker = config.cache_dir() / "tables" / "zz-test-marker.parquet"
    marker.write_bytes(b"")
    try:
        assert memo.key(*args) != before  # new derived data: a fresh report
    finally:
        marker.unlink()
