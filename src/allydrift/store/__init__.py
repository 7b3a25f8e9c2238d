"""The data store: a pinned registry of upstream files and a verified local cache."""

from allydrift.store.fetch import (
    ensure,
    fetch,
    import_mirror,
    is_cached,
    local_path,
)
from allydrift.store.registry import FileEntry, entries, entry_for, registry
from allydrift.store.tables import table

__all__ = [
    "FileEntry",
    "ensure",
    "entries",
    "entry_for",
    "fetch",
    "import_mirror",
    "is_cached",
    "local_path",
    "registry",
    "table",
]
