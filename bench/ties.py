"""Time the ties and public-opinion indicators for all dyads, and the GDELT parse.

Run: ALLYDRIFT_CACHE=... ALLYDRIFT_MIRROR=../shared/data python bench/ties.py [--repeat 5]

Prints, per indicator, the median wall time of computing it for every dyad and year from
the Parquet cache (the in-process table memory cleared before each run), the row count,
and the time to parse the 2,149 GDELT matrices from the cached files (done once, then
cached as Parquet). Target: every indicator in seconds, the GDELT parse once.
"""

from __future__ import annotations

import argparse
import statistics
import time

from allydrift.indicators import compute, registered
from allydrift.store.tables import clear_memory

NAMES = [
    "pact_defense",
    "joint_exercises",
    "us_president_trips",
    "us_secstate_trips",
    "leader_visits_to_us",
    "leader_contacts",
    "trade_share",
    "trade_share_min",
    "icews_coop_share",
    "icews_events",
    "gdelt_coop_share",
    "gdelt_net_coop",
    "us_favourable_view",
    "us_president_confidence",
]


def _time(func, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        clear_memory()
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def gdelt_parse_seconds() -> float:
    """Parse the cached daily matrices into the long table (without writing Parquet)."""
    from allydrift.sources import gdelt_country_graph as gdelt
    from allydrift.store import ensure

    paths = [ensure(entry) for entry in gdelt._edge_inputs()]
    start = time.perf_counter()
    edges = gdelt._edges(paths)
    seconds = time.perf_counter() - start
    print(f"{'gdelt parse (2,149 files)':28s} {seconds:7.2f} s  {len(edges):>10,d} rows")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    registered()
    for name in NAMES:
        compute(name)  # warm the Parquet cache
    print(f"{'indicator (all dyads)':28s} {'median':>9s}  {'rows':>10s}")
    total = 0.0
    for name in NAMES:
        seconds, rows = _time(lambda n=name: compute(n), args.repeat)
        total += seconds
        print(f"{name:28s} {seconds:7.2f} s  {len(rows):>10,d}")
    print(f"{'all of the above':28s} {total:7.2f} s")
    gdelt_parse_seconds()


if __name__ == "__main__":
    main()
