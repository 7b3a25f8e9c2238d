"""The JSON API (``/api/v1``): states, dyads, indicators, comparisons, sources, citations.

Every list is paginated (``limit``, ``offset``; the reply says ``total`` and links the
``next`` page); every reply carries an ETag and ``Cache-Control``. Index, drift and rank
endpoints are added by ``allydrift.web.analysis`` when those modules are installed.

Parameters are normalised before they make a cache key (spans cut to the years with
data, pages to the rows there are, searches lowercased), so URLs that ask for the same
rows share one entry. A cold dyad is computed in the heavy lane, once however many ask;
everything cut from it runs in the light lane (see ``allydrift.web.workers``).
"""

from __future__ import annotations

import io
from typing import Annotated, Any, Literal

import numpy as np
from fastapi import APIRouter, Path, Query, Request, Response

from allydrift import __version__
from allydrift.errors import InputError, UnknownSourceError
from allydrift.report.coverage import column_coverage
from allydrift.web import analysis, features
from allydrift.web.jsonable import records, state_label, state_record
from allydrift.web.params import (
    Span,
    check_span,
    clamp_span,
    parse_dyads,
    resolve_pair,
    resolve_state,
    span_query,
)
from allydrift.web.responses import binary, cached, clamp_page, page, reply
from allydrift.web.service import DyadData, Service, dyad_id

router = APIRouter(prefix="/api/v1", tags=["data"])

