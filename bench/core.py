"""Whole-process timings of one-pair questions over the materialised panel (warm cache).

Run: python bench/core.py [--runs 5] [--build]

Each command runs as a user would run it (a new ``allydrift`` process, bytecode caching
on); the table gives the median wall time, the median CPU time (user + system: less
sensitive to other load on a shared machine) and the peak memory, with the load average
before and after. ``--build`` also times ``allydrift build`` when nothing is missing. The
figures in bench/README.md come from this script.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {
    "dyad USA JPN --format csv": 1.0,
    "index USA JPN": 1.0,
    "report USA JPN (fresh)": 2.0,
    "rank --with USA": 1.5,
}
COMMANDS = {
    "--help": ["--help"],
    "dyad USA JPN --format csv": ["dyad", "USA", "JPN", "--format", "csv"],
    "index USA JPN": ["index", "USA", "JPN"],
    "report USA JPN (fresh)": ["report", "USA", "JPN", "-o", "{tmp}/r.html"],
    "rank --with USA": ["rank", "--with", "USA"],
}


def _exe() -> str:
    found = shutil.which("allydrift") or str(Path(sys.executable).with_name("allydrift"))
    return found


def run_once(args: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    res = subprocess.run([_exe(), *args], env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if res.returncode != 0:
        msg = f"allydrift {' '.join(args)} failed: {res.stderr[-1000:]}"
        raise RuntimeError(msg)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024


def _peak(args: list[str], env: dict[str, str]) -> float:
    """Peak RSS of one run, measured by GNU time (ru_maxrss of children is a maximum)."""
    gnu = shutil.which("time") or "/usr/bin/time"
    res = subprocess.run(
        [gnu, "-f", "%M", _exe(), *args], env=env, capture_output=True, text=True, check=False
    )
    return int(res.stderr.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--build", action="store_true", help="also time a no-op build")
    opts = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.setdefault("ALLYDRIFT_OFFLINE", "1")
    tmp = tempfile.mkdtemp(prefix="allydrift-bench-")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'command':<30} {'wall s':>8} {'cpu s':>8} {'peak MB':>8}  target")
    commands = dict(COMMANDS)
    if opts.build:
        commands["build (nothing missing)"] = ["build"]
    for label, template in commands.items():
        args = [a.replace("{tmp}", tmp) for a in template]
        run_once(args, env)  # warm the OS file cache and bytecode
        walls, cpus = [], []
        for _ in range(opts.runs):
            if "report" in args:
                _clear_memo(env)
            wall, cpu, _ = run_once(args, env)
            walls.append(wall)
            cpus.append(cpu)
        if "report" in args:
            _clear_memo(env)
        peak = _peak(args, env)
        target = TARGETS.get(label)
        note = f"≤ {target:g} s" if target else ""
        print(
            f"{label:<30} {statistics.median(walls):>8.2f} {statistics.median(cpus):>8.2f} "
            f"{peak:>8.0f}  {note}"
        )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    shutil.rmtree(tmp, ignore_errors=True)


def _clear_memo(env: dict[str, str]) -> None:
    """Remove stored reports so the next report is computed afresh."""
    root = Path(env.get("ALLYDRIFT_CACHE") or "")
    folder = root / "reports"
    if root != Path() and folder.is_dir():
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
