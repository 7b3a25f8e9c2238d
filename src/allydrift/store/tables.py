"""Parsed tables cached as Parquet, keyed by the hashes of the files they come from.

The first load of a table parses the verified upstream files and writes Parquet; later
loads read the Parquet (and, within one process, reuse the frame in memory). A Parquet
file that cannot be read is rebuilt; a raw file whose checksum is wrong is refused.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from allydrift import config
from allydrift.store.registry import FileEntry
from allydrift.store.transfer import ensure, verify

_MEMORY: dict[Path, pd.DataFrame] = {}


def _key(name: str, inputs: Sequence[FileEntry], version: str) -> str:
    digest = hashlib.sha256(version.encode())
    for entry in inputs:
        digest.update(entry.sha256.encode())
    return f"{name}-{digest.hexdigest()[:16]}"


def _write_atomic(df: pd.DataFrame, target: Path, row_group_size: int | None = None) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        df.to_parquet(tmp, index=False, row_group_size=row_group_size)
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)


def table(
    name: str,
    inputs: Sequence[FileEntry],
    build: Callable[[list[Path]], pd.DataFrame],
    version: str = "1",
    *,
    row_group_size: int | None = None,
    keep: bool = True,
) -> pd.DataFrame:
    """Return the table ``name`` built by ``build(paths)`` from ``inputs``, cached as Parquet.

    ``version`` is the parser's version: bump it when ``build`` changes its output.
    ``row_group_size`` sets the Parquet row groups (small groups let readers of
    ``table_path`` skip most of a sorted file); ``keep=False`` does not hold the frame in
    memory after returning it (large derived tables).
    """
    target = table_path(name, inputs, version)
    if target in _MEMORY:
        return _MEMORY[target]
    df: pd.DataFrame | None = None
    if target.is_file():
        try:
            df = pd.read_parquet(target)
        except Exception:  # a damaged Parquet file is derived data: rebuild it
            target.unlink(missing_ok=True)
    if df is None:
        paths = [ensure(entry) for entry in inputs]
        for entry, path in zip(inputs, paths, strict=True):
            verify(entry, path)
        df = build(paths)
        _write_atomic(df, target, row_group_size)
    if keep:
        _MEMORY[target] = df
    return df


def table_path(name: str, inputs: Sequence[FileEntry], version: str = "1") -> Path:
    """Where ``table(name, inputs, …, version)`` is cached (it may not exist yet)."""
    return config.tables_dir() / f"{_key(name, inputs, version)}.parquet"


def clear_memory() -> None:
    """Forget the in-process copies (the Parquet files stay)."""
    _MEMORY.clear()
