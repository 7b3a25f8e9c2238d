"""Labelled exports: Stata ``.dta`` with variable labels, Parquet with column docs.

The labels come from the table's own record (``allydrift.provenance.labels_of``); the
Parquet file also carries the source ids and the BibTeX of exactly those sources.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from allydrift.errors import InputError
from allydrift.provenance import labels_of, sources_of

FORMATS = (".dta", ".parquet", ".csv")


def check_output(path: Path) -> Path:
    """Refuse an output path with an unknown suffix or a missing folder, before any work."""
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        msg = (
            f"output must end in {', '.join(FORMATS)}; got '{path.name}'. "
            "Choose e.g. panel.dta or panel.parquet."
        )
        raise InputError(msg)
    if not path.parent.exists():
        msg = f"folder '{path.parent}' does not exist; create it or choose another"
        raise InputError(msg)
    return path


def _stata_ready(df: pd.DataFrame) -> pd.DataFrame:
    """Nullable integers as float (Stata missing '.'), strings as object."""
    out = df.copy()
    for col in out.columns:
        dtype = out[col].dtype
        if isinstance(dtype, pd.api.extensions.ExtensionDtype) and dtype.kind in "iufb":
            out[col] = out[col].astype("float64")
        elif dtype is np.dtype(object) or isinstance(dtype, pd.StringDtype):
            out[col] = out[col].astype(object).where(out[col].notna(), "").astype(str)
    return out


def write_panel(df: pd.DataFrame, path: str | Path) -> Path:
    """Write ``df`` to ``path`` (.dta, .parquet or .csv), keeping the column labels."""
    from allydrift.sources import cite

    path = check_output(Path(path))
    labels = labels_of(df)
    suffix = path.suffix.lower()
    if suffix == ".dta":
        data = _stata_ready(df)
        vlabels = {c: labels[c][:80] for c in data.columns if c in labels}
        data.to_stata(path, write_index=False, variable_labels=vlabels, version=118)
    elif suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(df, preserve_index=False)
        fields = [
            f.with_metadata({"description": labels[f.name]}) if f.name in labels else f
            for f in table.schema
        ]
        meta = dict(table.schema.metadata or {})
        ids = sources_of(df)
        meta[b"allydrift_sources"] = json.dumps(ids).encode()
        if ids:
            meta[b"allydrift_bibtex"] = cite(df).encode()
        schema = pa.schema(fields, metadata=meta)
        pq.write_table(table.cast(schema), path)
    else:
        df.to_csv(path, index=False)
    return path
