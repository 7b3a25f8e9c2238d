"""Benchmark: the full 1946–2023 dynamic ordinal ideal-point fit against the emIRT peer.

Run: ``PYTHONPATH=src python bench/ideal.py [--runs 5] [--subsets]``. Prints the median
time of several fits (tables already loaded, as an R session has them in memory), the
iterations, peak memory, and the correlations with the published Bailey–Strezhnev–Voeten
estimates, with ratios against R emIRT ``dynIRT`` measured on this machine kind
(BENCHMARKS.md: 4.0 s single-thread, 89 iterations, 105 MB, r = 0.917 / 0.956).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
import tracemalloc

PEER = {"seconds": 4.0, "iterations": 89, "mb": 105.0, "pooled": 0.917, "within": 0.956}
TARGET = {"seconds": 2.0, "pooled": 0.95, "within": 0.97}
SUBSETS = [
    ({"issue": "nuclear", "years": (1978, 2019)}, "nuclear"),
    ({"issue": "human_rights", "years": (1970, 2019)}, "human_rights"),
    ({"issue": "middle_east", "years": (1974, 2019)}, "middle_east"),
    ({"important": True, "years": (1983, 2018)}, "important"),
]


def timed_fits(runs: int, threads: int):
    """Fits, median wall seconds and median CPU seconds (all threads) per fit."""
    from allydrift import ideal

    fits, cpu = [], []
    for _ in range(runs):
        c0 = time.process_time()
        fits.append(ideal.fit(threads=threads))
        cpu.append(time.process_time() - c0)
    return fits, statistics.median(f.seconds for f in fits), statistics.median(cpu)


def peak_traced_mb(threads: int) -> float:
    from allydrift import ideal

    tracemalloc.start()
    ideal.fit(threads=threads)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def line(label: str, value: float, unit: str, peer: float | None, better: str) -> str:
    if peer is None:
        return f"  {label:<44} {value:>8.3f} {unit}"
    ratio = peer / value if better == "lower" else value / peer
    return f"  {label:<44} {value:>8.3f} {unit:<3} peer {peer:g} -> x{ratio:.2f}"


def subsets_table() -> None:
    from allydrift import ideal
    from allydrift.sources import bsv_idealpoints

    print("\nissue subsets against the matching BSV series (pooled / median within-year r):")
    for kwargs, table in SUBSETS:
        res = ideal.fit(uncertainty="none", **kwargs)
        acc = ideal.correlations(res.points, bsv_idealpoints.load(table))
        print(
            f"  {table:<13} {res.counts['roll_calls']:>5} roll calls {res.iterations:>3} it "
            f"{res.seconds:5.2f} s  r = {acc.pooled:.3f} / {acc.within_year:.3f}"
        )


def report(runs: int) -> None:
    from allydrift import ideal

    ideal.fit(uncertainty="none")  # warm-up
    fits, sec2, _ = timed_fits(runs, threads=2)
    _, sec1, cpu1 = timed_fits(runs, threads=1)
    res = fits[0]
    acc = ideal.against_bsv(res.points)
    est = statistics.median(f.timings["estimate"] for f in fits)
    prep = statistics.median(f.timings["prepare"] for f in fits)
    traced = peak_traced_mb(threads=2)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    c = res.counts
    print(
        f"  data: {c['votes']:,} votes, {c['roll_calls']:,} roll calls ({c['items']:,} items "
        f"after bridging), {c['state_periods']:,} state-years, {c['states']} states"
    )
    print(f"full fit, median of {runs} runs (selection + estimation + Laplace sd):")
    print(line("time, 2 threads [target < 2 s]", sec2, "s", PEER["seconds"], "lower"))
    print(line("time, 1 thread", sec1, "s", PEER["seconds"], "lower"))
    print(line("CPU time, 1 thread (~ wall time when idle)", cpu1, "s", PEER["seconds"], "lower"))
    print(line("  of which preparing the data (2 threads)", prep, "s", None, ""))
    print(line("  of which estimation (2 threads)", est, "s", None, ""))
    print(line("iterations (map evaluations)", res.iterations, "", PEER["iterations"], "lower"))
    print(line("peak traced memory during the fit", traced, "MB", PEER["mb"], "lower"))
    print(line("peak RSS of the process (incl. tables)", rss, "MB", None, ""))
    print(line("pooled r vs BSV [target >= 0.95]", acc.pooled, "", PEER["pooled"], "higher"))
    within = acc.within_year
    print(line("median within-year r [target >= 0.97]", within, "", PEER["within"], "higher"))
    print(f"  converged: {res.converged}; {acc.n:,} state-years in {len(acc.by_year)} years")
    met = sec2 < TARGET["seconds"] and acc.pooled >= TARGET["pooled"]
    print(f"targets met: {met and within >= TARGET['within']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--subsets", action="store_true", help="also fit the issue subsets")
    args = parser.parse_args()
    from allydrift.ideal.fitting import _load_tables

    t0 = time.perf_counter()
    _load_tables()
    load_s = time.perf_counter() - t0
    print(f"ideal-point benchmark ({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f})")
    print(f"  loading the vote tables (once, Parquet cache): {load_s:.2f} s")
    report(args.runs)
    if args.subsets:
        subsets_table()


if __name__ == "__main__":
    main()
