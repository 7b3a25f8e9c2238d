"""Speed of the values, burden-sharing, presence and threat indicators (all dyads at once).

Run from the repository root with the cache filled::

    ALLYDRIFT_CACHE=... PYTHONPATH=src python bench/dimensions.py

Prints, per indicator, the median time of several warm computations for every dyad and
year, then a whole-process run of the peacesciencer-style pipeline (all COW directed
dyad-years + ATOP + NMC + rivalries + GML MIDs) with its wall time and peak memory,
against peacesciencer 1.2.9's 12.6–14.7 s and 1.84 GiB (BENCHMARKS.md).
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time

NAMES = [
    "polyarchy_gap",
    "polity_gap",
    "joint_democracy",
    "milex_gdp_gap",
    "mids_initiated",
    "mids_initiated_gap",
    "milex_usd",
    "milex_nmc",
    "milex_share",
    "milex_junior_share",
    "milex_gdp_ratio",
    "milex_gdp_parity",
    "mids_joined",
    "mids_joined_share",
    "wars_same_side",
    "us_troops_per_100k",
    "us_bases",
    "us_construction",
    "rivalry_tss",
    "rivalry_td",
    "shared_rivals_tss",
    "shared_rivals_td",
    "shared_rival_cinc",
    "common_mid_adversaries",
    "terr_threat",
    "nk_missile_tests",
]
PIPELINE = """
from allydrift.dyads import create_dyad_years
from allydrift import verbs
d = create_dyad_years("cow", directed=True)
d = verbs.add_atop_alliance(d)
d = verbs.add_nmc(d)
d = verbs.add_rivalries(d)
d = verbs.add_gml_mids(d)
print(len(d), len(d.columns))
"""
PEER_SECONDS = (12.6, 14.7)
PEER_GIB = 1.84


def indicator_times(repeats: int = 5) -> None:
    from allydrift.indicators import compute

    start = time.perf_counter()
    rows = {name: len(compute(name)) for name in NAMES}
    print(f"first computation of all {len(NAMES)} indicators: {time.perf_counter() - start:.2f} s")
    total = 0.0
    for name in NAMES:
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            compute(name)
            times.append(time.perf_counter() - t0)
        med = statistics.median(times)
        total += med
        print(f"  {name:<24} {rows[name]:>10,} rows  {med:6.3f} s")
    print(f"all {len(NAMES)} indicators, warm, sum of medians: {total:.2f} s")


def pipeline(repeats: int = 3) -> None:
    walls, peaks = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", PIPELINE], check=True, capture_output=True)
        walls.append(time.perf_counter() - t0)
        peaks.append(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2)
    wall, peak = statistics.median(walls), max(peaks)
    print(f"pipeline (whole process): {wall:.2f} s, peak {peak:.2f} GiB")
    print(
        f"  vs peacesciencer {PEER_SECONDS[0]}–{PEER_SECONDS[1]} s: "
        f"{PEER_SECONDS[0] / wall:.1f}–{PEER_SECONDS[1] / wall:.1f}× faster; "
        f"memory {PEER_GIB / peak:.1f}× leaner"
    )


if __name__ == "__main__":
    indicator_times()
    pipeline()
