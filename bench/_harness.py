"""Tiny benchmark harness: run a Python snippet in a fresh process, time it, read its peak RSS."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time

PROBE = """
import json, resource, sys, time
t0 = time.perf_counter()
{body}
print(json.dumps({{"inner_s": time.perf_counter() - t0,
                   "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def run_process(body: str, env: dict[str, str] | None = None) -> dict[str, float]:
    """Wall time of a whole ``python -c`` process, its inner time and peak memory."""
    start = time.perf_counter()
    res = subprocess.run(
        [sys.executable, "-c", PROBE.format(body=body)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )
    wall = time.perf_counter() - start
    if res.returncode != 0:
        raise RuntimeError(res.stderr[-2000:])
    stats = json.loads(res.stdout.strip().splitlines()[-1])
    return {"wall_s": wall, **stats}


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    """Per-key median of several runs."""
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def row(label: str, value: float, unit: str, peer: float | None = None, target: str = "") -> str:
    """A printed result line, with the ratio against the peer if there is one."""
    ratio = f"  peer {peer:g} {unit} → ×{peer / value:.1f}" if peer else ""
    return f"{label:<58} {value:>9.3f} {unit:<4}{ratio}  {target}"
