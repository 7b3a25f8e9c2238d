"""The web server under load and abuse: single flight, bounded lanes, normalised keys,
HEAD, the Host check and no file-system paths in replies.

Dyad panels are synthetic (seeded) and computed by a fake that can be held on an event,
so a "slow computation" is one the test controls; states are resolved from the cache.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from allydrift.web import create_app
from allydrift.web.cache import LRUCache
from allydrift.web.guard import LOOPBACK_HOSTS, allowed_hosts, host_name
from allydrift.web.redact import scrub
from allydrift.web.service import DyadData, Service
from allydrift.web.workers import Limits, Saturated, Workers

DATA = pytest.mark.data
LOCAL = "http://127.0.0.1"
PROMPT = 5.0  # seconds: "promptly" on a loaded 2-core machine; the slow one takes 30+
SLOW = ("USA", "KOR")


def synthetic(a: Any, b: Any) -> DyadData:
    """A seeded panel for 1990–2020 with an undirected, a monadic and a 0/1 series."""
    rng = np.random.default_rng(a.ccode * 1000 + b.ccode)
    years = np.arange(1990, 2021)
    lo, hi = sorted((a.ccode, b.ccode))
    shared = np.random.default_rng(lo * 1000 + hi).uniform(0.3, 0.9, len(years))
    panel = pd.DataFrame(
        {
            "year": years,
            "un_agreement": shared,
            "milex_gdp_1": rng.uniform(0.5, 4, len(years)),
            "milex_gdp_2": rng.uniform(0.5, 4, len(years)),
            "pact_defense": np.ones(len(years)),
        }
    )
    return DyadData(a, b, panel, ("unvotes",))


class FakeCompute:
    """Stands in for ``Service._compute_dyad``: counts calls, holds ``SLOW`` on an event."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.started = threading.Event()
        self.release = threading.Event()

    def __call__(self, a: Any, b: Any) -> DyadData:
        pair = (a.iso3, b.iso3)
        self.calls.append(pair)
        if pair == SLOW:
            self.started.set()
            self.release.wait(60)
        return synthetic(a, b)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeCompute]:
    compute = FakeCompute()
    monkeypatch.setattr(Service, "_compute_dyad", staticmethod(compute))
    yield compute
    compute.release.set()


def run(scenario: Callable[[httpx.AsyncClient], Any], **app_options: Any) -> Any:
    """Run ``scenario(client)`` against a fresh app on this event loop (nothing may block it)."""

    async def main() -> Any:
        transport = httpx.ASGITransport(app=create_app(**app_options))
        async with httpx.AsyncClient(transport=transport, base_url=LOCAL) as client:
            return await scenario(client)

    return asyncio.run(main())


async def wait_started(event: threading.Event) -> None:
    for _ in range(600):
        if event.is_set():
            return
        await asyncio.sleep(0.05)
    msg = "the slow computation never started"
    raise AssertionError(msg)


async def timed(client: httpx.AsyncClient, url: str) -> tuple[httpx.Response, float]:
    t0 = time.perf_counter()
    res = await asyncio.wait_for(client.get(url), PROMPT)
    return res, time.perf_counter() - t0


# --- while a slow computation runs ---------------------------------------------------------


@DATA
def test_a_slow_computation_blocks_neither_cached_nor_other_cold_requests(
    fake: FakeCompute,
) -> None:
    async def scenario(client: httpx.AsyncClient) -> None:
        assert (await client.get("/api/v1/dyads/USA/JPN")).status_code == 200  # now cached
        slow = asyncio.ensure_future(client.get("/api/v1/dyads/USA/KOR"))
        try:
            await wait_started(fake.started)
            for url in (
                "/api/v1/dyads/USA/JPN",  # cached
                "/api/v1/dyads/USA/JPN?start=2000&end=2010",  # cut from a cached dyad
                "/api/v1/dyads/USA/GBR",  # a different cold dyad
                "/api/v1/states?q=ger",  # a cheap lookup
            ):
                res, _ = await timed(client, url)
                assert res.status_code == 200, (url, res.text)
            assert not slow.done()
        finally:
            fake.release.set()
        res = await asyncio.wait_for(slow, 30)
        assert res.status_code == 200
        assert res.json()["dyad"] == "USA-KOR"

    run(scenario)


