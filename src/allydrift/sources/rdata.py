"""Read R data files (``.rda``/``.rds``) with maintained readers, not by hand."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd


def read_r(path: Path, name: str | None = None) -> pd.DataFrame:
    """Read one object from an R data file; pyreadr first, the pure-Python ``rdata`` second."""
    try:
        import pyreadr

        objects = pyreadr.read_r(str(path))
    except Exception:  # pyreadr fails on legacy 8-bit strings; rdata decodes them
        import rdata

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            objects = (
                rdata.read_rda(str(path))
                if path.suffix != ".rds"
                else {None: rdata.read_rds(str(path))}
            )
    if name is None:
        return next(iter(objects.values()))
    return objects[name]


def as_int(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Turn float-coded integer columns (R's numeric) into nullable ``Int64``."""
    for col in columns:
        df[col] = pd.to_numeric(df[col]).astype("Float64").round().astype("Int64")
    return df
