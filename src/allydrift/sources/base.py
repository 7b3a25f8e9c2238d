"""What every data source declares, and how results remember which sources they used."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd

from allydrift.errors import InputError
from allydrift.store import FileEntry, entries, entry_for, table

_USED: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar("used", default=None)


@dataclass(frozen=True)
class Column:
    """A documented column of a source table."""

    name: str
    dtype: str
    description: str


@dataclass(frozen=True)
class Source:
    """A data set: where its files come from, what it covers, how to cite it.

    ``id`` equals the data set id of the registry (``registry.tsv``), which pins each
    file's canonical URL and sha256.
    """

    id: str
    title: str
    version: str
    licence: str
    origin: str
    coverage: tuple[int, int]
    citations: tuple[str, ...]
    description: str = ""
    tables: dict[str, tuple[Column, ...]] = field(default_factory=dict)

    @property
    def files(self) -> list[FileEntry]:
        """Every pinned file of this source."""
        return entries(self.id)

    def file(self, suffix: str) -> FileEntry:
        """The pinned file whose path ends with ``suffix``."""
        return entry_for(self.id, suffix)

    @property
    def bibtex(self) -> str:
        """The BibTeX entries of ``citations`` (from ``references.bib``)."""
        bib = bibliography()
        return "\n\n".join(bib[key] for key in self.citations)

    def load_table(
        self,
        name: str,
        files: Sequence[str],
        build: Callable[[list[Path]], pd.DataFrame],
        version: str = "1",
    ) -> pd.DataFrame:
        """Load (and cache) table ``name`` built from the files ending in ``files``."""
        record_use(self.id)
        inputs = [self.file(suffix) for suffix in files]
        return table(f"{self.id}.{name}", inputs, build, version=version)

    def load_spec(self, specs: dict[str, TableSpec], name: str) -> pd.DataFrame:
        """Load table ``name`` from a module's table specifications."""
        if name not in specs:
            msg = f"data set '{self.id}' has the tables {', '.join(specs)}; got '{name}'"
            raise InputError(msg)
        spec = specs[name]
        return self.load_table(name, spec.files, spec.build, spec.version)


@dataclass(frozen=True)
class TableSpec:
    """How to build one table of a source: its input files and parser."""

    files: tuple[str, ...]
    build: Callable[[list[Path]], pd.DataFrame]
    version: str = "1"


@cache
def bibliography() -> dict[str, str]:
    """Every BibTeX entry of the ``*.bib`` files beside the sources, keyed by citation key."""

    out: dict[str, str] = {}
    for file in sorted(resources.files("allydrift.sources").iterdir(), key=lambda f: f.name):
        if not file.name.endswith(".bib"):
            continue
        for block in ("\n" + file.read_text("utf-8")).split("\n@")[1:]:
            entry = "@" + block.strip()
            out[entry.split("{", 1)[1].split(",", 1)[0].strip()] = entry
    return out


def record_use(source_id: str) -> None:
    """Note that the current computation used ``source_id`` (see ``track_sources``)."""
    used = _USED.get()
    if used is not None:
        used.add(source_id)


@contextlib.contextmanager
def track_sources() -> Iterator[set[str]]:
    """Collect the ids of every source loaded inside the ``with`` block.

    >>> with track_sources() as used:
    ...     ...  # build a report
    >>> sorted(used)  # cite exactly these
    """
    outer = _USED.get()
    used: set[str] = set()
    token = _USED.set(used)
    try:
        yield used
    finally:
        _USED.reset(token)
        if outer is not None:
            outer.update(used)
