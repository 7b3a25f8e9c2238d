"""Raw event lines to the canonical event table, as one Ibis expression for any engine.

Every line becomes one row. A line that cannot be read as an event keeps the fields
allydrift reads in ``raw`` (tab-separated, in file order; the rest of the line is never
read, which keeps the scan fast) and the reason in ``problem`` (see ``schema.PROBLEMS``);
queries of the event store skip such rows. Nothing is dropped silently: ``ingest`` counts
the problems and reports them.
"""

from __future__ import annotations

from typing import Any

from allydrift.events.schema import CANONICAL, ROOT_QUAD, RawFormat


def _ibis() -> Any:
    import ibis

    return ibis


def _int(col: Any, dtype: str = "int32") -> Any:
    return col.try_cast(dtype)


def _days_in_month(y: Any, m: Any) -> Any:
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    short = (m == 4) | (m == 6) | (m == 9) | (m == 11)
    return _ibis().cases((m == 2, leap.ifelse(29, 28)), (short, 30), else_=31)


def _quad_from_root(root: Any) -> Any:
    return _ibis().cases(*[(root == r, quad) for r, quad in ROOT_QUAD.items()])


def typed(raw: Any, fmt: RawFormat) -> Any:
    """Stage 1: the fields allydrift reads, cast once (``ymd`` is the date as YYYYMMDD)."""
    ibis = _ibis()
    n = fmt.n_fields
    t = raw
    if fmt.header:
        t = t.filter(t.c0.isnull() | (t.c0 != fmt.header.rstrip("\t")))
    date = t[f"c{fmt.date}"]
    if fmt.date_pattern == "%Y-%m-%d":
        dashes = (date.substr(4, 1) == "-") & (date.substr(7, 1) == "-")
        ymd = (dashes & (date.length() == 10)).ifelse(
            date.replace("-", "").try_cast("int64"), ibis.null("int64")
        )
    else:
        ymd = (date.length() == 8).ifelse(date.try_cast("int64"), ibis.null("int64"))
    code = t[f"c{fmt.event_code}"]
    return t.select(
        *[t[f"c{i}"] for i in fmt.used],
        event_id=_int(t[f"c{fmt.event_id}"], "int64"),
        ymd=ymd,
        actor1=_key(t[f"c{fmt.actor1}"]),
        actor2=_key(t[f"c{fmt.actor2}"]),
        event_code=code,
        code_int=code.try_cast("int32"),
        root_code=code.substr(0, 2).try_cast("int32"),
        goldstein=t[f"c{fmt.goldstein}"].try_cast("float64"),
        quad=_int(t[f"c{fmt.quad_class}"]) if fmt.quad_class is not None else ibis.null("int32"),
        num_articles=_int(t[f"c{fmt.num_articles}"], "int64")
        if fmt.num_articles
        else ibis.null("int64"),
        ok_fields=t[f"c{n - 1}"].notnull() & t[f"c{n}"].isnull(),
    )


def checked(t: Any, fmt: RawFormat) -> Any:
    """Stage 2: the date, the QuadClass (from the root code for ICEWS) and each check."""
    ibis = _ibis()
    y = (t.ymd // 10000).cast("int32")
    m = ((t.ymd // 100) % 100).cast("int32")
    d = (t.ymd % 100).cast("int32")
    ok_date = (m.between(1, 12) & (d >= 1) & (d <= _days_in_month(y, m)) & (y >= 1)).fill_null(
        False
    )
    quad = t.quad if fmt.quad_class is not None else _quad_from_root(t.root_code)
    ok_code = t.event_code.length().between(2, 4) & t.code_int.notnull()
    return t.select(
        *[f"c{i}" for i in fmt.used],
        "event_id",
        "actor1",
        "actor2",
        "event_code",
        "root_code",
        "goldstein",
        "num_articles",
        "ok_fields",
        date=ok_date.ifelse(ibis.date(y, m, d), ibis.null("date")),
        year=y,
        quad_class=quad.cast("int32"),
        ok_date=ok_date,
        ok_code=(ok_code & t.root_code.between(1, 20)).fill_null(False),
        ok_goldstein=t.goldstein.between(-10, 10).fill_null(False),
        ok_quad=quad.between(1, 4).fill_null(False),
    )


def validate(t: Any, fmt: RawFormat) -> Any:
    """Stage 2: name each line's first problem and keep the text of unreadable lines."""
    ibis = _ibis()
    checks = [
        ("fields", t.ok_fields),
        ("event_id", t.event_id.notnull()),
        ("date", t.ok_date),
        ("event_code", t.ok_code),
        ("goldstein", t.ok_goldstein),
        ("quad_class", t.ok_quad),
    ]
    problem = ibis.cases(*[(~ok, name) for name, ok in checks], else_=ibis.null("string"))
    raw_text = ibis.literal("\t").join([t[f"c{i}"].fill_null("") for i in fmt.used])
    keep = [c for c in CANONICAL if c not in ("format", "problem", "raw", "ccode1", "ccode2")]
    return t.select(
        *keep,
        format=ibis.literal(fmt.name),
        problem=problem,
        raw=problem.isnull().ifelse(ibis.null("string"), raw_text),
    )


def parse(eng: Any, raw: Any, fmt: RawFormat) -> Any:
    """Validated events (before actor mapping) from a scanned raw table on ``eng``.

    Each stage is registered as a view so that each field is cast once per line:
    compiled as one expression, every check would be repeated in every output column.
    """
    stage = typed(raw, fmt)
    eng.create_view("typed_lines", stage)
    stage = checked(eng.table("typed_lines", dict(stage.schema().items())), fmt)
    eng.create_view("checked_lines", stage)
    return validate(eng.table("checked_lines", dict(stage.schema().items())), fmt)


def _key(col: Any) -> Any:
    """An actor's country key: trimmed, with empty and ``NA`` read as missing."""
    ibis = _ibis()
    key = col
    return ((key == "") | (key == "NA")).ifelse(ibis.null("string"), key)


def attach_states(events: Any, default: Any, by_year: Any) -> Any:
    """Add ``ccode1``/``ccode2`` by joining the actor maps (see ``actors``)."""
    ibis = _ibis()
    t = events
    for side in ("1", "2"):
        d = default.rename({f"d_key{side}": "key", f"d_ccode{side}": "ccode"})
        y = by_year.rename(
            {f"y_key{side}": "key", f"y_year{side}": "year", f"y_ccode{side}": "ccode"}
        )
        t = t.left_join(d, t[f"actor{side}"] == d[f"d_key{side}"])
        t = t.left_join(
            y, (t[f"actor{side}"] == y[f"y_key{side}"]) & (t.year == y[f"y_year{side}"])
        )
        t = t.mutate(
            **{
                f"ccode{side}": ibis.coalesce(t[f"y_ccode{side}"], t[f"d_ccode{side}"]).cast(
                    "int32"
                )
            }
        )
    return t.select(*CANONICAL)