@DATA
def test_concurrent_requests_for_one_cold_dyad_compute_it_once_in_one_slot(
    fake: FakeCompute,
) -> None:
    async def scenario(client: httpx.AsyncClient) -> None:
        urls = [f"/api/v1/dyads/USA/KOR?limit={n}" for n in range(1, 11)]
        urls += ["/api/v1/dyads/USA/KOR/export", "/api/v1/dyads/USA/KOR/cite"]
        tasks = [asyncio.ensure_future(client.get(u)) for u in urls]
        await wait_started(fake.started)
        await asyncio.sleep(0.2)
        fake.release.set()
        for res in await asyncio.gather(*tasks):
            assert res.status_code == 200  # not 503: they all wait for the one slot's job

    run(scenario, limits=Limits(workers=1, queue=0))
    assert fake.calls.count(SLOW) == 1


@DATA
def test_a_saturated_server_answers_503_with_retry_after(fake: FakeCompute) -> None:
    async def scenario(client: httpx.AsyncClient) -> None:
        assert (await client.get("/api/v1/dyads/USA/JPN")).status_code == 200
        slow = asyncio.ensure_future(client.get("/api/v1/dyads/USA/KOR"))
        try:
            await wait_started(fake.started)
            busy, _ = await timed(client, "/api/v1/dyads/USA/GBR")
            assert busy.status_code == 503
            assert busy.headers["retry-after"] == "7"
            assert "busy" in busy.json()["detail"]
            assert "7 s" in busy.json()["detail"]
            page, _ = await timed(client, "/dyads/USA/GBR")
            assert page.status_code == 503
            assert page.headers["retry-after"] == "7"
            assert page.headers["content-type"].startswith("text/html")
            cached, _ = await timed(client, "/api/v1/dyads/USA/JPN")
            assert cached.status_code == 200  # what is in memory still answers
        finally:
            fake.release.set()
        assert (await asyncio.wait_for(slow, 30)).status_code == 200
        assert (await client.get("/api/v1/dyads/USA/GBR")).status_code == 200  # recovered

    run(scenario, limits=Limits(workers=1, queue=0, retry_after=7))


def test_limits_come_from_arguments_then_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from allydrift.errors import InputError

    monkeypatch.setenv("ALLYDRIFT_WEB_WORKERS", "3")
    monkeypatch.setenv("ALLYDRIFT_WEB_RETRY_AFTER", "9")
    assert Limits.from_env(workers=5) == Limits(workers=5, queue=8, retry_after=9)
    assert Limits.from_env().workers == 3
    monkeypatch.setenv("ALLYDRIFT_WEB_QUEUE", "many")
    with pytest.raises(InputError, match="ALLYDRIFT_WEB_QUEUE"):
        Limits.from_env()
    with pytest.raises(InputError, match="workers"):
        Limits.from_env(workers=0, queue=1)


# --- normalised parameters share one cache entry -------------------------------------------


@DATA
def test_equivalent_parameters_share_one_cache_entry(
    fake: FakeCompute, monkeypatch: pytest.MonkeyPatch
) -> None:
    import allydrift.web.api as api

    builds: list[tuple[Any, ...]] = []
    original = api.dyad_payload

    def counting(request: Any, sa: Any, sb: Any, years: Any, *rest: Any) -> dict[str, Any]:
        builds.append((years, *rest[:2]))
        return original(request, sa, sb, years, *rest)

    monkeypatch.setattr(api, "dyad_payload", counting)
    client = TestClient(create_app(), base_url=LOCAL)
    same_rows = [
        {"start": 2000, "end": 2020},
        {"start": 2000, "end": 2050},  # the data end in 2020
        {"start": 2000, "end": 2100},
        {"start": 2000, "end": 2020, "limit": 21},  # exactly the rows there are
        {"start": 2000, "end": 2020, "limit": 1000},
        {"start": 2000, "limit": 777},
    ]
    bodies = [client.get("/api/v1/dyads/USA/JPN", params=p) for p in same_rows]
    assert {b.status_code for b in bodies} == {200}
    assert len({b.headers["etag"] for b in bodies}) == 1
    assert len(builds) == 1
    assert bodies[0].json()["limit"] == 21
    assert bodies[0].json()["next"] is None
    # A real page boundary is a different answer, and its links use the normalised span.
    part = client.get("/api/v1/dyads/USA/JPN", params={"start": 2000, "end": 2099, "limit": 5})
    assert part.json()["next"] == "/api/v1/dyads/USA/JPN?start=2000&end=2020&offset=5&limit=5"
    assert len(builds) == 2
    spellings = [client.get("/api/v1/states", params={"q": q}) for q in ("GER", "ger", " Ger ")]
    assert len({r.headers["etag"] for r in spellings}) == 1
    assert {s["iso3"] for s in spellings[0].json()["items"]} >= {"DEU"}


