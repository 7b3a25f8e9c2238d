"""The data store: a pinned registry of upstream files and a verified local cache."""

from allydrift.store.registry import FileEntry, entries, entry_for, pinned_files
from allydrift.store.tables import table, table_path
from allydrift.store.transfer import (
    ensure,
    fetch,
    import_mirror,
    is_cached,
    local_path,
)

__all__ = [
    "FileEntry",
    "ensure",
    "entries",
    "entry_for",
    "fetch",
    "import_mirror",
    "is_cached",
    "local_path",
    "pinned_files",
    "table",
    "table_path",
]
