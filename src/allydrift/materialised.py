"""The materialised panel: every indicator for every dyad-year, computed once into the cache.

Each indicator is one Parquet table of long rows ``ccode1, ccode2, year, indicator,
value, se`` (monadic indicators: ``ccode1`` is the state, ``ccode2`` is missing), sorted
by ``ccode1, ccode2, year`` in small row groups, so a question about one pair reads a
few kilobytes. A table is keyed, through ``store.table``, by the sha256 of its sources'
pinned files and a digest of the code that computes it (the indicator's module, the
allydrift modules it uses, its sources' modules): when either changes, only that
indicator is rebuilt. Indicators that need optional data not computed yet (speech
embeddings) are recorded with the reason and left out until ``build()`` finds the data.

``build()`` (``allydrift build``) computes what is missing; ``rows(ind, pairs, years)``
answers like ``ind.compute(pairs, years)`` from the stored table, building it first if
it is missing (and saying so in one warning line).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from allydrift import config, sources, store
from allydrift.errors import MissingExtraError, OptionalDataError
from allydrift.indicators import Indicator, registered
from allydrift.vocabulary import Pairs, Years

if TYPE_CHECKING:
    import pyarrow as pa

PANEL_VERSION = "2"
ROW_GROUP = 4096
COLUMNS = ["ccode1", "ccode2", "year", "indicator", "value", "se"]
READ = ["ccode1", "ccode2", "year", "value", "se"]
ATTRS_KEY = b"allydrift"


# ---------------------------------------------------------------- keys


@cache
def _module_source(name: str) -> bytes:
    mod = sys.modules.get(name)
    file = getattr(mod, "__file__", None)
    if not file:
        return b""
    try:
        return Path(file).read_bytes()
    except OSError:
        return b""


def _code_modules(ind: Indicator) -> list[str]:
    """The indicator's module, the allydrift modules it names, and its sources' modules."""
    func = getattr(ind.compute, "__wrapped__", ind.compute)
    home = sys.modules[func.__module__]
    found = {home.__name__}
    for value in vars(home).values():
        name = value.__name__ if isinstance(value, ModuleType) else getattr(value, "__module__", "")
        if isinstance(name, str) and name.startswith("allydrift."):
            found.add(name)
    found.update(sources.module(s).__name__ for s in ind.sources)
    return sorted(found)


@cache
def version(ind: Indicator) -> str:
    """A digest of the code that computes ``ind`` (and of the panel format)."""
    digest = hashlib.sha256(f"{PANEL_VERSION}|{ind.name}|{ind.kind}".encode())
    for name in _code_modules(ind):
        digest.update(name.encode())
        digest.update(_module_source(name))
    return digest.hexdigest()[:16]


@cache
def _inputs(ind: Indicator) -> tuple[store.FileEntry, ...]:
    return tuple(inputs(ind))


def inputs(ind: Indicator) -> list[store.FileEntry]:
    """The pinned files of the sources ``ind`` declares."""
    seen: dict[str, store.FileEntry] = {}
    for source_id in ind.sources:
        for entry in sources.get(source_id).files:
            seen.setdefault(entry.sha256, entry)
    return list(seen.values())


def table_name(ind: Indicator) -> str:
    return f"panel.{ind.name}"


def path(ind: Indicator) -> Path:
    """Where the stored table of ``ind`` lives (it may not exist yet)."""
    return store.table_path(table_name(ind), _inputs(ind), version(ind))


# ---------------------------------------------------------------- unavailable indicators


def _unavailable_file() -> Path:
    return config.tables_dir() / "panel-unavailable.json"


_SEEN: dict[Path, tuple[int, dict[str, dict[str, str]]]] = {}


def _read_unavailable() -> dict[str, dict[str, str]]:
    """The recorded unavailable indicators (parsed again only when the file changes)."""
    target = _unavailable_file()
    try:
        stamp = target.stat().st_mtime_ns
    except OSError:
        return {}
    if target in _SEEN and _SEEN[target][0] == stamp:
        return dict(_SEEN[target][1])
    try:
        found = json.loads(target.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    found = found if isinstance(found, dict) else {}
    _SEEN[target] = (stamp, found)
    return dict(found)


def _write_unavailable(found: dict[str, dict[str, str]]) -> None:
    target = _unavailable_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".panel-unavailable.", suffix=".part", dir=target.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(found, fh, indent=1, sort_keys=True)
    os.replace(tmp, target)


def _optional_stamp() -> str:
    """Changes when derived optional data appear (speech embeddings are written under
    ``<cache>/text/embeddings/<model>/``): the newest mtime of those folders."""
    root = config.cache_dir() / "text" / "embeddings"
    try:
        folders = [root, *(p for p in root.iterdir() if p.is_dir())]
        return str(max(p.stat().st_mtime_ns for p in folders))
    except OSError:
        return ""


def unavailable(ind: Indicator) -> str | None:
    """Why ``ind`` is left out of the panel (optional data not computed), or ``None``.

    A record lapses when the indicator's code changes or new optional data appear."""
    entry = _read_unavailable().get(ind.name)
    if not entry or entry.get("version") != version(ind):
        return None
    if entry.get("stamp", "") != _optional_stamp():
        return None
    return entry.get("reason", "optional data not computed")