StateParam = Annotated[
    str,
    Path(
        min_length=1,
        max_length=60,
        description="A state: ISO3 code (JPN), name (Japan) or COW code (740).",
        examples=["USA", "JPN"],
    ),
]
Start = Annotated[
    int | None, Query(ge=1800, le=2100, description="First year (inclusive).", examples=[1990])
]
End = Annotated[
    int | None, Query(ge=1800, le=2100, description="Last year (inclusive).", examples=[2020])
]
Limit = Annotated[int, Query(ge=1, le=1000, description="Rows per page (1–1000).")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Rows to skip.")]


def service(request: Request) -> Service:
    """The app's shared service (caches included)."""
    return request.app.state.service


async def dyad_data(request: Request, a: Any, b: Any) -> DyadData:
    """The dyad's panel: from memory, or computed once in the heavy lane."""
    svc = service(request)
    return await cached(request, "heavy", ("dyad-data", a.ccode, b.ccode), lambda: svc.dyad(a, b))


def is_warm(request: Request, a: Any, b: Any) -> bool:
    """True if the dyad's panel is in memory (cutting from it is light work)."""
    return bool(service(request).responses.peek(("dyad-data", a.ccode, b.ccode))[0])


def data_years(request: Request, data: DyadData) -> np.ndarray:
    """The sorted years of a dyad's panel, kept so that a cached request reads no frame."""
    key = ("dyad-years", data.a.ccode, data.b.ccode)
    return service(request).responses.get(key, lambda: np.sort(data.panel["year"].to_numpy()))


def data_span(data: DyadData, years: Span, request: Request | None = None) -> Span:
    """``years`` cut to the years the dyad has data for."""
    if years is None:
        return None
    if request is None:
        found = data.panel["year"].to_numpy()
        return clamp_span(years, int(found.min()), int(found.max()))
    found = data_years(request, data)
    return clamp_span(years, int(found[0]), int(found[-1]))


def rows_in(request: Request, data: DyadData, years: Span) -> int:
    """How many rows ``years`` select (``CoverageError`` if none)."""
    found = data_years(request, data)
    if years is None:
        return len(found)
    count = int(np.searchsorted(found, years[1], "right") - np.searchsorted(found, years[0]))
    if count == 0:
        data.span(years)  # raises the clear "no data … in the span" error
    return count


async def paged(
    request: Request,
    key: tuple[Any, ...],
    items: Any,
    limit: int,
    offset: int,
    query: dict[str, Any],
) -> Response:
    """One page of the rows ``items()`` makes (kept once per ``key``, whatever the page)."""
    rows = await cached(request, "light", ("rows", *key), items)
    limit, offset = clamp_page(len(rows), limit, offset)
    build = lambda: page(request, rows, limit, offset, query)  # noqa: E731
    return await reply(request, (*key, limit, offset), build, lane="light")


@router.get("", summary="API index: version, features and entry points")
async def index(request: Request) -> Response:
    return await reply(request, ("api-index",), lambda: api_index(), lane="light")


def api_index() -> dict[str, Any]:
    """Version, optional features and the main entry points of the API."""
    return {
        "name": "allydrift",
        "version": __version__,
        "features": features(),
        "links": {
            "states": "/api/v1/states",
            "dyads": "/api/v1/dyads?state=USA",
            "dyad": "/api/v1/dyads/USA/JPN",
            "indicators": "/api/v1/indicators",
            "compare": "/api/v1/compare?dyads=USA-JPN,USA-KOR&column=un_agreement",
            "sources": "/api/v1/sources",
            "cite": "/api/v1/cite?sources=unvotes,atop",
            "openapi": "/openapi.json",
            "dashboard": "/",
        },
    }


@router.get("/states", summary="States (search by name or code)")
async def list_states(
    request: Request,
    q: Annotated[str | None, Query(max_length=60, description="Part of a name or code.")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    text = " ".join((q or "").split()).lower() or None

    def items() -> list[dict[str, Any]]:
        table = service(request).states()
        if text:
            hit = (
                table["name"].str.lower().str.contains(text, regex=False)
                | table["iso3"].fillna("").str.lower().eq(text)
                | table["abb"].str.lower().eq(text)
            )
            table = table[hit]
        return records(table)

    return await paged(request, ("states", text), items, limit, offset, {"q": text})


@router.get("/states/{state}", summary="One state: codes and years in the state system")
async def get_state(request: Request, state: StateParam) -> Response:
    found = resolve_state(state)
    label = state_label(found)
    return await reply(
        request,
        ("state", found.ccode),
        lambda: {
            **state_record(found),
            "links": {"dyads": f"/api/v1/dyads?state={label}", "html": "/states"},
        },
        lane="light",
    )


@router.get("/dyads", summary="The dyads a state forms (partners that coexisted with it)")
async def list_dyads(
    request: Request,
    state: Annotated[str, Query(min_length=1, max_length=60, examples=["USA"])],
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    found = resolve_state(state)

    def items() -> list[dict[str, Any]]:
        table = service(request).states()
        overlap = (table["start_year"] <= found.end_year) & (table["end_year"] >= found.start_year)
        partners = table[overlap & (table["ccode"] != found.ccode)]
        label = state_label(found)
        items = [
            {
                "dyad": f"{label}-{row['iso3'] or row['abb']}",
                "partner": row["name"],
                "first_year": max(row["start_year"], found.start_year),
                "last_year": min(row["end_year"], found.end_year),
                "url": f"/api/v1/dyads/{label}/{row['iso3'] or row['abb']}",
            }
            for row in records(partners)
        ]
        return items

    query = {"state": state_label(found)}
    return await paged(request, ("dyads", found.ccode), items, limit, offset, query)


@router.get("/dyads/{a}/{b}", summary="Indicators of one dyad, year by year")
async def get_dyad(
    request: Request,
    a: StateParam,
    b: StateParam,
    start: Start = None,
    end: End = None,
    limit: Limit = 500,
    offset: Offset = 0,
) -> Response:
    sa, sb = resolve_pair(a, b)
    data = await dyad_data(request, sa, sb)
    years = data_span(data, check_span(start, end), request)
    limit, offset = clamp_page(rows_in(request, data, years), limit, offset)
    return await reply(
        request,
        ("dyad", sa.ccode, sb.ccode, years, limit, offset),
        lambda: dyad_payload(request, sa, sb, years, limit, offset, data),
        lane="light",
    )


def dyad_payload(
    request: Request,
    sa: Any,
    sb: Any,
    years: Any,
    limit: int,
    offset: int,
    data: DyadData | None = None,
) -> dict[str, Any]:
    """The JSON twin of the dyad page: states, columns with coverage, rows, sources."""
    data = data or service(request).dyad(sa, sb)
    rows = data.span(years)
    query = _span_query(years)
    base = f"/api/v1/dyads/{state_label(sa)}/{state_label(sb)}"
    return {
        "dyad": dyad_id(sa, sb),
        "state_a": state_record(sa),
        "state_b": state_record(sb),
        "years": [int(rows["year"].min()), int(rows["year"].max())],
        "columns": column_coverage(rows, sa, sb),
        "sources": list(data.sources_in(rows)),
        "features": features(),
        "links": {
            "html": f"/dyads/{state_label(sa)}/{state_label(sb)}{query}",
            "csv": f"{base}/export{_join(query, 'format=csv')}",
            "parquet": f"{base}/export{_join(query, 'format=parquet')}",
            "bibtex": f"{base}/cite{query}",
        },
        **page(request, records(rows), limit, offset, span_query(years)),
    }


@router.get(
    "/dyads/{a}/{b}/export",
    summary="Download a dyad's indicators as CSV or Parquet",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}, "application/vnd.apache.parquet": {}}}},
)
async def export_dyad(
    request: Request,
    a: StateParam,
    b: StateParam,
    format: Annotated[Literal["csv", "parquet"], Query(description="File format.")] = "csv",
    start: Start = None,
    end: End = None,
) -> Response:
    sa, sb = resolve_pair(a, b)
    data = await dyad_data(request, sa, sb)
    years = data_span(data, check_span(start, end), request)
    span = "" if years is None else f"-{years[0]}-{years[1]}"
    name = f"allydrift-{dyad_id(sa, sb)}{span}.{format}"
    return await reply(
        request,
        ("export", sa.ccode, sb.ccode, years, format),
        lambda: export_body(service(request), sa, sb, years, format, data),
        lane="light",
        filename=name,
    )


