"""Ingest raw event files into a Parquet dataset, and open that dataset for queries.

Layout (``store`` defaults to ``allydrift.config.cache_dir() / "events"``)::

    <store>/data/<key>/part-*.parquet   one folder per ingest call and format
    <store>/manifest.json               what each folder came from, with its counts

``<key>`` hashes the format and each input file's absolute path, size and modification
time, so ingesting the same files again replaces their folder instead of doubling them.
Both engines write and read the same layout and column types (``schema.CANONICAL``).
A store may be any URI the engine can write (``hdfs://…``, ``s3a://…`` with Spark); the
manifest is kept only for local stores.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from allydrift import config
from allydrift.errors import InputError, NotCachedError
from allydrift.events import actors, lines
from allydrift.events.engine import Engine, connect
from allydrift.events.lines import LineCount
from allydrift.events.parse import attach_states, parse
from allydrift.events.schema import CANONICAL, PROBLEMS, RawFormat, detect_format, get_format

N_EXAMPLES = 5


@dataclass
class IngestReport:
    """What one ingest wrote: counts of lines, events and problems, with examples."""

    key: str
    format: str
    engine: str
    files: list[str]
    lines: int
    events: int
    problems: dict[str, int] = field(default_factory=dict)
    examples: list[tuple[str, str]] = field(default_factory=list)
    no_state: int = 0
    folder: str = ""

    @property
    def malformed(self) -> int:
        """Lines that could not be read as events."""
        return sum(self.problems.values())

    def summary(self) -> str:
        """A few lines for people: counts, then each problem with its meaning."""
        out = [
            f"{self.format}: {len(self.files)} file(s), {self.lines:,} lines -> "
            f"{self.events:,} events ({self.malformed:,} malformed) with {self.engine}",
            f"  {self.no_state:,} events have an actor that is no state (region, group, none)",
        ]
        for name, count in sorted(self.problems.items()):
            out.append(f"  {count:,} x {name}: {PROBLEMS.get(name, name)}")
        for name, line in self.examples:
            out.append(f"    e.g. [{name}] {line[:120]!r}")
        return "\n".join(out)


def store_root(store: str | Path | None = None) -> str:
    """Where ingested events live: ``store`` or ``<cache>/events``."""
    return str(store) if store is not None else str(config.cache_dir() / "events")


def _is_uri(path: str) -> bool:
    return "://" in path


def _file_id(path: str) -> str:
    if _is_uri(path):
        return path
    stat = Path(path).stat()
    return f"{Path(path).resolve()}|{stat.st_size}|{stat.st_mtime_ns}"


def _group(paths: Sequence[str], fmt: str) -> dict[str, list[str]]:
    """Input files by format name (detected from each file's first line for ``auto``)."""
    groups: dict[str, list[str]] = {}
    if fmt != "auto":
        get_format(fmt)
    for path in paths:
        if not _is_uri(path) and not Path(path).is_file():
            msg = f"no such event file: '{path}'. Give paths of GDELT or ICEWS files."
            raise InputError(msg)
        if fmt != "auto":
            name = get_format(fmt).name
        elif _is_uri(path):
            msg = f"cannot detect the format of remote file '{path}': pass --format"
            raise InputError(msg)
        else:
            name = detect_format(lines.first_line(path)).name
        groups.setdefault(name, []).append(path)
    return groups


@contextmanager
def _prepared(paths: list[str], fmt: RawFormat) -> Iterator[tuple[list[str], LineCount | None]]:
    """Local files the engine reads in full, and the count of every line read.

    Archives are expanded and lines longer than ``lines.MAX_LINE`` set aside (counted as
    malformed) in a temporary folder; remote URIs are passed through uncounted.
    """
    if any(_is_uri(p) for p in paths):
        yield paths, None
        return
    tmp = Path(tempfile.mkdtemp(prefix="allydrift-events-"))
    try:
        yield lines.prepare(paths, tmp, fmt.header)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def events_from_files(eng: Engine, files: Sequence[str], fmt: RawFormat) -> Any:
    """Canonical, state-coded events of local or engine-readable files, as an expression."""
    raw = eng.scan_text(list(files), fmt.n_fields, fmt.used, "raw_lines")
    default, by_year = _actor_tables(eng, raw, fmt)
    return attach_states(parse(eng, raw, fmt), default, by_year)


def _actor_tables(eng: Engine, raw: Any, fmt: RawFormat) -> tuple[Any, Any]:
    if fmt.name == "icews":
        names = raw.select(key=raw[f"c{fmt.actor1}"]).union(raw.select(key=raw[f"c{fmt.actor2}"]))
        default, by_year = actors.name_maps(eng.to_pandas(names.distinct())["key"])
    else:
        default, by_year = actors.cameo_maps()
    eng.register_frame(default, "actor_default", actors.DEFAULT_SCHEMA)
    eng.register_frame(by_year, "actor_by_year", actors.BY_YEAR_SCHEMA)
    return (
        eng.table("actor_default", actors.DEFAULT_SCHEMA),
        eng.table("actor_by_year", actors.BY_YEAR_SCHEMA),
    )


def ingest(
    paths: Sequence[str | Path],
    engine: str | Engine = "duckdb",
    fmt: str = "auto",
    store: str | Path | None = None,
) -> list[IngestReport]:
    """Parse raw GDELT/ICEWS files and add them to the event store; one report per format.

    Examples
    --------
    >>> reports = ingest(["20240101.export.CSV.zip"])  # doctest: +SKIP
    >>> print(reports[0].summary())  # doctest: +SKIP
    """
    if not paths:
        msg = "give at least one event file to ingest"
        raise InputError(msg)
    root = store_root(store)
    if not _is_uri(root):
        _check_writable(Path(root))
    eng = connect(engine) if isinstance(engine, str) else engine
    reports = []
    try:
        for name, files in _group([str(p) for p in paths], fmt).items():
            reports.append(_ingest_group(eng, get_format(name), files, root))
    finally:
        if isinstance(engine, str):
            eng.close()
    return reports


def _check_writable(root: Path) -> None:
    """Refuse an event store folder that cannot be written, before any work."""
    try:
        (root / "data").mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".allydrift-check-", dir=root / "data")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        msg = (
            f"cannot write the event store '{str(root)[:200]}': {exc.strerror or exc}. "
            "Pass --store DIR with a writable folder (default: <cache>/events)"
        )
        raise InputError(msg) from None


