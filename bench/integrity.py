"""Cache integrity: how many flipped bytes each check catches, and what verification costs.

Run: ``python bench/integrity.py`` (reads the cache named by ``ALLYDRIFT_CACHE``; the SIPRI
table is copied, never modified in place).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from allydrift import config
from allydrift.errors import DamagedTableError
from allydrift.sources import sipri_milex
from allydrift.store import doctor, tables, transfer

FLIPS = 200


def flips() -> None:
    sipri_milex.load()
    source = next(config.tables_dir().glob("sipri_milex.milex-*.parquet"))
    good_df = pd.read_parquet(source)
    tmp = Path(tempfile.mkdtemp())
    target = tmp / source.name
    good = source.read_bytes()
    rng = np.random.default_rng(0)
    plain_wrong = plain_error = page_caught = sha_caught = 0
    for pos in rng.integers(0, len(good), FLIPS):
        data = bytearray(good)
        data[int(pos)] ^= 0xFF
        target.write_bytes(bytes(data))
        try:
            df = pd.read_parquet(target)
            plain_wrong += not df.equals(good_df)
        except Exception:
            plain_error += 1
        try:
            pq.read_table(target, page_checksum_verification=True).to_pandas().equals(good_df)
        except Exception:
            page_caught += 1
        shutil.copy(tables.checksum_path(source), tables.checksum_path(target))
        try:
            tables.read_table(target)
        except DamagedTableError:
            sha_caught += 1
    shutil.rmtree(tmp)
    print(f"SIPRI table ({len(good):,} bytes), {FLIPS} single-byte flips:")
    print(f"  plain read: {plain_error} errors, {plain_wrong} read as other values")
    print(f"  page checksums alone: {page_caught} caught")
    print(f"  read_table (sha256 + page checksums): {sha_caught} caught")


def costs() -> None:
    t = time.perf_counter()
    counts = transfer.fetch(progress=False)
    stamped = time.perf_counter() - t
    t = time.perf_counter()
    transfer.fetch(progress=False, verify=True)
    rehash = time.perf_counter() - t
    t = time.perf_counter()
    up = doctor.check(repair=False)
    checkup = time.perf_counter() - t
    print(
        f"fetch of {counts['present']:,} cached files: {stamped:.2f} s with stamps, "
        f"{rehash:.2f} s with --verify; doctor --check: {checkup:.2f} s "
        f"({up.tables_checked} tables)"
    )


if __name__ == "__main__":
    flips()
    costs()
