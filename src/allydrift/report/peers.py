"""Moved to ``allydrift.analysis.peers`` (the analysis core); kept for old imports."""

from allydrift.analysis.peers import (
    WINDOW,
    PeerComparison,
    compare_with_peers,
    defence_partners,
    pooled_agreement,
)

__all__ = ["WINDOW", "PeerComparison", "compare_with_peers", "defence_partners", "pooled_agreement"]
