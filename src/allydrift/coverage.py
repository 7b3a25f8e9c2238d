"""Honest coverage: which sources do not cover a requested span."""

from __future__ import annotations

from allydrift.indicators import registered


def coverage_notes(span: tuple[int, int]) -> list[str]:
    """One note per indicator whose coverage does not reach the whole ``span``."""
    notes = []
    for ind in registered().values():
        if ind.coverage is None:
            continue
        first, last = ind.coverage
        if span[0] < first or span[1] > last:
            notes.append(
                f"{ind.name}: {', '.join(ind.sources)} covers only {first}–{last}; "
                f"years outside are missing, not zero"
            )
    return notes