def unavailable_reason(name: str) -> str:
    """The recorded reason why indicator ``name`` is left out ("" if none)."""
    return _read_unavailable().get(name, {}).get("reason", "")


# ---------------------------------------------------------------- building


def _long(ind: Indicator, rows: pd.DataFrame) -> pd.DataFrame:
    """``compute(None, None)`` output in the stored shape, sorted for slicing."""
    n = len(rows)
    if ind.kind == "monadic":
        c1 = rows["ccode"].to_numpy(np.int32)
        c2 = pd.array(np.zeros(n, dtype=np.int32), dtype="Int32")
        c2[:] = pd.NA
    else:
        c1 = rows["ccode1"].to_numpy(np.int32)
        c2 = pd.array(rows["ccode2"].to_numpy(np.int32), dtype="Int32")
    out = pd.DataFrame(
        {
            "ccode1": c1,
            "ccode2": c2,
            "year": rows["year"].to_numpy(np.int32),
            "indicator": pd.Categorical([ind.name] * n),
            "value": rows["value"].to_numpy(float),
            "se": rows["se"].to_numpy(float) if "se" in rows else np.full(n, np.nan),
        }
    )
    return out.sort_values(["ccode1", "ccode2", "year"], kind="stable", ignore_index=True)


def build_one(ind: Indicator) -> str:
    """Compute and store ``ind`` if it is missing: ``"built"``, ``"stored"`` (already
    there) or ``"unavailable"`` (optional data not computed; the reason is recorded)."""
    if path(ind).is_file():
        return "stored"

    def make(_paths: object) -> pd.DataFrame:
        with sources.track_sources() as used:
            rows = ind.compute(None, None)
        out = _long(ind, rows)
        out.attrs = {"sources": sorted(used | set(ind.sources))}
        return out

    try:
        store.table(
            table_name(ind),
            inputs(ind),
            make,
            version=version(ind),
            row_group_size=ROW_GROUP,
            keep=False,
        )
    except MissingExtraError:
        raise  # an extra not installed is cheap to detect: never recorded
    except OptionalDataError as exc:
        found = _read_unavailable()
        found[ind.name] = {"version": version(ind), "reason": str(exc), "stamp": _optional_stamp()}
        _write_unavailable(found)
        return "unavailable"
    found = _read_unavailable()
    if found.pop(ind.name, None) is not None:
        _write_unavailable(found)
    return "built"


