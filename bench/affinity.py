"""Benchmark: UN voting affinity (4 measures × 8 vote subsets) for every dyad-year.

Run: ``ALLYDRIFT_CACHE=... python bench/affinity.py`` (the UN votes must be in the cache).
Prints medians of several runs; the target is "a few seconds" for the whole table.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time

RUNS = 5


def _median(func, runs: int = RUNS) -> tuple[float, float, object]:
    """Median wall and CPU seconds of ``runs`` calls (CPU time is robust to a busy machine)."""
    wall, cpu, result = [], [], None
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = func()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu), result


def main() -> None:
    from allydrift.affinity import dyad_affinity, load_roll_calls
    from allydrift.affinity.tables import _compute

    start = time.perf_counter()
    data = load_roll_calls()
    first_load = time.perf_counter() - start
    print(f"votes: {len(data.votes):,} rows, {len(data.roll_calls):,} roll calls")
    print(f"assemble votes (unvotes + session-78 supplement, from Parquet): {first_load:.2f} s")
    print("(the cached all-pairs tables are built once per cache; below: computing afresh)")

    secs, cpu, table = _median(lambda: _compute(None, None, True))
    mem = table.memory_usage(deep=True).sum() / 2**20
    print(
        f"all measures, all subsets, all dyad-years: {secs:.2f} s wall, {cpu:.2f} s CPU, "
        f"median of {RUNS} ({len(table):,} dyad-years × {table.shape[1] - 3} columns, "
        f"{mem:.0f} MiB)"
    )
    secs, cpu, _ = _median(lambda: dyad_affinity("USA", "JPN", "kappa", "nu"))
    print(
        f"one dyad, all years (USA–JPN kappa on nuclear votes): {secs * 1000:.0f} ms wall, "
        f"{cpu * 1000:.0f} ms CPU"
    )

    wide = "from allydrift.affinity import un_affinity_table; un_affinity_table()"
    _report_process("whole process: read the cached wide table (all subsets)", [wide])
    verb = (
        "import allydrift as ad; d = ad.create_dyad_years('cow', directed=True); "
        "d = ad.add_un_affinity(d, ['agreement', 'sscore', 'kappa', 'pi'])"
    )
    _report_process("whole process: all COW directed dyad-years + add_un_affinity", [verb])
    cli = "from allydrift.cli import main; main()"
    _report_process(
        "whole process: `allydrift affinity USA JPN --format csv`",
        [cli, "affinity", "USA", "JPN", "--format", "csv"],
    )


def _report_process(label: str, args: list[str], runs: int = 3) -> None:
    """Median wall and CPU time (user + system, from the child's rusage) of a process."""
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", *args], capture_output=True, check=True)
        wall.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    med_wall, med_cpu = statistics.median(wall), statistics.median(cpu)
    print(f"{label}: {med_wall:.2f} s wall, {med_cpu:.2f} s CPU")


if __name__ == "__main__":
    main()
