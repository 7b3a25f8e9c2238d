"""Shared fixtures.

Tests marked ``data`` read the real data through the project's cache: import the offline
mirror first (``allydrift fetch --from ../shared/data``; ``.ci/run`` does it). They fail,
rather than skip, when the cache is empty, so CI cannot pass without real data.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from allydrift.store import tables
from allydrift.store.registry import FileEntry


@pytest.fixture
def empty_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty cache with downloads and the mirror turned off."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("ALLYDRIFT_CACHE", str(cache))
    monkeypatch.setenv("ALLYDRIFT_OFFLINE", "1")
    monkeypatch.delenv("ALLYDRIFT_MIRROR", raising=False)
    saved = dict(tables._MEMORY)
    tables.clear_memory()
    yield cache
    tables._MEMORY.update(saved)


def make_entry(content: bytes, name: str = "file.csv", dataset: str = "synthetic") -> FileEntry:
    """A registry entry for ``content`` served from an example host."""
    sha = hashlib.sha256(content).hexdigest()
    return FileEntry(dataset, f"https://data.example.org/owner/repo/{name}", sha, len(content))


def write_mirror(root: Path, entry: FileEntry, content: bytes) -> Path:
    """Place ``content`` where a mirror keeps ``entry``."""
    path = root / entry.relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path
