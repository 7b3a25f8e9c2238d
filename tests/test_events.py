"""Event pipeline: raw GDELT/ICEWS lines, the event store, dyad aggregates, both engines."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allydrift import events
from allydrift.errors import InputError, NotCachedError
from allydrift.events.engine import DuckDBEngine
from allydrift.events.parse import attach_states, parse
from allydrift.events.schema import FORMATS, ROOT_QUAD, detect_format

# --- hand-made raw lines -------------------------------------------------------------------


def gdelt_line(
    n_fields: int = 61,
    event_id: str = "1",
    date: str = "20180601",
    a1: str = "USA",
    a2: str = "JPN",
    code: str = "042",
    quad: str = "1",
    goldstein: str = "1.9",
    articles: str = "3",
) -> str:
    """One GDELT export line with the fields allydrift reads set, the rest empty."""
    fields = [""] * n_fields
    fields[0], fields[1], fields[7], fields[17] = event_id, date, a1, a2
    fields[26], fields[27], fields[28] = code, code[:3], code[:2]
    fields[29], fields[30], fields[33] = quad, goldstein, articles
    fields[-1] = "https://news.example/x" if n_fields > 57 else "20180602"
    return "\t".join(fields)


GOOD = [
    gdelt_line(),
    gdelt_line(event_id="2", a1="JPN", a2="USA", code="0211", quad="1", goldstein="3.4"),
    gdelt_line(
        event_id="3", date="20180715", a1="AUS", a2="ROM", code="190", quad="4", goldstein="-10"
    ),
    gdelt_line(event_id="4", a1="EUR", a2="USA", code="112", quad="3", goldstein="-2.0"),
]
BAD = {
    "fields": gdelt_line(event_id="10")[: -len("\thttps://news.example/x")],
    "event_id": gdelt_line(event_id="x11"),
    "date": gdelt_line(event_id="12", date="20180230"),
    "event_code": gdelt_line(event_id="13", code="ABC"),
    "goldstein": gdelt_line(event_id="14", goldstein="11.5"),
    "quad_class": gdelt_line(event_id="15", quad="5"),
}


def write_lines(path: Path, lines: list[str], newline: str = "\n") -> Path:
    path.write_text(newline.join(lines) + newline, encoding="utf-8")
    return path


def test_detect_format() -> None:
    assert detect_format(gdelt_line(61)).name == "gdelt2"
    assert detect_format(gdelt_line(58)).name == "gdelt1"
    assert detect_format(gdelt_line(57)).name == "gdelt1_backfile"
    assert detect_format("Event ID\tEvent Date\tSource Name").name == "icews"
    with pytest.raises(InputError, match="--format"):
        detect_format("a\tb\tc")
    with pytest.raises(InputError, match="gdelt2"):
        events.ingest(["x.tsv"], fmt="gdelt9")


def test_root_quad_follows_cameo_groups() -> None:
    assert [ROOT_QUAD[r] for r in (1, 5, 6, 8, 9, 13, 14, 20)] == [1, 1, 2, 2, 3, 3, 4, 4]


def _parse_with_maps(path: Path, fmt: str) -> pd.DataFrame:
    """Parse a file on DuckDB with hand-made actor maps (no data needed)."""
    eng = DuckDBEngine()
    spec = FORMATS[fmt]
    raw = eng.scan_text([str(path)], spec.n_fields, spec.used, "raw_lines")
    default = pd.DataFrame({"key": ["USA", "JPN", "DEU"], "ccode": [2, 740, 255]})
    by_year = pd.DataFrame({"key": ["DEU"], "year": [1985], "ccode": [260]})
    eng.register_frame(default, "d", {"key": "string", "ccode": "int32"})
    eng.register_frame(by_year, "y", {"key": "string", "year": "int32", "ccode": "int32"})
    expr = attach_states(
        parse(eng, raw, spec),
        eng.table("d", {"key": "string", "ccode": "int32"}),
        eng.table("y", {"key": "string", "year": "int32", "ccode": "int32"}),
    )
    out = eng.to_pandas(expr)
    eng.close()
    return out


def test_hand_made_gdelt_lines_parse_to_known_values(tmp_path: Path) -> None:
    lines = [*GOOD, gdelt_line(event_id="5", date="19850301", a1="DEU", a2="USA"), *BAD.values()]
    df = _parse_with_maps(write_lines(tmp_path / "g.tsv", lines, "\r\n"), "gdelt2")
    assert len(df) == len(lines)
    ok = df[df["problem"].isna()].set_index("event_id")
    assert sorted(ok.index) == [1, 2, 3, 4, 5]
    first = ok.loc[1]
    assert (first.actor1, first.actor2, first.ccode1, first.ccode2) == ("USA", "JPN", 2, 740)
    assert (first.event_code, first.root_code, first.quad_class) == ("042", 4, 1)
    assert first.goldstein == 1.9
    assert first.num_articles == 3
    assert pd.Timestamp(first.date) == pd.Timestamp("2018-06-01")
    assert first.year == 2018
    assert ok.loc[2, "event_code"] == "0211"
    assert ok.loc[3, "goldstein"] == -10.0
    assert pd.isna(ok.loc[4, "ccode1"])
    assert ok.loc[4, "actor1"] == "EUR"
    assert ok.loc[5, "ccode1"] == 260  # DEU before 1990 is West Germany
    bad = df[df["problem"].notna()].set_index("problem")["raw"]
    assert set(bad.index) == set(BAD)
    assert bad["date"].startswith("12\t20180230")


def test_too_many_fields_and_blank_lines(tmp_path: Path) -> None:
    lines = [GOOD[0], "", GOOD[0] + "\textra", gdelt_line(58)]
    df = _parse_with_maps(write_lines(tmp_path / "g.tsv", lines), "gdelt2")
    assert sorted(df["problem"].fillna("ok")) == ["fields", "fields", "ok"]


def test_synthetic_gdelt_is_deterministic_and_well_formed(tmp_path: Path) -> None:
    a = events.write_gdelt(tmp_path / "a.tsv", 3000, seed=7, chunk_rows=1000)
    b = events.write_gdelt(tmp_path / "b.tsv", 3000, seed=7, chunk_rows=1000)
    c = events.write_gdelt(tmp_path / "c.tsv", 3000, seed=8, chunk_rows=1000)
    assert a.read_bytes() == b.read_bytes() != c.read_bytes()
    rows = [line.split("\t") for line in a.read_text().splitlines()]
    assert len(rows) == 3000
    assert {len(r) for r in rows} == {61}
    assert [int(r[0]) for r in rows] == list(range(1, 3001))
    assert all(ROOT_QUAD[int(r[28])] == int(r[29]) for r in rows)
    countries = pd.Series([r[7] for r in rows if r[7]]).value_counts()
    assert countries.index[0] == "USA"
    assert countries.iloc[0] > 3 * countries.iloc[10]
    with pytest.raises(InputError):
        events.write_gdelt(tmp_path / "x.tsv", 10, malformed=1.5)


# --- real ingest (the resolver needs the state lists from the cache) ----------------------


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.mark.data
def test_ingest_maps_cameo_codes_and_reports_problems(tmp_path: Path, store: Path) -> None:
    path = write_lines(tmp_path / "g.export.CSV", [*GOOD, *BAD.values()])
    backfile = write_lines(
        tmp_path / "old.CSV", [gdelt_line(57, event_id="7", date="19850301", a1="DEU")]
    )
    reports = events.ingest([path, backfile], store=store)
    by_fmt = {r.format: r for r in reports}
    new = by_fmt["gdelt2"]
    assert (new.lines, new.events, new.malformed) == (len(GOOD) + len(BAD), len(GOOD), len(BAD))
    assert new.problems == dict.fromkeys(BAD, 1)
    assert {p for p, _ in new.examples} <= set(BAD)
    assert new.no_state == 1
    assert "wrong number of tab-separated fields" in new.summary()
    eng = events.connect()
    df = eng.to_pandas(events.open_events(eng, store)).set_index("event_id")
    assert df.loc[3, "ccode1"] == 900  # CAMEO AUS is Australia, not COW's AUS (Austria)
    assert df.loc[3, "ccode2"] == 360  # CAMEO ROM is Romania
    assert df.loc[7, "ccode1"] == 260  # DEU in 1985 is West Germany
    assert set(events.manifest(store)) == {r.key for r in reports}
    events.ingest([path], store=store)  # the same file again replaces, never doubles
    assert len(eng.to_pandas(events.open_events(eng, store))) == len(GOOD) + 1


@pytest.mark.data
def test_zipped_and_gzipped_exports(tmp_path: Path, store: Path) -> None:
    import gzip
    import zipfile

    text = "\n".join(GOOD) + "\n"
    zipped = tmp_path / "20180601.export.CSV.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("20180601.export.CSV", text)
    gzipped = tmp_path / "20180602.export.CSV.gz"
    gzipped.write_bytes(gzip.compress(text.encode()))
    (report,) = events.ingest([zipped, gzipped], store=store)
    assert (report.format, report.lines, report.events) == ("gdelt2", 8, 8)


@pytest.mark.data
def test_malformed_lines_counted_never_dropped(tmp_path: Path, store: Path) -> None:
    path = events.write_gdelt(tmp_path / "m.tsv", 5000, seed=3, malformed=0.05)
    short = sum(line.count("\t") != 60 for line in path.read_text().splitlines())
    (report,) = events.ingest([path], store=store)
    assert short > 100
    assert report.problems == {"fields": short}
    assert report.events + report.malformed == report.lines == 5000


@pytest.mark.data
def test_icews_sample_parses_to_the_packages_values() -> None:
    from allydrift.sources import icews_sample

    ev = icews_sample.load()
    assert len(ev) == 3705
    assert ev["problem"].isna().all()
    assert ev["date"].min() == pd.Timestamp("2018-06-01")
    assert ev["date"].max() == pd.Timestamp("2018-06-02")
    pair = ev[ev["ccode1"].isin([2, 740]) & ev["ccode2"].isin([2, 740])]
    assert len(pair[pair["ccode1"] != pair["ccode2"]]) == 32  # SOURCES.md: 32 USA–JPN events
    published = icews_sample.load("sample")  # the package's own parse of the same events
    both = ev.merge(published, on="event_id")
    assert len(both) == len(ev)
    assert (both["event_code"] == both["cameo_code"]).all()
    assert (both["goldstein"] == both["intensity"]).all()
    assert both["actor1"].fillna("").eq(both["source_country"].fillna("")).all()
    gold = icews_sample.load("goldstein").set_index("code")["goldstein"]
    assert (ev["goldstein"] == ev["event_code"].map(gold)).all()


def _icews_file() -> Path:
    from allydrift.sources import icews_sample
    from allydrift.store import ensure

    return ensure(icews_sample.SOURCE.file("events.2018.sample.tab"))


@pytest.mark.data
def test_cli_ingest_and_dyad(store: Path) -> None:
    from typer.testing import CliRunner

    from allydrift.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["events", "ingest", str(_icews_file()), "--store", str(store)])
    assert res.exit_code == 0, res.output
    assert "icews: 1 file(s), 3,705 lines -> 3,705 events (0 malformed)" in res.output
    args = ["events", "dyad", "USA", "JPN", "--freq", "day", "--store", str(store)]
    res = runner.invoke(app, [*args, "--format", "csv"])
    assert res.exit_code == 0, res.output
    table = pd.read_csv(io.StringIO(res.output))
    assert table["n_events"].sum() == 32
    assert runner.invoke(app, ["events", "status", "--store", str(store)]).exit_code == 0


@pytest.fixture
def synthetic_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("syn")
    path = events.write_gdelt(root / "s.tsv", 20_000, seed=11, days=400)
    events.ingest([path], store=root / "store")
    return root / "store"


def _reference(store: Path, freq: str, directed: bool) -> pd.DataFrame:
    """The dyad table computed independently in plain pandas."""
    ev = pd.read_parquet(store / "data")
    ev = ev[ev["problem"].isna()]
    ev["period"] = pd.to_datetime(ev["date"]).dt.to_period(
        {"day": "D", "month": "M", "year": "Y"}[freq]
    )
    state = ev.dropna(subset=["ccode1", "ccode2"])
    d = state[state["ccode1"] != state["ccode2"]].copy()
    if not directed:
        lo = d[["ccode1", "ccode2"]].min(axis=1)
        d["ccode2"] = d[["ccode1", "ccode2"]].max(axis=1)
        d["ccode1"] = lo
    agg = d.groupby(["ccode1", "ccode2", "period"]).agg(
        n_events=("event_id", "size"),
        verbal_coop=("quad_class", lambda q: (q == 1).sum()),
        goldstein_sum=("goldstein", "sum"),
    )
    return agg.reset_index()


@pytest.mark.data
@pytest.mark.parametrize(("freq", "directed"), [("month", False), ("year", True)])
def test_dyad_aggregates_match_plain_pandas(
    synthetic_store: Path, freq: str, directed: bool
) -> None:
    ours = events.dyads(freq=freq, directed=directed, store=synthetic_store)
    ref = _reference(synthetic_store, freq, directed)
    assert len(ours) == len(ref)
    assert ours["n_events"].sum() == ref["n_events"].sum()
    assert ours["verbal_coop"].sum() == ref["verbal_coop"].sum()
    np.testing.assert_allclose(ours["goldstein_sum"].sum(), ref["goldstein_sum"].sum())


@pytest.mark.data
def test_dyad_aggregate_laws(synthetic_store: Path) -> None:
    und = events.dyads(freq="month", store=synthetic_store)
    dirs = events.dyads(freq="month", directed=True, store=synthetic_store)
    year = events.dyads(freq="year", store=synthetic_store)
    quads = ["verbal_coop", "material_coop", "verbal_conflict", "material_conflict"]
    assert (und[quads].sum(axis=1) == und["n_events"]).all()
    assert (und["ccode1"] < und["ccode2"]).all()
    assert und["n_events"].sum() == dirs["n_events"].sum() == year["n_events"].sum()
    assert und["coop_share"].between(0, 1).all()
    assert und["goldstein_mean"].between(-10, 10).all()
    assert (und["share1"] <= 1).all()
    assert (und["share2"] <= 1).all()
    assert (und["total1"] >= und["n_events"]).all()
    np.testing.assert_allclose(
        und["goldstein_mean"], und["goldstein_sum"] / und["n_events"], rtol=1e-12
    )
    usa_jpn = events.dyad("JPN", "USA", freq="year", store=synthetic_store)
    both = dirs[dirs["ccode1"].isin([2, 740]) & dirs["ccode2"].isin([2, 740])]
    assert usa_jpn["n_events"].sum() == both["n_events"].sum() > 0


@pytest.mark.data
def test_errors_say_what_to_do(tmp_path: Path, synthetic_store: Path) -> None:
    with pytest.raises(NotCachedError, match="events ingest"):
        events.dyads(store=tmp_path / "empty")
    with pytest.raises(InputError, match="no such event file"):
        events.ingest([tmp_path / "missing.tsv"], store=tmp_path / "s")
    with pytest.raises(InputError, match="--freq"):
        events.dyads(freq="week", store=synthetic_store)
    with pytest.raises(InputError, match="two different states"):
        events.dyad("USA", "United States", store=synthetic_store)
    with pytest.raises(InputError, match="--engine"):
        events.connect("polars")


# --- Spark: few, small, and exactly equal to DuckDB -----------------------------------------


@pytest.mark.spark
@pytest.mark.data
def test_spark_and_duckdb_agree_exactly(tmp_path: Path) -> None:
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.fail("Spark needs Java: install default-jre-headless (.ci/run does)")
    lines = [*GOOD, *BAD.values()]
    hand = write_lines(tmp_path / "hand.export.CSV", lines)
    syn = events.write_gdelt(tmp_path / "syn.tsv", 3000, seed=5, days=60, malformed=0.01)
    spark = events.connect("spark", master="local[2]", driver_memory="1g")
    rep_s = events.ingest([hand, syn], engine=spark, store=tmp_path / "sp")
    rep_d = events.ingest([hand, syn], store=tmp_path / "dd")
    assert [(r.lines, r.events, r.problems) for r in rep_s] == [
        (r.lines, r.events, r.problems) for r in rep_d
    ]
    for directed in (False, True):
        on_spark = events.dyads("month", directed, engine=spark, store=tmp_path / "sp")
        on_duck = events.dyads("month", directed, store=tmp_path / "dd")
        cross = events.dyads("month", directed, store=tmp_path / "sp")  # DuckDB on Spark's files
        pd.testing.assert_frame_equal(on_spark, on_duck, check_exact=True)
        pd.testing.assert_frame_equal(cross, on_duck, check_exact=True)
