"""Moved to ``allydrift.wide`` (the panel layer); this name is kept for old imports."""

from allydrift.wide import add_indicators, dyad_panel

__all__ = ["add_indicators", "dyad_panel"]
