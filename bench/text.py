"""Benchmark: text as evidence — embedding UN speeches on the CPU, similarity, salience, analysis.

Run: ``ALLYDRIFT_CACHE=... python bench/text.py [--full]`` (the ``ungdc`` speeches must be
in the cache or the mirror; the embedding part needs the ``text`` extra).

Prints wall and CPU seconds (CPU time is robust to a busy machine), speeches and passages
per second for the sentence model on a sample of speeches, the corpus total extrapolated
from it (or measured, with ``--full``, in a fresh embedding folder), and the peak memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

SAMPLE_SPEECHES = 12
RUNS = 3
FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "text"


def _timed(func, runs: int = 1) -> tuple[float, float, object]:
    """Median wall and CPU seconds of ``runs`` calls."""
    wall, cpu, result = [], [], None
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = func()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu), result


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_corpus_tables() -> None:
    from allydrift.text.corpus import state_speeches
    from allydrift.text.salience import _build_terms
    from allydrift.text.similarity import _build

    secs, cpu, speeches = _timed(state_speeches)
    words = int(speeches["n_words"].sum())
    print(f"corpus: {len(speeches):,} state speeches, {words:,} words (load {secs:.2f} s)")
    secs, cpu, pairs = _timed(lambda: _build("tfidf"))
    print(
        f"TF-IDF similarity, all pairs and years: {secs:.1f} s wall, {cpu:.1f} s CPU "
        f"({len(pairs):,} dyad-years)"
    )
    secs, cpu, _ = _timed(_build_terms)
    print(
        f"dictionary salience + actor mentions, all speeches: {secs:.1f} s wall, "
        f"{cpu:.1f} s CPU ({words / cpu:,.0f} words per CPU second)"
    )


def bench_embedding(full: bool) -> None:
    from allydrift.text import embed
    from allydrift.text.corpus import (
        EmbeddingsNotComputedError,
        corpus_embeddings,
        speech_passages,
        state_speeches,
    )

    if not embed.available():
        print("embedding: skipped (install the `text` extra)")
        return
    secs, cpu, _ = _timed(embed.load_fast_model)
    print(f"model load ({embed.fast_tag()}, CPU, offline, int8 quantised): {secs:.1f} s wall")
    speeches = state_speeches()
    sample = speeches.sample(SAMPLE_SPEECHES, random_state=0)
    pieces = [p for t in sample["text"] for p in speech_passages(t)]
    embed.embed(pieces[:8], fast=True)
    print(f"load average before: {_load()}")
    secs, cpu, fast = _timed(lambda: embed.embed(pieces, fast=True))
    print(
        f"int8, ≤{embed.FAST_MAX_TOKENS} tokens: {len(sample)} speeches ({len(pieces):,} "
        f"passages): {secs:.1f} s wall, {cpu:.1f} s CPU — {len(pieces) / secs:.1f} passages/s "
        f"({len(pieces) / cpu:.1f} per CPU second); load average after: {_load()}"
    )
    few = pieces[: len(pieces) // 3]
    secs32, cpu32, exact = _timed(lambda: embed.embed(few))
    print(
        f"float32 reference on {len(few)} of them: {len(few) / secs32:.1f} passages/s "
        f"({len(few) / cpu32:.1f} per CPU second); cosine int8 vs float32: "
        f"{float((fast[: len(few)] * exact).sum(axis=1).mean()):.3f}"
    )
    total = sum(len(speech_passages(t)) for t in speeches["text"])
    threads = _threads()
    print(
        f"corpus: {len(speeches):,} speeches, {total:,} passages to embed — extrapolated "
        f"{total / len(pieces) * secs / 60:.0f} min at this wall rate (shared machine), "
        f"{total / len(pieces) * cpu / 60 / threads:.0f} min on {threads} idle cores"
    )
    if full:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["ALLYDRIFT_CACHE"] = tmp
            secs, cpu, emb = _timed(lambda: corpus_embeddings(speeches, progress=False))
        print(f"corpus embedded (--full): {secs / 60:.1f} min wall, {cpu / 60:.1f} min CPU")
        return
    try:
        secs, _, emb = _timed(lambda: corpus_embeddings(speeches, progress=False, max_new=0))
    except EmbeddingsNotComputedError:
        print("corpus embeddings: not all in the cache yet (allydrift text embed)")
        return
    print(f"corpus embeddings read from the cache: {secs:.2f} s ({len(emb.passages):,} passages)")


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _threads() -> int:
    import torch

    return torch.get_num_threads()


def bench_analysis() -> None:
    from allydrift.text import analyze_files, embed

    files = sorted(FIXTURES.glob("*.md")) + sorted(FIXTURES.glob("*.html"))
    modes = [False, True] if embed.available() else [False]
    for embeddings in modes:
        analyze_files(files, embeddings=embeddings)
        secs, cpu, out = _timed(lambda e=embeddings: analyze_files(files, embeddings=e), RUNS)
        paras = sum(len(a.paragraphs) for a in out)
        label = "dictionary + embedding" if embeddings else "dictionary only"
        print(
            f"text analyze, {len(files)} documents ({paras} paragraphs), {label}: "
            f"{secs:.2f} s wall, {cpu:.2f} s CPU, median of {RUNS}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="embed the whole corpus afresh")
    parser.add_argument("--embedding", action="store_true", help="only the embedding part")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    if args.embedding:
        bench_embedding(args.full)
        return
    bench_corpus_tables()
    bench_embedding(args.full)
    bench_analysis()
    print(f"peak memory (max RSS): {_peak_mib():,.0f} MiB")


if __name__ == "__main__":
    main()
