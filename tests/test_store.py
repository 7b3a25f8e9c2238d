"""The data store: registry pins, verified atomic fetches, Parquet tables."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from allydrift.errors import ChecksumError, NotCachedError
from allydrift.store import registry, tables
from allydrift.store import transfer as fetchmod
from conftest import make_entry, write_mirror

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def test_registry_pins_every_file_with_url_and_sha256():
    entries = registry.pinned_files()
    assert len(entries) > 5000
    for entry in entries.values():
        assert entry.url.startswith("https://")
        assert re.fullmatch(r"[0-9a-f]{64}", entry.sha256)
        assert entry.size > 0


@pytest.mark.skipif(not (SHARED / "MANIFEST.tsv").is_file(), reason="mirror manifest absent")
def test_registry_matches_the_mirror_manifest():
    with (SHARED / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    pinned = registry.pinned_files()
    assert len(rows) == len(pinned)
    for row in rows:
        entry = pinned[row["url"]]
        assert entry.sha256 == row["sha256"]
        assert entry.relpath == row["path"]


def test_import_from_mirror_verifies_and_installs(empty_cache, tmp_path):
    content = b"year,value\n2000,1\n"
    entry = make_entry(content)
    write_mirror(tmp_path / "mirror", entry, content)
    path = fetchmod.import_from_mirror(entry, tmp_path / "mirror")
    assert path.read_bytes() == content
    assert fetchmod.is_cached(entry)
    assert not list(path.parent.glob("*.part"))


def test_checksum_mismatch_is_refused_and_keeps_the_good_copy(empty_cache, tmp_path):
    good = b"year,value\n2000,1\n"
    entry = make_entry(good)
    mirror = tmp_path / "mirror"
    write_mirror(mirror, entry, good)
    installed = fetchmod.import_from_mirror(entry, mirror)
    write_mirror(mirror, entry, b"year,value\n2000,9\n")  # same size, other bytes
    with pytest.raises(ChecksumError) as err:
        fetchmod.fetch_one_from(entry, mirror)
    message = str(err.value)
    assert entry.sha256 in message
    assert "expected" in message
    assert "cache is unchanged" in message
    assert installed.read_bytes() == good
    assert not list(installed.parent.glob("*.part"))


def test_interrupted_copy_leaves_no_partial_file(empty_cache, tmp_path, monkeypatch):
    content = b"x" * 10_000
    entry = make_entry(content)
    write_mirror(tmp_path / "mirror", entry, content)

    def broken_copy(src, dst):
        Path(dst).write_bytes(content[:100])
        raise KeyboardInterrupt

    monkeypatch.setattr(fetchmod.shutil, "copyfile", broken_copy)
    with pytest.raises(KeyboardInterrupt):
        fetchmod.import_from_mirror(entry, tmp_path / "mirror")
    target = fetchmod.local_path(entry)
    assert not target.exists()
    assert target.parent.is_dir()  # the copy got as far as the cache folder …
    assert list(target.parent.iterdir()) == []  # … and left no partial file behind


def test_failed_download_names_the_fetch_to_run(empty_cache, monkeypatch):
    entry = make_entry(b"abc")

    class Failing:
        def __init__(self, **kwargs):
            pass

        def __call__(self, url, output, pooch):
            Path(output).write_bytes(b"partial")
            msg = "network unreachable"
            raise ConnectionError(msg)

    import pooch

    monkeypatch.setattr(pooch, "HTTPDownloader", Failing)
    with pytest.raises(NotCachedError, match="allydrift fetch synthetic"):
        fetchmod.download(entry, progress=False)
    assert not fetchmod.local_path(entry).exists()


def test_offline_missing_cache_says_which_fetch_to_run(empty_cache):
    entry = registry.entry_for("atop", "atop_alliance.rda")
    with pytest.raises(NotCachedError, match="allydrift fetch atop"):
        fetchmod.ensure(entry)


def test_corrupted_cache_file_is_detected(empty_cache, tmp_path):
    content = b"a,b\n1,2\n"
    entry = make_entry(content)
    write_mirror(tmp_path / "mirror", entry, content)
    path = fetchmod.import_from_mirror(entry, tmp_path / "mirror")
    path.write_bytes(b"a,b\n1,3\n")
    with pytest.raises(ChecksumError, match="--force"):
        fetchmod.verify(entry)


def test_tables_are_cached_as_parquet_and_rebuilt_when_damaged(empty_cache, tmp_path):
    content = b"a,b\n1,2\n3,4\n"
    entry = make_entry(content)
    write_mirror(tmp_path / "mirror", entry, content)
    fetchmod.import_from_mirror(entry, tmp_path / "mirror")
    calls = []

    def build(paths):
        calls.append(paths)
        return pd.read_csv(paths[0])

    first = tables.table("demo", [entry], build)
    tables.clear_memory()
    second = tables.table("demo", [entry], build)
    assert len(calls) == 1
    pd.testing.assert_frame_equal(first, second)
    parquet = next((empty_cache / "tables").glob("demo-*.parquet"))
    parquet.write_bytes(b"not parquet")
    tables.clear_memory()
    third = tables.table("demo", [entry], build)
    assert len(calls) == 2
    pd.testing.assert_frame_equal(first, third)
