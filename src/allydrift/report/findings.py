"""Moved to ``allydrift.analysis.findings`` (the analysis core); kept for old imports."""

from allydrift.analysis.findings import series_finding

__all__ = ["series_finding"]