@DATA
def test_an_undirected_comparison_reads_each_pair_once_in_either_order(
    fake: FakeCompute,
) -> None:
    client = TestClient(create_app(), base_url=LOCAL)
    ab = client.get("/api/v1/compare", params={"dyads": "USA-JPN", "column": "un_agreement"})
    ba = client.get("/api/v1/compare", params={"dyads": "JPN-USA", "column": "un_agreement"})
    assert ab.status_code == ba.status_code == 200
    assert ba.json()["dyads"] == ["JPN-USA"]
    assert {r["dyad"] for r in ba.json()["items"]} == {"JPN-USA"}
    assert [r["value"] for r in ab.json()["items"]] == [r["value"] for r in ba.json()["items"]]
    assert fake.calls == [("USA", "JPN")]
    twice = client.get("/api/v1/compare", params={"dyads": "USA-JPN,USA-JPN,USA-GBR"})
    assert twice.json()["dyads"] == ["USA-JPN", "USA-GBR"]
    many = client.get("/api/v1/compare", params={"dyads": ",".join(["USA-JPN"] * 9)})
    assert many.status_code == 400
    assert "at most 8" in many.json()["detail"]


# --- HEAD, Host, paths -----------------------------------------------------------------------


HEAD_URLS = [
    "/api/v1",
    "/api/v1/states?q=japan",
    "/api/v1/dyads/USA/JPN",
    "/api/v1/dyads/USA/JPN/export?format=csv",
    "/api/v1/indicators",
    "/openapi.json",
    "/static/style.css",
    "/",
    "/api/v1/dyads/USA/USA",
    "/nothing-here",
]


@DATA
def test_head_answers_every_get_route_without_a_body(fake: FakeCompute) -> None:
    client = TestClient(create_app(), base_url=LOCAL)
    for url in HEAD_URLS:
        got = client.get(url)
        head = client.head(url)
        assert head.status_code == got.status_code != 405, url
        assert head.content == b"", url
        for name in ("content-type", "etag", "content-length", "cache-control"):
            assert head.headers.get(name) == got.headers.get(name), (url, name)


def test_a_foreign_host_is_refused_and_loopback_names_are_served() -> None:
    client = TestClient(create_app(), base_url=LOCAL)
    for host in ("127.0.0.1", "127.0.0.1:8765", "localhost", "LOCALHOST:80", "[::1]:8765"):
        assert client.get("/api/v1", headers={"host": host}).status_code == 200, host
    for host in ("evil.example", "evil.example:8765", "127.0.0.1.evil.example", "testserver"):
        res = client.get("/api/v1", headers={"host": host})
        assert res.status_code == 400, host
        assert "--allow-host" in res.json()["detail"]
    assert client.head("/api/v1", headers={"host": "evil.example"}).status_code == 400
    named = TestClient(create_app(hosts=["dash.example.org"]), base_url="http://dash.example.org")
    assert named.get("/api/v1").status_code == 200
    assert named.get("/api/v1", headers={"host": "other.example.org"}).status_code == 400


def test_allowed_hosts_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLYDRIFT_ALLOW_HOSTS", "a.example, B.example:9000 ,::1")
    assert allowed_hosts() == {*LOOPBACK_HOSTS, "a.example", "b.example"}
    client = TestClient(create_app(), base_url="http://b.example")
    assert client.get("/api/v1").status_code == 200
    monkeypatch.setenv("ALLYDRIFT_ALLOW_HOSTS", "*")
    client = TestClient(create_app(), base_url="http://anything.example")
    assert client.get("/api/v1").status_code == 200


@given(
    name=st.from_regex(
        r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?(\.[a-z0-9-]{1,10}){0,3}", fullmatch=True
    ),
    port=st.one_of(st.none(), st.integers(1, 65535)),
)
def test_host_names_ignore_port_and_case(name: str, port: int | None) -> None:
    header = name.upper() if port is None else f"{name.upper()}:{port}"
    assert host_name(header) == name
    assert (host_name(header) in allowed_hosts()) == (name in LOOPBACK_HOSTS)


@DATA
def test_a_corrupted_cache_answers_503_without_any_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    from allydrift.store.registry import entries
    from allydrift.store.transfer import verify

    entry = entries()[0]
    damaged = tmp_path / "cache" / "files" / entry.name
    damaged.parent.mkdir(parents=True)
    damaged.write_bytes(b"not the pinned bytes")
    monkeypatch.setenv("ALLYDRIFT_CACHE", str(tmp_path / "cache"))

    def corrupted(a: Any, b: Any) -> DyadData:
        verify(entry, damaged)  # the library's own error, which names the file
        msg = "verify accepted a damaged file"
        raise AssertionError(msg)

    monkeypatch.setattr(Service, "_compute_dyad", staticmethod(corrupted))
    client = TestClient(create_app(), base_url=LOCAL)
    for url in ("/api/v1/dyads/USA/JPN", "/dyads/USA/JPN", "/api/v1/dyads/USA/JPN/export"):
        res = client.get(url)
        assert res.status_code == 503, url
        assert str(tmp_path) not in res.text, url
        assert "/tmp" not in res.text, url
        assert f"allydrift fetch {entry.dataset} --force" in res.text, url


