"""Keep file-system paths out of what the server sends: messages name the cache, not its path.

Library errors are written for the person at the terminal and name files in full. A web
client needs what to do, not where the server keeps its files, so every error message is
passed through ``scrub`` before it is sent: the cache folder becomes ``<cache>``, any other
absolute path ``<path>``. URL paths of the app itself (``/api/v1/…``) are kept.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

APP_ROOTS = frozenset(
    {"api", "dyads", "compare", "indicators", "sources", "states", "static", "openapi.json"}
)
_POSIX = re.compile(r"(?<![\w.:/~>-])(/[^\s'\"`,;()<>]*)")
_WINDOWS = re.compile(r"\b[A-Za-z]:\\[^\s'\"`,;()<>]*")


def _roots() -> tuple[tuple[str, str], ...]:
    from allydrift import config

    named = [(config.cache_dir(), "<cache>")]
    mirror = config.mirror_dir()
    if mirror is not None:
        named.append((mirror, "<mirror>"))
    named += [(Path(tempfile.gettempdir()), "<tmp>"), (Path.home(), "~")]
    named.append((Path(sys.prefix), "<python>"))
    out = []
    for path, label in named:
        for form in {str(path), str(path.resolve())}:
            if len(form) > 1:
                out.append((form, label))
    return tuple(sorted(out, key=lambda pair: -len(pair[0])))


def scrub(text: str) -> str:
    """``text`` with every absolute file-system path replaced by a placeholder."""
    for root, label in _roots():
        text = text.replace(root, label)
    text = _WINDOWS.sub("<path>", text)
    return _POSIX.sub(_posix, text)


def _posix(match: re.Match[str]) -> str:
    path = match.group(1)
    first = path[1:].split("/", 1)[0].split("?", 1)[0]
    if first in APP_ROOTS or path == "/":
        return path
    return "<path>"
