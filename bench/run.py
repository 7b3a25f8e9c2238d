"""Run every benchmark, one after the other, and print their figures.

Run: python bench/run.py [--only foundation,ideal,...] [--quick]

Each benchmark is also runnable on its own (python bench/NAME.py --help). ``--quick`` uses
fewer repetitions and the small event scale; the figures in docs/benchmarks.md come from a
full run on an otherwise idle 2-core machine.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent

# name: (arguments for a full run, arguments for a quick run)
BENCHES: dict[str, tuple[list[str], list[str]]] = {
    "foundation": (["--repeat", "3"], ["--repeat", "1"]),
    "affinity": ([], []),
    "ideal": (["--runs", "5"], ["--runs", "1"]),
    "dimensions": ([], []),
    "ties": (["--repeat", "5"], ["--repeat", "1"]),
    "indicators": (["--repeat", "3"], ["--repeat", "1"]),
    "index": ([], []),
    "core": (["--runs", "5", "--build"], ["--runs", "1"]),
    "text": ([], []),
    "events": ([], []),
    "report": (["--runs", "3"], ["--runs", "1"]),
    "web": (["--runs", "3"], ["--runs", "1", "--requests", "500"]),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated benchmark names")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    chosen = [n for n in args.only.split(",") if n] or list(BENCHES)
    failed = []
    for name in chosen:
        script = HERE / f"{name}.py"
        if not script.is_file():
            print(f"== {name}: not present, skipped")
            continue
        extra = BENCHES.get(name, ([], []))[1 if args.quick else 0]
        print(f"== {name}", flush=True)
        start = time.perf_counter()
        res = subprocess.run([sys.executable, str(script), *extra], check=False)
        print(f"   ({time.perf_counter() - start:.1f} s)", flush=True)
        if res.returncode:
            failed.append(name)
    if failed:
        sys.exit(f"benchmarks that failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
