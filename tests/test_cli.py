"""The command line: clean messages and exit codes, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest

pytestmark = pytest.mark.data


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "allydrift", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def test_unknown_country_gets_a_suggestion_and_no_traceback():
    res = run("dyad", "USA", "Japn")
    assert res.returncode == 1
    assert "did you mean Japan (JPN, COW 740)" in res.stderr
    assert "Traceback" not in res.stderr


def test_years_outside_coverage_name_the_coverage():
    res = run("dyad", "USA", "JPN", "--years", "1700-1710")
    assert res.returncode == 1
    assert "1700–1710" in res.stderr
    assert "Traceback" not in res.stderr


def test_malformed_years_are_explained():
    res = run("dyad", "USA", "JPN", "--years", "nineteen")
    assert res.returncode == 1
    assert "--years expects" in res.stderr


def test_missing_cache_names_the_fetch_to_run(tmp_path):
    res = run(
        "dyad",
        "USA",
        "JPN",
        env={"ALLYDRIFT_CACHE": str(tmp_path), "ALLYDRIFT_OFFLINE": "1", "ALLYDRIFT_MIRROR": ""},
    )
    assert res.returncode == 3
    assert "allydrift fetch" in res.stderr
    assert "Traceback" not in res.stderr


def test_dyad_exports_csv_and_stata(tmp_path):
    out = tmp_path / "usj.csv"
    res = run("dyad", "USA", "JPN", "--years", "1990-1999", "-f", "csv", "-o", str(out))
    assert res.returncode == 0, res.stderr
    df = pd.read_csv(out)
    assert df.year.tolist() == list(range(1990, 2000))
    dta = tmp_path / "usj.dta"
    res = run("dyad", "USA", "JPN", "--years", "1990-1999", "-f", "dta", "-o", str(dta))
    assert res.returncode == 0, res.stderr

    assert pd.read_stata(dta).shape[0] == 10


def test_report_command_writes_html(tmp_path):
    out = tmp_path / "r.html"
    res = run("report", "USA", "JPN", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert "1952–" in res.stdout
    assert out.stat().st_size > 100_000


def test_cite_prints_bibtex_and_unknown_dataset_is_explained():
    res = run("cite", "atop")
    assert res.returncode == 0
    assert "@article{leeds2002atop" in res.stdout
    bad = run("cite", "atopp")
    assert bad.returncode == 1
    assert "did you mean atop" in bad.stderr


def test_sources_lists_every_data_set():
    res = run("sources")
    assert res.returncode == 0
    for sid in ("unvotes", "atop", "troopdata", "sipri_milex"):
        assert sid in res.stdout