def _ingest_group(eng: Engine, fmt: RawFormat, files: list[str], root: str) -> IngestReport:
    ids = sorted(_file_id(f) for f in files)
    key = hashlib.sha256("\n".join([fmt.name, *ids]).encode()).hexdigest()[:16]
    folder = f"{root}/data/{key}"
    with _prepared(files, fmt) as (local, count):
        expr = events_from_files(eng, local, fmt)
        if not _is_uri(folder):
            shutil.rmtree(folder, ignore_errors=True)
        eng.write_parquet(expr, folder)
        rejected = eng.rejected_lines()
    report = _report(eng, fmt, files, key, folder, rejected, count)
    if not _is_uri(root):
        _update_manifest(Path(root), report)
    return report


def _report(
    eng: Engine,
    fmt: RawFormat,
    files: list[str],
    key: str,
    folder: str,
    rejected: list[tuple[str, str]],
    count: LineCount | None = None,
) -> IngestReport:
    eng.scan_parquet(f"{folder}/*.parquet", "ingested")
    t = eng.table("ingested", CANONICAL)
    counts = eng.to_pandas(
        t.group_by("problem").agg(
            n=t.count(),
            no_state=(
                (t.actor1.notnull() & t.ccode1.isnull()) | (t.actor2.notnull() & t.ccode2.isnull())
            )
            .cast("int64")
            .sum(),
        )
    )
    problems = {str(r.problem): int(r.n) for r in counts.itertuples() if isinstance(r.problem, str)}
    for name, _ in rejected:
        problems[name] = problems.get(name, 0) + 1
    good = counts[counts["problem"].isna()]
    bad = t.filter(t.problem.notnull()).select("problem", "raw").order_by("problem", "raw")
    examples = [
        (str(p), str(r)) for p, r in eng.to_pandas(bad.limit(N_EXAMPLES)).itertuples(index=False)
    ]
    examples += rejected[:N_EXAMPLES]
    seen = int(counts["n"].sum()) + len(rejected)
    lines_read = seen
    if count is not None:
        if count.oversize:
            problems["line_length"] = problems.get("line_length", 0) + count.oversize
            examples += [("line_length", line) for line in count.examples[:N_EXAMPLES]]
        lines_read = max(count.lines - count.headers, seen + count.oversize)
        missing = lines_read - seen - count.oversize
        if missing > 0:  # the reader skipped lines without saying so: never hide them
            problems["unaccounted"] = missing
    return IngestReport(
        key=key,
        format=fmt.name,
        engine=eng.name,
        files=files,
        lines=lines_read,
        events=int(good["n"].sum()),
        problems=problems,
        examples=examples,
        no_state=int(good["no_state"].sum()),
        folder=folder,
    )


def _update_manifest(root: Path, report: IngestReport) -> None:
    path = root / "manifest.json"
    entries = json.loads(path.read_text("utf-8")) if path.is_file() else {}
    entry = asdict(report) | {"ingested": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    entries[report.key] = entry
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(entries, indent=1), encoding="utf-8")


def manifest(store: str | Path | None = None) -> dict[str, dict]:
    """Every ingest recorded in a local store, keyed by folder key."""
    path = Path(store_root(store)) / "manifest.json"
    return json.loads(path.read_text("utf-8")) if path.is_file() else {}


def open_events(eng: Engine, store: str | Path | None = None) -> Any:
    """The store's events as an Ibis table on ``eng`` (every ingested file, good rows only)."""
    root = store_root(store)
    if not _is_uri(root) and not any(Path(root, "data").glob("*/*.parquet")):
        msg = (
            f"no events have been ingested into {root} yet. "
            "Run `allydrift events ingest PATH…` with GDELT or ICEWS files first."
        )
        raise NotCachedError(msg)
    eng.scan_parquet(f"{root}/data/*/*.parquet", "events")
    t = eng.table("events", CANONICAL)
    return t.filter(t.problem.isnull())
