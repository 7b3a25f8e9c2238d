"""Benchmarks of the data layer and the dyad-year builder.

Run: python bench/foundation.py [--mirror ../shared/data] [--repeat 3]

1. cold: a fresh cache, import of every core source from the mirror and parse of every table;
2. warm: ``allydrift dyad USA JPN`` as a whole process on the warm cache;
3. bare COW directed dyad-years (peer: peacesciencer create_dyadyears() 1.95 s);
4. all COW directed dyad-years + ATOP + NMC + UN agreement + SIPRI as a whole process
   + rivalries + GML MIDs (peer: peacesciencer 1.2.9 12.6–14.7 s and 1.84 GiB; target
   < 1.5 s and < 400 MB);
5. the peacesciencer chain create → ATOP → NMC → rivalries → GML MIDs → contiguity →
   capital distance → peace spells, as a whole process (peer: peacesciencer 1.2.9 on
   create → ATOP → NMC → rivalries → GML MIDs, 11.1 s and 1.8 GiB; target ≤ 1.5 s and
   ≤ 400 MB). ``--only chain`` runs this one alone.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _harness import median_of, row, run_process

CORE = [
    "state_system",
    "unvotes",
    "unga_vote_matrix",
    "bsv_idealpoints",
    "atop",
    "cow_nmc",
    "troopdata",
    "sipri_milex",
]

COLD = """
import allydrift.sources as s
from allydrift.store import import_mirror
import_mirror(__import__('pathlib').Path({mirror!r}), {core!r}, progress=False)
for sid in {core!r}:
    mod = s.module(sid)
    for name in mod._TABLES:
        mod.load(name)
"""

BARE = """
from allydrift.dyads import create_dyad_years
from allydrift.countries import state_years
state_years()
t = time.perf_counter()
d = create_dyad_years("cow", directed=True)
print("BARE", time.perf_counter() - t, len(d), file=sys.stderr)
"""

PANEL = """
import allydrift as ad
d = ad.create_dyad_years("cow", directed=True)
d = ad.add_atop_alliance(d)
d = ad.add_nmc(d)
d = ad.add_un_agreement(d)
d = ad.add_sipri_milex(d)
d = ad.add_rivalries(d)
d = ad.add_gml_mids(d)
assert len(d) > 2_000_000
"""

CHAIN = """
import allydrift as ad
d = ad.create_dyad_years("cow", directed=True)
d = ad.add_atop_alliance(d)
d = ad.add_nmc(d)
d = ad.add_rivalries(d)
d = ad.add_gml_mids(d)
d = ad.add_contiguity(d)
d = ad.add_capital_distance(d)
d = ad.add_spells(d, "gmlmidonset")
assert len(d) == 2_252_760
"""


def chain(repeat: int) -> None:
    """The peacesciencer chain as a whole process, beside peacesciencer's figures."""
    run = median_of([run_process(CHAIN) for _ in range(repeat)])
    label = "ps chain + contiguity + capdist + spells, process"
    print(row(label, run["wall_s"], "s", peer=11.1, target="target ≤ 1.5 s"))
    print(row("  … its peak memory", run["peak_mb"], "MB", peer=1843, target="target ≤ 400 MB"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", default=str(Path(__file__).parents[2] / "shared" / "data"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=["chain"], default=None)
    args = parser.parse_args()
    if args.only == "chain":
        chain(args.repeat)
        return

    cold_runs = []
    for _ in range(args.repeat):
        cache = tempfile.mkdtemp(prefix="allydrift-bench-")
        try:
            body = COLD.format(mirror=args.mirror, core=CORE)
            cold_runs.append(run_process(body, env={"ALLYDRIFT_CACHE": cache}))
        finally:
            shutil.rmtree(cache, ignore_errors=True)
    cold = median_of(cold_runs)

    warm = []
    for _ in range(args.repeat + 1):
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "allydrift", "dyad", "USA", "JPN", "-f", "csv"],
            capture_output=True,
            check=True,
            env=os.environ,
        )
        warm.append(time.perf_counter() - t)
    warm_s = sorted(warm[1:])[len(warm[1:]) // 2]

    bare_times = []
    for _ in range(args.repeat):
        res = subprocess.run(
            [sys.executable, "-c", "import sys, time\n" + BARE],
            capture_output=True,
            text=True,
            check=True,
        )
        line = next(x for x in res.stderr.splitlines() if x.startswith("BARE"))
        bare_times.append(float(line.split()[1]))
        rows = int(line.split()[2])
    bare = sorted(bare_times)[len(bare_times) // 2]

    panel = median_of([run_process(PANEL) for _ in range(args.repeat)])

    print(f"allydrift foundation benchmarks (median of {args.repeat}; cores: {os.cpu_count()})")
    print(row("cold: import + parse all core sources (fresh cache)", cold["wall_s"], "s"))
    print(row("warm: `allydrift dyad USA JPN` whole process", warm_s, "s", target="target < 3 s"))
    print(
        row(
            f"bare COW directed dyad-years ({rows:,} rows)",
            bare,
            "s",
            peer=1.95,
            target="target < 0.2 s",
        )
    )
    label = "dyad-years + ATOP + NMC + UN + SIPRI + rivalries + MIDs, process"
    print(row(label, panel["wall_s"], "s", peer=13.6, target="target < 1.5 s"))

    print(row("  … its peak memory", panel["peak_mb"], "MB", peer=1884, target="target < 400 MB"))
    chain(args.repeat)


if __name__ == "__main__":
    main()
