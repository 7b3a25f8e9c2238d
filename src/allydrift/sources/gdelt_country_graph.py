"""GDELT 2.0 daily country-pair graphs (gzemo/gdelt-graph-data), 2018-01-01 to 2024-02-23.

Each day is one zipped 249 × 249 symmetric matrix (``networks/YYYYMMDD_network.zip``);
96 days have no file. A cell sums, over the day's GDELT events whose two actors are those
countries, the Goldstein score G plus coverage terms: G + 0.025·sources + 0.01·articles +
0.01·tone if G > 0, G − (0.025·sources + 0.01·articles) + 0.01·tone if G < 0. It is a
coverage-inflated net cooperation score, not a count of events.

Tables
------
``edges`` (default): the 2,149 matrices read once into one long table, cached as Parquet —
``iso3_1`` < ``iso3_2`` (alphabetical), ``date``, ``weight``: the cell's value. Cells that
are 0 (no event that day) are no rows; a day without a file has no rows at all (see
``days()`` for the days that have one).
``nodes``: the matrix order — ``position`` (0–248), ``iso3``, ``name``, ``sovereignty``
(from ``country_codes_clean.csv``, tab-separated despite its name).
"""

from __future__ import annotations

import io
import zipfile
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from allydrift.errors import InputError
from allydrift.sources.base import Column, Source, TableSpec, record_use
from allydrift.store import FileEntry
from allydrift.store import table as cached_table

_COMMIT = "8b719115c084afada0325538dc13c1b8fb75e578/"
_CODES = _COMMIT + "country_codes_clean.csv"
EDGES_VERSION = "1"

SOURCE = Source(
    id="gdelt_country_graph",
    title="GDELT daily country-pair graphs",
    version=f"gzemo/gdelt-graph-data@{_COMMIT[:7]}",
    licence="GPL-3 (repository); GDELT unrestricted with citation",
    origin="https://github.com/gzemo/gdelt-graph-data",
    coverage=(2018, 2024),
    description="Daily net cooperation score between every pair of countries in GDELT news "
    "events (2024: January 1 to February 23 only).",
    citations=("leetaru2013gdelt", "zemo2024gdeltgraph"),
    tables={
        "edges": (
            Column("iso3_1", "category", "ISO3 code of the first country (alphabetically)"),
            Column("iso3_2", "category", "ISO3 code of the second country"),
            Column("date", "datetime64", "day"),
            Column("weight", "float", "net cooperation score of the pair that day"),
        ),
        "nodes": (
            Column("position", "int", "row and column of the country in each matrix"),
            Column("iso3", "str", "ISO3 code"),
            Column("name", "str", "country name"),
            Column("sovereignty", "str", "'UN member state' or the sovereign of a territory"),
        ),
    },
)


def _nodes(paths: list[Path]) -> pd.DataFrame:
    raw = pd.read_csv(paths[0], sep="\t", dtype=str)
    raw = raw[raw["Alpha3_code"].notna()].reset_index(drop=True)
    return pd.DataFrame(
        {
            "position": np.arange(len(raw)),
            "iso3": raw["Alpha3_code"].str.strip(),
            "name": raw["Country_name"].str.strip(),
            "sovereignty": raw["Sovereignty"].str.strip(),
        }
    )


def _cells(path: Path, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions (in the upper triangle) and values of one zipped matrix's non-zero cells."""
    with zipfile.ZipFile(path) as archive:
        matrix = np.load(io.BytesIO(archive.read(archive.namelist()[0])))
    upper = matrix[rows, cols]
    hit = np.flatnonzero(upper).astype(np.int32)
    return hit, upper[hit]


def _edges(paths: list[Path]) -> pd.DataFrame:
    iso3 = _nodes(paths[:1])["iso3"].to_numpy()
    order = np.argsort(iso3)
    rank = np.empty(len(iso3), dtype=np.int16)
    rank[order] = np.arange(len(iso3))
    rows, cols = np.triu_indices(len(iso3), k=1)
    with ThreadPoolExecutor(max_workers=2) as pool:  # zlib releases the GIL
        cells = list(pool.map(lambda p: _cells(p, rows, cols), paths[1:]))
    hit = np.concatenate([h for h, _ in cells])
    r1, r2 = rank[rows[hit]], rank[cols[hit]]
    categories = pd.Index(iso3[order].astype(str))
    dates = pd.to_datetime([p.name[:8] for p in paths[1:]], format="%Y%m%d")
    day = np.repeat(np.arange(len(cells)), [len(h) for h, _ in cells])
    return pd.DataFrame(
        {
            "iso3_1": pd.Categorical.from_codes(np.minimum(r1, r2), categories),
            "iso3_2": pd.Categorical.from_codes(np.maximum(r1, r2), categories),
            "date": dates[day],
            "weight": np.concatenate([v for _, v in cells]),
        }
    )


def network_files() -> list[FileEntry]:
    """The pinned daily matrices, in date order."""
    return sorted((f for f in SOURCE.files if "/networks/" in f.relpath), key=lambda f: f.relpath)


def days() -> pd.DatetimeIndex:
    """The days that have a matrix (2,149 of 2,245 between the first and the last)."""
    return pd.DatetimeIndex(
        pd.to_datetime([f.name[:8] for f in network_files()], format="%Y%m%d"), name="date"
    )


@cache
def _edge_inputs() -> tuple[FileEntry, ...]:
    return (SOURCE.file(_CODES), *network_files())


_TABLES = {"nodes": TableSpec((_CODES,), _nodes)}


def load(table: str = "edges") -> pd.DataFrame:
    """Load ``edges`` (default; the first call reads 2,149 files, ~10 s) or ``nodes``.

    ``edges`` bypasses ``load_spec`` only to list its 2,149 input files once.
    """
    if table == "edges":
        record_use(SOURCE.id)
        return cached_table(f"{SOURCE.id}.edges", _edge_inputs(), _edges, EDGES_VERSION)
    if table not in _TABLES:
        msg = f"data set '{SOURCE.id}' has the tables edges, nodes; got '{table}'"
        raise InputError(msg)
    return SOURCE.load_spec(_TABLES, table)


def covered_years(min_days: int = 180) -> tuple[int, int]:
    """First and last year with at least ``min_days`` daily matrices (2018–2023: 2024
    has 54 days, January 1 to February 23)."""
    counts = days().year.value_counts()
    full = sorted(counts[counts >= min_days].index)
    return int(full[0]), int(full[-1])
