"""Two engines behind one query layer: DuckDB (embedded, default) and Apache Spark.

Every query is an Ibis expression over *unbound* tables; an engine compiles it to its own
SQL dialect (``ibis.to_sql``) and runs it. Only three things differ per engine and live
here: how raw text files are scanned into string columns, how tables are registered, and
how results are written. Everything else (parsing, validation, aggregation) is shared, so
both engines compute the same thing from the same code.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from allydrift.errors import InputError, MissingExtraError

ENGINES = ("duckdb", "spark")
SPARK_MASTER_ENV = "ALLYDRIFT_SPARK_MASTER"


def _ibis() -> Any:
    try:
        import ibis
    except ImportError:
        msg = "ibis-framework"
        raise MissingExtraError.for_module(msg, "events") from None
    return ibis


def raw_columns(n_columns: int, used: Sequence[int]) -> list[int]:
    """Fields a scan exposes: ``used``, the format's last field and one more.

    ``c<n-1>`` (the last field) is NULL when a line is too short and ``c<n>`` is non-NULL
    when it is too long; other fields are never read.
    """
    return sorted({*used, n_columns - 1, n_columns})


def raw_schema(columns: Sequence[int]) -> dict[str, str]:
    """The schema of a scanned text file: ``c<i>`` strings; missing NULL, empty ``''``."""
    return {f"c{i}": "string" for i in columns}


class Engine:
    """Common interface; see ``DuckDBEngine`` and ``SparkEngine``."""

    name = ""
    dialect = ""

    def table(self, view: str, schema: dict[str, str]) -> Any:
        """An unbound Ibis table for a registered ``view``."""
        return _ibis().table(schema, name=view)

    def sql(self, expr: Any) -> str:
        """The engine's SQL for an Ibis expression."""
        return str(_ibis().to_sql(expr, dialect=self.dialect))

    def scan_text(
        self, paths: Sequence[str], n_columns: int, used: Sequence[int], view: str
    ) -> Any:
        """Register the tab-separated ``paths`` as ``view`` (see ``raw_columns``)."""
        raise NotImplementedError

    def create_view(self, view: str, expr: Any) -> None:
        """Register an expression as a named view (a boundary the SQL keeps)."""
        raise NotImplementedError

    def scan_parquet(self, pattern: str, view: str) -> None:
        raise NotImplementedError

    def register_frame(self, df: pd.DataFrame, view: str, schema: dict[str, str]) -> None:
        raise NotImplementedError

    def to_pandas(self, expr: Any) -> pd.DataFrame:
        raise NotImplementedError

    def write_parquet(self, expr: Any, folder: str) -> None:
        raise NotImplementedError

    def rejected(self) -> list[str]:
        """Lines the reader could not decode during the last ``scan_text`` (DuckDB only)."""
        return [line for _, line in self.rejected_lines()]

    def rejected_lines(self) -> list[tuple[str, str]]:
        """``(problem, line)`` for each line the reader refused in the last ``scan_text``."""
        return []

    def close(self) -> None:
        """Release the engine's resources."""


class DuckDBEngine(Engine):
    """An in-process DuckDB database (the default engine)."""

    name = "duckdb"
    dialect = "duckdb"

    def __init__(self, threads: int | None = None, memory_limit: str | None = None) -> None:
        import duckdb

        self.con = duckdb.connect()
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        if memory_limit:
            self.con.execute(f"SET memory_limit = '{memory_limit}'")
        self.con.execute("SET preserve_insertion_order = false")
        self.con.execute("SET enable_progress_bar = false")
        self._scans = 0

    def scan_text(
        self, paths: Sequence[str], n_columns: int, used: Sequence[int], view: str
    ) -> Any:
        keep = raw_columns(n_columns, used)
        columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(n_columns + 1))
        files = ", ".join(_quote(p) for p in paths)
        self._scans += 1
        self._rejects = f"rejects_{self._scans}"
        self.con.execute(
            f"CREATE OR REPLACE VIEW {view} AS SELECT {', '.join(f'c{i}' for i in keep)} "
            f"FROM read_csv([{files}], "
            f"columns = {{{columns}}}, delim = '\\t', quote = '', escape = '', "
            "header = false, auto_detect = false, null_padding = true, strict_mode = false, "
            "nullstr = '\\x02', ignore_errors = true, store_rejects = true, "
            f"max_line_size = {MAX_LINE_SIZE}, buffer_size = {4 * MAX_LINE_SIZE}, "
            f"rejects_table = '{self._rejects}', rejects_scan = '{self._rejects}_scan')"
        )
        return self.table(view, raw_schema(keep))

    def create_view(self, view: str, expr: Any) -> None:
        self.con.execute(f"CREATE OR REPLACE VIEW {view} AS {self.sql(expr)}")

    def scan_parquet(self, pattern: str, view: str) -> None:
        self.con.execute(
            f"CREATE OR REPLACE VIEW {view} AS SELECT * FROM read_parquet({_quote(pattern)})"
        )

    def register_frame(self, df: pd.DataFrame, view: str, schema: dict[str, str]) -> None:
        self.con.register(f"{view}_df", df)
        cols = ", ".join(f'CAST("{c}" AS {_DUCK_TYPES[t]}) AS "{c}"' for c, t in schema.items())
        self.con.execute(f"CREATE OR REPLACE VIEW {view} AS SELECT {cols} FROM {view}_df")

    def to_pandas(self, expr: Any) -> pd.DataFrame:
        return self.con.sql(self.sql(expr)).df()

    def write_parquet(self, expr: Any, folder: str) -> None:
        Path(folder).mkdir(parents=True, exist_ok=True)
        target = _quote(str(Path(folder) / "part-0.parquet"))
        self.con.execute(f"COPY ({self.sql(expr)}) TO {target} (FORMAT parquet)")

    def rejected_lines(self) -> list[tuple[str, str]]:
        try:
            rows = self.con.execute(
                f"SELECT CAST(error_type AS VARCHAR), csv_line FROM {self._rejects}"
            ).fetchall()
        except Exception:  # no scan yet, or nothing rejected
            return []
        return [(_REJECT_PROBLEM.get(str(kind), "unreadable"), str(line)) for kind, line in rows]

    def close(self) -> None:
        self.con.close()