def export_body(
    svc: Service, sa: Any, sb: Any, years: Any, fmt: str, data: DyadData | None = None
) -> Any:
    """The dyad panel as CSV or Parquet bytes, with the two states as leading columns."""
    rows = (data or svc.dyad(sa, sb)).span(years)
    table = rows.assign(state_a=state_label(sa), state_b=state_label(sb))
    table = table[["state_a", "state_b", *rows.columns]]
    if fmt == "csv":
        return binary(table.to_csv(index=False).encode("utf-8"), "text/csv; charset=utf-8")
    buffer = io.BytesIO()
    table.to_parquet(buffer, index=False)
    return binary(buffer.getvalue(), "application/vnd.apache.parquet")


@router.get(
    "/dyads/{a}/{b}/cite",
    summary="BibTeX of exactly the sources a dyad's figures use",
    response_class=Response,
    responses={200: {"content": {"application/x-bibtex": {}}}},
)
async def cite_dyad(
    request: Request, a: StateParam, b: StateParam, start: Start = None, end: End = None
) -> Response:
    from allydrift import sources

    sa, sb = resolve_pair(a, b)
    data = await dyad_data(request, sa, sb)
    years = data_span(data, check_span(start, end), request)

    def build() -> Any:
        used = data.sources_in(data.span(years))
        return binary(sources.cite(list(used)).encode("utf-8"), "application/x-bibtex")

    name = f"allydrift-{dyad_id(sa, sb)}.bib"
    key = ("cite-dyad", sa.ccode, sb.ccode, years)
    return await reply(request, key, build, lane="light", filename=name)


