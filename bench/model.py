"""Benchmark: the cohesion measurement model — full reference fit and one pair from it.

Run from the repository root with a warm cache:

    ALLYDRIFT_CACHE=... PYTHONPATH=src python bench/model.py

Prints the time to build the reference panel, the time of the fit (every latent, EM
with the vectorised Kalman smoother), its size, the peak memory, and the time to score
US–Japan with the fitted items. The cached fit is not used (the fit is timed). For the
whole ``allydrift index USA JPN`` process from the cached fit, use
``/usr/bin/time -v allydrift index USA JPN``.
"""

from __future__ import annotations

import resource
import time
import warnings


def main() -> None:
    warnings.simplefilter("ignore")
    from allydrift.index import model as mm

    t0 = time.perf_counter()
    panel = mm.reference_panel()
    t_panel = time.perf_counter() - t0
    t0 = time.perf_counter()
    items, trans = mm.fit_panel(panel)
    t_fit = time.perf_counter() - t0
    fitted = mm.from_tables(panel.indicators, items, trans)
    t0 = time.perf_counter()
    post = mm.score_pairs([(2, 740)], fitted, contributions=True)
    t_pair = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pairs = panel.keys[["ccode1", "ccode2"]].drop_duplicates()
    print(
        f"reference panel: {len(pairs)} dyads, {len(panel.keys)} dyad-years, "
        f"{len(panel.indicators)} indicators: {t_panel:.1f} s"
    )
    print(
        f"fit ({items['fit'].nunique()} latents, "
        f"{int(items.groupby('fit')['iterations'].first().sum())} EM iterations): {t_fit:.1f} s"
    )
    print(f"score USA-JPN with the fitted items ({len(post.keys)} years): {t_pair:.2f} s")
    print(f"peak memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