@dataclass(frozen=True)
class Built:
    """What ``build`` did, per indicator: ``built``, ``stored`` or ``unavailable``."""

    status: dict[str, str]

    def count(self, state: str) -> int:
        return sum(1 for s in self.status.values() if s == state)


def build(names: Iterable[str] | None = None, progress: bool = False) -> Built:
    """Compute every missing indicator table (all registered ones, or ``names``).

    Indicators recorded as unavailable are tried again (their optional data may exist
    now). Parsed source tables are released between indicator modules to bound memory.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    reg = registered()
    inds = [reg[n] for n in names] if names is not None else list(reg.values())
    inds.sort(key=lambda i: getattr(i.compute, "__wrapped__", i.compute).__module__)
    status: dict[str, str] = {}
    columns = (
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, disable=not progress, transient=True) as bar:
        task = bar.add_task("indicator panel", total=len(inds))
        module = ""
        for ind in inds:
            home = getattr(ind.compute, "__wrapped__", ind.compute).__module__
            if home != module:
                store.tables.clear_memory()
                module = home
            bar.update(task, description=f"panel: {ind.name}")
            status[ind.name] = build_one(ind)
            bar.advance(task)
    store.tables.clear_memory()
    return Built(status)


def missing(inds: Iterable[Indicator]) -> list[Indicator]:
    """The indicators of ``inds`` whose table is not stored (and not known unavailable)."""
    return [i for i in inds if not path(i).is_file() and unavailable(i) is None]


def ensure(inds: Iterable[Indicator]) -> None:
    """Build the tables of ``inds`` that are missing, saying so in one warning line."""
    todo = missing(inds)
    if not todo:
        return
    warnings.warn(
        f"building the indicator panel for {len(todo)} indicator(s) (once; "
        "`allydrift build` does it ahead of time)",
        stacklevel=2,
    )
    for ind in todo:
        try:
            build_one(ind)
        except MissingExtraError:
            continue  # ``read`` raises it for the caller to handle


# ---------------------------------------------------------------- reading


def _row_groups(meta: object, codes: set[int]) -> list[int]:
    """Row groups that may hold a row whose ``ccode1`` is in ``codes``.

    The table is sorted by ``ccode1``, so each code's rows sit in one run of row groups,
    found by bisection over the groups' minimum and maximum (a few statistics read, not
    all of them)."""
    n = meta.num_row_groups  # type: ignore[attr-defined]
    bounds: dict[int, tuple[int, int]] = {}

    def bound(g: int) -> tuple[int, int]:
        if g not in bounds:
            stats = meta.row_group(g).column(0).statistics  # type: ignore[attr-defined]
            if stats is None or not stats.has_min_max:
                bounds[g] = (-(2**31), 2**31)
            else:
                bounds[g] = (int(stats.min), int(stats.max))
        return bounds[g]

    found: set[int] = set()
    for code in codes:
        lo, hi = 0, n
        while lo < hi:  # first group whose maximum reaches ``code``
            mid = (lo + hi) // 2
            if bound(mid)[1] < code:
                lo = mid + 1
            else:
                hi = mid
        g = lo
        while g < n and bound(g)[0] <= code:
            found.add(g)
            g += 1
    return sorted(found)


def _wanted(ind: Indicator, pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if ind.kind == "undirected":
        return sorted({(min(a, b), max(a, b)) for a, b in pairs})
    return sorted(set(pairs))


def arrays(ind: Indicator, pairs: Pairs = None, years: Years = None) -> dict[str, np.ndarray]:
    """The stored rows of ``ind`` for ``pairs`` and ``years`` as NumPy columns
    ``ccode1``, ``ccode2`` (dyadic only), ``year``, ``value``, ``se``.

    Raises ``OptionalDataError`` for an indicator left out for want of optional data;
    records the sources the table was computed from.
    """
    reason = unavailable(ind)
    if reason is not None:
        raise OptionalDataError(reason)
    target = path(ind)
    if not target.is_file():
        ensure([ind])
        if not target.is_file():
            build_one(ind)  # raises why it cannot be built (an extra not installed)
        reason = unavailable(ind)
        if reason is not None:
            raise OptionalDataError(reason)
    if pairs is not None:
        pairs = _wanted(ind, list(pairs)) if ind.kind != "monadic" else list(pairs)
    try:
        attrs, table = _read_slice(target, ind, pairs)
    except Exception as exc:  # pyarrow raises OSError, ArrowInvalid, … on damage
        warnings.warn(
            f"the stored panel table of {ind.name} is damaged ({type(exc).__name__}); "
            "rebuilding it",
            store.CacheWarning,
            stacklevel=2,
        )
        store.remove_table(target)
        build_one(ind)
        attrs, table = _read_slice(target, ind, pairs)
    for source_id in attrs.get("sources", ind.sources):
        sources.record_use(source_id)
    cols = {
        name: table.column(name).to_numpy(zero_copy_only=False)
        for name in READ
        if name != "ccode2" or ind.kind != "monadic"
    }
    if pairs is None and years is None:
        return cols
    keep = _mask(ind, cols, pairs, years)
    return {name: col[keep] for name, col in cols.items()}


def _read_slice(target: Path, ind: Indicator, pairs: Pairs) -> tuple[dict, pa.Table]:
    """The table's recorded attributes and the row groups that may hold ``pairs``, every
    page read checked against its CRC (a damaged page raises, never reads as data)."""
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(target, page_checksum_verification=True)
    meta = pf.schema_arrow.metadata or {}
    attrs = json.loads(meta.get(b"PANDAS_ATTRS", b"{}"))
    if pairs is None:
        return attrs, pf.read(columns=READ, use_threads=False)
    firsts = {c for p in pairs for c in p} if ind.kind == "monadic" else {p[0] for p in pairs}
    groups = _row_groups(pf.metadata, firsts)
    return attrs, pf.read_row_groups(groups, columns=READ, use_threads=False)


def read(ind: Indicator, pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    """Rows of ``ind`` like ``ind.compute(pairs, years)``, read from the stored table.

    Dyadic: ``ccode1, ccode2, year, indicator, value, se``; monadic: ``ccode, year,
    indicator, value, se``. Raises ``OptionalDataError`` for an indicator left out for
    want of optional data. Records the sources the table was computed from.
    """
    out = pd.DataFrame(arrays(ind, pairs, years))
    out.insert(3 if ind.kind != "monadic" else 2, "indicator", ind.name)
    if ind.kind == "monadic":
        return out.rename(columns={"ccode1": "ccode"})
    return out


def _mask(ind: Indicator, cols: dict[str, np.ndarray], pairs: Pairs, years: Years) -> np.ndarray:
    keep = np.ones(len(cols["year"]), dtype=bool)
    if years is not None:
        year = cols["year"]
        keep &= (year >= years[0]) & (year <= years[1])
    if pairs is None:
        return keep
    c1 = cols["ccode1"]
    if ind.kind == "monadic":
        return keep & np.isin(c1, [c for p in pairs for c in p])
    packed = c1.astype(np.int64) * 1000 + cols["ccode2"].astype(np.int64)
    wanted = np.array([a * 1000 + b for a, b in pairs], dtype=np.int64)
    return keep & np.isin(packed, wanted)


def status() -> pd.DataFrame:
    """One row per registered indicator: ``stored``, ``missing`` or ``unavailable``."""
    rows = []
    for ind in registered().values():
        target = path(ind)
        if target.is_file():
            state, note = "stored", f"{target.stat().st_size / 1e6:.1f} MB"
        elif (reason := unavailable(ind)) is not None:
            state, note = "unavailable", reason
        else:
            state, note = "missing", ""
        rows.append({"indicator": ind.name, "state": state, "note": note})
    return pd.DataFrame(rows, columns=["indicator", "state", "note"])