@router.get("/indicators", summary="Every indicator: dimension, direction, unit, coverage")
async def list_indicators(
    request: Request,
    dimension: Annotated[str | None, Query(max_length=40, examples=["world_view"])] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    def items() -> list[dict[str, Any]]:
        table = service(request).catalogue()
        if dimension is not None:
            dims = sorted(set(table["dimension"]))
            if dimension not in dims:
                msg = f"dimension must be one of {', '.join(dims)}; got {dimension!r}"
                raise InputError(msg)
            table = table[table["dimension"] == dimension]
        return records(table)

    query = {"dimension": dimension}
    return await paged(request, ("indicators", dimension), items, limit, offset, query)


@router.get("/indicators/{name}", summary="One indicator's metadata")
async def get_indicator(
    request: Request, name: Annotated[str, Path(max_length=60, examples=["un_agreement"])]
) -> Response:
    from allydrift.indicators import get

    ind = get(name)

    def build() -> dict[str, Any]:
        table = service(request).catalogue()
        return records(table[table["indicator"] == ind.name])[0]

    return await reply(request, ("indicator", ind.name), build, lane="light")


@router.get("/compare", summary="One indicator for several dyads, as long rows")
async def compare(
    request: Request,
    dyads: Annotated[
        str,
        Query(
            min_length=3,
            max_length=600,
            description="Up to 8 dyads written A-B, separated by commas.",
            examples=["USA-JPN,USA-KOR,USA-GBR"],
        ),
    ],
    column: Annotated[
        str, Query(max_length=60, description="An indicator column of the dyad panel.")
    ] = "un_agreement",
    start: Start = None,
    end: End = None,
    limit: Limit = 1000,
    offset: Offset = 0,
) -> Response:
    pairs = parse_dyads(dyads)
    column = column.strip()
    years = check_span(start, end)
    used = computed_pairs(pairs, column)
    warm = column != "index" and all(is_warm(request, a, b) for a, b in used)
    key = ("compare", tuple((a.ccode, b.ccode) for a, b in pairs), column, years)

    def items() -> list[dict[str, Any]]:
        table = analysis.compare_rows(service(request), pairs, column, years)
        if table is None:
            table = service(request).compare(used, column, years)
            names = {dyad_id(*u): dyad_id(*p) for u, p in zip(used, pairs, strict=True)}
            table = table.assign(dyad=table["dyad"].map(names))
        return records(table)

    rows = await cached(request, "light" if warm else "heavy", ("rows", *key), items)
    limit, offset = clamp_page(len(rows), limit, offset)
    labels = [dyad_id(a, b) for a, b in pairs]
    query = {"dyads": ",".join(labels), "column": column, **span_query(years)}

    def build() -> dict[str, Any]:
        body = page(request, rows, limit, offset, query)
        return {"dyads": labels, "column": column, **body}

    return await reply(request, (*key, limit, offset), build, lane="light")


def computed_pairs(pairs: list[Any], column: str) -> list[Any]:
    """The pairs whose panels answer ``column``: for an undirected indicator each pair in
    canonical order (lower COW code first), so JPN-USA and USA-JPN share one computation."""
    from allydrift.indicators import registered

    ind = registered().get(column)
    if ind is None or ind.kind != "undirected":
        return pairs
    return [(a, b) if a.ccode < b.ccode else (b, a) for a, b in pairs]


@router.get("/sources", summary="Data sources: version, coverage, licence, citation keys")
async def list_sources(request: Request, limit: Limit = 100, offset: Offset = 0) -> Response:
    return await paged(
        request, ("sources",), lambda: records(service(request).sources()), limit, offset, {}
    )


@router.get("/sources/{source_id}", summary="One data source with its BibTeX")
async def get_source(
    request: Request, source_id: Annotated[str, Path(max_length=60, examples=["unvotes"])]
) -> Response:
    from allydrift import sources

    src = sources.get(source_id)

    def build() -> dict[str, Any]:
        table = service(request).sources()
        row = records(table[table["id"] == src.id])[0]
        return {**row, "origin": src.origin, "description": src.description, "bibtex": src.bibtex}

    return await reply(request, ("source", src.id), build, lane="light")


@router.get(
    "/cite",
    summary="BibTeX for the given sources",
    response_class=Response,
    responses={200: {"content": {"application/x-bibtex": {}}}},
)
async def cite(
    request: Request,
    sources_: Annotated[
        str,
        Query(
            alias="sources",
            min_length=1,
            max_length=600,
            description="Source ids separated by commas.",
            examples=["unvotes,atop"],
        ),
    ],
) -> Response:
    from allydrift import sources

    ids = sorted({s.strip() for s in sources_.split(",") if s.strip()})
    if not ids:
        msg = "sources expects ids like unvotes,atop; got nothing"
        raise UnknownSourceError(msg)
    for sid in ids:
        sources.get(sid)
    return await reply(
        request,
        ("cite", tuple(ids)),
        lambda: binary(sources.cite(ids).encode("utf-8"), "application/x-bibtex"),
        lane="light",
        filename="allydrift-sources.bib",
    )


def _span_query(years: Any) -> str:
    return "" if years is None else f"?start={years[0]}&end={years[1]}"


def _join(query: str, extra: str) -> str:
    return f"{query}&{extra}" if query else f"?{extra}"
