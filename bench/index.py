"""Benchmark: the Alliance Cohesion Index and change points for every allied dyad, all years.

Run from the repository root with a warm cache:

    ALLYDRIFT_CACHE=... ALLYDRIFT_MIRROR=... PYTHONPATH=src python bench/index.py [--draws 200]

Prints the time of each stage (scoring, bootstrap bands, change points on the linked
overall and dimension series), the sizes, and the peak memory of the process.
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=200, help="bootstrap draws (default 200)")
    args = parser.parse_args()

    from allydrift.drift import detect
    from allydrift.index import allied_pairs, score_panel
    from allydrift.index.uncertainty import bands

    start = time.perf_counter()
    pairs = [tuple(map(int, p)) for p in allied_pairs().itertuples(index=False)]
    s = score_panel(pairs)
    t_score = time.perf_counter() - start

    t0 = time.perf_counter()
    band = bands(s.panel.values, s.panel.se, s.posts(), s.layout, draws=args.draws)
    t_bands = time.perf_counter() - t0

    t0 = time.perf_counter()
    dyad = s.keys.groupby(["ccode1", "ccode2"], sort=False).ngroup().to_numpy()
    cuts = np.flatnonzero(np.diff(dyad)) + 1
    series = [s.linked.overall, *s.linked.dimensions.T]
    found = 0
    for values in series:
        for part in np.split(values, cuts):
            part = part[~np.isnan(part)]
            found += len(detect(part))
    t_cp = time.perf_counter() - t0

    total = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"allied dyads              {len(pairs):>10,}")
    print(f"dyad-years scored         {len(s.keys):>10,}")
    print(f"indicators / dimensions   {len(s.layout.indicators):>6} / {len(s.layout.dimensions)}")
    print(f"series searched           {len(series) * (len(cuts) + 1):>10,}")
    print(f"change points found       {found:>10,}")
    print(f"score + link              {t_score:>9.2f} s")
    print(f"bands ({args.draws} draws)         {t_bands:>9.2f} s")
    print(f"change points             {t_cp:>9.2f} s")
    print(f"total                     {total:>9.2f} s")
    print(f"peak memory               {peak:>9.0f} MB")
    print(f"band finite share         {np.isfinite(band.lower).mean():>10.3f}")


if __name__ == "__main__":
    main()
