"""Parsed tables cached as Parquet, keyed by the hashes of the files they come from.

Every derived table goes through one write path and one read path:

- ``write_table(df, path)`` writes Parquet with page checksums (CRC32 of every data
  page) atomically, then the sha256 of the whole file beside it (``<path>.sha256``);
- ``read_table(path)`` checks the whole-file sha256, then reads with page-checksum
  verification, and raises ``DamagedTableError`` on any mismatch: a damaged table is
  never read as data.

``table(name, inputs, build)`` (the parsed tables of the data sets) and
``cached(path, build, label)`` (any other derived table, e.g. a materialised panel)
rebuild a damaged or unreadable table automatically, with a one-line warning. In a
read-only cache tables are read where they exist and built in memory otherwise.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pandas as pd

from allydrift import config
from allydrift.errors import DamagedTableError
from allydrift.store.registry import FileEntry
from allydrift.store.transfer import ensure, publish, sha256_of, verified

_MEMORY: dict[Path, pd.DataFrame] = {}
CHECKSUM_SUFFIX = ".sha256"


class CacheWarning(UserWarning):
    """A one-line note about the cache: a table rebuilt, or not stored (read-only cache)."""


def _key(name: str, inputs: Sequence[FileEntry], version: str) -> str:
    digest = hashlib.sha256(version.encode())
    for entry in inputs:
        digest.update(entry.sha256.encode())
    return f"{name}-{digest.hexdigest()[:16]}"


def checksum_path(path: Path) -> Path:
    """Where the whole-file sha256 of the table ``path`` is kept."""
    return path.with_name(path.name + CHECKSUM_SUFFIX)


def write_table(df: pd.DataFrame, path: Path, row_group_size: int | None = None) -> Path:
    """Write ``df`` to ``path`` as Parquet with page checksums and a sha256 beside it.

    ``row_group_size`` sets the Parquet row groups (small groups let slice readers skip
    most of a sorted file).

    Atomic: the bytes go to temporary files in the same folder and are renamed into
    place, the table first. A crash in between leaves a table whose recorded sha256
    differs, which ``read_table`` reports as damaged (and callers rebuild).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp(path)
    tmp_sum = _temp(checksum_path(path))
    try:
        pq.write_table(
            pa.Table.from_pandas(df, preserve_index=False),
            tmp,
            write_page_checksum=True,
            row_group_size=row_group_size,
        )
        tmp_sum.write_text(f"{sha256_of(tmp)}  {path.name}\n", encoding="utf-8")
        publish(tmp, path)
        publish(tmp_sum, checksum_path(path))
    finally:
        tmp.unlink(missing_ok=True)
        tmp_sum.unlink(missing_ok=True)
    return path


def _temp(target: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    return Path(name)


def recorded_sha256(path: Path) -> str | None:
    """The sha256 recorded beside ``path`` when it was written, or ``None``."""
    try:
        text = checksum_path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    digest = text.split()[0] if text.split() else ""
    return digest if len(digest) == 64 else None


def check_table(path: Path) -> None:
    """Raise ``DamagedTableError`` unless ``path`` matches the sha256 recorded beside it."""
    expected = recorded_sha256(path)
    if expected is None:
        msg = f"the cached table {path.name} has no recorded checksum"
        raise DamagedTableError(msg)
    found = sha256_of(path)
    if found != expected:
        msg = (
            f"the cached table {path.name} is damaged (sha256 {found[:12]}…, "
            f"recorded {expected[:12]}…)"
        )
        raise DamagedTableError(msg)


def read_table(path: Path, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Read a table written by ``write_table``, verifying its sha256 and page checksums.

    Raises ``DamagedTableError`` if the file is missing its checksum, differs from it,
    or fails to read; ``FileNotFoundError`` if there is no table at ``path``.
    """
    import pyarrow.parquet as pq

    if not path.is_file():
        raise FileNotFoundError(2, "no cached table", str(path))
    check_table(path)
    try:
        table = pq.read_table(
            path,
            columns=list(columns) if columns is not None else None,
            page_checksum_verification=True,
        )
        return table.to_pandas()
    except Exception as exc:  # pyarrow raises OSError, ArrowInvalid, … on damage
        msg = (
            f"the cached table {path.name} cannot be read ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0][:120] if str(exc) else ''})"
        )
        raise DamagedTableError(msg) from exc


def remove_table(path: Path) -> None:
    """Delete a cached table and its checksum (missing files are fine)."""
    path.unlink(missing_ok=True)
    checksum_path(path).unlink(missing_ok=True)


def cached(
    path: Path,
    build: Callable[[], pd.DataFrame],
    label: str | None = None,
    row_group_size: int | None = None,
) -> pd.DataFrame:
    """The table at ``path``; built by ``build()`` and stored if absent, damaged or unreadable.

    The public entry point for any derived table kept in the cache (materialised
    panels, …). A damaged table is rebuilt with a one-line ``CacheWarning``; a cache
    that cannot be written still returns the built table, with a note saying so.
    """
    label = label or path.stem
    if path.is_file():
        try:
            return read_table(path)
        except DamagedTableError as exc:
            warnings.warn(f"{exc}; rebuilding it", CacheWarning, stacklevel=2)
            with contextlib.suppress(OSError):
                remove_table(path)
    df = build()
    try:
        write_table(df, path, row_group_size)
    except OSError as exc:
        warnings.warn(
            f"the table {label} was computed but not stored: the cache {config.cache_dir()} "
            f"is not writable ({exc.strerror or exc}). Set {config.CACHE_ENV}=DIR to a "
            "writable folder to keep it",
            CacheWarning,
            stacklevel=2,
        )
    return df


def table_path(name: str, inputs: Sequence[FileEntry], version: str = "1") -> Path:
    """Where the parsed table ``name`` of ``inputs`` is cached."""
    return config.tables_dir() / f"{_key(name, inputs, version)}.parquet"


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

    ``version`` is the parser's version: bump it when ``build`` changes its output. The
    raw inputs are checked against their pinned sha256 before a build. ``row_group_size``
    sets the Parquet row groups; ``keep=False`` does not hold the frame in memory after
    returning it (large derived tables).
    """
    target = table_path(name, inputs, version)
    if target in _MEMORY:
        return _MEMORY[target]

    def _build() -> pd.DataFrame:
        paths = [ensure(entry) for entry in inputs]
        for entry in inputs:
            verified(entry)
        return build(paths)

    df = cached(target, _build, label=name, row_group_size=row_group_size)
    if keep:
        _MEMORY[target] = df
    return df


def write_blob(data: bytes, path: Path) -> Path:
    """Write bytes (e.g. a pickle) atomically, with their sha256 as the first 64 bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp(path)
    try:
        tmp.write_bytes(hashlib.sha256(data).hexdigest().encode() + data)
        publish(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def read_blob(path: Path) -> bytes:
    """The bytes written by ``write_blob``; ``DamagedTableError`` if they do not verify."""
    raw = path.read_bytes()
    head, data = raw[:64], raw[64:]
    if hashlib.sha256(data).hexdigest().encode() != head:
        msg = f"the cached file {path.name} is damaged (sha256 differs)"
        raise DamagedTableError(msg)
    return data


def cached_tables() -> Iterator[Path]:
    """Every Parquet table in the cache's tables folder."""
    root = config.tables_dir()
    if root.is_dir():
        yield from sorted(root.glob("*.parquet"))


def clear_memory() -> None:
    """Forget the in-process copies (the Parquet files stay)."""
    _MEMORY.clear()
