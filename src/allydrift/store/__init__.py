"""The data store: a pinned registry of upstream files and a verified local cache.

Derived data goes through one write/read path: ``write_table``/``read_table`` (Parquet with
page checksums and a sha256 beside it), ``cached(path, build)`` (rebuilt when damaged) and
``write_blob``/``read_blob`` (bytes such as pickles, with their sha256).
"""

from allydrift.store.registry import FileEntry, entries, entry_for, pinned_files
from allydrift.store.tables import (
    CacheWarning,
    cached,
    read_blob,
    read_table,
    remove_table,
    table,
    table_path,
    write_blob,
    write_table,
)
from allydrift.store.transfer import (
    ensure,
    fetch,
    import_mirror,
    is_cached,
    is_verified,
    local_path,
)

__all__ = [
    "CacheWarning",
    "FileEntry",
    "cached",
    "ensure",
    "entries",
    "entry_for",
    "fetch",
    "import_mirror",
    "is_cached",
    "is_verified",
    "local_path",
    "pinned_files",
    "read_blob",
    "read_table",
    "remove_table",
    "table",
    "table_path",
    "write_blob",
    "write_table",
]
