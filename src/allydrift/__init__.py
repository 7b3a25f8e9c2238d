"""allydrift: is this alliance drifting apart or growing closer — along which dimensions, and since when?"""

from __future__ import annotations

__version__ = "0.1.0"