# Lines are at most lines.MAX_LINE bytes when they reach the engine (longer ones are
# counted and set aside first); the reader's own cap is set above it.
MAX_LINE_SIZE = 4 << 20
_REJECT_PROBLEM = {
    "INVALID ENCODING": "encoding",
    "INVALID UNICODE": "encoding",
    "LINE SIZE OVER MAXIMUM": "line_length",
    "TOO MANY COLUMNS": "fields",
    "MISSING COLUMNS": "fields",
}

_DUCK_TYPES = {"string": "VARCHAR", "int32": "INTEGER", "int64": "BIGINT", "float64": "DOUBLE"}


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class SparkEngine(Engine):
    """A Spark session: local mode by default, or any cluster via ``master``.

    Parameters
    ----------
    master
        Spark master URL (``local[2]``, ``spark://host:7077``, ``yarn`` …); default
        ``$ALLYDRIFT_SPARK_MASTER`` or ``local[2]``.
    driver_memory
        ``spark.driver.memory`` (set explicitly; local mode runs inside the driver).
    session
        An existing ``SparkSession`` to use instead of building one.
    """

    name = "spark"
    dialect = "pyspark"

    def __init__(
        self,
        master: str | None = None,
        driver_memory: str = "2g",
        session: Any = None,
        conf: dict[str, str] | None = None,
    ) -> None:
        ibis = _ibis()
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            msg = "pyspark"
            raise MissingExtraError.for_module(msg, "spark") from None
        ibis.pyspark  # noqa: B018 - registers the pyspark compiler's options
        if session is None:
            master = master or os.environ.get(SPARK_MASTER_ENV) or "local[2]"
            builder = (
                SparkSession.builder.master(master)
                .appName("allydrift-events")
                .config("spark.driver.memory", driver_memory)
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "8")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            )
            for key, value in (conf or {}).items():
                builder = builder.config(key, value)
            session = builder.getOrCreate()
            session.sparkContext.setLogLevel("ERROR")
        self.spark = session

    def scan_text(
        self, paths: Sequence[str], n_columns: int, used: Sequence[int], view: str
    ) -> Any:
        from pyspark.sql import functions as F

        keep = raw_columns(n_columns, used)
        lines = self.spark.read.text(list(paths))
        lines = lines.filter(F.col("value") != "")
        split = lines.select(F.split(F.regexp_replace("value", "\r$", ""), "\t", -1).alias("f"))
        f = F.col("f")
        cols = [F.when(F.size(f) > i, F.element_at(f, i + 1)).alias(f"c{i}") for i in keep]
        split.select(*cols).createOrReplaceTempView(view)
        return self.table(view, raw_schema(keep))

    def create_view(self, view: str, expr: Any) -> None:
        self.spark.sql(self.sql(expr)).createOrReplaceTempView(view)

    def scan_parquet(self, pattern: str, view: str) -> None:
        self.spark.read.parquet(pattern).createOrReplaceTempView(view)

    def register_frame(self, df: pd.DataFrame, view: str, schema: dict[str, str]) -> None:
        from pyspark.sql import functions as F
        from pyspark.sql import types as T

        kinds = {
            "string": T.StringType(),
            "int32": T.IntegerType(),
            "int64": T.LongType(),
            "float64": T.DoubleType(),
        }
        struct = T.StructType([T.StructField(c, kinds[t]) for c, t in schema.items()])
        rows = [
            tuple(
                None if pd.isna(v) else _py(v, schema[c]) for c, v in zip(schema, row, strict=True)
            )
            for row in df[list(schema)].itertuples(index=False)
        ]
        # Small lookup tables: hint a broadcast join (Spark cannot size Python-made frames).
        frame = self.spark.createDataFrame(rows, struct)
        F.broadcast(frame).createOrReplaceTempView(view)

    def to_pandas(self, expr: Any) -> pd.DataFrame:
        return self.spark.sql(self.sql(expr)).toPandas()

    def write_parquet(self, expr: Any, folder: str) -> None:
        self.spark.sql(self.sql(expr)).write.mode("overwrite").parquet(folder)

    def close(self) -> None:
        """Leave the session running: it may be shared (``getOrCreate``)."""


def _py(value: Any, kind: str) -> Any:
    if kind == "string":
        return str(value)
    return float(value) if kind == "float64" else int(value)


def connect(engine: str = "duckdb", **options: Any) -> Engine:
    """An engine by name: ``duckdb`` (default) or ``spark``; ``options`` go to its class."""
    if engine == "duckdb":
        return DuckDBEngine(**options)
    if engine == "spark":
        return SparkEngine(**options)
    msg = f"--engine must be one of {', '.join(ENGINES)}; got '{engine}'"
    raise InputError(msg)
