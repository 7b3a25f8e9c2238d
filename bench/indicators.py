"""Every registered indicator for all COW directed dyad-years 1946–latest, from a warm cache.

Run: python bench/indicators.py [--repeat 3]
Prints the whole-process time and peak memory (issue target: well under a minute on 2 cores).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _harness import median_of, row, run_process

BODY = """
import allydrift as ad
from allydrift.indicators import registered
names = list(registered())
d = ad.create_dyad_years("cow", directed=True, years=(1946, 2025))
d = ad.add_indicators(d, names)
print("ROWS", len(d), "COLS", d.shape[1], "INDICATORS", len(names), file=sys.stderr)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs = [run_process("import sys\n" + BODY) for _ in range(args.repeat)]
    res = median_of(runs)
    print(f"every indicator on all directed dyad-years 1946–2025 (median of {args.repeat})")
    print(row("whole process", res["wall_s"], "s", target="target: well under 60 s"))
    print(row("peak memory", res["peak_mb"], "MB"))


if __name__ == "__main__":
    main()
