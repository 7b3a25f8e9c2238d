"""Where allydrift keeps its cache and where it looks for an offline mirror."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

CACHE_ENV = "ALLYDRIFT_CACHE"
MIRROR_ENV = "ALLYDRIFT_MIRROR"
OFFLINE_ENV = "ALLYDRIFT_OFFLINE"


def cache_dir() -> Path:
    """Root of the user cache (``$ALLYDRIFT_CACHE`` or the platform's cache folder)."""
    root = os.environ.get(CACHE_ENV)
    return Path(root).expanduser() if root else Path(platformdirs.user_cache_dir("allydrift"))


def files_dir() -> Path:
    """Folder of verified upstream files, laid out as ``<host>/<url path>``."""
    return cache_dir() / "files"


def tables_dir() -> Path:
    """Folder of parsed tables (Parquet), keyed by the hashes of their inputs."""
    return cache_dir() / "tables"


def mirror_dir() -> Path | None:
    """The offline mirror named by ``$ALLYDRIFT_MIRROR``, if any."""
    root = os.environ.get(MIRROR_ENV)
    return Path(root).expanduser() if root else None


def offline() -> bool:
    """True if ``$ALLYDRIFT_OFFLINE`` forbids downloads (the cache and mirror are still used)."""
    return os.environ.get(OFFLINE_ENV, "").lower() in {"1", "true", "yes"}
