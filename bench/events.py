"""Benchmark of the event pipeline: ingest + aggregate synthetic GDELT 2.0 events.

Run: python bench/events.py [--rows 10000000] [--scale 10] [--no-spark] [--no-big]

1. writes ``rows`` and ``rows × scale`` synthetic GDELT 2.0 events as TSV files under
   /tmp (10 M rows per file, ~180 bytes a line), deterministic (seed 0);
2. DuckDB: ``events.ingest`` (the real loader: raw TSV → validated, state-coded Parquet)
   then ``events.dyads(freq="month")`` (every undirected dyad-month), at both sizes;
3. Spark (local[2], spark.driver.memory 6g) on the ``rows`` data set;
4. plain pandas on the ``rows`` data set (``read_csv`` of the same files, the same
   country mapping and dyad-month aggregation) — the peer of BENCHMARKS.md
   (target: DuckDB ≥ 10× pandas, linear from 10 M to 100 M rows).

Each phase runs in a fresh process; peak memory is the largest resident set of that
process and its children (Spark's JVM), sampled every 0.1 s. Everything under /tmp is
deleted at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path("/tmp/allydrift-bench-events")
FILE_ROWS = 10_000_000


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            status = (entry / "status").read_text()
        except OSError:
            continue
        p = int(entry.name)
        children.setdefault(int(stat[1]), []).append(p)
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                rss[p] = int(line.split()[1])
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total / 1024


class PeakMemory:
    """Sample the process tree's RSS in a thread; ``peak_mb`` after ``stop``."""

    def __init__(self) -> None:
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, tree_rss_mb(os.getpid()))
            time.sleep(0.1)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak_mb


# --- phases (each run in its own process) --------------------------------------------------


def phase_generate(rows: int, folder: Path) -> dict:
    from allydrift.events import write_gdelt

    folder.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for i, first in enumerate(range(0, rows, FILE_ROWS)):
        n = min(FILE_ROWS, rows - first)
        write_gdelt(folder / f"part-{i:03d}.export.CSV", n, seed=i, days=3650)
    size = sum(f.stat().st_size for f in folder.iterdir())
    return {"seconds": time.perf_counter() - start, "bytes": size}


def phase_engine(engine: str, folder: Path, store: Path) -> dict:
    from allydrift import events

    options = {"driver_memory": "6g", "master": "local[2]"} if engine == "spark" else {}
    eng = events.connect(engine, **options)
    files = sorted(str(f) for f in folder.iterdir())
    start = time.perf_counter()
    (report,) = events.ingest(files, engine=eng, store=store)
    ingest_s = time.perf_counter() - start
    start = time.perf_counter()
    table = events.dyads(freq="month", engine=eng, store=store)
    aggregate_s = time.perf_counter() - start
    return {
        "ingest_s": ingest_s,
        "aggregate_s": aggregate_s,
        "events": report.events,
        "dyad_months": len(table),
        "checksum": int(table["n_events"].sum()),
    }


def phase_pandas(folder: Path) -> dict:
    """The peer: the same files, mapping and dyad-month aggregation in plain pandas."""
    import numpy as np
    import pandas as pd

    from allydrift.events.actors import cameo_maps

    default, _ = cameo_maps()
    codes = dict(zip(default["key"], default["ccode"], strict=True))
    cols = {0: "event_id", 1: "date", 7: "actor1", 17: "actor2", 29: "quad", 30: "goldstein"}
    start = time.perf_counter()
    parts = []
    for path in sorted(folder.iterdir()):
        df = pd.read_csv(
            path,
            sep="\t",
            header=None,
            usecols=list(cols),
            quoting=3,
            na_filter=False,
            dtype={1: "int64", 7: "str", 17: "str", 29: "int8", 30: "float64", 0: "int64"},
        )
        parts.append(df.rename(columns=cols))
    ev = pd.concat(parts, ignore_index=True)
    ingest_s = time.perf_counter() - start
    start = time.perf_counter()
    ev["c1"] = ev["actor1"].map(codes)
    ev["c2"] = ev["actor2"].map(codes)
    ev["period"] = ev["date"] // 100
    d = ev.dropna(subset=["c1", "c2"])
    d = d[d["c1"] != d["c2"]]
    lo, hi = np.minimum(d["c1"], d["c2"]), np.maximum(d["c1"], d["c2"])
    d = d.assign(a=lo, b=hi)
    quads = pd.get_dummies(d["quad"], prefix="q").astype("int64")
    agg = pd.concat([d[["a", "b", "period", "goldstein"]], quads], axis=1)
    table = (
        agg.groupby(["a", "b", "period"])
        .agg(
            n_events=("goldstein", "size"),
            goldstein_sum=("goldstein", "sum"),
            **{c: (c, "sum") for c in quads.columns},
        )
        .reset_index()
    )
    one = ev.loc[ev["c1"].notna(), ["c1", "period"]].rename(columns={"c1": "ccode"})
    two = ev.loc[ev["c2"].notna() & (ev["c1"] != ev["c2"]), ["c2", "period"]]
    totals = pd.concat([one, two.rename(columns={"c2": "ccode"})]).value_counts()
    totals = totals.rename("total").reset_index()
    table = table.merge(totals, left_on=["a", "period"], right_on=["ccode", "period"])
    table = table.merge(totals, left_on=["b", "period"], right_on=["ccode", "period"])
    table["share1"] = table["n_events"] / table["total_x"]
    table["coop_share"] = (table.get("q_1", 0) + table.get("q_2", 0)) / table["n_events"]
    aggregate_s = time.perf_counter() - start
    return {
        "ingest_s": ingest_s,
        "aggregate_s": aggregate_s,
        "events": len(ev),
        "dyad_months": len(table),
        "checksum": int(table["n_events"].sum()),
    }


