"""allydrift: is this alliance drifting apart or growing closer — and since when?"""

from __future__ import annotations

__version__ = "0.1.0"
