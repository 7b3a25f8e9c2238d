"""The data store: a pinned registry of upstream files and a verified local cache."""

from allydrift.store.registry import FileEntry, entries, entry_for, pinned_files
from allydrift.store.tables import (
    CacheWarning,
    cached,
    read_table,
    remove_table,
    table,
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
    "read_table",
    "remove_table",
    "table",
    "write_table",
]
