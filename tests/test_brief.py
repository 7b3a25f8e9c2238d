"""The one-page brief: its numbers are the full report's, and it prints on one page."""

from __future__ import annotations

import re
import shutil
import subprocess

import numpy as np
import pytest

from allydrift.report import build_report
from allydrift.report.brief import build_brief, render_brief, write_brief
from allydrift.scenario.analysis import crossroads
from allydrift.scenario.examples import resolve_example

pytestmark = pytest.mark.data


def read_pgm(data: bytes) -> np.ndarray:
    """A binary PGM (P5, 8-bit) image as an array."""
    parts = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert parts is not None
    w, h = int(parts[1]), int(parts[2])
    return np.frombuffer(data[parts.end() : parts.end() + w * h], np.uint8).reshape(h, w)


@pytest.fixture(scope="module")
def report():
    return build_report("USA", "JPN")


@pytest.fixture(scope="module")
def brief(report):
    return build_brief(report, 2030, resolve_example("top-tier"))


def test_headline_numbers_match_the_full_report(report, brief):
    # the full report's score sentence: "In YEAR the ... stood at S out of 100 (90 % band L–U"
    full = re.search(
        r"In (\d{4}) the Alliance.*?stood at (\d+) out of 100 \(90 % band (\d+)–(\d+)",
        report.summary,
    )
    assert full is not None
    year, score, lo, hi = full.groups()
    assert f"{score} out of 100 in {year} (90 % band {lo}–{hi})" in brief.headline
    row = report.analysis.index.scores.set_index("year").loc[int(year)]
    assert round(row["score"]) == int(score)


def test_projection_and_movers_match_their_sources(report, brief):
    c = crossroads("USA", "JPN", 2030, resolve_example("top-tier"))
    base = c.projection.baseline
    last = base[base["year"] == 2030].set_index("latent")
    assert np.isclose(brief.projection["baseline"].iloc[0], last.loc["overall", "score"])
    assert brief.projection["latent"].iloc[0] == "overall"
    dims = report.analysis.index.dimensions.pivot_table(
        index="year", columns="dimension", values="score"
    )
    assert len(brief.movers) == 3
    changes = brief.movers["change"].abs().to_numpy()
    assert (np.diff(changes) <= 0).all()  # biggest first
    for r in brief.movers.itertuples():
        assert np.isclose(r.after - r.before, r.change)
        assert np.isclose(r.before, dims.loc[r.start, r.key])


def test_brief_html_has_every_part(report, brief):
    html = render_brief(report, brief)
    for part in (
        'id="headline"',
        'id="chart"',
        'id="movers"',
        'id="peers"',
        'id="projection"',
        'id="sources"',
        "<svg",
    ):
        assert part in html
    assert "<script" not in html  # prints as it shows
    assert "Japan a top-tier partner" in html


@pytest.mark.browser
@pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian chromium")
def test_brief_prints_on_one_legible_page(report, tmp_path):
    html, pdf = write_brief(
        report, tmp_path / "usjp.html", 2030, resolve_example("inward"), rival="CHN"
    )
    assert pdf is not None
    assert html.is_file()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.M), info.stdout
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    for words in ("BIGGEST MOVERS", "PEERS", "PROJECTION TO 2030", "Sources:", "overtakes"):
        assert words in text  # real text, not a picture of it
    out = subprocess.run(
        ["pdftoppm", "-r", "40", "-gray", str(pdf)], capture_output=True, check=True
    ).stdout
    page = read_pgm(out)
    h, w = page.shape
    margin = int(w * 10 / 210)  # 10 mm of the A4 width: inside the 14 mm page margin
    assert page[:, w - margin :].min() > 200, "ink in the right margin: the brief overflows"
    assert page[h - int(h * 8 / 297) :, :].min() > 200, "ink in the bottom margin"
    assert page.min() < 60  # black text is there
