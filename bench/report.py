"""Time report generation for one dyad from a warm cache (whole process, as a user runs it).

Runs ``allydrift report A B -f FORMAT -o FILE`` in a fresh Python process several times
(the first run warms the Parquet cache and is reported separately) and prints the median
wall time and peak memory. Target (BENCHMARKS.md): under 3 s whole process, warm cache.

    python bench/report.py                  # USA JPN, html, 1 warm-up + 3 timed runs
    python bench/report.py USA KOR --format pdf --runs 5
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 3.0


def run_once(args: argparse.Namespace, out: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + sys) and peak RSS (MB) of one report process.

    CPU time is what the report costs; wall time also counts waiting for a busy machine.
    """
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[1] / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    cmd = [sys.executable, "-m", "allydrift", "report", args.a, args.b, "-f", args.format]
    cmd += ["-o", str(out)]
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu0 = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        msg = f"report failed ({done.returncode}): {done.stderr.strip()}"
        raise SystemExit(msg)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = max(usage.ru_maxrss, before) / 1024
    return wall, usage.ru_utime + usage.ru_stime - cpu0, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("a", nargs="?", default="USA")
    parser.add_argument("b", nargs="?", default="JPN")
    parser.add_argument("--format", default="html", choices=["html", "md", "png", "svg", "pdf"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"report.{args.format}"
        warm, _, _ = run_once(args, out)
        print(f"warm-up run: {warm:.2f} s")
        times, cpus, peaks = [], [], []
        for i in range(args.runs):
            wall, cpu, peak = run_once(args, out)
            times.append(wall)
            cpus.append(cpu)
            peaks.append(peak)
            print(f"run {i + 1}: {wall:.2f} s wall, {cpu:.2f} s CPU")
        size = out.stat().st_size
    median = statistics.median(times)
    verdict = "meets" if median < TARGET_S else "MISSES"
    print(
        f"allydrift report {args.a} {args.b} -f {args.format}: median {median:.2f} s wall "
        f"(min {min(times):.2f} s), {statistics.median(cpus):.2f} s CPU, over {args.runs} runs; "
        f"peak RSS {max(peaks):.0f} MB, "
        f"output {size / 1e6:.2f} MB — {verdict} the {TARGET_S:.0f} s target "
        f"({median / TARGET_S:.2f}× of it); load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
