"""The registry of pinned upstream files (``registry.tsv``, like pooch's ``registry.txt``).

Each row: data set id, canonical URL, sha256 and size in bytes. The file is generated
from the mirror's ``MANIFEST.tsv`` with ``python -m allydrift.store.registry MANIFEST.tsv``
so that a user with internet access downloads the very same bytes CI tests with.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

from allydrift.errors import UnknownSourceError

REGISTRY_FILE = "registry.tsv"


@dataclass(frozen=True)
class FileEntry:
    """One pinned upstream file."""

    dataset: str
    url: str
    sha256: str
    size: int

    @property
    def relpath(self) -> str:
        """``<host>/<decoded url path>``: where the file sits in a mirror or the cache."""
        return _relpath(self.url)

    @property
    def name(self) -> str:
        """The file's base name."""
        return self.relpath.rsplit("/", 1)[-1]


@cache
def pinned_files() -> dict[str, FileEntry]:
    """All pinned files, keyed by URL."""
    text = resources.files("allydrift.store").joinpath(REGISTRY_FILE).read_text("utf-8")
    rows = csv.reader(text.splitlines(), delimiter="\t")
    out: dict[str, FileEntry] = {}
    for dataset, url, sha, size in rows:
        out[url] = FileEntry(dataset, url, sha, int(size))
    return out


@cache
def _relpath(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.netloc}{unquote(parts.path)}"


@cache
def _by_dataset() -> dict[str, list[FileEntry]]:
    out: dict[str, list[FileEntry]] = {}
    for entry in pinned_files().values():
        out.setdefault(entry.dataset, []).append(entry)
    return out


def entries(dataset: str | None = None) -> list[FileEntry]:
    """Pinned files, optionally only those of one data set."""
    if dataset is None:
        return list(pinned_files().values())
    found = list(_by_dataset().get(dataset, []))
    if not found:
        known = ", ".join(sorted({e.dataset for e in pinned_files().values()}))
        msg = f"no files are registered for data set '{dataset}'. Known: {known}"
        raise UnknownSourceError(msg)
    return found


def entry_for(dataset: str, suffix: str) -> FileEntry:
    """The one file of ``dataset`` whose path ends with ``suffix`` (e.g. ``data/cow_nmc.rda``)."""
    hits = [e for e in entries(dataset) if e.relpath.endswith(suffix)]
    if len(hits) != 1:
        msg = f"expected exactly one file of '{dataset}' ending in '{suffix}', found {len(hits)}"
        raise UnknownSourceError(msg)
    return hits[0]


def build_registry(manifest: Path, out: Path) -> int:
    """Write ``out`` from a mirror ``MANIFEST.tsv``; return the number of rows."""
    with manifest.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    rows.sort(key=lambda r: (r["dataset"], r["url"]))
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        for r in rows:
            fh.write(f"{r['dataset']}\t{r['url']}\t{r['sha256']}\t{r['bytes']}\n")
    return len(rows)


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    n = build_registry(Path(sys.argv[1]), Path(__file__).with_name(REGISTRY_FILE))
    print(f"wrote {n} entries")
