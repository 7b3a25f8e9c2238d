"""The web app in-process: every endpoint, its JSON twins, caching and bad input."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from allydrift.web import create_app
from allydrift.web.params import check_span
from allydrift.web.service import LRUCache, Service

DATA = pytest.mark.data
LOCAL = "http://127.0.0.1"  # the Host the app answers to by default


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), base_url=LOCAL)


# --- laws that need no data -------------------------------------------------------------


def test_lru_cache_evicts_the_least_recently_used_and_computes_once() -> None:
    cache = LRUCache(maxsize=2)
    calls: list[str] = []

    def build(key: str):
        return lambda: calls.append(key) or key.upper()

    assert cache.get("a", build("a")) == "A"
    assert cache.get("b", build("b")) == "B"
    assert cache.get("a", build("a")) == "A"  # hit: "b" is now the oldest
    cache.get("c", build("c"))
    assert len(cache) == 2
    cache.get("b", build("b"))
    assert calls == ["a", "b", "c", "b"]


def test_lru_cache_does_not_store_failures() -> None:
    cache = LRUCache(maxsize=4)

    def fail():
        msg = "boom"
        raise ValueError(msg)

    with pytest.raises(ValueError, match="boom"):
        cache.get("k", fail)
    assert cache.get("k", lambda: 1) == 1


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (None, None, None),
        (1990, 2000, (1990, 2000)),
        (2001, None, (2001, 2100)),
        (None, 1900, (1800, 1900)),
    ],
)
def test_check_span_fills_open_ends(start, end, expected) -> None:
    assert check_span(start, end) == expected


@pytest.mark.parametrize(("start", "end"), [(2000, 1990), (1700, 1800), (1990, 2200)])
def test_check_span_rejects_bad_spans(start, end) -> None:
    from allydrift.errors import InputError

    with pytest.raises(InputError, match=r"start|end"):
        check_span(start, end)


def test_the_app_is_read_only(client: TestClient) -> None:
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        res = client.request(method, "/api/v1/states")
        assert res.status_code == 405
        assert "read-only" in res.json()["detail"]
        assert res.headers["allow"] == "GET, HEAD"


def test_bodies_and_long_urls_are_refused(client: TestClient) -> None:
    res = client.request("GET", "/api/v1/states", content=b"x" * 10)
    assert res.status_code == 413
    res = client.get("/api/v1/states", params={"q": "x" * 3000})
    assert res.status_code == 414
    assert "limit" in res.json()["detail"]


def test_validation_errors_are_422_with_a_clear_message(client: TestClient) -> None:
    res = client.get("/api/v1/dyads/USA/JPN", params={"start": 1700})
    assert res.status_code == 422
    assert "start" in res.json()["detail"]
    assert "1800" in res.json()["detail"]
    res = client.get("/api/v1/dyads/USA/JPN", params={"limit": 5000})
    assert res.status_code == 422
    assert client.get("/api/v1/dyads/USA/JPN", params={"start": "soon"}).status_code == 422
    assert client.get("/api/v1/dyads/" + "X" * 61 + "/JPN").status_code == 422


def test_security_headers_and_no_external_scripts(client: TestClient) -> None:
    res = client.get("/static/style.css")
    assert res.headers["x-content-type-options"] == "nosniff"
    assert res.headers["x-frame-options"] == "DENY"
    csp = res.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "http" not in csp


def test_static_files_come_from_memory_not_from_request_paths(client: TestClient) -> None:
    for name in ("..%2F..%2Fetc%2Fpasswd", "..%2Fapp.py", "nope.js", "%2Fetc%2Fpasswd"):
        assert client.get(f"/static/{name}").status_code == 404
    assert client.get("/static/../app.py").status_code == 404


def test_the_openapi_schema_lists_every_endpoint(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/v1",
        "/api/v1/states",
        "/api/v1/states/{state}",
        "/api/v1/dyads",
        "/api/v1/dyads/{a}/{b}",
        "/api/v1/dyads/{a}/{b}/export",
        "/api/v1/dyads/{a}/{b}/cite",
        "/api/v1/indicators",
        "/api/v1/indicators/{name}",
        "/api/v1/compare",
        "/api/v1/sources",
        "/api/v1/sources/{source_id}",
        "/api/v1/cite",
    ):
        assert path in paths, path
    assert not any(p.startswith("/static") or p == "/" for p in paths)


def test_unknown_routes_are_404_json_for_the_api_and_html_for_pages(client: TestClient) -> None:
    res = client.get("/api/v1/nothing-here")
    assert res.status_code == 404
    assert "/api/v1" in res.json()["detail"]
    res = client.get("/nothing-here")
    assert res.status_code == 404
    assert res.headers["content-type"].startswith("text/html")


# --- endpoints on the real data ---------------------------------------------------------


@DATA
def test_api_index_reports_version_features_and_links(client: TestClient) -> None:
    body = client.get("/api/v1").json()
    assert set(body["features"]) >= {"index", "drift"}
    for url in body["links"].values():
        assert client.get(url).status_code == 200, url


@DATA
def test_states_search_and_pagination(client: TestClient) -> None:
    korea = client.get("/api/v1/states", params={"q": "korea"}).json()
    assert {s["iso3"] for s in korea["items"]} >= {"KOR", "PRK"}
    first = client.get("/api/v1/states", params={"limit": 50}).json()
    seen, url = [], "/api/v1/states?limit=50"
    while url:
        page = client.get(url).json()
        seen += page["items"]
        url = page["next"]
    assert len(seen) == first["total"] == len({s["ccode"] for s in seen})
    assert first["previous"] is None
    assert first["next"].endswith("offset=50&limit=50")


@DATA
def test_one_state_and_unknown_state(client: TestClient) -> None:
    assert client.get("/api/v1/states/Japan").json()["ccode"] == 740
    assert client.get("/api/v1/states/740").json()["iso3"] == "JPN"
    res = client.get("/api/v1/states/Japn")
    assert res.status_code == 404
    assert "Japan" in res.json()["detail"]


@DATA
def test_dyads_of_a_state_exclude_itself(client: TestClient) -> None:
    body = client.get("/api/v1/dyads", params={"state": "JPN", "limit": 1000}).json()
    partners = {d["dyad"].split("-")[1] for d in body["items"]}
    assert "USA" in partners
    assert "JPN" not in partners
    assert client.get("/api/v1/dyads", params={"state": "Atlantis"}).status_code == 404


@DATA
def test_dyad_us_japan_matches_known_facts(client: TestClient) -> None:
    body = client.get("/api/v1/dyads/USA/JPN", params={"start": 1955, "end": 1975}).json()
    rows = {r["year"]: r for r in body["items"]}
    assert body["years"] == [1955, 1975]
    assert sorted(rows) == list(range(1955, 1976))
    # FACTS.md: US troops in Japan 190,294 (1955) and 82,264 (1970); defence pact from 1951.
    assert rows[1955]["us_troops"] == 190_294
    assert rows[1970]["us_troops"] == 82_264
    assert all(rows[y]["pact_defense"] == 1 for y in rows)
    # Japan joined the UN in December 1956: no agreement before 1957.
    assert rows[1955]["un_agreement"] is None
    assert rows[1957]["un_agreement"] is not None
    assert {"unvotes", "atop", "troopdata"} <= set(body["sources"])
    cols = {c["column"]: c for c in body["columns"]}
    assert cols["milex_gdp_1"]["state"] == "USA"
    assert cols["milex_gdp_2"]["state"] == "JPN"
    assert 0 < cols["un_agreement"]["coverage"] < 1


@DATA
def test_dyad_order_swaps_monadic_sides_only(client: TestClient) -> None:
    ab = client.get("/api/v1/dyads/USA/JPN", params={"start": 2000, "end": 2010}).json()
    ba = client.get("/api/v1/dyads/JPN/USA", params={"start": 2000, "end": 2010}).json()
    for r1, r2 in zip(ab["items"], ba["items"], strict=True):
        assert r1["un_agreement"] == r2["un_agreement"]
        assert r1["milex_gdp_1"] == r2["milex_gdp_2"]


@DATA
def test_dyad_bad_input_gives_clear_4xx(client: TestClient) -> None:
    res = client.get("/api/v1/dyads/USA/USA")
    assert res.status_code == 400
    assert "two different states" in res.json()["detail"]
    res = client.get("/api/v1/dyads/USA/JPN", params={"start": 2020, "end": 1990})
    assert res.status_code == 400
    assert "start" in res.json()["detail"]
    res = client.get("/api/v1/dyads/USA/JPN", params={"start": 1800, "end": 1801})
    assert res.status_code == 404
    assert "cover" in res.json()["detail"]
    res = client.get("/api/v1/dyads/Narnia/JPN")
    assert res.status_code == 404
    assert "Narnia" in res.json()["detail"]


@DATA
def test_dyad_rows_paginate(client: TestClient) -> None:
    full = client.get("/api/v1/dyads/USA/JPN", params={"start": 1990, "end": 2020}).json()
    first = client.get(
        "/api/v1/dyads/USA/JPN", params={"start": 1990, "end": 2020, "limit": 10}
    ).json()
    second = client.get(first["next"]).json()
    assert first["total"] == full["total"] == 31
    assert first["items"] + second["items"] == full["items"][:20]


@DATA
def test_cached_replies_carry_etags_and_answer_304(client: TestClient) -> None:
    res = client.get("/api/v1/dyads/USA/JPN")
    assert res.headers["cache-control"].startswith("public, max-age=")
    etag = res.headers["etag"]
    again = client.get("/api/v1/dyads/USA/JPN", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""


@DATA
def test_a_dyad_is_computed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    original = Service._compute_dyad

    def counting(a, b):
        calls.append((a.ccode, b.ccode))
        return original(a, b)

    monkeypatch.setattr(Service, "_compute_dyad", staticmethod(counting))
    fresh = TestClient(create_app(), base_url=LOCAL)
    for params in ({}, {"start": 2000}, {"start": 1990, "end": 2000, "limit": 5}):
        assert fresh.get("/api/v1/dyads/USA/KOR", params=params).status_code == 200
    assert fresh.get("/api/v1/dyads/USA/KOR/export").status_code == 200
    assert calls == [(2, 732)]


@DATA
def test_exports_round_trip_the_json_rows(client: TestClient) -> None:
    params = {"start": 2000, "end": 2010}
    rows = pd.DataFrame(client.get("/api/v1/dyads/USA/JPN", params=params).json()["items"])
    csv = client.get("/api/v1/dyads/USA/JPN/export", params={**params, "format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    assert 'filename="allydrift-USA-JPN-2000-2010.csv"' in csv.headers["content-disposition"]
    from_csv = pd.read_csv(io.StringIO(csv.text))
    pq = client.get("/api/v1/dyads/USA/JPN/export", params={**params, "format": "parquet"})
    from_parquet = pd.read_parquet(io.BytesIO(pq.content))
    for table in (from_csv, from_parquet):
        assert (
            table[["state_a", "state_b"]].drop_duplicates().to_numpy() == [["USA", "JPN"]]
        ).all()
        pd.testing.assert_frame_equal(
            table.drop(columns=["state_a", "state_b"]).astype(float),
            rows.astype(float),
            check_dtype=False,
        )
    assert client.get("/api/v1/dyads/USA/JPN/export", params={"format": "xlsx"}).status_code == 422


@DATA
def test_dyad_citations_are_exactly_the_sources_used(client: TestClient) -> None:
    from allydrift import sources

    used = client.get("/api/v1/dyads/USA/JPN").json()["sources"]
    bib = client.get("/api/v1/dyads/USA/JPN/cite")
    assert bib.headers["content-type"].startswith("application/x-bibtex")
    keys = set(re.findall(r"^@\w+\{([^,]+),", bib.text, flags=re.M))
    assert keys == {k for sid in used for k in sources.get(sid).citations}


@DATA
def test_compare_several_dyads(client: TestClient) -> None:
    params = {"dyads": "USA-JPN,USA-GBR", "start": 1970, "end": 2020}
    body = client.get("/api/v1/compare", params=params).json()
    table = pd.DataFrame(body["items"])
    assert body["dyads"] == ["USA-JPN", "USA-GBR"]
    assert table["year"].between(1970, 2020).all()
    means = table.groupby("dyad")["value"].mean()
    assert means["USA-GBR"] > means["USA-JPN"]  # FACTS.md: US–UK votes closer since 1970


@DATA
@pytest.mark.parametrize(
    ("dyads", "column", "message"),
    [
        ("USA-JPN," * 9, "un_agreement", "at most"),
        ("USA+JPN", "un_agreement", "A-B"),
        ("USA-JPN", "happiness", "happiness"),
        (",,,", "un_agreement", "pairs like"),
    ],
)
def test_compare_bad_input(client: TestClient, dyads, column, message) -> None:
    res = client.get("/api/v1/compare", params={"dyads": dyads, "column": column})
    assert res.status_code == 400
    assert message in res.json()["detail"]


@DATA
def test_indicators_and_sources(client: TestClient) -> None:
    inds = client.get("/api/v1/indicators").json()
    assert "un_agreement" in {i["indicator"] for i in inds["items"]}
    world = client.get("/api/v1/indicators", params={"dimension": "world_view"}).json()
    assert {i["dimension"] for i in world["items"]} == {"world_view"}
    assert client.get("/api/v1/indicators", params={"dimension": "vibes"}).status_code == 400
    assert client.get("/api/v1/indicators/un_agreement").json()["unit"].startswith("share")
    assert client.get("/api/v1/indicators/un_agreemnt").status_code == 400
    srcs = client.get("/api/v1/sources").json()
    assert "unvotes" in {s["id"] for s in srcs["items"]}
    one = client.get("/api/v1/sources/atop").json()
    assert "leeds2002atop" in one["bibtex"]
    assert client.get("/api/v1/sources/atopp").status_code == 404
    bib = client.get("/api/v1/cite", params={"sources": "atop,unvotes"}).text
    assert "leeds2002atop" in bib
    assert "voeten" in bib.lower()
    assert client.get("/api/v1/cite", params={"sources": "atop,nope"}).status_code == 404


@DATA
@pytest.mark.parametrize(
    "page",
    ["/", "/dyads/USA/JPN", "/compare?dyads=USA-JPN,USA-KOR", "/indicators", "/sources", "/api"],
)
def test_every_html_page_has_a_json_twin(client: TestClient, page: str) -> None:
    res = client.get(page)
    assert res.status_code == 200
    assert res.headers["content-type"].startswith("text/html")
    twin = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)"', res.text)
    assert twin, page
    res = client.get(twin.group(1).replace("&amp;", "&"))
    assert res.status_code == 200
    assert res.headers["content-type"].startswith("application/json")


@DATA
def test_dyad_page_shows_charts_table_and_downloads_without_a_cdn(client: TestClient) -> None:
    html = client.get("/dyads/USA/JPN", params={"start": 1990, "end": 2020}).text
    assert 'data-chart="chart-un_agreement"' in html
    assert html.count("<tr>") > 31
    assert "/api/v1/dyads/USA/JPN/export?start=1990&amp;end=2020&amp;format=csv" in html
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts
    assert all(s.startswith("/static/") for s in scripts)
    bundle = client.get(scripts[0])
    assert "vegaEmbed" in bundle.text
    assert bundle.headers["content-type"].startswith("text/javascript")
    assert int(bundle.headers["cache-control"].split("=")[1]) >= 86400


@DATA
def test_dashboard_form_redirects_to_the_dyad_page(client: TestClient) -> None:
    res = client.get("/", params={"a": "USA", "b": "Japan", "start": 1990}, follow_redirects=False)
    assert res.status_code == 303
    assert res.headers["location"] == "/dyads/USA/JPN?start=1990"
    res = client.get("/", params={"a": "USA", "b": "Japn"})
    assert res.status_code == 404
    assert "did you mean Japan" in res.text
    res = client.get("/dyads/USA/JPN", params={"start": 2020, "end": 1990})
    assert res.status_code == 400
    assert "start must not be after end" in res.text


# --- optional analyses: hidden when absent, shown when present ----------------------------


def _with_features(monkeypatch: pytest.MonkeyPatch, index: bool, drift: bool) -> None:
    import allydrift.web.analysis as analysis
    import allydrift.web.api as api

    found = {"index": index, "drift": drift}
    monkeypatch.setattr(analysis, "features", lambda: found)
    monkeypatch.setattr(api, "features", lambda: found)


def test_index_and_drift_are_hidden_when_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    _with_features(monkeypatch, index=False, drift=False)
    app_client = TestClient(create_app(), base_url=LOCAL)
    paths = app_client.get("/openapi.json").json()["paths"]
    assert not {"/api/v1/dyads/{a}/{b}/index", "/api/v1/dyads/{a}/{b}/drift", "/api/v1/rank"} & set(
        paths
    )
    assert app_client.get("/api/v1/dyads/USA/JPN/index").status_code == 404
    assert app_client.get("/api/v1").json()["features"] == {"index": False, "drift": False}


@DATA
def test_index_and_drift_are_served_when_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    import allydrift.web.analysis as analysis
    from test_report_summary import synthetic_analysis

    _with_features(monkeypatch, index=True, drift=True)
    monkeypatch.setattr(analysis, "_compute", lambda a, b, years: synthetic_analysis(seed=a.ccode))
    app_client = TestClient(create_app(), base_url=LOCAL)
    body = app_client.get("/api/v1/dyads/USA/JPN/index", params={"start": 2000}).json()
    assert [r["year"] for r in body["scores"]] == list(range(2000, 2021))
    drift = app_client.get("/api/v1/dyads/USA/JPN/drift").json()
    assert {c["year"] for c in drift["changepoints"]} == {1971, 1995, 2001}
    html = app_client.get("/dyads/USA/JPN", params={"start": 1960, "end": 2020}).text
    assert 'data-chart="chart-index"' in html
    assert 'data-chart="chart-dimensions"' in html
    assert "Nixon shock" in html
    assert "Cohesion Index" in html
    rows = app_client.get(
        "/api/v1/compare", params={"dyads": "USA-JPN,USA-KOR", "column": "index"}
    ).json()
    assert {r["dyad"] for r in rows["items"]} == {"USA-JPN", "USA-KOR"}


@DATA
def test_citations_follow_the_years_shown(client: TestClient) -> None:
    recent = client.get("/api/v1/dyads/USA/JPN", params={"start": 2019, "end": 2023}).json()
    assert "atop" not in recent["sources"]  # FACTS.md: ATOP ends in 2018
    assert "unvotes" in recent["sources"]
    bib = client.get(recent["links"]["bibtex"]).text
    assert "leeds2002atop" not in bib
    assert "voeten" in bib.lower()
    older = client.get("/api/v1/dyads/USA/JPN/cite", params={"start": 2000, "end": 2010}).text
    assert "leeds2002atop" in older


@DATA
def test_large_replies_are_gzipped_for_clients_that_accept_it(client: TestClient) -> None:
    plain = client.get("/api/v1/dyads/USA/JPN", headers={"Accept-Encoding": "identity"})
    zipped = client.get("/api/v1/dyads/USA/JPN", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["vary"] == "Accept-Encoding"
    assert int(zipped.headers["content-length"]) < len(plain.content) / 4
    assert zipped.json() == plain.json()  # the client decompresses
    assert zipped.headers["etag"] != plain.headers["etag"]
    again = client.get(
        "/api/v1/dyads/USA/JPN",
        headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["etag"]},
    )
    assert again.status_code == 304
