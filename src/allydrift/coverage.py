"""Honest coverage: which sources do not cover a requested span."""

from __future__ import annotations

from allydrift.indicators import registered


def coverage_notes(span: tuple[int, int]) -> list[str]:
    """One note per source whose indicators do not cover the whole ``span``."""
    gaps: dict[tuple[str, tuple[int, int]], list[str]] = {}
    for ind in registered().values():
        if ind.coverage is None:
            continue
        first, last = ind.coverage
        if span[0] < first or span[1] > last:
            gaps.setdefault((ind.sources[0], ind.coverage), []).append(ind.name)
    return [
        f"{source} covers {first}–{last}: {', '.join(sorted(names))} missing outside (not zero)"
        for (source, (first, last)), names in sorted(gaps.items())
    ]
