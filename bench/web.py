"""Load benchmark of the web app: requests/s and p50/p99 latency of a cached dyad.

Starts ``allydrift serve``'s app with uvicorn on a free 127.0.0.1 port (a subprocess),
warms the dyad once, then sends a bounded number of GET requests from an async httpx
client with a fixed concurrency, for at most ``--seconds``. Target (BENCHMARKS.md): p99
under 50 ms for a cached dyad on a 2-core machine.

    python bench/web.py                      # 3 runs of 2,000 requests, concurrency 8
    python bench/web.py --path /api/v1/compare?dyads=USA-JPN,USA-KOR --requests 500
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

HOST = "127.0.0.1"
TARGET_P99_MS = 50.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[1] / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    cmd = [
        sys.executable, "-m", "uvicorn", "allydrift.web:create_app", "--factory",
        "--host", HOST, "--port", str(port), "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    return subprocess.Popen(cmd, env=env)


def wait_ready(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/v1", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit(f"the server at {base} did not start within {timeout:.0f} s")


async def load(url: str, requests: int, concurrency: int, seconds: float) -> tuple[list, float]:
    latencies: list[float] = []
    remaining = requests
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal remaining
        while remaining > 0 and time.perf_counter() < deadline:
            remaining -= 1
            t0 = time.perf_counter()
            res = await client.get(url)
            latencies.append(time.perf_counter() - t0)
            if res.status_code != 200:
                raise SystemExit(f"{url} answered {res.status_code}: {res.text[:200]}")

    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        start = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    return latencies, elapsed


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--path", default="/api/v1/dyads/USA/JPN")
    parser.add_argument("--requests", type=int, default=2000, help="per run (bounded)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0, help="per run, at most")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    port = free_port()
    base = f"http://{HOST}:{port}"
    server = start_server(port)
    try:
        wait_ready(base)
        t0 = time.perf_counter()
        cold = httpx.get(base + args.path, timeout=120)
        cold_s = time.perf_counter() - t0
        print(f"{args.path}: first (cold) request {cold_s * 1000:.0f} ms, "
              f"{len(cold.content):,} bytes, status {cold.status_code}")  # fmt: skip
        rows = []
        for run in range(1, args.runs + 1):
            cpu0 = cpu_seconds(server.pid)
            lat, elapsed = asyncio.run(
                load(base + args.path, args.requests, args.concurrency, args.seconds)
            )
            cpu_ms = (cpu_seconds(server.pid) - cpu0) / len(lat) * 1000
            rps, p50, p99 = len(lat) / elapsed, percentile(lat, 0.5), percentile(lat, 0.99)
            rows.append((rps, p50 * 1000, p99 * 1000, cpu_ms))
            print(f"run {run}: {len(lat):,} requests in {elapsed:.2f} s — {rps:,.0f} req/s, "
                  f"p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, "
                  f"server CPU {cpu_ms:.2f} ms/request")  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=10)
    rps, p50, p99, cpu_ms = (statistics.median(col) for col in zip(*rows, strict=True))
    load_avg = os.getloadavg()[0]
    print(f"machine load average (1 min) at the end: {load_avg:.1f} on {os.cpu_count()} cores")
    verdict = "meets" if p99 < TARGET_P99_MS else "MISSES"
    print(
        f"median of {len(rows)} runs (concurrency {args.concurrency}): {rps:,.0f} req/s, "
        f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, server CPU {cpu_ms:.2f} ms/request — {verdict} "
        f"the p99 < {TARGET_P99_MS:.0f} ms "
        f"target ({p99 / TARGET_P99_MS:.2f}× of it)"
    )


if __name__ == "__main__":
    main()