@given(
    parts=st.lists(st.from_regex(r"[A-Za-z0-9._-]{1,12}", fullmatch=True), min_size=1, max_size=6),
    root=st.sampled_from(["/home", "/tmp", "/var/cache", "/srv", "/work/x", "/Users/me"]),
)
def test_scrub_removes_every_absolute_path_and_keeps_app_urls(parts: list[str], root: str) -> None:
    path = "/".join([root, *parts])
    text = f"the cached file {path} is corrupted; see /api/v1/dyads/USA/JPN or '{path}'"
    clean = scrub(text)
    assert path not in clean
    assert root not in clean
    assert "/api/v1/dyads/USA/JPN" in clean
    assert scrub(clean) == clean


# --- the cache and the lanes on their own ----------------------------------------------------


def test_one_slow_key_does_not_block_another_and_one_key_is_computed_once() -> None:
    cache = LRUCache(maxsize=8)
    gate, started = threading.Event(), threading.Event()
    calls: list[str] = []

    def slow() -> str:
        calls.append("slow")
        started.set()
        gate.wait(30)
        return "S"

    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get("slow", slow))) for _ in range(5)
    ]
    threads[0].start()
    assert started.wait(10)
    for t in threads[1:]:
        t.start()
    other = threading.Thread(target=lambda: results.append(cache.get("fast", lambda: "F")))
    other.start()
    other.join(PROMPT)
    try:
        assert not other.is_alive()
        assert results == ["F"]
        assert cache.computing("slow")
    finally:
        gate.set()
    for t in threads:
        t.join(10)
    assert sorted(results) == ["F"] + ["S"] * 5
    assert calls == ["slow"]


def test_waiters_of_a_failed_computation_share_its_error_and_nothing_is_stored() -> None:
    cache = LRUCache(maxsize=2)
    gate = threading.Event()
    errors: list[BaseException] = []
    calls: list[int] = []

    def fail() -> None:
        calls.append(1)
        gate.wait(10)
        msg = "boom"
        raise ValueError(msg)

    entered: list[int] = []

    def ask() -> None:
        entered.append(1)
        try:
            cache.get("k", fail)
        except ValueError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for t in threads:
        t.start()
    while len(entered) < 3:
        time.sleep(0.01)
    time.sleep(0.3)  # all three are inside get(): one computes, two wait
    gate.set()
    for t in threads:
        t.join(10)
    assert len(errors) == 3
    assert len(calls) == 1
    assert len(cache) == 0
    assert cache.get("k", lambda: 1) == 1  # the next request tries again


def test_a_computation_that_asks_for_its_own_key_fails_instead_of_hanging() -> None:
    cache = LRUCache(maxsize=2)
    outcome: list[BaseException] = []

    def ask() -> None:
        try:
            cache.get("loop", lambda: cache.get("loop", lambda: 2))
        except RuntimeError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=ask, daemon=True)
    thread.start()
    thread.join(PROMPT)
    assert not thread.is_alive()
    assert "its own result" in str(outcome[0])


def test_a_lane_takes_one_slot_per_key_and_refuses_when_full() -> None:
    async def main() -> None:
        workers = Workers(Limits(workers=1, queue=1, retry_after=3))
        gate = threading.Event()
        try:
            first = [asyncio.ensure_future(workers.run("heavy", "a", gate.wait)) for _ in range(4)]
            second = asyncio.ensure_future(workers.run("heavy", "b", lambda: "b"))
            await asyncio.sleep(0.1)
            assert workers.busy("heavy") == 2
            with pytest.raises(Saturated) as refused:
                await workers.run("heavy", "c", lambda: "c")
            assert refused.value.retry_after == 3
            assert await workers.run("light", "c", lambda: "light") == "light"
            first[0].cancel()  # a client that leaves does not cancel the shared run
            gate.set()
            assert await asyncio.gather(*first[1:]) == [True] * 3
            assert await second == "b"
            workers.shutdown()  # as at the end of a lifespan; an app started again still runs
            assert await workers.run("heavy", "d", lambda: "d") == "d"
        finally:
            gate.set()
            workers.shutdown()

    asyncio.run(main())
