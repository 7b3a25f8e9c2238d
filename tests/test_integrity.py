"""Integrity of the cache: checksummed tables, hash-verified fetches, doctor, faults (issue 12)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allydrift.errors import CacheNotWritableError, ChecksumError, DamagedTableError
from allydrift.store import doctor, tables
from allydrift.store import transfer as fetchmod
from conftest import make_entry, write_mirror

ROOT = Path(__file__).resolve().parents[1]
_CANDIDATES = [ROOT.parent / "shared" / "data", ROOT.parents[1] / "shared" / "data"]
SHARED = Path(
    os.environ.get("ALLYDRIFT_MIRROR_DIR")
    or next((p for p in _CANDIDATES if p.is_dir()), _CANDIDATES[0])
)
needs_mirror = pytest.mark.skipif(not SHARED.is_dir(), reason="offline mirror absent")


def frame(n: int = 500, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "year": np.arange(1900, 1900 + n) % 200 + 1850,
            "value": rng.normal(size=n),
            "name": [f"state{i % 37}" for i in range(n)],
        }
    )


def flip(path: Path, pos: int) -> None:
    data = bytearray(path.read_bytes())
    data[pos % len(data)] ^= 0xFF
    path.write_bytes(bytes(data))


# --- the one write/read path ---------------------------------------------------------------


def test_write_read_round_trip_and_checksum_beside_it(tmp_path):
    df = frame()
    path = tables.write_table(df, tmp_path / "t.parquet")
    pd.testing.assert_frame_equal(tables.read_table(path), df)
    assert len(tables.recorded_sha256(path) or "") == 64
    assert fetchmod.sha256_of(path) == tables.recorded_sha256(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.parquet", "t.parquet.sha256"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pos=st.integers(min_value=0, max_value=10**9))
def test_any_flipped_byte_is_detected_never_read_as_data(tmp_path_factory, pos):
    path = tables.write_table(frame(), tmp_path_factory.mktemp("t") / "t.parquet")
    flip(path, pos)
    with pytest.raises(DamagedTableError, match="damaged"):
        tables.read_table(path)


def test_page_checksums_catch_a_flip_even_with_a_matching_file_hash(tmp_path):
    """The second line of defence: a data page altered and the sidecar rewritten to match."""
    import pyarrow.parquet as pq

    df = pd.DataFrame({"value": np.arange(20_000, dtype="float64")})
    path = tables.write_table(df, tmp_path / "t.parquet")
    meta = pq.ParquetFile(path).metadata.row_group(0).column(0)
    start = meta.data_page_offset
    flip(path, start + meta.total_compressed_size // 2)
    tables.checksum_path(path).write_text(f"{fetchmod.sha256_of(path)}  t.parquet\n")
    with pytest.raises(DamagedTableError, match="cannot be read"):
        tables.read_table(path)


def test_missing_checksum_counts_as_damaged(tmp_path):
    path = tables.write_table(frame(), tmp_path / "t.parquet")
    tables.checksum_path(path).unlink()
    with pytest.raises(DamagedTableError, match="no recorded checksum"):
        tables.read_table(path)


def test_cached_rebuilds_a_damaged_table_with_a_one_line_note(tmp_path):
    calls = []

    def build() -> pd.DataFrame:
        calls.append(1)
        return frame()

    path = tmp_path / "panel.parquet"
    first = tables.cached(path, build)
    flip(path, 100)
    with pytest.warns(tables.CacheWarning, match="damaged.*rebuilding it") as record:
        again = tables.cached(path, build)
    assert len(calls) == 2
    assert "\n" not in str(record[0].message)
    pd.testing.assert_frame_equal(first, again)
    pd.testing.assert_frame_equal(tables.read_table(path), first)  # and stored again


def test_parsed_table_flipped_byte_is_rebuilt_to_the_same_values(empty_cache, tmp_path):
    content = b"a,b\n" + b"".join(f"{i},{i * i}\n".encode() for i in range(2000))
    entry = make_entry(content)
    write_mirror(tmp_path / "mirror", entry, content)
    fetchmod.import_from_mirror(entry, tmp_path / "mirror")
    first = tables.table("demo", [entry], lambda paths: pd.read_csv(paths[0]))
    target = tables.table_path("demo", [entry])
    for pos in range(0, target.stat().st_size, 97):
        tables.clear_memory()
        flip(target, pos)
        with pytest.warns(tables.CacheWarning):
            again = tables.table("demo", [entry], lambda paths: pd.read_csv(paths[0]))
        pd.testing.assert_frame_equal(first, again)


@pytest.mark.data
def test_real_table_flips_never_give_other_military_spending(tmp_path, monkeypatch):
    """The issue's case: a flipped byte in the SIPRI table gave the US 61.23 % of GDP in 2003."""
    from allydrift.sources import sipri_milex

    real = Path(os.environ["ALLYDRIFT_CACHE"])
    sipri_milex.load()  # make sure the real table exists
    source = next((real / "tables").glob("sipri_milex.milex-*.parquet"))
    cache = tmp_path / "cache"
    (cache / "tables").mkdir(parents=True)
    (cache / "files").symlink_to(real / "files")
    for other in (real / "tables").iterdir():
        shutil.copy(other, cache / "tables" / other.name)
    monkeypatch.setenv("ALLYDRIFT_CACHE", str(cache))
    target = cache / "tables" / source.name
    good = target.read_bytes()
    rng = np.random.default_rng(12)
    for pos in rng.integers(0, len(good), 200):
        flip(target, int(pos))
        with pytest.raises(DamagedTableError):
            tables.read_table(target)
        target.write_bytes(good)
    flip(target, len(good) // 2)
    tables.clear_memory()
    with pytest.warns(tables.CacheWarning, match="sipri_milex"):
        df = sipri_milex.load()
    us = df[(df.ccode == 2) & (df.year == 2003)].share_gdp.iloc[0]
    assert us == pytest.approx(0.0383, abs=0.0006)  # SIPRI: 3.8 % of GDP
    tables.clear_memory()


# --- raw files: hashes, not sizes ----------------------------------------------------------


def _installed(tmp_path: Path, content: bytes = b"a,b\n1,2\n"):
    entry = make_entry(content)
    mirror = tmp_path / "mirror"
    write_mirror(mirror, entry, content)
    return entry, mirror, fetchmod.import_from_mirror(entry, mirror)


def test_same_size_corruption_is_not_already_cached(empty_cache, tmp_path, monkeypatch):
    entry, mirror, path = _installed(tmp_path)
    monkeypatch.setattr(fetchmod, "_selected", lambda names: [entry])
    assert fetchmod.fetch(mirror=mirror, progress=False)["present"] == 1
    path.write_bytes(b"a,b\n1,3\n")  # same size, other bytes
    counts = fetchmod.fetch(mirror=mirror, progress=False)
    assert counts == {"fetched": 1, "present": 0, "repaired": 1}
    assert path.read_bytes() == b"a,b\n1,2\n"


def test_stamp_is_rechecked_when_the_file_changes_even_with_its_old_mtime(empty_cache, tmp_path):
    entry, _, path = _installed(tmp_path)
    assert fetchmod.is_verified(entry)
    st_before = path.stat()
    path.write_bytes(b"a,b\n1,3\n")
    os.utime(path, ns=(st_before.st_atime_ns, st_before.st_mtime_ns))  # hide the edit
    assert not fetchmod.is_verified(entry)  # the change time still differs
    fetchmod.forget_stamps()
    assert not fetchmod.is_verified(entry)


def test_verify_flag_rehashes_everything(empty_cache, tmp_path, monkeypatch):
    entry, mirror, path = _installed(tmp_path)
    calls = []
    real = fetchmod.sha256_of
    monkeypatch.setattr(fetchmod, "sha256_of", lambda p: calls.append(p) or real(p))
    monkeypatch.setattr(fetchmod, "_selected", lambda names: [entry])
    fetchmod.fetch(mirror=mirror, progress=False)
    assert calls == []  # the stamp vouches: no re-hash
    fetchmod.fetch(mirror=mirror, progress=False, verify=True)
    assert calls == [path]


def test_ensure_refuses_a_damaged_file_offline_with_the_repair_command(empty_cache, tmp_path):
    entry, _, path = _installed(tmp_path)
    path.write_bytes(b"a,b\n1,3\n")
    with pytest.raises(ChecksumError, match="--force --from DIR"):
        fetchmod.ensure(entry)


# --- doctor --------------------------------------------------------------------------------


def test_doctor_repairs_tables_removes_orphans_and_reports_the_rest(empty_cache, tmp_path):
    _, _, path = _installed(tmp_path)
    table = tables.write_table(frame(), empty_cache / "tables" / "x-0.parquet")
    flip(table, 50)
    old = path.parent / ".file.csv.abc.part"
    old.write_bytes(b"partial")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    young = path.parent / ".file.csv.new.part"
    young.write_bytes(b"being written")
    up = doctor.check(min_age=60)
    assert up.parts_removed == 1
    assert not old.exists()
    assert young.exists()
    assert [(f.kind, f.repaired) for f in up.findings] == [("table", True)]
    assert not table.exists()
    assert "1 problem(s), 0 not repaired" in up.summary()


def test_doctor_repairs_raw_files_from_the_mirror_or_says_what_to_do(
    empty_cache, tmp_path, monkeypatch
):
    entry, mirror, path = _installed(tmp_path)
    monkeypatch.setattr(doctor, "entries", lambda: [entry])
    path.write_bytes(b"a,b\n1,3\n")
    up = doctor.check()
    (finding,) = up.unrepaired
    assert finding.kind == "file"
    assert "allydrift fetch synthetic --force" in finding.line()
    up = doctor.check(mirror=mirror)
    assert [f.repaired for f in up.findings] == [True]
    assert path.read_bytes() == b"a,b\n1,2\n"
    assert doctor.check().findings == []


def _cli(*args: str, env: dict, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "allydrift", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=600,
        **kw,
    )


@needs_mirror
@pytest.mark.data
def test_fetch_force_and_doctor_repair_a_damaged_parsed_table(tmp_path):
    cache = tmp_path / "cache"
    env = {"ALLYDRIFT_CACHE": str(cache), "ALLYDRIFT_OFFLINE": "1"}
    assert _cli("fetch", "atop", "--from", str(SHARED), env=env).returncode == 0
    for name in ("a", "b"):
        flip(tables.write_table(frame(), cache / "tables" / f"{name}-0.parquet"), 40)
    res = _cli("fetch", "atop", "--force", "--from", str(SHARED), env=env)
    assert res.returncode == 0, res.stderr
    assert "repaired: table a-0.parquet" in res.stdout
    assert not list((cache / "tables").glob("*.parquet"))
    flip(cache / "files" / fetchmod.entries("atop")[0].relpath, 10)
    res = _cli("doctor", "--check", env=env)
    assert res.returncode == 1
    assert "NOT repaired: file" in res.stdout
    res = _cli("doctor", "--from", str(SHARED), env=env)
    assert res.returncode == 0, res.stdout
    assert "repaired: file" in res.stdout, res.stdout


# --- faults: kill -9, read-only cache ------------------------------------------------------


@needs_mirror
@pytest.mark.data
@pytest.mark.slow
def test_kill_during_fetch_never_leaves_a_bad_file(tmp_path):
    cache = tmp_path / "cache"
    env = {"ALLYDRIFT_CACHE": str(cache), "ALLYDRIFT_OFFLINE": "1"}
    for delay in (0.8, 1.6, 2.4):
        proc = subprocess.Popen(
            [sys.executable, "-m", "allydrift", "fetch", "--force", "--from", str(SHARED)],
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        res = _cli("doctor", "--check", env=env)
        assert "NOT repaired" not in res.stdout, res.stdout  # every file there verifies
    res = _cli("doctor", "--part-age", "0", env=env)
    assert res.returncode == 0, res.stdout
    assert not list(cache.rglob("*.part"))
    res = _cli("fetch", "--from", str(SHARED), env=env)
    assert res.returncode == 0, res.stderr
    assert _cli("doctor", "--check", env=env).returncode == 0  # complete and verified


_BUILD_SCRIPT = """
import sys, numpy as np, pandas as pd
from pathlib import Path
from allydrift.store import tables
df = pd.DataFrame({"v": np.arange(3_000_000, dtype="float64")})
print("ready", flush=True)
while True:
    tables.write_table(df, Path(sys.argv[1]))
"""


@pytest.mark.slow
def test_kill_during_a_table_build_never_gives_wrong_data(tmp_path):
    target = tmp_path / "big.parquet"
    expected = pd.DataFrame({"v": np.arange(3_000_000, dtype="float64")})
    outcomes = set()
    for delay in (0.3, 0.9, 1.7, 2.2):
        proc = subprocess.Popen(
            [sys.executable, "-c", _BUILD_SCRIPT, str(target)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        try:
            df = tables.read_table(target)
        except (DamagedTableError, FileNotFoundError):
            outcomes.add("damaged")
            df = tables.cached(target, lambda: expected)
        else:
            outcomes.add("complete")
        pd.testing.assert_frame_equal(df, expected)
    assert outcomes  # every kill left either a complete table or one that is rebuilt


_READONLY_SCRIPT = """
import hashlib, sys, warnings
import pandas as pd
from pathlib import Path
from allydrift.store import tables, transfer
from allydrift.store.registry import FileEntry
content = Path(sys.argv[1]).read_bytes()
entry = FileEntry("synthetic", "https://data.example.org/o/r/file.csv",
                  hashlib.sha256(content).hexdigest(), len(content))
warm = tables.table("warm", [entry], lambda p: pd.read_csv(p[0]))
with warnings.catch_warnings(record=True) as seen:
    warnings.simplefilter("always")
    cold = tables.table("cold", [entry], lambda p: pd.read_csv(p[0]))
print(len(warm), len(cold), "|".join(str(w.message) for w in seen))
"""


def _as_other_user(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
    return cmd


def test_read_only_cache_reads_what_it_has_and_says_what_to_do(tmp_path):
    root = Path(tempfile.mkdtemp(prefix="allydrift-ro-"))  # reachable by another user
    try:
        os.chmod(root, 0o755)
        cache = root / "cache"
        content = b"a,b\n1,2\n3,4\n"
        entry = make_entry(content, name="file.csv")
        entry = type(entry)(
            entry.dataset, "https://data.example.org/o/r/file.csv", entry.sha256, entry.size
        )
        env = {**os.environ, "ALLYDRIFT_CACHE": str(cache), "ALLYDRIFT_OFFLINE": "1"}
        env["PYTHONPATH"] = str(ROOT / "src")
        write_mirror(root / "mirror", entry, content)
        raw = root / "mirror" / entry.relpath
        old = os.environ.get("ALLYDRIFT_CACHE")
        os.environ["ALLYDRIFT_CACHE"] = str(cache)
        try:
            fetchmod.forget_stamps()
            fetchmod.import_from_mirror(entry, root / "mirror")
            tables.clear_memory()
            tables.table("warm", [entry], lambda p: pd.read_csv(p[0]))
            tables.clear_memory()
        finally:
            os.environ["ALLYDRIFT_CACHE"] = old or ""
            fetchmod.forget_stamps()
        for path in [root, *root.rglob("*")]:
            os.chmod(path, 0o555 if path.is_dir() else 0o444)
        res = subprocess.run(
            _as_other_user([sys.executable, "-c", _READONLY_SCRIPT, str(raw)]),
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert res.returncode == 0, res.stderr
        warm, cold, notes = res.stdout.strip().split(" ", 2)
        assert (warm, cold) == ("2", "2")
        assert "not stored" in notes
        assert "ALLYDRIFT_CACHE" in notes
        res = subprocess.run(
            _as_other_user(
                [
                    sys.executable,
                    "-m",
                    "allydrift",
                    "fetch",
                    "atop",
                    "--force",
                    "--from",
                    str(SHARED),
                ]
            ),
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        if SHARED.is_dir():
            assert res.returncode == CacheNotWritableError.exit_code, res.stderr
            lines = [ln for ln in res.stderr.splitlines() if ln.startswith("error:")]
            assert len(lines) == 1
            assert "ALLYDRIFT_CACHE" in lines[0]
            assert "Traceback" not in res.stderr
    finally:
        for path in [root, *root.rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        shutil.rmtree(root, ignore_errors=True)


def test_report_pickles_are_verified_and_a_damaged_one_is_recomputed(empty_cache):
    from allydrift.report import memo

    value = {"span": (1952, 2023), "values": np.linspace(0, 1, 1000)}
    memo.store("k1", value)
    again = memo.load("k1")
    assert again["span"] == value["span"]
    assert np.array_equal(again["values"], value["values"])
    path = empty_cache / "reports" / "k1.pickle"
    flip(path, path.stat().st_size - 500)  # inside the float array: pickle alone reads it
    assert memo.load("k1") is None
    assert not path.exists()
    memo.store("k2", value)
    flip(empty_cache / "reports" / "k2.pickle", 200)
    up = doctor.check()
    assert [(f.kind, f.repaired) for f in up.findings] == [("report", True)]


@needs_mirror
@pytest.mark.data
def test_ctrl_c_during_fetch_is_one_line_and_leaves_a_verified_cache(tmp_path):
    cache = tmp_path / "cache"
    env = {"ALLYDRIFT_CACHE": str(cache), "ALLYDRIFT_OFFLINE": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "allydrift", "fetch", "--force", "--from", str(SHARED)],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.time() + 120
    while not (cache / "files").exists() and time.time() < deadline:  # the fetch has begun
        time.sleep(0.05)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    _, errs = proc.communicate(timeout=120)
    assert proc.returncode == 130, errs
    assert "Traceback" not in errs
    assert "interrupted" in errs
    assert "NOT repaired" not in _cli("doctor", "--check", env=env).stdout
