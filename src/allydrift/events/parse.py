"""Raw event lines to the canonical event table, as one Ibis expression for any engine.

Every line becomes one row. A line that cannot be read as an event keeps its text in
``raw`` and the reason in ``problem`` (see ``schema.PROBLEMS``); its other fields are
NULL. Nothing is dropped silently: ``ingest`` counts the problems and reports them.
"""

from __future__ import annotations

from typing import Any

from allydrift.events.schema import CANONICAL, ROOT_QUAD, RawFormat


def _ibis() -> Any:
    import ibis

    return ibis


def _int(col: Any, dtype: str = "int32") -> Any:
    return col.strip().try_cast(dtype)


def _date_parts(col: Any, fmt: RawFormat) -> tuple[Any, Any, Any, Any]:
    """Year, month, day and a validity flag from ``YYYYMMDD`` or ``YYYY-MM-DD`` text."""
    dashed = fmt.date_pattern == "%Y-%m-%d"
    width = 10 if dashed else 8
    pos = (0, 5, 8) if dashed else (0, 4, 6)
    y = col.substr(pos[0], 4).try_cast("int32")
    m = col.substr(pos[1], 2).try_cast("int32")
    d = col.substr(pos[2], 2).try_cast("int32")
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    days = (
        _ibis()
        .cases((m == 2, leap.ifelse(29, 28)), ((m == 4) | (m == 6) | (m == 9) | (m == 11), 30))
        .fill_null(31)
    )
    ok = (col.length() == width) & m.between(1, 12) & (d >= 1) & (d <= days) & (y >= 1)
    if dashed:
        ok &= (col.substr(4, 1) == "-") & (col.substr(7, 1) == "-")
    return y, m, d, ok.fill_null(False)


def _quad_from_root(root: Any) -> Any:
    return _ibis().cases(*[(root == r, quad) for r, quad in ROOT_QUAD.items()])


def parse(raw: Any, fmt: RawFormat) -> Any:
    """Validated events from a scanned raw table (``c0`` … ``c<n>``), before actor mapping."""
    ibis = _ibis()
    n = fmt.n_fields
    t = raw
    if fmt.header:
        t = t.filter(t.c0.isnull() | (t.c0 != fmt.header.rstrip("\t")))
    shape = t[f"c{n - 1}"].notnull() & t[f"c{n}"].isnull()
    event_id = _int(t[f"c{fmt.event_id}"], "int64")
    y, m, d, date_ok = _date_parts(t[f"c{fmt.date}"].strip(), fmt)
    code = t[f"c{fmt.event_code}"].strip()
    root = code.substr(0, 2).try_cast("int32")
    code_ok = code.length().between(2, 4) & code.try_cast("int32").notnull() & root.between(1, 20)
    goldstein = t[f"c{fmt.goldstein}"].strip().try_cast("float64")
    gold_ok = goldstein.between(-10, 10)
    if fmt.quad_class is not None:
        quad = _int(t[f"c{fmt.quad_class}"])
        quad_ok = quad.between(1, 4)
    else:
        quad = _quad_from_root(root)
        quad_ok = ibis.literal(True)
    checks = [
        ("fields", shape),
        ("event_id", event_id.notnull()),
        ("date", date_ok),
        ("event_code", code_ok.fill_null(False)),
        ("goldstein", gold_ok.fill_null(False)),
        ("quad_class", quad_ok.fill_null(False)),
    ]
    problem = ibis.cases(*[(~ok, name) for name, ok in checks], else_=ibis.null("string"))
    good = problem.isnull()
    raw_text = ibis.literal("\t").join([t[c] for c in t.columns[:n]])
    articles = _int(t[f"c{fmt.num_articles}"], "int64") if fmt.num_articles else None
    out = t.select(
        event_id=good.ifelse(event_id, ibis.null("int64")),
        date=good.ifelse(ibis.date(y, m, d), ibis.null("date")),
        year=good.ifelse(y, ibis.null("int32")),
        actor1=good.ifelse(_key(t[f"c{fmt.actor1}"]), ibis.null("string")),
        actor2=good.ifelse(_key(t[f"c{fmt.actor2}"]), ibis.null("string")),
        event_code=good.ifelse(code, ibis.null("string")),
        root_code=good.ifelse(root, ibis.null("int32")),
        quad_class=good.ifelse(quad.cast("int32"), ibis.null("int32")),
        goldstein=good.ifelse(goldstein, ibis.null("float64")),
        num_articles=(
            good.ifelse(articles, ibis.null("int64"))
            if articles is not None
            else ibis.null("int64")
        ),
        format=ibis.literal(fmt.name),
        problem=problem,
        raw=good.ifelse(ibis.null("string"), raw_text),
    )
    return out


def _key(col: Any) -> Any:
    """An actor's country key: trimmed, with empty and ``NA`` read as missing."""
    ibis = _ibis()
    key = col.strip()
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
