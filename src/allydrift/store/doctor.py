"""Check the whole cache, repair what can be repaired, and say what cannot.

- raw files: hashed again against the registry; a damaged one is fetched again (from
  the mirror, or the network when online), otherwise reported with the command to run;
- derived tables: whole-file sha256 and Parquet page checksums; a damaged one is
  removed (it is rebuilt on next use);
- orphan temporary files (``*.part`` left by a killed process) are removed once they
  are older than ``min_age`` seconds (younger ones may belong to a running fetch);
- the stamps file is rewritten without stale lines.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from allydrift import config
from allydrift.errors import AllydriftError, DamagedTableError
from allydrift.store import tables, transfer
from allydrift.store.registry import FileEntry, entries

PART_MIN_AGE = 60.0


@dataclass
class Finding:
    """One problem: where, what, and whether it was repaired (else what to do)."""

    kind: str
    path: str
    problem: str
    repaired: bool
    action: str = ""

    def line(self) -> str:
        status = "repaired" if self.repaired else "NOT repaired"
        tail = f" — {self.action}" if self.action else ""
        return f"{status}: {self.kind} {self.path}: {self.problem}{tail}"


@dataclass
class Checkup:
    """What ``check`` looked at and found."""

    files_checked: int = 0
    files_missing: int = 0
    tables_checked: int = 0
    parts_removed: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def unrepaired(self) -> list[Finding]:
        return [f for f in self.findings if not f.repaired]

    def summary(self) -> str:
        n_bad = len(self.findings)
        return (
            f"cache {config.cache_dir()}: {self.files_checked:,} raw files hashed "
            f"({self.files_missing:,} not fetched yet), {self.tables_checked:,} tables verified, "
            f"{self.parts_removed:,} orphan temporary files removed; {n_bad} problem(s), "
            f"{len(self.unrepaired)} not repaired"
        )


def remove_orphan_parts(min_age: float = PART_MIN_AGE) -> tuple[int, list[Finding]]:
    """Delete ``*.part`` files under the cache older than ``min_age`` seconds."""
    root = config.cache_dir()
    removed, findings = 0, []
    now = time.time()
    if not root.is_dir():
        return 0, []
    for dirpath, _, names in os.walk(root):
        for name in names:
            if not name.endswith(".part"):
                continue
            path = Path(dirpath) / name
            try:
                if now - path.stat().st_mtime < min_age:
                    continue
                path.unlink()
                removed += 1
            except FileNotFoundError:
                continue
            except OSError as exc:
                findings.append(
                    Finding(
                        "temporary file",
                        str(path),
                        "left by an interrupted process",
                        False,
                        f"cannot remove it ({exc.strerror}); delete it by hand",
                    )
                )
    return removed, findings


def check_tables(repair: bool = True) -> tuple[int, list[Finding]]:
    """Verify every cached table; remove damaged ones (they are rebuilt on next use)."""
    found: list[Finding] = []
    n = 0
    for path in tables.cached_tables():
        n += 1
        try:
            tables.check_table(path)
            tables.read_table(path)
        except DamagedTableError as exc:
            problem = str(exc).replace(f"the cached table {path.name} ", "")
            if not repair:
                found.append(Finding("table", path.name, problem, False, "run allydrift doctor"))
                continue
            try:
                tables.remove_table(path)
                found.append(Finding("table", path.name, problem, True, "rebuilt on next use"))
            except OSError as err:
                found.append(
                    Finding(
                        "table",
                        path.name,
                        problem,
                        False,
                        f"cannot remove it ({err.strerror}); set {config.CACHE_ENV}=DIR "
                        "to a writable cache",
                    )
                )
    reports = config.cache_dir() / "reports"
    for path in sorted(reports.glob("*.pickle")) if reports.is_dir() else []:
        n += 1
        try:
            tables.read_blob(path)
        except (DamagedTableError, OSError) as exc:
            fixed = repair
            if repair:
                try:
                    path.unlink()
                except OSError:
                    fixed = False
            found.append(
                Finding(
                    "report",
                    path.name,
                    str(exc).split(": ")[-1][:100],
                    fixed,
                    "recomputed on next use" if fixed else "run allydrift doctor",
                )
            )
    root = config.tables_dir()
    if root.is_dir() and repair:
        for stray in root.glob(f"*.parquet{tables.CHECKSUM_SUFFIX}"):
            if not stray.with_name(stray.name.removesuffix(tables.CHECKSUM_SUFFIX)).exists():
                with contextlib.suppress(OSError):
                    stray.unlink()
    return n, found


def _refetch(entry: FileEntry, mirror: Path | None) -> Callable[[], Path] | None:
    mirror = mirror or config.mirror_dir()
    if mirror is not None and (mirror / entry.relpath).is_file():
        return lambda: transfer.import_from_mirror(entry, mirror)
    if not config.offline():
        return lambda: transfer.download(entry, progress=False)
    return None


def check_files(mirror: Path | None = None, repair: bool = True) -> tuple[int, int, list[Finding]]:
    """Hash every cached raw file; fetch damaged ones again where a source is reachable."""
    found: list[Finding] = []
    checked = missing = 0
    for entry in entries():
        path = transfer.local_path(entry)
        if not path.exists():
            missing += 1
            continue
        checked += 1
        if transfer.is_verified(entry, rehash=True):
            continue
        size = path.stat().st_size
        problem = (
            f"size {size:,} bytes, pinned {entry.size:,}"
            if size != entry.size
            else "sha256 differs from the pinned one"
        )
        again = _refetch(entry, mirror) if repair else None
        if again is None:
            found.append(
                Finding(
                    "file",
                    entry.relpath,
                    problem,
                    False,
                    f"run: allydrift fetch {entry.dataset} --force --from DIR (a mirror), "
                    "or online without --from",
                )
            )
            continue
        try:
            again()
            found.append(Finding("file", entry.relpath, problem, True, "fetched again"))
        except (AllydriftError, OSError) as exc:
            found.append(Finding("file", entry.relpath, problem, False, str(exc)[:200]))
    return checked, missing, found


def compact_stamps() -> None:
    """Rewrite the stamps file with one line per file (skipped if the cache is read-only)."""
    path = transfer.stamps_path()
    if not path.is_file():
        return
    stamps = transfer._stamps()
    try:
        fd, tmp = tempfile.mkstemp(prefix=".stamps.", suffix=".part", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for rel, (size, mtime, ctime, sha) in sorted(stamps.items()):
                fh.write(f"{rel}\t{size}\t{mtime}\t{ctime}\t{sha}\n")
        os.replace(tmp, path)
    except OSError:
        return
    transfer.forget_stamps()


def check(
    mirror: Path | None = None, repair: bool = True, min_age: float = PART_MIN_AGE
) -> Checkup:
    """Check the whole cache (see the module docstring)."""
    up = Checkup()
    if repair:
        up.parts_removed, found = remove_orphan_parts(min_age)
        up.findings += found
    up.files_checked, up.files_missing, found = check_files(mirror, repair)
    up.findings += found
    up.tables_checked, found = check_tables(repair)
    up.findings += found
    if repair:
        compact_stamps()
    return up