def run_phase(*args: str) -> dict:
    """Run ``bench/events.py --phase …`` in a fresh process; add its peak memory."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    res = subprocess.run(
        [sys.executable, __file__, "--phase", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if res.returncode != 0:
        msg = f"phase {args} failed:\n{res.stderr[-3000:]}"
        raise RuntimeError(msg)
    return json.loads(res.stdout.strip().splitlines()[-1])


def _phase_main(argv: list[str]) -> None:
    name, *rest = argv
    mem = PeakMemory()
    if name == "generate":
        out = phase_generate(int(rest[0]), Path(rest[1]))
    elif name == "pandas":
        out = phase_pandas(Path(rest[0]))
    else:
        out = phase_engine(name, Path(rest[0]), Path(rest[1]))
    out["peak_mb"] = mem.stop()
    print(json.dumps(out))


# --- report --------------------------------------------------------------------------------


def line(label: str, rows: int, r: dict) -> str:
    total = r["ingest_s"] + r["aggregate_s"]
    return (
        f"{label:<24} {rows / 1e6:>6.0f} M  ingest {r['ingest_s']:7.1f} s "
        f"({rows / r['ingest_s'] / 1e6:5.2f} M rows/s)  aggregate {r['aggregate_s']:6.1f} s  "
        f"total {total:7.1f} s ({rows / total / 1e6:5.2f} M rows/s)  peak {r['peak_mb']:7.0f} MB"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--rows", type=int, default=10_000_000, help="base size (default 10 M)")
    ap.add_argument("--scale", type=int, default=10, help="big size = rows × scale")
    ap.add_argument("--no-spark", action="store_true", help="skip the Spark run")
    ap.add_argument("--no-big", action="store_true", help="skip the rows × scale run")
    ap.add_argument("--phase", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        _phase_main(args.phase)
        return
    shutil.rmtree(ROOT, ignore_errors=True)
    sizes = [args.rows] + ([] if args.no_big else [args.rows * args.scale])
    results: dict[tuple[str, int], dict] = {}
    try:
        for rows in sizes:
            data = ROOT / f"tsv-{rows}"
            gen = run_phase("generate", str(rows), str(data))
            print(
                f"generated {rows:,} events, {gen['bytes'] / 1e9:.1f} GB TSV in "
                f"{gen['seconds']:.0f} s",
                flush=True,
            )
            engines = ["duckdb"]
            if rows == args.rows:
                engines += ([] if args.no_spark else ["spark"]) + ["pandas"]
            for engine in engines:
                store = ROOT / f"store-{engine}-{rows}"
                phase = (
                    ("pandas", str(data)) if engine == "pandas" else (engine, str(data), str(store))
                )
                results[engine, rows] = r = run_phase(*phase)
                print(line(engine, rows, r), flush=True)
                shutil.rmtree(store, ignore_errors=True)
            shutil.rmtree(data, ignore_errors=True)
        summarise(results, sizes)
    finally:
        shutil.rmtree(ROOT, ignore_errors=True)


def summarise(results: dict[tuple[str, int], dict], sizes: list[int]) -> None:
    def total(r: dict) -> float:
        return r["ingest_s"] + r["aggregate_s"]

    base = sizes[0]
    duck = results["duckdb", base]
    print()
    if ("pandas", base) in results:
        pd_ = results["pandas", base]
        print(
            f"pandas / DuckDB, {base / 1e6:.0f} M: total ×{total(pd_) / total(duck):.1f}, "
            f"aggregate ×{pd_['aggregate_s'] / duck['aggregate_s']:.1f}, "
            f"memory ×{pd_['peak_mb'] / duck['peak_mb']:.1f}  (target ≥ 10× time)"
        )
        same = pd_["checksum"] == duck["checksum"] and pd_["dyad_months"] == duck["dyad_months"]
        print(f"  same dyad-months and event total as pandas: {same}")
    if ("spark", base) in results:
        sp = results["spark", base]
        print(
            f"Spark local[2] / DuckDB, {base / 1e6:.0f} M: total ×{total(sp) / total(duck):.1f}; "
            f"same result: {sp['checksum'] == duck['checksum']}"
        )
    if len(sizes) > 1:
        big = results["duckdb", sizes[1]]
        print(
            f"DuckDB growth {base / 1e6:.0f} M → {sizes[1] / 1e6:.0f} M rows "
            f"(×{sizes[1] / base:.0f}): time ×{total(big) / total(duck):.1f}, "
            f"ingest ×{big['ingest_s'] / duck['ingest_s']:.1f}, "
            f"aggregate ×{big['aggregate_s'] / duck['aggregate_s']:.1f}, "
            f"peak memory ×{big['peak_mb'] / duck['peak_mb']:.1f}"
        )


if __name__ == "__main__":
    main()
